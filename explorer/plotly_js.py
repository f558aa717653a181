"""Which local plotly.js file a page needs: the smallest partial bundle that draws its figures, else the full one.

plotly.js publishes partial bundles on npm (``plotly.js-basic-dist-min``, ``-geo-``, ``-cartesian-``), each
with the core (layout, axes, legends, annotations, shapes, sliders, animation…) and a few trace modules.
Measured in chromium (``make bench``), the 1.4 MB geo bundle is evaluated in about a fifth of the time of the
4.8 MB full bundle that plotly.py ships. They are vendored in ``explorer/vendor/plotlyjs/`` (MIT; see its
README) at the plotly.js version plotly.py writes figure JSON for; ``make plotly-js`` refreshes them.

A page loads one bundle: every bundle defines the whole ``window.Plotly`` with its own trace registry, so a
second one replaces the first instead of adding to it. Figures whose trace types no single partial bundle
has, or a vendored bundle of another version than plotly.py's, get plotly.py's full bundle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import plotly
from plotly.offline import get_plotlyjs_version

from .paths import PACKAGE_DIR

VENDOR_DIR = PACKAGE_DIR / "vendor" / "plotlyjs"
FULL = "full"
# Trace modules of each partial bundle (the npm packages' READMEs; tests/test_plotly_js.py reads them from
# the bundles in chromium), smallest file first.
BUNDLE_TRACES: dict[str, frozenset[str]] = {
    "basic": frozenset({"bar", "pie", "scatter"}),
    "geo": frozenset({"choropleth", "scatter", "scattergeo"}),
    "cartesian": frozenset(
        {
            "bar",
            "box",
            "contour",
            "heatmap",
            "histogram",
            "histogram2d",
            "histogram2dcontour",
            "image",
            "pie",
            "scatter",
            "scatterternary",
            "violin",
        }
    ),
}
NPM_PACKAGES = {name: f"plotly.js-{name}-dist-min" for name in BUNDLE_TRACES}
_HEADER_VERSION = re.compile(r"\A/\*\*\s*\*\s*plotly\.js(?: \((\w+) - minified\))? v(\d+\.\d+\.\d+\S*)")


def bundle_file(name: str) -> Path:
    """The file of a bundle by name (``basic``, ``geo``, ``cartesian`` or ``full``)."""
    if name == FULL:
        return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if name not in BUNDLE_TRACES:
        raise ValueError(f"unknown plotly.js bundle {name!r}; known: {', '.join([*BUNDLE_TRACES, FULL])}")
    return VENDOR_DIR / f"plotly-{name}.min.js"


@lru_cache(maxsize=8)
def file_version(path: Path) -> str | None:
    """The plotly.js version in a bundle's header comment (``/** * plotly.js (geo - minified) v4.1.1``)."""
    try:
        with open(path, encoding="utf-8") as handle:
            match = _HEADER_VERSION.match(handle.read(300))
    except OSError:
        return None
    return match.group(2) if match else None


def trace_types(figures: Iterable) -> set[str]:
    """Trace types drawn by ``figures``: ``go.Figure`` objects, figure dicts, or trace type names."""
    found: set[str] = set()
    for figure in figures:
        if isinstance(figure, str):
            found.add(figure)
            continue
        plain = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure
        traces = list(plain.get("data") or [])
        for frame in plain.get("frames") or []:
            traces += list(frame.get("data") or [])
        found |= {trace.get("type") or "scatter" for trace in traces}
    return found


def bundle_name(*figures) -> str:
    """The smallest partial bundle that draws every trace type of ``figures`` and has plotly.py's plotly.js
    version, else ``"full"``."""
    if not figures:
        return FULL
    needed = trace_types(figures)
    wanted = get_plotlyjs_version()
    for name, traces in BUNDLE_TRACES.items():
        if needed <= traces and file_version(bundle_file(name)) == wanted:
            return name
    return FULL


def plotly_js_path(*figures) -> Path:
    """The local plotly.js file a page showing ``figures`` should load (one file per page).

    ``figures`` are ``go.Figure`` objects, figure dicts or trace type names, e.g.
    ``plotly_js_path("choropleth", "scattergeo", "scatter")`` for the ratification map and its chart (the
    geo bundle), ``plotly_js_path("scatter")`` for the timeline (basic), ``plotly_js_path("scatter",
    "heatmap")`` for the country profile with the model-law matrix (cartesian). With no figure, the full bundle.
    """
    return bundle_file(bundle_name(*figures))

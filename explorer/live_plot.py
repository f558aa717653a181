"""The one renderer of every chart: a Plotly figure in an ``anywidget`` widget, updated in place.

Why one widget of our own: a figure drawn through an ``Output`` widget replaced the whole plot on
every update (over a second for the world map), and what an ``Output`` widget captured before its page
had connected was lost (a pooled kernel draws before its viewer connects). Here the figure's JSON is a
synced trait (``plot``), so the newest figure is in the widget state and is drawn whenever the page
connects; the front-end module (``live_plot.js``) hands each new version to ``Plotly.react`` on the
same plot, which repaints only what changed. ``go.FigureWidget`` would do the same but sends its own
~5 MB copy of plotly.js over the websocket per widget and page view; here plotly.js is one cacheable
file served by our own server (:func:`plotly_js_source`, :func:`plotly_js_url`), loaded once per page.
Outside Voilà (a notebook in JupyterLab or Notebook 7) there is no such file route: the page asks the
kernel once for the same file over the widget's comm (:meth:`LivePlot._on_message`), so the charts draw
offline there too, from the package's own files.

With time frames (``show(..., frames=...)``: ``views/map_frames.py``, ``views/country_frames.py``) the
page script also shows another year of a slider (``year_class``) by itself: no kernel round trip.

``python -m explorer.live_plot FOLDER`` copies the plotly.js files into FOLDER (``make`` publishes it in
``dashboards/static/``, next to the world geometry, where Voilà serves it).
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import sys
from pathlib import Path

import anywidget
import ipywidgets as widgets
import plotly.io as pio
import traitlets

from .plotly_js import BUNDLE_TRACES, FULL, bundle_file, plotly_js_path


def plotly_js_source(*trace_types: str) -> Path:
    """The plotly.js file a dashboard page loads (the one place that chooses it): the smallest partial bundle
    that draws ``trace_types`` -- every trace type of every chart on the page, since a page loads one file --
    else the full bundle that ships with plotly (:func:`explorer.plotly_js.plotly_js_path`; both have the
    version of the figure JSON plotly.py writes)."""
    return plotly_js_path(*trace_types)


def plotly_js_url(*trace_types: str) -> str:
    """Where the page loads :func:`plotly_js_source` from: Voilà's files of ``dashboards/static/``,
    built from the base URL (so it also works behind a proxy prefix)."""
    from .ui import topojson_url  # the same folder as the world geometry

    return topojson_url() + plotly_js_source(*trace_types).name


def served_by_voila() -> bool:
    """Whether this kernel runs a Voilà page (Voilà gives its kernels their base URL), which serves
    :func:`plotly_js_url`; a notebook's kernel (JupyterLab) does not."""
    return bool(os.environ.get("VOILA_BASE_URL") or os.environ.get("EXPLORER_BASE_URL"))


def publish_plotly_js(folder: Path) -> list[Path]:
    """Copy every file :func:`plotly_js_source` can choose (the partial bundles and the full one) into
    ``folder`` (unless an identical copy is there); return the copies."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for name in (*BUNDLE_TRACES, FULL):
        source = bundle_file(name)
        target = folder / source.name
        if not (target.exists() and filecmp.cmp(source, target, shallow=False)):
            shutil.copyfile(source, target)
        copies.append(target)
    return copies


class LivePlot(anywidget.AnyWidget):
    """A chart: put the widget in the layout; ``show(figure, config, label)`` draws or updates it.

    ``name`` becomes the CSS class ``<name>-canvas`` of the widget (tests and page scripts find the plot
    as ``.<name>-canvas .explorer-live-plot``). ``clickable``: a click on a point sets ``clicked`` to
    the point's ``customdata`` (observe it; the app empties it after use). ``year_class``: the CSS class
    of the slider whose year the page applies from the frames. ``trace_types``: every trace type of every
    chart on the page (the page loads one plotly.js file, the first plot's; see :func:`plotly_js_source`)."""

    _esm = Path(__file__).with_name("live_plot.js")
    plot = traitlets.Unicode("").tag(sync=True)
    version = traitlets.Int(0).tag(sync=True)
    min_height = traitlets.Int(360).tag(sync=True)
    year_class = traitlets.Unicode("").tag(sync=True)
    plotly_url = traitlets.Unicode("").tag(sync=True)
    # True outside Voilà: the page gets plotly.js from the kernel (once per page), not from plotly_url.
    plotly_from_kernel = traitlets.Bool(False).tag(sync=True)
    clickable = traitlets.Bool(False).tag(sync=True)
    clicked = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        name: str,
        min_height: int,
        clickable: bool = False,
        year_class: str | None = None,
        trace_types: tuple[str, ...] = (),
    ):
        if not name.replace("-", "").isalnum():
            raise ValueError("name must be letters, digits and dashes (it becomes a CSS class)")
        super().__init__(
            min_height=min_height,
            clickable=clickable,
            year_class=year_class or "",
            plotly_url=plotly_js_url(*trace_types),
            plotly_from_kernel=not served_by_voila(),
            layout=widgets.Layout(width="100%"),
        )
        self.name = name
        self._plotly_file = plotly_js_source(*trace_types)
        self.on_msg(self._on_message)
        self.add_class(f"{name}-canvas")
        self.add_class("explorer-plot")

    def _on_message(self, _widget, content, _buffers) -> None:
        """The page asks for plotly.js (no file route, or it failed): send the file, as one binary buffer."""
        if isinstance(content, dict) and content.get("request") == "plotly.js":
            self.send({"plotly_js": self._plotly_file.name}, [self._plotly_file.read_bytes()])

    def show(self, figure, config: dict, label: str, frames: dict | None = None, year: int | None = None) -> None:
        """Draw ``figure``; ``frames`` lets the page show other years by itself, ``year`` being the one
        ``figure`` shows."""
        if frames is not None:
            frames = dict(frames, year=year)
        payload = '{"config": %s, "label": %s, "frames": %s, "figure": %s}' % (
            json.dumps(config),
            json.dumps(label),
            json.dumps(frames),
            pio.to_json(figure, validate=False),
        )
        with self.hold_sync():
            self.plot = payload
            self.version += 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m explorer.live_plot FOLDER")
    publish_plotly_js(Path(sys.argv[1]))

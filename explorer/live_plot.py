"""A Plotly figure drawn by a small page script and updated in place with ``Plotly.react``.

Why: redrawing a figure through an ``Output`` widget replaces the whole plot, and for the world
map that costs over a second in the browser on every year change. Here the figure's JSON lives in
a hidden HTML widget (so the latest figure is always in the widget state, also after a redraw of
the page), and a script on the page hands each new version to ``Plotly.react`` on the same plot,
which only repaints what changed. The script uses the plotly.js that the page has already loaded
for the other figures, sends nothing to the kernel except, optionally, the clicked point's
``customdata`` through a hidden Text widget (see ``click_class``), and marks each plot with the
version it shows (``data-drawn``), which the browser tests and benchmarks wait for.
"""
from __future__ import annotations

import html
import json

import ipywidgets as widgets
import plotly.io as pio
from IPython.display import HTML, display

RENDERER = """<script>
(function () {
  var name = %(name)s, clickClass = %(click)s;
  function holder() { return document.querySelector('.' + name + '-data [data-version]'); }
  function canvas() { return document.querySelector('.' + name + '-canvas .explorer-live-plot'); }
  function draw() {
    var data = holder(), target = canvas(), Plotly = window.Plotly;
    if (!data || !target || !Plotly || typeof Plotly.react !== 'function') { return false; }
    var version = data.getAttribute('data-version');
    if (target.getAttribute('data-version') === version) { return true; }
    target.setAttribute('data-version', version);
    var payload = JSON.parse(data.getAttribute('data-plot'));
    target.setAttribute('aria-label', payload.label);
    Plotly.react(target, payload.figure.data, payload.figure.layout, payload.config).then(function () {
      target.setAttribute('data-drawn', version);
      if (clickClass && !target.getAttribute('data-clicks')) {
        target.setAttribute('data-clicks', '1');
        target.on('plotly_click', function (event) {
          var point = event && event.points && event.points[0];
          var input = document.querySelector('.' + clickClass + ' input');
          if (!point || point.customdata === undefined || !input) { return; }
          input.value = String(point.customdata);
          input.dispatchEvent(new Event('input', {bubbles: true}));
        });
      }
    });
    return true;
  }
  var tries = 0;
  (function wait() { if (!draw() && tries++ < 900) { setTimeout(wait, 100); } })();
  new MutationObserver(function () { draw(); }).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


class LivePlot:
    """``widget`` goes into the layout; ``show(figure, config, label)`` draws or updates the plot."""

    def __init__(self, name: str, min_height: int, click_class: str | None = None):
        if not name.replace("-", "").isalnum():
            raise ValueError("name must be letters, digits and dashes (it becomes a CSS class)")
        self.name, self.version = name, 0
        self.canvas = widgets.HTML(
            f"<div class='explorer-live-plot' role='figure' aria-label='Chart' style='min-height:{min_height}px'></div>",
            layout=widgets.Layout(width="100%"))
        self.canvas.add_class(f"{name}-canvas")
        self.data = widgets.HTML(layout=widgets.Layout(display="none"))
        self.data.add_class(f"{name}-data")
        script = widgets.Output(layout=widgets.Layout(display="none"))
        with script:
            display(HTML(RENDERER % {"name": json.dumps(name), "click": json.dumps(click_class)}))
        self.widget = widgets.VBox([self.canvas, self.data, script], layout=widgets.Layout(width="100%"))

    def show(self, figure, config: dict, label: str) -> None:
        self.version += 1
        payload = '{"config": %s, "label": %s, "figure": %s}' % (
            json.dumps(config), json.dumps(label), pio.to_json(figure, validate=False))
        self.data.value = (f"<div data-version='{self.version}' "
                           f"data-plot='{html.escape(payload, quote=True)}'></div>")

"""A Plotly figure drawn by a small page script and updated in place with ``Plotly.react``.

Why: redrawing a figure through an ``Output`` widget replaces the whole plot, and for the world
map that costs over a second in the browser on every year change. Here the figure's JSON lives in
a hidden HTML widget (so the latest figure is always in the widget state, also after a redraw of
the page), and a script on the page hands each new version to ``Plotly.react`` on the same plot,
which only repaints what changed. The script uses the plotly.js that the page has already loaded
for the other figures, sends nothing to the kernel except, optionally, the clicked point's
``customdata`` through a hidden Text widget (see ``click_class``), and marks each plot with the
version it shows (``data-drawn``), which the browser tests and benchmarks wait for.

With year frames (``show(..., frames=...)``, see ``explorer/views/map_frames.py``) the script also
watches the readout of a year slider (``year_class``) and restyles colours and hover texts for that
year itself, marking the plot with ``data-shown-year``: no kernel round trip for a year change.
"""
from __future__ import annotations

import html
import json

import ipywidgets as widgets
import plotly.io as pio
from IPython.display import HTML, display

RENDERER = """<script>
(function () {
  var name = %(name)s, clickClass = %(click)s, yearClass = %(year)s;
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
    target._explorerFrames = payload.frames || null;
    target._explorerShown = version + ':' + (payload.frames ? payload.frames.year : '');
    Plotly.react(target, payload.figure.data, payload.figure.layout, payload.config).then(function () {
      target.setAttribute('data-drawn', version);
      if (payload.frames) { target.setAttribute('data-shown-year', String(payload.frames.year)); applyYear(); }
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
  // Year frames (views/map_frames.py): a year change restyles colours and hover texts in the page,
  // with no round trip to the kernel. The year is read from the readout of the slider marked yearClass.
  function year() {
    var readout = yearClass && document.querySelector('.' + yearClass + ' .widget-readout');
    var value = readout ? parseInt(readout.textContent || readout.value, 10) : NaN;
    return isNaN(value) ? null : value;
  }
  function pick(list, index) {
    var chosen = list[0];
    for (var k = 1; k < list.length && list[k][0] <= index; k++) { chosen = list[k]; }
    return chosen;
  }
  function setText(selector, text) {
    var element = document.querySelector(selector);
    if (element && element.textContent !== text) { element.textContent = text; }
  }
  // A year change first repaints the shapes and dots directly (their fill, in the SVG Plotly drew):
  // a few hundred style writes, instant even where a Plotly redraw of the map takes a third of a second.
  // Once the year has stopped moving, one Plotly.update makes the figure itself agree (colour codes,
  // hover texts, title, stamp), so that hovering, exporting a PNG or any later redraw show that year.
  var settleTimer = null;
  function plain(text) {
    var box = document.createElement('textarea');
    box.innerHTML = text;
    return box.value;
  }
  function paint(target, frames, index) {
    var colours = {};
    frames.shapes.forEach(function (s) { colours[s] = frames.colours[pick(frames.changes[s], index)[2]]; });
    target.querySelectorAll('path.choroplethlocation').forEach(function (path) {
      var loc = path.__data__ && path.__data__.loc;
      if (loc in colours) { path.style.fill = colours[loc]; }
    });
    var dots = target.querySelectorAll('.trace.scattergeo path.point');
    if (dots.length === frames.points.length) {
      frames.points.forEach(function (s, i) { dots[i].style.fill = frames.colours[pick(frames.changes[s], index)[2]]; });
    }
    var title = target.querySelector('.g-gtitle .gtitle');
    if (title) { title.textContent = plain(frames.titles[index]); }
  }
  function settle(target, frames, index) {
    var Plotly = window.Plotly;
    var shapes = frames.shapes.map(function (s) { return pick(frames.changes[s], index); });
    var points = frames.points.map(function (s) { return pick(frames.changes[s], index); });
    Plotly.update(target, {
      z: [shapes.map(function (c) { return c[1]; }), undefined],
      'marker.color': [undefined, points.map(function (c) { return frames.colours[c[2]]; })],
      hovertext: [shapes.map(function (c) { return frames.hovers[c[3]]; }),
                  points.map(function (c) { return frames.hovers[c[3]]; })]
    }, {'title.text': frames.titles[index], 'annotations[0].text': frames.stamps[index]}, [0, 1]);
    if (frames.filenames && target._context && target._context.toImageButtonOptions) {
      target._context.toImageButtonOptions.filename = frames.filenames[index];  // the PNG names its year
    }
  }
  function applyYear() {
    var target = canvas(), value = year();
    var frames = target && target._explorerFrames;
    if (!frames || value === null || !target.getAttribute('data-drawn')) { return; }
    var index = frames.years.indexOf(value);
    var key = target.getAttribute('data-drawn') + ':' + value;
    if (index < 0 || target._explorerShown === key) { return; }
    target._explorerShown = key;
    paint(target, frames, index);
    setText('#map-summary', frames.sentences[index]);
    setText('.explorer-map-date', frames.dates[index]);
    var notice = document.querySelector('#map-coverage-notice');
    if (notice) {
      var text = frames.notices[index] ? 'NOTE: ' + frames.notices[index] : '';
      if (notice.textContent !== text) { notice.textContent = text; }
      if (notice.hidden !== !text) { notice.hidden = !text; }
    }
    target.setAttribute('data-shown-year', String(value));
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      if (target._explorerShown === key) { settle(target, frames, index); }
    }, 300);
  }
  var tries = 0;
  (function wait() { if (!draw() && tries++ < 900) { setTimeout(wait, 100); } })();
  new MutationObserver(function () { draw(); applyYear(); })
    .observe(document.body, {childList: true, subtree: true, characterData: true});
})();
</script>"""


class LivePlot:
    """``widget`` goes into the layout; ``show(figure, config, label)`` draws or updates the plot."""

    def __init__(self, name: str, min_height: int, click_class: str | None = None, year_class: str | None = None):
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
            display(HTML(RENDERER % {"name": json.dumps(name), "click": json.dumps(click_class),
                                     "year": json.dumps(year_class)}))
        self.widget = widgets.VBox([self.canvas, self.data, script], layout=widgets.Layout(width="100%"))

    def show(self, figure, config: dict, label: str, frames: dict | None = None, year: int | None = None) -> None:
        """Draw ``figure``; ``frames`` (views/map_frames.py) lets the page redraw other years by itself,
        ``year`` being the one ``figure`` shows."""
        self.version += 1
        if frames is not None:
            frames = dict(frames, year=year)
        payload = '{"config": %s, "label": %s, "frames": %s, "figure": %s}' % (
            json.dumps(config), json.dumps(label), json.dumps(frames), pio.to_json(figure, validate=False))
        self.data.value = (f"<div data-version='{self.version}' "
                           f"data-plot='{html.escape(payload, quote=True)}'></div>")

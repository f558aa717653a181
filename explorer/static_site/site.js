/* Trafficking-law explorer, static site: draws the figures of a page.
 *
 * Each figure travels in the page as <script type="application/json" data-explorer-figure> (data, not
 * code), so pages carry no inline script. Nothing here touches the network: the site works from a
 * folder on disk (file://) and under any path on a web host.
 */
(function () {
  "use strict";

  // Plotly templates shared by every figure (written in by explorer/static_site/assets.py).
  var TEMPLATES = __EXPLORER_TEMPLATES__;
  var STEP_OPTIONS = {mode: "immediate", frame: {duration: 0, redraw: true}, transition: {duration: 0}};
  var PLAY_OPTIONS = {mode: "immediate", frame: {duration: 700, redraw: true}, transition: {duration: 0}};

  function getPath(object, path) {
    return path.split(".").reduce(function (value, key) { return value == null ? value : value[key]; }, object);
  }

  function setPath(object, path, value) {
    var keys = path.split("."), last = keys.pop();
    keys.forEach(function (key) { object = object[key] = object[key] || {}; });
    object[last] = value;
  }

  // A map's year frames arrive as the map dashboard gets them (explorer/views/map_frames.py): for each
  // drawn state, the year indexes from which its colour code, colour and hover text change, as indexes
  // into tables of distinct values. Plotly.animate wants each year's full arrays, rebuilt here. The page
  // leaves those arrays out of the figure itself: it is drawn with the last year's.
  // Traces: the choropleth (shapes), then the small-state dots (points), as explorer/figures/map.py draws them.
  function expandFrames(figure, animation) {
    function drawn(states, index) {
      return states.map(function (state) {
        var changes = animation.changes[state], at = 0;
        while (at + 1 < changes.length && changes[at + 1][0] <= index) at++;
        return changes[at];  // [year index, code, colour index, hover index]
      });
    }
    function hovers(entries) { return entries.map(function (entry) { return animation.hovers[entry[3]]; }); }
    var frames = animation.years.map(function (year, index) {
      var shapes = drawn(animation.shapes, index), points = drawn(animation.points, index);
      var data = [
        {z: shapes.map(function (entry) { return entry[1]; }), hovertext: hovers(shapes)},
        {marker: {color: points.map(function (entry) { return animation.colours[entry[2]]; })},
         hovertext: hovers(points)}
      ];
      return {name: String(year), traces: [0, 1], data: data, layout: {title: {text: animation.titles[index]}}};
    });
    frames[frames.length - 1].data.forEach(function (trace, i) {
      ["z", "marker.color", "hovertext"].forEach(function (key) {
        var value = getPath(trace, key);
        if (value !== undefined) setPath(figure.data[i], key, value.slice());
      });
    });
    return frames;
  }

  function sliderSteps(frames) {
    return frames.map(function (frame) {
      return {label: frame.name, value: frame.name, method: "animate", args: [[frame.name], STEP_OPTIONS]};
    });
  }

  // The labelled range input and Play button under a map drive the same frames as Plotly's slider,
  // for keyboard and screen-reader users; whichever control moves, the others follow.
  function connectControls(gd, frames, animation) {
    var names = frames.map(function (frame) { return frame.name; });
    var input = document.querySelector('input[data-explorer-year="' + gd.id + '"]');
    var readout = document.getElementById(gd.id + "-date");
    var play = document.querySelector('button[data-explorer-play="' + gd.id + '"]');
    var playing = false;

    function show(name) {
      var index = names.indexOf(String(name));
      if (index < 0) return;
      if (input) input.value = names[index];
      if (readout) readout.textContent = animation.dates[index];
      gd.setAttribute("data-frame", names[index]);
    }
    function stop() {
      playing = false;
      if (play) { play.textContent = "\u25B6 Play"; play.setAttribute("aria-pressed", "false"); }
    }
    gd.on("plotly_animatingframe", function (event) { show(event.name); });
    gd.on("plotly_animated", stop);
    gd.on("plotly_animationinterrupted", function () { if (!playing) stop(); });
    if (input) {
      input.addEventListener("input", function () {
        stop();
        Plotly.animate(gd, [String(input.value)], STEP_OPTIONS);
      });
    }
    if (play) {
      play.addEventListener("click", function () {
        if (playing) { stop(); Plotly.animate(gd, [null], STEP_OPTIONS); return; }
        var from = names.indexOf(gd.getAttribute("data-frame"));
        if (from < 0 || from >= names.length - 1) from = 0;  // at the end: start again from the first year
        playing = true;
        play.textContent = "\u275A\u275A Pause";
        play.setAttribute("aria-pressed", "true");
        Plotly.animate(gd, names.slice(from), PLAY_OPTIONS);
      });
    }
    show(names[names.length - 1]);
  }

  // On a phone (below 600 px) the figures take the narrow layout of the dashboards
  // (explorer/figures/style.py, narrow_layout): legends above, the map's colour bar under the map,
  // row labels above their rows instead of in a left margin.
  var NARROW_WIDTH = 600, COLORBAR = 190, MAP_HEIGHT = 210, ROW_EXTRA = 16;

  function narrowLayout(figure) {
    if (window.innerWidth >= NARROW_WIDTH) return;
    var layout = figure.layout, margin = layout.margin = layout.margin || {};
    margin.l = Math.min(margin.l == null ? 4 : margin.l, 4);
    margin.r = Math.min(margin.r == null ? 4 : margin.r, 4);
    if (!layout.legend || layout.legend.orientation !== "h") {
      layout.legend = {orientation: "h", x: 0, xanchor: "left", y: 1.0, yanchor: "bottom", font: {size: 11}};
    }
    var geo = figure.data.some(function (trace) { return trace.type === "choropleth" || trace.type === "scattergeo"; });
    var bars = figure.data.filter(function (trace) {
      return (trace.type === "choropleth" || trace.type === "heatmap") && trace.showscale !== false;
    });
    if (bars.length) {
      var bottom = margin.b || 0, top = margin.t || 0, added = COLORBAR + 40;
      // A world map is about twice as wide as high: its plot needs ~MAP_HEIGHT px on a phone.
      var height = geo ? Math.min(layout.height || 450, top + bottom + MAP_HEIGHT) : (layout.height || 450);
      margin.b = bottom + added;
      layout.height = height + added;
      var plotHeight = Math.max(1, height - top - bottom);
      bars.forEach(function (trace) {
        trace.colorbar = trace.colorbar || {};
        ["x", "xanchor", "y", "yanchor", "ypad", "lenmode", "len", "thickness"].forEach(function (key, i) {
          trace.colorbar[key] = [0, "left", -(bottom + 6) / plotHeight, "top", 0, "pixels", COLORBAR, 12][i];
        });
      });
    }
    var axis = layout.yaxis;
    if (axis && axis.ticktext && axis.tickvals && axis.ticktext.length > 1 && axis.showticklabels !== false) {
      layout.annotations = layout.annotations || [];
      axis.tickvals.forEach(function (value, i) {
        layout.annotations.push({x: 0, xref: "paper", xanchor: "left", y: value, yref: "y", yanchor: "bottom",
          yshift: 6, text: axis.ticktext[i], showarrow: false, font: {size: 11, color: "#1a1a1a"},
          bgcolor: "rgba(255,255,255,0.75)", borderpad: 0});
      });
      axis.showticklabels = false;
      axis.automargin = false;
      if (layout.height) layout.height += ROW_EXTRA * axis.ticktext.length;
    }
  }

  function draw(block) {
    var spec = JSON.parse(block.textContent);
    var gd = document.getElementById(spec.target);
    var figure = spec.figure, frames = [];
    if (spec.template) figure.layout.template = TEMPLATES[spec.template];
    narrowLayout(figure);
    if (spec.animation) {
      frames = expandFrames(figure, spec.animation);
      figure.layout.sliders[0].steps = sliderSteps(frames);
    }
    return Plotly.newPlot(gd, {data: figure.data, layout: figure.layout, config: spec.config, frames: frames})
      .then(function () {
        if (spec.animation) connectControls(gd, frames, spec.animation);
        gd.setAttribute("data-drawn", "true");
      })
      .catch(function (error) { fail(gd, error); });
  }

  function fail(gd, error) {
    if (window.console) console.error(error);
    if (!gd) return;
    var note = document.createElement("p");
    note.className = "figure-error";
    note.setAttribute("role", "status");
    note.textContent = "This figure could not be drawn (" + (error && error.message ? error.message : error) +
      "). The table below has the same information.";
    gd.appendChild(note);
  }

  function drawAll() {
    var blocks = document.querySelectorAll('script[type="application/json"][data-explorer-figure]');
    Array.prototype.forEach.call(blocks, function (block) {
      try {
        if (typeof Plotly === "undefined") throw new Error("plotly.js did not load");
        draw(block);
      } catch (error) {
        fail(document.getElementById(block.getAttribute("data-explorer-figure")), error);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();

// The copy buttons of 'Embed this page' (explorer/views/embed.py, COPY_SCRIPT).
/* __EXPLORER_COPY__ */

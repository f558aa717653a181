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

  // A map's frames arrive as the changes from the year before, as indexes into a table of distinct
  // values (see maps.py); Plotly.animate wants each year's full arrays, rebuilt here.
  // The page leaves those arrays out of the figure itself: it is drawn with the last frame's.
  function expandFrames(figure, animation) {
    var current = animation.traces.map(function (traceIndex, i) {
      return animation.keys[i].map(function () { return new Array(animation.sizes[i]); });
    });
    var frames = animation.frames.map(function (frame) {
      var data = animation.traces.map(function (traceIndex, i) {
        var keys = animation.keys[i], changes = frame.changes[i], width = keys.length + 1, trace = {};
        for (var at = 0; at < changes.length; at += width) {
          for (var k = 0; k < keys.length; k++) {
            current[i][k][changes[at]] = animation.values[changes[at + 1 + k]];
          }
        }
        keys.forEach(function (key, k) { setPath(trace, key, current[i][k].slice()); });
        return trace;
      });
      return {name: frame.name, traces: animation.traces, data: data,
              layout: {title: {text: animation.title + frame.date}}};
    });
    animation.traces.forEach(function (traceIndex, i) {
      animation.keys[i].forEach(function (key, k) { setPath(figure.data[traceIndex], key, current[i][k].slice()); });
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
      if (readout) readout.textContent = animation.frames[index].date;
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

  function draw(block) {
    var spec = JSON.parse(block.textContent);
    var gd = document.getElementById(spec.target);
    var figure = spec.figure, frames = [];
    if (spec.template) figure.layout.template = TEMPLATES[spec.template];
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

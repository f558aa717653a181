// The one renderer of every chart of the dashboards: an anywidget front-end module (see live_plot.py).
//
// The figure's JSON is a synced trait of the widget, so the newest figure is always in the widget state
// (also when it was set before the page connected: it is drawn when the page connects). Each new version
// goes to Plotly.react on the same plot, which repaints only what changed. plotly.js is loaded once per
// page, with a <script> tag, from the URL the kernel gives (a file Voilà serves). Where there is no such
// file (a notebook in JupyterLab: ``plotly_from_kernel``), or it cannot be loaded, the page asks the
// kernel for the same file once, over the widget's comm, and runs it from a blob: URL. A page that
// already has a global Plotly uses that one.
//
// Time frames (``frames`` in the payload) let the page show another date without asking the kernel:
// the script reads the readout of the slider whose CSS class is ``year_class`` and applies that year:
//   kind 'map' (views/map_frames.py): repaints the choropleth and dots, the summary, date and notice;
//   kind 'cells' (views/country_frames.py): rewrites the texts of the elements marked data-cell.
// Hooks for tests and benchmarks: .explorer-live-plot (the plot), data-version (the newest figure the
// page has), data-drawn (the version drawn), data-shown-year (the year shown).

const LOADING = "__explorerPlotlyLoading";

function addScript(src) {
  return new Promise(function (resolve, reject) {
    // An AMD loader on the page (RequireJS) would take plotly.js as a module and leave window.Plotly unset.
    const amd = typeof window.define === "function" && window.define.amd ? window.define : null;
    if (amd) { window.define = undefined; }
    const script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      if (amd) { window.define = amd; }
      if (window.Plotly) { resolve(window.Plotly); } else { reject(new Error("no Plotly in " + src)); }
    };
    script.onerror = function () {
      if (amd) { window.define = amd; }
      reject(new Error("plotly.js could not be loaded from " + src));
    };
    document.head.appendChild(script);
  });
}

// plotly.js from the kernel: one custom message asks, the answer carries the file as a binary buffer.
function plotlyFromKernel(model) {
  return new Promise(function (resolve, reject) {
    const timer = setTimeout(function () {
      model.off("msg:custom", answer);
      reject(new Error("plotly.js did not arrive from the kernel"));
    }, 120000);
    function answer(message, buffers) {
      if (!message || message.plotly_js === undefined) { return; }
      model.off("msg:custom", answer);
      clearTimeout(timer);
      const url = URL.createObjectURL(new Blob(buffers || [], {type: "text/javascript"}));
      addScript(url).then(resolve, reject).finally(function () { URL.revokeObjectURL(url); });
    }
    model.on("msg:custom", answer);
    model.send({request: "plotly.js"});
  });
}

function loadPlotly(model) {
  if (window.Plotly && typeof window.Plotly.react === "function") { return Promise.resolve(window.Plotly); }
  if (!window[LOADING]) {
    const url = model.get("plotly_url");
    const loading = model.get("plotly_from_kernel") || !url
      ? plotlyFromKernel(model)
      : addScript(url).catch(function () { return plotlyFromKernel(model); });
    window[LOADING] = loading.catch(function (error) { window[LOADING] = null; throw error; });
  }
  return window[LOADING];
}

function pick(list, index) {
  let chosen = list[0];
  for (let k = 1; k < list.length && list[k][0] <= index; k++) { chosen = list[k]; }
  return chosen;
}

function setText(element, text) {
  if (element && element.textContent !== text) { element.textContent = text; }
}

function plain(text) {
  const box = document.createElement("textarea");
  box.innerHTML = text;
  return box.value;
}

function stampIndex(target) {
  const annotations = (target.layout && target.layout.annotations) || [];
  return annotations.findIndex(function (a) { return a.name === "explorer-stamp"; });
}

// -- kind 'map': the world map's year frames ---------------------------------------------------------

function paintMap(target, frames, index) {
  // A few hundred style writes on the SVG Plotly drew: instant, where a Plotly redraw of the map takes
  // a third of a second. settleMap makes the figure itself agree once the year has stopped moving.
  const colours = {};
  frames.shapes.forEach(function (s) { colours[s] = frames.colours[pick(frames.changes[s], index)[2]]; });
  target.querySelectorAll("path.choroplethlocation").forEach(function (path) {
    const loc = path.__data__ && path.__data__.loc;
    if (loc in colours) { path.style.fill = colours[loc]; }
  });
  const dots = target.querySelectorAll(".trace.scattergeo path.point");
  if (dots.length === frames.points.length) {
    frames.points.forEach(function (s, i) { dots[i].style.fill = frames.colours[pick(frames.changes[s], index)[2]]; });
  }
  const title = target.querySelector(".g-gtitle .gtitle");
  if (title) { title.textContent = plain(frames.titles[index]); }
  setText(document.querySelector("#map-summary"), frames.sentences[index]);
  setText(document.querySelector(".explorer-map-date"), frames.dates[index]);
  const notice = document.querySelector("#map-coverage-notice");
  if (notice) {
    const text = frames.notices[index] ? "NOTE: " + frames.notices[index] : "";
    setText(notice, text);
    if (notice.hidden !== !text) { notice.hidden = !text; }
  }
}

function settleMap(Plotly, target, frames, index) {
  const shapes = frames.shapes.map(function (s) { return pick(frames.changes[s], index); });
  const points = frames.points.map(function (s) { return pick(frames.changes[s], index); });
  const layout = {"title.text": frames.titles[index]};
  const stamp = stampIndex(target);
  if (stamp >= 0) { layout["annotations[" + stamp + "].text"] = frames.stamps[index]; }
  Plotly.update(target, {
    z: [shapes.map(function (c) { return c[1]; }), undefined],
    "marker.color": [undefined, points.map(function (c) { return frames.colours[c[2]]; })],
    hovertext: [shapes.map(function (c) { return frames.hovers[c[3]]; }),
                points.map(function (c) { return frames.hovers[c[3]]; })]
  }, layout, [0, 1]);
}

// -- kind 'cells': texts elsewhere on the page (the country profile's table and sentences) ---------

function paintCells(target, frames, index) {
  document.querySelectorAll("[data-cell]").forEach(function (element) {
    const changes = frames.cells[element.getAttribute("data-cell")];
    if (changes) { setText(element, frames.texts[pick(changes, index)[1]]); }
  });
}

function settleCells(Plotly, target, frames, index) {
  const stamp = stampIndex(target);
  if (stamp >= 0 && frames.stamps) {
    const layout = {};
    layout["annotations[" + stamp + "].text"] = frames.texts[pick(frames.stamps, index)[1]];
    Plotly.relayout(target, layout);
  }
}

const KINDS = {map: [paintMap, settleMap], cells: [paintCells, settleCells]};

function render({ model, el }) {
  const target = document.createElement("div");
  target.className = "explorer-live-plot";
  target.setAttribute("role", "figure");
  target.setAttribute("aria-label", "Chart");
  target.style.minHeight = model.get("min_height") + "px";
  el.appendChild(target);
  let queue = Promise.resolve(), frames = null, shownKey = null, settleTimer = null, clicks = false;

  function draw() {
    const text = model.get("plot");
    if (!text) { return; }
    const version = String(model.get("version"));
    target.setAttribute("data-version", version);
    queue = queue.then(function () { return loadPlotly(model); }).then(function (Plotly) {
      if (String(model.get("version")) !== version || target.getAttribute("data-drawn") === version) { return; }
      const payload = JSON.parse(text);
      target.setAttribute("aria-label", payload.label);
      // Sizing is done here (see resize below): Plotly's own 'responsive' resize drops the figure's height.
      const config = Object.assign({}, payload.config, {responsive: false});
      return Plotly.react(target, payload.figure.data, payload.figure.layout, config).then(function () {
        frames = payload.frames || null;
        shownKey = null;
        target.setAttribute("data-drawn", version);
        if (frames) { target.setAttribute("data-shown-year", String(frames.year)); }
        if (model.get("clickable") && !clicks) {
          clicks = true;
          target.on("plotly_click", function (event) {
            const point = event && event.points && event.points[0];
            if (!point || point.customdata === undefined) { return; }
            model.set("clicked", String(point.customdata));
            model.save_changes();
          });
        }
        applyYear();
      });
    }).catch(function (error) {
      target.textContent = "This chart could not be drawn (" + error.message + ").";
      console.error(error);
    });
  }

  function year() {
    const yearClass = model.get("year_class");
    const readout = yearClass && document.querySelector("." + yearClass + " .widget-readout");
    const value = readout ? parseInt(readout.textContent || readout.value, 10) : NaN;
    return isNaN(value) ? null : value;
  }

  // The year is applied in the page (no round trip to the kernel); once it has stopped moving, the figure
  // itself is updated too, so that hovering, a PNG export or a later redraw show that year.
  function applyYear() {
    const value = year();
    const drawn = target.getAttribute("data-drawn");
    if (!frames || value === null || !drawn) { return; }
    const index = frames.years.indexOf(value);
    if (index < 0) { return; }
    const kind = KINDS[frames.kind || "map"];
    const key = drawn + ":" + value;
    if (frames.kind === "cells") {
      kind[0](target, frames, index);  // idempotent: the kernel may have rewritten the cells meanwhile
    } else if (shownKey !== key) {
      kind[0](target, frames, index);
    }
    if (shownKey === key) { return; }
    shownKey = key;
    target.setAttribute("data-shown-year", String(value));
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      if (shownKey === key && window.Plotly) {
        kind[1](window.Plotly, target, frames, index);
        if (frames.filenames && target._context && target._context.toImageButtonOptions) {
          target._context.toImageButtonOptions.filename = frames.filenames[index];  // the PNG names its year
        }
      }
    }, 300);
  }

  const observer = new MutationObserver(function () { applyYear(); });
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
  // The plot follows the width of its widget (a window resize, a closed accordion panel opened: a plot
  // drawn while hidden took Plotly's default width); its height stays the figure's own.
  const resize = new ResizeObserver(function () {
    const width = el.clientWidth;
    if (target.getAttribute("data-drawn") && window.Plotly && width && target._fullLayout
        && Math.abs(target._fullLayout.width - width) > 1) {
      window.Plotly.relayout(target, {width: width});
    }
  });
  resize.observe(el);
  model.on("change:plot", draw);
  model.on("change:version", draw);
  draw();
  return function () {
    model.off("change:plot", draw);
    model.off("change:version", draw);
    observer.disconnect();
    resize.disconnect();
    clearTimeout(settleTimer);
    if (window.Plotly) { window.Plotly.purge(target); }
  };
}

export default { render };

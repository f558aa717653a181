"""Browser timings and page-load profiles (loopback only, every other host blocked), in one run:

* static pages of each dashboard's first figure: a plain Plotly page with plotly.py's full plotly.js (the
  baseline of earlier runs), and the static site's own page with the partial bundle it loads
  (``explorer.plotly_js``) and, for comparison, the same page with the full bundle;
* each dashboard's first figure with a cold and with a preheated kernel, and its ratio to the static pages;
* bytes per page load (HTTP and websocket), and one profiled load of every dashboard and of the static map page
  (``benchmarks/page_profile.py``: bytes and time per resource, script compile/evaluation per file, main-thread
  totals, widget messages, kernel busy time, first paint and first figure);
* the map's year slider (key press to the page's ``data-shown-year``) over 20 moves, and Play's years per second.

Times are medians of several loads (``BENCH_STATIC_RUNS``, ``BENCH_COLD_RUNS``, ``BENCH_RUNS`` for the preheated
pool, ``BENCH_PARTIAL_RUNS``), each in a fresh browser context (empty cache); the
variants of a static page are loaded in turn, so that load from other processes falls on all of them alike.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from page_profile import profile_load

from browser import BlockedRequests, launch
from voila_server import free_port, voila_server

REPO_DIR = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # preheated loads per dashboard
STATIC_RUNS = int(os.environ.get("BENCH_STATIC_RUNS", "5"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "3"))
PARTIAL_RUNS = int(os.environ.get("BENCH_PARTIAL_RUNS", "3"))  # preheated loads with the partial bundle
SLIDER_MOVES = 20
POOL_FILL_S = float(os.environ.get("BENCH_POOL_FILL_S", "25"))
POOL_REFILL_S = float(os.environ.get("BENCH_POOL_REFILL_S", "15"))
PALERMO = "palermo-protocol-2000"


def _note(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _stats(values):
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(_p95(values), 3)}


# What "first figure drawn" means for each dashboard: the figure's marks plus the text that proves
# the deep-linked view (not a default view that is replaced a moment later) is on screen.
DASHBOARDS = {
    "map": (f"?instrument={PALERMO}&date=2010", "path.choroplethlocation", "#map-summary", "31 December 2010"),
    "timeline": ("?instrument=us-tvpa-2000", ".js-plotly-plot .scatterlayer path.point", "#timeline-count", "Showing"),
    "country": ("?state=PHL", ".js-plotly-plot .main-svg", ".explorer-summary[data-state='PHL']", "Philippines"),
}
# The trace types each dashboard draws (map: world map and parties chart; country: timeline and the
# model-law heat map), which decide its partial plotly.js bundle (explorer.plotly_js).
DASHBOARD_TRACES = {
    "map": ("choropleth", "scattergeo", "scatter"),
    "timeline": ("scatter",),
    "country": ("scatter", "heatmap"),
}


def _plain_pages(folder: Path) -> dict[str, str]:
    """The same first figure of each dashboard as a plain Plotly page sharing plotly.py's full plotly.js."""
    import explorer
    from explorer import plotly_js
    from explorer.figures import map_figure
    from explorer.figures.map import geometry_config

    shutil.copy(REPO_DIR / "explorer" / "geometry" / "world_50m.json", folder / "world_50m.json")
    shutil.copy(plotly_js.bundle_file(plotly_js.FULL), folder / "plotly.min.js")
    figures = {
        "map": (map_figure(explorer.statuses(PALERMO, "2010-12-31", warn=False)), geometry_config("./")),
        "timeline": (explorer.timeline(selected="us-tvpa-2000"), {"displaylogo": False}),
        "country": (explorer.country_timeline("PHL"), {"displaylogo": False}),
    }
    for name, (figure, config) in figures.items():
        figure.write_html(folder / f"{name}.html", include_plotlyjs="plotly.min.js", full_html=True, config=config)
    return {name: f"{name}.html" for name in figures}


def _site_pages(folder: Path) -> dict[str, dict[str, str]]:
    """The static site's map (Palermo), timeline and PHL country pages as built, plus a twin of each that
    loads plotly.py's full plotly.js instead of its partial bundle. Returns name -> {variant: path, bundle}."""
    from explorer import plotly_js
    from explorer.static_site.build import Site

    root = folder / "site"
    site = Site(root)
    site.write_assets()
    site.map_page(PALERMO)
    site.timeline_page()
    site.country_page("PHL")
    full = root / "assets" / "plotly-full.min.js"
    shutil.copy(plotly_js.bundle_file(plotly_js.FULL), full)
    pages = {}
    for name, path in (
        ("map", f"maps/{PALERMO}.html"),
        ("timeline", "timeline.html"),
        ("country", "countries/PHL.html"),
    ):
        html = (root / path).read_text(encoding="utf-8")
        bundle = re.search(r"assets/plotly-(\w+)-[\d.]+\.\w{8}\.min\.js", html)
        twin = path.replace(".html", "-full-plotly.html")
        (root / twin).write_text(
            re.sub(r"assets/plotly-[\w.-]+\.min\.js", "assets/plotly-full.min.js", html), encoding="utf-8"
        )
        pages[name] = {"partial": f"site/{path}", "full": f"site/{twin}", "bundle": bundle.group(1)}
    return pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no line per request on the console
        pass


def _serve(folder: Path):
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{port}/"


def _load(browser, url, marks, proof=None, text=None, plotly_js=None) -> dict:
    """One timed load (no trace): first figure since the navigation started, wall time, bytes."""
    profile = profile_load(browser, url, marks, proof, text, trace=False, settle_s=0.5, plotly_js=plotly_js)
    return {
        "first_figure_s": profile["first_figure_ms"] / 1000,
        "wall_s": profile["first_figure_wall_s"],
        "http_bytes": profile["transfer_bytes"],
        "websocket_bytes": profile["websocket"]["received_bytes"],
        "document_s": profile["document_received_ms"] / 1000,
        "kernel_busy_s": profile["websocket"]["kernel_busy_ms_after_connect"] / 1000,
    }


def _summarise(loads: list[dict]) -> dict:
    return {
        **_stats([load["first_figure_s"] for load in loads]),
        "wall_median_s": round(statistics.median(load["wall_s"] for load in loads), 3),
        "document_received_median_s": round(statistics.median(load["document_s"] for load in loads), 3),
        "kernel_busy_after_connect_median_s": round(statistics.median(load["kernel_busy_s"] for load in loads), 3),
        "http_bytes": int(statistics.median(load["http_bytes"] for load in loads)),
        "websocket_bytes": int(statistics.median(load["websocket_bytes"] for load in loads)),
    }


def bench_static(browser, base: str, plain: dict, site: dict) -> dict:
    variants = {
        name: {
            "plain_full": base + plain[name],
            "site_partial": base + site[name]["partial"],
            "site_full": base + site[name]["full"],
        }
        for name in DASHBOARDS
    }
    loads = {name: {variant: [] for variant in urls} for name, urls in variants.items()}
    for _ in range(STATIC_RUNS):
        for name, urls in variants.items():
            for variant, url in urls.items():
                loads[name][variant].append(_load(browser, url, DASHBOARDS[name][1]))
    results = {}
    for name, by_variant in loads.items():
        results[name] = {variant: _summarise(values) for variant, values in by_variant.items()}
        results[name]["bundle"] = site[name]["bundle"]
        results[name]["partial_vs_full_bundle"] = round(
            results[name]["site_partial"]["median_s"] / results[name]["site_full"]["median_s"], 2
        )
    return results


MOVE_PROBE = """() => {
    const plot = document.querySelector('.explorer-map-canvas .explorer-live-plot');
    const handle = document.querySelector('.explorer-map-year .noUi-handle');
    window.__moves = []; window.__shown = [];
    handle.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
    new MutationObserver(() => {
        const now = performance.now();
        window.__shown.push([plot.getAttribute('data-shown-year'), now]);
        if (window.__t0 !== undefined) { window.__moves.push(now - window.__t0); window.__t0 = undefined; }
    }).observe(plot, {attributes: true, attributeFilter: ['data-shown-year']});
}"""


def _slider_updates(browser, url) -> dict:
    """Key press on the year slider -> the page has restyled the map for the new year (data-shown-year,
    set by live_plot.py once the page has repainted), timed inside the page; then Play for 4 s."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/*", BlockedRequests().handler)
    page.goto(url, wait_until="domcontentloaded", timeout=180_000)
    page.wait_for_selector("path.choroplethlocation", timeout=120_000)
    page.wait_for_function(
        "() => (document.querySelector('.explorer-map-canvas .explorer-live-plot') || "
        "{getAttribute: () => null}).getAttribute('data-shown-year') === '2010'",
        timeout=120_000,
    )
    time.sleep(2)
    page.evaluate(MOVE_PROBE)
    handle = page.locator(".explorer-map-year .noUi-handle").first
    handle.focus()
    for move in range(SLIDER_MOVES):
        handle.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
        page.wait_for_function("(n) => window.__moves.length >= n", arg=move + 1, timeout=60_000)
    moves = [ms / 1000 for ms in page.evaluate("() => window.__moves")]
    page.evaluate("() => { window.__shown = []; }")
    page.locator("button.widget-toggle-button").click()
    time.sleep(4)
    page.locator("button.widget-toggle-button").click()
    shown = page.evaluate("() => window.__shown")
    page.close()
    years = [int(year) for year, _ in shown if year and year.isdigit()]
    distinct = sorted(set(years))
    span = (shown[-1][1] - shown[0][1]) / 1000 if len(shown) > 1 else 0
    dropped = (distinct[-1] - distinct[0] + 1 - len(distinct)) if distinct else 0
    return {
        "slider_to_map_updated": _stats(moves),
        "play_years_per_second": round((len(distinct) - 1) / span, 1) if span else 0.0,
        "play_years_shown": len(distinct),
        "play_dropped_years": dropped,
    }


def _kernel_memory(base: str) -> dict:
    from load import server_sample

    return server_sample(int(base.rstrip("/").rsplit(":", 1)[1]))


def bench_voila(browser, label: str, args: tuple, static: dict) -> tuple[dict, dict, dict]:
    """First figure of every dashboard; with the preheated pool also the same with the page's plotly.js
    answered by the dashboard's partial bundle (what ``live_plot.plotly_js_source()`` could serve), one
    profiled load per dashboard with each, and the slider/Play measurement. Returns (results, profiles, slider)."""
    from explorer import plotly_js

    results, profiles, slider = {}, {}, {}
    preheated = label == "voila_preheated"
    with voila_server(extra_args=args) as server:
        if preheated:
            time.sleep(POOL_FILL_S)  # let the pool fill

        def load(url, dashboard, bundle_path=None):
            query, marks, proof, text = DASHBOARDS[dashboard]
            value = _load(browser, url, marks, proof, text, plotly_js=bundle_path)
            if preheated:
                time.sleep(POOL_REFILL_S)  # the pool refills in the background
            return value

        for name, (query, marks, proof, text) in DASHBOARDS.items():
            _note(f"{label}: {name}")
            url = f"{server}voila/render/{name}.ipynb{query}"
            bundle = plotly_js.bundle_name(*DASHBOARD_TRACES[name])
            partial = plotly_js.bundle_file(bundle)
            loads, partial_loads = [], []
            for run in range(RUNS if preheated else COLD_RUNS):
                loads.append(load(url, name))
                if preheated and run < PARTIAL_RUNS:
                    partial_loads.append(load(url, name, partial))
            summary = _summarise(loads)
            summary["ratio_to_plain_static"] = round(summary["median_s"] / static[name]["plain_full"]["median_s"], 2)
            summary["ratio_to_site_static"] = round(summary["median_s"] / static[name]["site_partial"]["median_s"], 2)
            if partial_loads:
                summary[f"with_{bundle}_bundle"] = _summarise(partial_loads) | {
                    "ratio_to_site_static": round(
                        statistics.median(x["first_figure_s"] for x in partial_loads)
                        / static[name]["site_partial"]["median_s"],
                        2,
                    )
                }
            results[name] = summary
            if preheated:
                for variant, path in (("", None), (f"_{bundle}_bundle", partial)):
                    profiles[f"voila_{name}{variant}"] = profile_load(
                        browser, url, marks, proof, text, trace=True, settle_s=2, plotly_js=path
                    )
                    time.sleep(POOL_REFILL_S)
        results["server_after_runs"] = _kernel_memory(server)
        if preheated:
            _note("slider and Play")
            slider = _slider_updates(browser, f"{server}voila/render/map.ipynb?instrument={PALERMO}&date=2010")
    return results, profiles, slider


def bench_browser() -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {
        "runs": {
            "static": STATIC_RUNS,
            "cold": COLD_RUNS,
            "preheated": RUNS,
            "preheated_partial_bundle": PARTIAL_RUNS,
            "pool_refill_wait_s": POOL_REFILL_S,
        }
    }
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        plain, site = _plain_pages(Path(folder)), _site_pages(Path(folder))
        httpd, base = _serve(Path(folder))
        try:
            _note("static pages")
            results["static"] = static = bench_static(browser, base, plain, site)
            results["profiles"] = {
                "static_map": profile_load(browser, base + site["map"]["partial"], DASHBOARDS["map"][1], trace=True),
                "static_map_full_plotly": profile_load(
                    browser, base + site["map"]["full"], DASHBOARDS["map"][1], trace=True
                ),
            }
        finally:
            httpd.shutdown()
        # voila.json turns the preheated pool on; the command line turns it off for the cold runs.
        for label, args in (("voila_cold", ("--preheat_kernel=False",)), ("voila_preheated", ())):
            try:
                voila, profiles, slider = bench_voila(browser, label, args, static)
                results[label] = voila
                results["profiles"].update(profiles)
                results.update(slider)
            except Exception as error:  # report the stage that failed, keep the others
                results[f"{label}_error"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        browser.close()
    return results

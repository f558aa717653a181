"""Browser timings: Voilà dashboards against the same figure as a static Plotly page (loopback only)."""
from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from browser import BlockedRequests, launch
from voila_server import free_port, voila_server

REPO_DIR = Path(__file__).resolve().parent.parent
RUNS = 5
SLIDER_MOVES = 20


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _stats(values):
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(_p95(values), 3)}


# What "first figure drawn" means for each dashboard: the figure's marks plus the text that proves
# the deep-linked view (not a default view that is replaced a moment later) is on screen.
DASHBOARDS = {
    "map": ("?instrument=palermo-protocol-2000&date=2010", "path.choroplethlocation",
            "#map-summary", "31 December 2010"),
    "timeline": ("?instrument=us-tvpa-2000", ".js-plotly-plot .scatterlayer path.point", "#timeline-count",
                 "Showing"),
    "country": ("?state=PHL", ".js-plotly-plot .main-svg", ".explorer-summary[data-state='PHL']", "Philippines"),
}


def _static_pages(folder: Path) -> dict[str, str]:
    """The same first figure of each dashboard as a plain Plotly page sharing one local plotly.js."""
    import plotly

    import explorer
    from explorer.figures import map_figure
    from explorer.figures.map import geometry_config

    shutil.copy(REPO_DIR / "explorer" / "geometry" / "world_50m.json", folder / "world_50m.json")
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", folder / "plotly.min.js")
    figures = {
        "map": (map_figure(explorer.statuses("palermo-protocol-2000", "2010-12-31")), geometry_config("./")),
        "timeline": (explorer.timeline(selected="us-tvpa-2000"), {"displaylogo": False}),
        "country": (explorer.country_timeline("PHL"), {"displaylogo": False}),
    }
    for name, (figure, config) in figures.items():
        figure.write_html(folder / f"{name}.html", include_plotlyjs="plotly.min.js", full_html=True, config=config)
    return {name: f"{name}.html" for name in figures}


def _serve(folder: Path):
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{port}/"


def _first_figure(browser, url, marks: str, proof: str | None = None, text: str | None = None) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/*", BlockedRequests().handler)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=180_000)
    page.wait_for_selector(marks, timeout=180_000)
    if proof:
        page.wait_for_function("([selector, text]) => { const e = document.querySelector(selector);"
                               " return e && e.innerText.includes(text); }", arg=[proof, text], timeout=180_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


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


def _slider_updates(browser, url) -> tuple[list[float], float]:
    """Key press on the year slider -> the page has restyled the map for the new year (data-shown-year,
    set by live_plot.py once Plotly has redrawn), timed inside the page; then Play's years per second."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/*", BlockedRequests().handler)
    page.goto(url, wait_until="domcontentloaded", timeout=180_000)
    page.wait_for_selector("path.choroplethlocation", timeout=120_000)
    page.wait_for_function("() => (document.querySelector('.explorer-map-canvas .explorer-live-plot') || "
                           "{getAttribute: () => null}).getAttribute('data-shown-year') === '2010'", timeout=120_000)
    time.sleep(2)
    page.evaluate(MOVE_PROBE)
    handle = page.locator(".explorer-map-year .noUi-handle").first
    handle.focus()
    for move in range(SLIDER_MOVES):
        handle.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
        page.wait_for_function("(n) => window.__moves.length >= n", arg=move + 1, timeout=60_000)
    values = [ms / 1000 for ms in page.evaluate("() => window.__moves")]
    # Play: years shown per second over the first seconds (the kernel steps the slider, the page draws).
    page.evaluate("() => { window.__shown = []; }")
    page.locator("button.widget-toggle-button").click()
    time.sleep(4)
    page.locator("button.widget-toggle-button").click()
    shown = page.evaluate("() => window.__shown")
    page.close()
    years = len({year for year, _ in shown})
    span = (shown[-1][1] - shown[0][1]) / 1000 if len(shown) > 1 else 0
    return values, (years - 1) / span if span else 0.0


def _kernel_memory(base: str) -> dict:
    from load import server_sample

    return server_sample(int(base.rstrip("/").rsplit(":", 1)[1]))


def bench_browser() -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        pages = _static_pages(Path(folder))
        httpd, base = _serve(Path(folder))
        static = {name: [_first_figure(browser, base + page, DASHBOARDS[name][1]) for _ in range(RUNS)]
                  for name, page in pages.items()}
        httpd.shutdown()
        for name, values in static.items():
            results[f"static_{name}_first_figure"] = _stats(values)
        # voila.json turns the preheated pool on; the command line turns it off for the cold runs.
        for label, args in (("voila_cold", ("--preheat_kernel=False",)), ("voila_preheated", ())):
            try:
                with voila_server(extra_args=args) as server:
                    if label == "voila_preheated":
                        time.sleep(25)  # let the pool fill
                    for name, (query, marks, proof, text) in DASHBOARDS.items():
                        runs = []
                        for _ in range(RUNS):
                            runs.append(_first_figure(browser, f"{server}voila/render/{name}.ipynb{query}",
                                                      marks, proof, text))
                            if label == "voila_preheated":
                                time.sleep(20)  # the pool refills in the background
                        results[f"{label}_{name}_first_figure"] = _stats(runs)
                        results[f"{label}_{name}_ratio_to_static"] = round(
                            statistics.median(runs) / statistics.median(static[name]), 2)
                    results[f"{label}_server_after_runs"] = _kernel_memory(server)
                    if label == "voila_preheated":
                        url = server + "voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010"
                        moves, play = _slider_updates(browser, url)
                        results["slider_to_map_updated"] = _stats(moves)
                        results["play_years_per_second"] = round(play, 1)
            except Exception as error:  # report the stage that failed, keep the others
                results[f"{label}_error"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        browser.close()
    return results

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
SLIDER_MOVES = 12


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _stats(values):
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(_p95(values), 3)}


def _static_page(folder: Path) -> str:
    import plotly
    import explorer
    from explorer.figures import map_figure
    from explorer.figures.map import geometry_config

    figure = map_figure(explorer.statuses("palermo-protocol-2000", "2010-12-31"))
    shutil.copy(REPO_DIR / "explorer" / "geometry" / "world_50m.json", folder / "world_50m.json")
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copy(plotly_js, folder / "plotly.min.js")
    figure.write_html(folder / "map.html", include_plotlyjs="plotly.min.js", full_html=True,
                      config=geometry_config("./"))
    return "map.html"


def _serve(folder: Path):
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{port}/"


def _first_map(browser, url) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/*", BlockedRequests().handler)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector("path.choroplethlocation", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def _slider_updates(browser, url) -> list[float]:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/*", BlockedRequests().handler)
    page.goto(url)
    page.wait_for_selector("path.choroplethlocation", timeout=120_000)
    time.sleep(2)
    handle = page.locator(".widget-slider .noUi-handle").first
    values = []
    for _ in range(SLIDER_MOVES):
        before = page.locator("#map-summary").inner_text()
        page.evaluate("() => { window.__marker = document.querySelector('path.choroplethlocation'); }")
        handle.focus()
        start = time.perf_counter()
        handle.press("ArrowRight" if page.locator("#map-summary").inner_text().count("2010") else "ArrowLeft")
        # Updated = the summary text changed and a newly drawn map replaced the old one.
        page.wait_for_function("(old) => { const s = document.querySelector('#map-summary');"
                               " const p = document.querySelector('path.choroplethlocation');"
                               " return s && s.innerText !== old && p && p !== window.__marker; }",
                               arg=before, timeout=60_000)
        values.append(time.perf_counter() - start)
    page.close()
    return values


def bench_browser() -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        page_name = _static_page(Path(folder))
        httpd, base = _serve(Path(folder))
        static = [_first_map(browser, base + page_name) for _ in range(RUNS)]
        httpd.shutdown()
        results["static_page_first_map"] = _stats(static)
        for label, args in (("voila_cold", ()), ("voila_preheated", ("--preheat_kernel=True", "--pool_size=1"))):
            try:
                with voila_server(extra_args=args) as server:
                    url = server + "voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010"
                    if args:
                        time.sleep(20)  # let the pool fill and reach its wait for the request
                    runs = []
                    for _ in range(RUNS):
                        runs.append(_first_map(browser, url))
                        if args:
                            time.sleep(20)  # the pool refills in the background
                    results[f"{label}_first_map"] = _stats(runs)
                    results[f"{label}_ratio_to_static"] = round(statistics.median(runs) / statistics.median(static), 2)
                    if not args:
                        results["slider_to_map_updated"] = _stats(_slider_updates(browser, url))
            except Exception as error:  # report the stage that failed, keep the others
                results[f"{label}_error"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        browser.close()
    return results

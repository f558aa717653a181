"""Helpers for browser tests: Playwright driving Debian's chromium, with the network blocked."""
from __future__ import annotations

from urllib.parse import urlparse

from voila_server import CHROMIUM, CHROMIUM_ARGS

ERROR_TEXTS = ["There was an error when executing cell", "Traceback (most recent call last)", "Error in callback"]
PLOT_SELECTOR = ".js-plotly-plot .main-svg"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class BlockedRequests(list):
    """Every request to a host other than the loopback is aborted and remembered here.

    Local files (file:, for the static site opened from disk) are not network and pass."""

    def handler(self, route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "file:")) or host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            self.append(route.request.url)
            route.abort()


def page_text(page) -> str:
    return page.inner_text("body")


def assert_no_error_text(page):
    text = page_text(page)
    for marker in ERROR_TEXTS:
        assert marker not in text, f"page shows {marker!r}"


def goto_with_one_retry(page, url, log_path=None, timeout_ms=90_000):
    """Open a Voilà page; if it does not load, record it and try once more.

    NOTE: pages used to hang now and then for the whole cell timeout: Voilà's executor missed the
    wake-up of a cell's reply (fixed for our servers by ``python -m explorer.serving``, see
    explorer/serving.py). The retry stays as a guard; every retry is written to the log so that a
    return of the problem stays visible.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    except PlaywrightTimeout:
        if log_path is not None:
            with open(log_path, "a") as handle:
                handle.write(f"retry after timeout: {url}\n")
        page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)

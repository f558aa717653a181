"""Helpers for browser tests: Playwright driving Debian's chromium, with the network blocked."""
from __future__ import annotations

from urllib.parse import urlparse

from voila_server import CHROMIUM, CHROMIUM_ARGS

ERROR_TEXTS = ["There was an error when executing cell", "Traceback (most recent call last)", "Error in callback"]
PLOT_SELECTOR = ".js-plotly-plot .main-svg"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class BlockedRequests(list):
    """Every request to a host other than the loopback is aborted and remembered here."""

    def handler(self, route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
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

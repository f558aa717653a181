"""Helpers for browser tests: Playwright driving Debian's chromium, with the network blocked, and a
dashboard page that can wait until it has settled."""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

from voila_server import CHROMIUM, CHROMIUM_ARGS, REPO_DIR

ARTIFACTS_DIR = REPO_DIR / "test-artifacts"  # as in conftest.py; not imported from it (benchmarks use this module)

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


# Voilà's default template links Font Awesome from a CDN; blocked here, the page works without it.
KNOWN_EXTERNAL = ("cdn.jsdelivr.net/npm/@fortawesome",)

# Installed before any script of the page runs: the time of the last change to the document.
_MUTATION_CLOCK = """
window.__explorerLastMutation = performance.now();
new MutationObserver(() => { window.__explorerLastMutation = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
_EXECUTION_STATE = re.compile(r'"execution_state"\s*:\s*"(\w+)"')


class Dashboard:
    """A Voilà dashboard page: requests off the loopback blocked, console and page errors collected,
    the kernel's busy/idle state followed on its websocket."""

    def __init__(self, browser, server, name, query="", width=1280):
        self.page = browser.new_page(viewport={"width": width, "height": 1000})
        self.blocked = BlockedRequests()
        self.page.route("**/*", self.blocked.handler)
        self.console, self.errors = [], []
        self.page.on("console", self._on_console)
        self.page.on(
            "pageerror",
            lambda error: (self.console.append(f"pageerror: {error}"), self.errors.append(f"pageerror: {error}")),
        )
        self.kernel_state, self.last_frame = "unknown", time.monotonic()
        self.sent = []  # every websocket frame the page sent (to the kernel), in order
        self.page.on("websocket", self._on_websocket)
        self.page.add_init_script(_MUTATION_CLOCK)
        self.name = name
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        goto_with_one_retry(self.page, f"{server}voila/render/{name}.ipynb{query}", ARTIFACTS_DIR / "retries.log")
        self.page.wait_for_selector(PLOT_SELECTOR, timeout=90_000)

    def _on_console(self, message):
        url = (message.location or {}).get("url", "")
        self.console.append(f"{message.type}: {message.text} [{url}]")
        # A blocked request to a known CDN (Voilà's own template) logs a load error; nothing else may.
        if message.type == "error" and not any(known in url for known in KNOWN_EXTERNAL):
            self.errors.append(f"{message.text} [{url}]")

    def _on_websocket(self, socket):
        socket.on("framesent", self._on_frame)
        socket.on("framesent", lambda payload: self.sent.append(payload))
        socket.on("framereceived", self._on_frame)

    def _on_frame(self, payload):
        """Every widget message counts as activity; the kernel's status messages say busy or idle (the
        JSON is readable in text frames and in the binary frames of Jupyter's v1 websocket protocol)."""
        self.last_frame = time.monotonic()
        text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
        states = _EXECUTION_STATE.findall(text)
        if states:
            self.kernel_state = states[-1]

    def wait_quiet(self, condition: str | None = None, arg=None, quiet_ms: int = 500, timeout_ms: int = 60_000):
        """Wait until the page has settled: ``condition`` (a JavaScript function, given ``arg``) holds if
        one is given, the kernel is not busy, and neither a websocket message nor a change to the document
        has happened for ``quiet_ms``. Fails after ``timeout_ms``, saying what was still moving."""
        if condition is not None:
            self.page.wait_for_function(condition, arg=arg, timeout=timeout_ms)
        # A pooled kernel switches to the linked view in a background thread, which the kernel's busy
        # status does not show; the app marks its bridge once the view for the page's address is drawn.
        self.page.wait_for_function(
            "() => !document.querySelector('.explorer-app') || !!document.querySelector('.explorer-view-applied')",
            timeout=timeout_ms,
        )
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            since_mutation = self.page.evaluate("() => performance.now() - (window.__explorerLastMutation || 0)")
            since_frame = (time.monotonic() - self.last_frame) * 1000
            if self.kernel_state != "busy" and since_frame >= quiet_ms and since_mutation >= quiet_ms:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name}: the page did not settle in {timeout_ms} ms (kernel "
                    f"{self.kernel_state}, last message {since_frame:.0f} ms ago, last change "
                    f"to the page {since_mutation:.0f} ms ago)"
                )
            self.page.wait_for_timeout(100)

    def observe_for(self, seconds: float):
        """Let the page run unobserved for ``seconds`` -- only to show that nothing changes (an absence
        of change has no condition to wait for)."""
        self.page.wait_for_timeout(seconds * 1000)

    def wait_map_drawn(self, title_text: str):
        """The map has finished drawing the newest figure the page has from the app (live_plot.js marks
        the newest version it received and the one drawn), and that figure is the one for ``title_text``
        (e.g. '31 Dec 2010')."""
        self.page.wait_for_function(
            """(text) => {
            const plot = document.querySelector('.explorer-map-canvas .explorer-live-plot');
            return plot && plot.getAttribute('data-drawn') === plot.getAttribute('data-version')
                && plot.layout && plot.layout.title && plot.layout.title.text.includes(text); }""",
            arg=title_text,
            timeout=60_000,
        )

    def open_panel(self, title: str, timeout_ms: int = 60_000):
        """Click the accordion title ``title``; return the locator of its (now visible) contents."""
        header = self.page.locator(".jupyter-widget-Collapse-header").filter(
            has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")
        )
        assert header.count() == 1, f"accordion title {title!r} found {header.count()} times"
        header.click()
        collapse = self.page.locator(".jupyter-widget-Collapse").filter(has=header)
        contents = collapse.locator(".jupyter-widget-Collapse-contents").first
        contents.wait_for(state="visible", timeout=timeout_ms)
        return contents

    def trace_points(self, trace_name: str) -> int:
        """Markers drawn in the SVG for the named trace (first plot on the page)."""
        return self.page.evaluate(
            """(name) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[0];
            const trace = gd._fullData.find(t => t.name === name);
            if (!trace) return -1;
            const group = gd.querySelector('.scatterlayer .trace' + trace.uid);  // empty traces draw no group
            return group ? group.querySelectorAll('path.point').length : 0;
        }""",
            trace_name,
        )

    def fill_of(self, state_id: str) -> str | None:
        return self.page.evaluate(
            """(code) => {
            const path = Array.from(document.querySelectorAll('path.choroplethlocation'))
                .find(p => p.__data__ && p.__data__.loc === code);
            return path ? getComputedStyle(path).fill : null;
        }""",
            state_id,
        )

    def save(self, label: str):
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS_DIR / f"{self.name}-{label}.png"), full_page=True)
        (ARTIFACTS_DIR / f"{self.name}-{label}.console.log").write_text("\n".join(self.console))

    def check_clean(self):
        assert_no_error_text(self.page)
        body = self.page.inner_text("body")
        assert "build_app" not in body and "import explorer" not in body, "notebook source reached the page"
        unexpected = [url for url in self.blocked if not any(known in url for known in KNOWN_EXTERNAL)]
        assert unexpected == [], f"the page tried to reach the internet: {unexpected}"
        assert self.errors == [], f"JavaScript errors in the console: {self.errors}"
        errors = [line for line in self.console if line.startswith("pageerror")]
        assert errors == [], errors

    def close(self):
        self.page.close()

"""One page load, profiled in chromium: bytes and time per resource, script compile and evaluation time per
file (from a Chrome trace), main-thread totals, websocket traffic (widget state, kernel busy time) and the
moment the first figure is in the page.

Used by ``benchmarks/browser_bench.py``; everything is measured inside the page or by the browser itself
(``performance.now()`` since the navigation started), so the numbers do not include Playwright's polling.
"""

from __future__ import annotations

import json
import re
import struct
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from browser import BlockedRequests

TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8",
    "v8.execute",
    "blink.user_timing",
    "loading",
    "toplevel",
]

# Installed before any script of the page: the first moment (ms since the navigation started) at which the
# figure's marks are in the document and, when asked, an element holds the text that proves the view.
FIRST_FIGURE_PROBE = """([marks, proof, text]) => {
    window.__firstFigure = null;
    const check = () => {
        if (window.__firstFigure !== null || !document.querySelector(marks)) return;
        if (proof) { const e = document.querySelector(proof); if (!e || !(e.innerText || '').includes(text)) return; }
        window.__firstFigure = performance.now();
    };
    new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                    characterData: true});
}"""

RESOURCES = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
    const entries = [nav, ...performance.getEntriesByType('resource')].map(e => ({
        url: e.name, type: e.initiatorType || 'navigation', transfer: e.transferSize, encoded: e.encodedBodySize,
        decoded: e.decodedBodySize, start: e.startTime, ttfb: e.responseStart - e.startTime,
        end: e.responseEnd - e.startTime, duration: e.duration}));
    return {entries, paint, firstFigure: window.__firstFigure,
            domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
}"""


def _short(url: str) -> str:
    parsed = urlparse(url)
    path = parsed.path.rsplit("/", 1)[-1] or parsed.path
    return path + (("?" + parsed.query[:40]) if parsed.query and not path.endswith(".js") else "")


def script_times(trace: dict) -> dict:
    """Per script file: compile and top-level evaluation time (ms), and the main thread's busy time by kind."""
    per_script: dict[str, dict[str, float]] = defaultdict(lambda: {"compile_ms": 0.0, "evaluate_ms": 0.0})
    totals: dict[str, float] = defaultdict(float)
    events = trace.get("traceEvents", trace if isinstance(trace, list) else [])
    for event in events:
        duration = event.get("dur")
        if duration is None or event.get("ph") != "X":
            continue
        name, data = event.get("name"), (event.get("args") or {}).get("data") or {}
        milliseconds = duration / 1000
        url = data.get("url") or (event.get("args") or {}).get("fileName") or ""
        if name == "v8.compile" and url:
            per_script[_short(url)]["compile_ms"] += milliseconds
        elif name == "EvaluateScript" and url:
            per_script[_short(url)]["evaluate_ms"] += milliseconds
        if name in (
            "EvaluateScript",
            "FunctionCall",
            "TimerFire",
            "FireAnimationFrame",
            "EventDispatch",
            "v8.compile",
            "ParseHTML",
            "UpdateLayoutTree",
            "Layout",
            "Paint",
            "RunMicrotasks",
        ):
            totals[name] += milliseconds
    rounded = {url: {key: round(value, 1) for key, value in times.items()} for url, times in per_script.items()}
    return {
        "scripts": dict(sorted(rounded.items(), key=lambda item: -sum(item[1].values()))),
        "main_thread_ms": {name: round(value, 1) for name, value in sorted(totals.items())},
    }


def _jupyter_message(payload) -> dict | None:
    """A Jupyter websocket message as JSON: text frames, or binary frames of the v1 protocol
    (offsets table, then channel, header, parent header, metadata, content, buffers)."""
    if isinstance(payload, str):
        try:
            return json.loads(payload)
        except ValueError:
            return None
    try:
        count = struct.unpack_from("<Q", payload, 0)[0]
        offsets = list(struct.unpack_from(f"<{count}Q", payload, 8))
        parts = [payload[offsets[i] : offsets[i + 1]] for i in range(min(count - 1, 5))]
        header = json.loads(parts[1])
        content = json.loads(parts[4]) if len(parts) > 4 else {}
        return {"channel": parts[0].decode(), "header": header, "content": content}
    except (struct.error, ValueError, IndexError, UnicodeDecodeError):
        return None


class SocketLog:
    """Websocket frames seen by the page: bytes by direction and by message kind, and the kernel's
    busy time (from its status messages, timed as they arrive)."""

    def __init__(self):
        self.sent = self.received = 0
        self.kinds: dict[str, int] = defaultdict(int)
        self.busy_ms, self._busy_since = 0.0, None

    def attach(self, page):
        page.on(
            "websocket",
            lambda socket: (
                socket.on("framesent", lambda p: self._frame(p, sent=True)),
                socket.on("framereceived", lambda p: self._frame(p, sent=False)),
            ),
        )

    def _frame(self, payload, sent: bool):
        size = len(payload.encode() if isinstance(payload, str) else payload)
        if sent:
            self.sent += size
        else:
            self.received += size
        message = _jupyter_message(payload)
        if message is None:
            self.kinds["other"] += size
            return
        kind = message.get("header", {}).get("msg_type", "other")
        content = message.get("content") or {}
        if kind in ("comm_open", "comm_msg"):
            method = (content.get("data") or {}).get("method", "")
            kind = f"{kind}:{method}" if method else kind
        self.kinds[("sent " if sent else "") + kind] += size
        if kind == "status":
            state, now = content.get("execution_state"), time.monotonic()
            if state == "busy" and self._busy_since is None:
                self._busy_since = now
            elif state == "idle" and self._busy_since is not None:
                self.busy_ms += (now - self._busy_since) * 1000
                self._busy_since = None

    def summary(self) -> dict:
        widget_state = sum(
            size
            for kind, size in self.kinds.items()
            if not kind.startswith("sent ") and kind.startswith(("comm_open", "comm_msg", "comm_info"))
        )
        return {
            "received_bytes": self.received,
            "sent_bytes": self.sent,
            "widget_messages_bytes": widget_state,
            "kernel_busy_ms_after_connect": round(self.busy_ms, 1),
            "bytes_by_message_kind": dict(sorted(self.kinds.items(), key=lambda item: -item[1])),
        }


# The plotly.js file a page requests, whatever bundle it is (plotly.min.js, plotly-geo.min.js, hashed names).
PLOTLY_JS_REQUEST = re.compile(r"/plotly[\w.-]*\.min\.js(\?.*)?$")


def profile_load(
    browser,
    url: str,
    marks: str,
    proof: str | None = None,
    text: str | None = None,
    trace: bool = True,
    settle_s: float = 1.0,
    plotly_js: Path | None = None,
) -> dict:
    """Open ``url`` in a fresh context (empty cache), wait for the first figure, return the breakdown.

    ``plotly_js``: answer the page's request for its plotly.js file with this file instead (to measure
    what another bundle would change, without changing the page)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    blocked = BlockedRequests()
    page.route("**/*", blocked.handler)
    substituted = []
    if plotly_js is not None:

        def substitute(route):
            substituted.append(_short(route.request.url))
            route.fulfill(path=str(plotly_js), content_type="application/javascript")

        page.route(PLOTLY_JS_REQUEST, substitute)  # registered last: takes precedence over the blocker
    page.add_init_script(f"({FIRST_FIGURE_PROBE})({json.dumps([marks, proof, text])})")
    sockets = SocketLog()
    sockets.attach(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if trace:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=180_000)
        page.wait_for_function("() => window.__firstFigure !== null", timeout=180_000, polling=50)
        wall = time.perf_counter() - start
        time.sleep(settle_s)  # late requests (the rest of the page) still count as this load's bytes
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        timing = page.evaluate(RESOURCES)
    finally:
        raw = browser.stop_tracing() if trace else None
        page.close()
    resources = [{**entry, "url": _short(entry["url"])} for entry in timing["entries"]]
    by_type: dict[str, int] = defaultdict(int)
    for entry in resources:
        by_type[entry["type"]] += entry["transfer"] or 0
    largest = sorted(resources, key=lambda entry: -(entry["transfer"] or 0))[:8]
    result = {
        "first_figure_ms": round(timing["firstFigure"], 1),
        "first_figure_wall_s": round(wall, 3),
        "first_contentful_paint_ms": round(timing["paint"].get("first-contentful-paint", 0), 1),
        "dom_content_loaded_ms": round(timing["domContentLoaded"], 1),
        # For a Voilà page with a cold kernel, the kernel's start and the notebook's execution fall in here.
        "document_ttfb_ms": round(resources[0]["ttfb"], 1),
        "document_received_ms": round(resources[0]["end"], 1),
        "requests": len(resources),
        "transfer_bytes": sum(entry["transfer"] or 0 for entry in resources),
        "transfer_bytes_by_type": dict(by_type),
        "largest_resources": [
            {
                key: (round(value, 1) if isinstance(value, float) else value)
                for key, value in entry.items()
                if key in ("url", "transfer", "decoded", "duration")
            }
            for entry in largest
        ],
        "cdp_metrics_s": {
            name: round(metrics[name], 3)
            for name in ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")
            if name in metrics
        },
        "js_heap_mb": round(metrics.get("JSHeapUsedSize", 0) / 1e6, 1),
        "websocket": sockets.summary(),
        "blocked_requests": list(blocked),
        "plotly_js_substituted": [f"{name} -> {plotly_js.name}" for name in substituted] if plotly_js else [],
    }
    if raw is not None:
        result |= script_times(json.loads(raw))
    return result

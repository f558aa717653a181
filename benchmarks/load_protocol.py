"""Simulated dashboard viewers that speak the protocols, not render: Voilà's page, the kernel websocket, widgets.

A viewer does what a browser tab does on the wire, without drawing anything:

1. ``GET /voila/render/<dashboard>.ipynb?<deep link>``; the page names its kernel (``"kernelId"`` in the
   ``jupyter-config-data`` script that Voilà ≥ 0.5 embeds);
2. opens ``/api/kernels/<id>/channels`` (Jupyter's kernel websocket, JSON frames; binary frames with
   buffers are decoded too) and, as ipywidgets' manager does, opens a ``jupyter.widget.control`` comm and
   asks for every model's state (``request_states``);
3. types the page's address into the hidden ``explorer-address`` text widget, as the page's own script
   does (apps/base.py), which tells the app that its page has connected;
4. waits for the figure of the requested view (:func:`figure_payloads` finds figures in any message, and
   the scenario's ``expect`` text, the figure's PNG file name in its config, tells the requested view from
   the default one a pooled kernel drew first) -> ``figure_s``, measured from the request;
5. waits until the widget traffic has settled, changes one control (``Scenario.control``) and waits for
   the next figure -> ``change_s``;
6. stays ``dwell`` seconds, closes the websocket and leaves (the kernel stays until Voilà culls it, as
   after a closed tab).

:func:`static_viewer` does the same for the static site over HTTP only: the page and every file it loads
(scripts, styles; plotly.js and the geometry included), then a second page with those files cached.

Loopback only (:func:`check_loopback`), bounded in viewers and time by the caller (benchmarks/load.py,
tests/test_load_protocol.py). Uses ``websockets`` (a dependency of Voilà itself; the ``test`` extra).
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
import struct
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Callable

PLOTLY_MIME = "application/vnd.plotly.v1+json"
ERROR_TEXTS = (
    "There was an error when executing cell",
    "Traceback (most recent call last)",
    "Error in callback",
    "class='explorer-error'",
    'class="explorer-error"',
)
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')
_FIGURE_DATA = re.compile(r'"data"\s*:\s*\[')
_FIGURE_LAYOUT = re.compile(r'"layout"\s*:\s*\{')
CONTROL_PROTOCOL_VERSION = "1.0.0"  # ipywidgets 8's jupyter.widget.control comm

PAGE_TIMEOUT_S = 180.0  # Voilà renders the notebook before answering when the pool is empty
FIGURE_TIMEOUT_S = 120.0  # no figure by then: the page is counted as hung
SETTLE_S, SETTLE_MAX_S = 1.0, 20.0


# -- what counts as a figure (the one place that knows how figures travel) ----------------------------------


def _looks_like_figure(text: str) -> bool:
    return bool(_FIGURE_DATA.search(text) and _FIGURE_LAYOUT.search(text))


def _figures_in_state(state: dict) -> list[str]:
    found = []
    if isinstance(state.get("_data"), list) and isinstance(state.get("_layout"), dict):  # go.FigureWidget
        found.append(json.dumps({"data": state["_data"], "layout": state["_layout"]}))
    for value in state.values():
        if isinstance(value, str) and len(value) > 40 and ("data" in value):
            text = html.unescape(value) if "&quot;" in value or "&#x27;" in value else value
            if _looks_like_figure(text):  # anywidget trait, HTML attribute (data-plot), ...
                found.append(text)
        elif isinstance(value, list):  # an Output widget's outputs
            for output in value:
                if isinstance(output, dict) and PLOTLY_MIME in output.get("data", {}):
                    found.append(json.dumps(output["data"][PLOTLY_MIME]))
    return found


def figure_payloads(message: dict) -> list[str]:
    """The Plotly figures (as JSON text) a kernel message carries to the page; empty if none.

    Recognised, whatever renderer the dashboards use: a widget whose state holds a Plotly figure's JSON
    (``{"data": [...], "layout": {...}}`` in any string trait, HTML-escaped or not: the anywidget renderer
    of ``explorer/live_plot.py``, or an HTML widget's attribute), ``go.FigureWidget``'s ``_data``/``_layout``,
    an Output widget's outputs, and a display message with Plotly's mime type (``Output`` + ``fig.show()``).
    """
    msg_type = message.get("header", {}).get("msg_type")
    content = message.get("content", {})
    if msg_type in ("display_data", "execute_result", "update_display_data"):
        data = content.get("data", {})
        return [json.dumps(data[PLOTLY_MIME])] if PLOTLY_MIME in data else []
    if msg_type not in ("comm_msg", "comm_open"):
        return []
    data = content.get("data", {})
    if data.get("method") == "update_states":
        return [text for model in data.get("states", {}).values() for text in _figures_in_state(model["state"])]
    state = data.get("state")
    return _figures_in_state(state) if isinstance(state, dict) else []


def error_texts(text: str) -> list[str]:
    return [marker for marker in ERROR_TEXTS if marker in text]


# -- scenarios ---------------------------------------------------------------------------------------------


def _next_option(state: dict) -> dict:
    labels = state.get("_options_labels") or []
    return {"index": ((state.get("index") or 0) + 1) % max(len(labels), 1)}


def _toggle(state: dict) -> dict:
    return {"value": not state.get("value")}


def _compare_with(code: str) -> Callable[[dict], dict]:
    def change(state: dict) -> dict:
        options = state.get("options") or []
        return {"value": next((o for o in options if o.endswith(f"({code})")), options[-1] if options else "")}

    return change


@dataclass(frozen=True)
class Scenario:
    """A dashboard, its deep link, a text the requested view's figure contains, and one control change."""

    dashboard: str
    query: str
    expect: str
    control: str  # the widget's description
    change: Callable[[dict], dict] = field(compare=False)


SCENARIOS = {
    "map": Scenario(
        "map",
        "?instrument=traffic-persons-convention-1949&date=1960",
        "traffic-persons-convention-1949",
        "Instrument",
        _next_option,
    ),
    "timeline": Scenario("timeline", "?family=un,league", "timeline_", "Cases & events", _toggle),
    "country": Scenario("country", "?state=PHL", "country_PHL", "Compare", _compare_with("SWE")),
}
# The same views on the static site (explorer/static_site): the page a deep link would be, then a second one.
STATIC_PAGES = {
    "map": ("maps/traffic-persons-convention-1949.html", "maps/palermo-protocol-2000.html"),
    "timeline": ("timeline.html", "index.html"),
    "country": ("countries/PHL.html", "countries/SWE.html"),
}


def check_loopback(base: str) -> None:
    host = urllib.parse.urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load tests run on the loopback only, not {host!r}")


# -- results -----------------------------------------------------------------------------------------------


@dataclass
class Visit:
    dashboard: str
    viewer: int
    started: float
    page_s: float | None = None
    figure_s: float | None = None
    change_s: float | None = None
    error: str | None = None
    hung: bool = False
    models: int = 0
    received_mb: float = 0.0

    def as_dict(self) -> dict:
        return {key: (round(value, 3) if isinstance(value, float) else value) for key, value in self.__dict__.items()}


class Recorder(list):
    """Every visit, in the order they ended."""

    def summary(self) -> dict:
        def stats(values):
            values = sorted(v for v in values if v is not None)
            if not values:
                return {"n": 0, "p50": None, "p95": None, "max": None}
            pick = lambda q: values[min(len(values) - 1, int(round(q * (len(values) - 1))))]  # noqa: E731
            return {
                "n": len(values),
                "p50": round(pick(0.5), 2),
                "p95": round(pick(0.95), 2),
                "max": round(values[-1], 2),
            }

        return {
            "visits": len(self),
            "errors": sum(1 for v in self if v.error),
            "hung": sum(1 for v in self if v.hung),
            "page_s": stats(v.page_s for v in self),
            "figure_s": stats(v.figure_s for v in self),
            "change_s": stats(v.change_s for v in self),
            "error_examples": [f"{v.dashboard}: {v.error}" for v in self if v.error][:5],
        }


# -- the kernel websocket ----------------------------------------------------------------------------------


def decode_frame(frame: str | bytes) -> dict:
    """A message from Jupyter's kernel websocket (legacy protocol: JSON text, or binary with buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = [struct.unpack("!I", frame[4 + 4 * i : 8 + 4 * i])[0] for i in range(count)] + [len(frame)]
    message = json.loads(frame[offsets[0] : offsets[1]].decode("utf-8"))
    message["buffers"] = [frame[offsets[i] : offsets[i + 1]] for i in range(1, count)]
    return message


class KernelChannel:
    """One page's websocket to its kernel, speaking as the widget manager of a browser tab does."""

    def __init__(self, websocket, session: str):
        self.websocket, self.session = websocket, session
        self.models: dict[str, dict] = {}
        self.received_bytes = 0

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": self.session,
            "username": "",
            "date": "",
            "version": "5.3",
        }
        await self.websocket.send(
            json.dumps(
                {
                    "header": header,
                    "parent_header": {},
                    "metadata": metadata or {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )

    async def receive(self, timeout: float) -> dict:
        frame = await asyncio.wait_for(self.websocket.recv(), timeout=timeout)
        self.received_bytes += len(frame)
        message = decode_frame(frame)
        self._track(message)
        return message

    def _track(self, message: dict) -> None:
        msg_type, content = message["header"]["msg_type"], message.get("content", {})
        if msg_type == "comm_open" and "state" in content.get("data", {}):
            self.models[content["comm_id"]] = {
                "model_name": content["data"]["state"].get("_model_name"),
                "state": dict(content["data"]["state"]),
            }
        elif msg_type == "comm_msg":
            data = content.get("data", {})
            if data.get("method") == "update_states":
                for model_id, model in data.get("states", {}).items():
                    self.models[model_id] = {"model_name": model.get("model_name"), "state": dict(model["state"])}
            elif data.get("method") in ("update", "echo_update") and content.get("comm_id") in self.models:
                self.models[content["comm_id"]]["state"].update(data.get("state", {}))

    async def request_states(self) -> None:
        control = uuid.uuid4().hex
        await self.send(
            "comm_open",
            {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": CONTROL_PROTOCOL_VERSION},
        )
        await self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})

    async def update(self, model_id: str, state: dict) -> None:
        await self.send(
            "comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}}
        )
        self.models[model_id]["state"].update(state)

    def find(self, predicate) -> str | None:
        return next((model_id for model_id, model in self.models.items() if predicate(model)), None)


def _fetch(url: str, timeout: float) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


async def _wait_for_figure(channel: KernelChannel, deadline: float, expect: str = "") -> bool:
    """Read messages until one carries a figure containing ``expect``; False at the deadline."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            message = await channel.receive(remaining)
        except asyncio.TimeoutError:
            return False
        for text in figure_payloads(message):
            if expect in text:
                return True


async def _settle(channel: KernelChannel) -> None:
    """Wait until no message has come for SETTLE_S (at most SETTLE_MAX_S): the view is drawn."""
    deadline = time.monotonic() + SETTLE_MAX_S
    while time.monotonic() < deadline:
        try:
            await channel.receive(SETTLE_S)
        except asyncio.TimeoutError:
            return


async def voila_viewer(base: str, scenario: Scenario, visit: Visit, dwell: float = 0.0, width: int = 1280) -> Visit:
    """One visit of a dashboard page (see the module docstring); fills and returns ``visit``."""
    from websockets.asyncio.client import connect

    check_loopback(base)
    url = f"{base}voila/render/{scenario.dashboard}.ipynb{scenario.query}"
    started = time.monotonic()
    try:
        status, body = await asyncio.to_thread(_fetch, url, PAGE_TIMEOUT_S)
        visit.page_s = time.monotonic() - started
        page = body.decode("utf-8", errors="replace")
        if status != 200 or error_texts(page):
            visit.error = f"page: HTTP {status} {error_texts(page)}"
            return visit
        match = KERNEL_ID.search(page)
        if not match:
            visit.error = "page: no kernel id"
            return visit
        session = uuid.uuid4().hex
        ws_url = base.replace("http://", "ws://", 1) + f"api/kernels/{match.group(1)}/channels?session_id={session}"
        async with connect(ws_url, max_size=None, open_timeout=30, ping_interval=None) as websocket:
            channel = KernelChannel(websocket, session)
            await channel.request_states()
            deadline = time.monotonic() + FIGURE_TIMEOUT_S
            # The state of every model first (it may already hold the requested view's figure).
            while True:
                message = await channel.receive(max(0.01, deadline - time.monotonic()))
                if any(scenario.expect in text for text in figure_payloads(message)):
                    visit.figure_s = visit.figure_s or time.monotonic() - started
                if message.get("content", {}).get("data", {}).get("method") == "update_states":
                    break
            address = channel.find(lambda m: "explorer-address" in m["state"].get("_dom_classes", []))
            if address:  # what the page's script does (apps/base.py): tell the app its page has connected
                await channel.update(address, {"value": json.dumps({"href": url, "width": width})})
            if visit.figure_s is None:
                if not await _wait_for_figure(channel, deadline, scenario.expect):
                    visit.hung = True
                    visit.error = f"no figure with {scenario.expect!r} within {FIGURE_TIMEOUT_S:.0f} s"
                    return visit
                visit.figure_s = time.monotonic() - started
            await _settle(channel)
            control = channel.find(lambda m: m["state"].get("description") == scenario.control)
            if control is None:
                visit.error = f"no control {scenario.control!r}"
                return visit
            changed = time.monotonic()
            await channel.update(control, scenario.change(channel.models[control]["state"]))
            if not await _wait_for_figure(channel, changed + FIGURE_TIMEOUT_S):
                visit.hung = True
                visit.error = f"no figure after changing {scenario.control!r}"
                return visit
            visit.change_s = time.monotonic() - changed
            problems = {
                marker
                for model in channel.models.values()
                for value in model["state"].values()
                if isinstance(value, str)
                for marker in error_texts(value)
            }
            if problems:
                visit.error = f"error text in the widgets: {sorted(problems)}"
            visit.models = len(channel.models)
            end = started + max(dwell, 0.0)
            while time.monotonic() < end:  # stay on the page, reading what comes (heartbeats, ...)
                try:
                    await channel.receive(end - time.monotonic())
                except asyncio.TimeoutError:
                    break
            visit.received_mb = channel.received_bytes / 2**20
    except Exception as error:  # counted and reported; the run goes on
        visit.hung = visit.hung or isinstance(error, (asyncio.TimeoutError, TimeoutError))
        visit.error = visit.error or f"{type(error).__name__}: {str(error)[:160]}"
    return visit


_ASSET = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref|img[^>]*\ssrc)=["']([^"'#?]+)[^"']*["']""", re.I)


async def static_viewer(
    base: str, pages: tuple[str, str], visit: Visit, dwell: float = 0.0, cache: set | None = None
) -> Visit:
    """A visit of the static site over HTTP: a page and every local file it loads (``figure_s``: all there),
    then a second page, loading only what it adds (``change_s``)."""
    check_loopback(base)
    cache = set() if cache is None else cache
    started = time.monotonic()

    async def open_page(path: str) -> None:
        url = urllib.parse.urljoin(base, path)
        status, body = await asyncio.to_thread(_fetch, url, PAGE_TIMEOUT_S)
        if status != 200:
            raise RuntimeError(f"HTTP {status} for {path}")
        visit.received_mb += len(body) / 2**20
        assets = [urllib.parse.urljoin(url, src) for src in _ASSET.findall(body.decode("utf-8", errors="replace"))]
        assets = [a for a in dict.fromkeys(assets) if a.startswith(base) and a not in cache]
        for asset in assets:
            visit.received_mb += len((await asyncio.to_thread(_fetch, asset, PAGE_TIMEOUT_S))[1]) / 2**20
            cache.add(asset)
        visit.models += len(assets)  # here: the files the page loaded

    try:
        await open_page(pages[0])
        visit.page_s = visit.figure_s = time.monotonic() - started
        changed = time.monotonic()
        await open_page(pages[1])
        visit.change_s = time.monotonic() - changed
        await asyncio.sleep(max(0.0, started + dwell - time.monotonic()))
    except Exception as error:
        visit.error = f"{type(error).__name__}: {str(error)[:160]}"
    return visit


# -- a crowd -----------------------------------------------------------------------------------------------


async def crowd(
    viewer,
    viewers: int,
    arrival_s: float,
    duration_s: float,
    recorder: Recorder,
    dashboards: list[str],
    dwell: tuple[float, float] = (20.0, 40.0),
    pause: tuple[float, float] = (2.0, 8.0),
    seed: int = 17,
    once: bool = False,
) -> None:
    """``viewers`` viewers arrive at random within ``arrival_s``; each opens a page (dashboards in turn), stays
    a while, leaves, and comes back after a pause until ``duration_s`` has passed (``once``: one visit each). ``viewer(index, dashboard, visit, dwell)`` makes one visit."""
    from concurrent.futures import ThreadPoolExecutor

    # HTTP requests run in threads (urllib): enough of them for every viewer at once.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=viewers + 8))
    generator = random.Random(seed)
    start = time.monotonic()
    stop_at = start + duration_s

    async def one(index: int, arrive: float) -> None:
        await asyncio.sleep(arrive)
        round_number = 0
        while round_number == 0 or time.monotonic() < stop_at:  # every viewer who arrives opens a page
            dashboard = dashboards[(index + round_number) % len(dashboards)]
            visit = Visit(dashboard, index, round(time.monotonic() - start, 2))
            stay = generator.uniform(*dwell)
            recorder.append(await viewer(index, dashboard, visit, stay))
            round_number += 1
            if once:
                return
            await asyncio.sleep(generator.uniform(*pause))

    arrivals = sorted(generator.uniform(0, arrival_s) for _ in range(viewers))
    await asyncio.gather(*(one(index, arrive) for index, arrive in enumerate(arrivals)))


def voila_crowd_viewer(base: str):
    async def viewer(index, dashboard, visit, dwell):
        return await voila_viewer(base, SCENARIOS[dashboard], visit, dwell)

    return viewer


def static_crowd_viewer(base: str):
    async def viewer(index, dashboard, visit, dwell):
        return await static_viewer(base, STATIC_PAGES[dashboard], visit, dwell)

    return viewer

"""Voilà hardening, proven against a running server: viewers cannot execute code over the kernel
websocket, no notebook source reaches the page, a broken data folder gives a friendly message
(no traceback), and HTML from the data is shown as text in a real browser."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

from explorer import build as build_module

import fixture_data
from browser import ERROR_TEXTS, PLOT_SELECTOR, BlockedRequests, assert_no_error_text, goto_with_one_retry, launch
from conftest import ARTIFACTS_DIR, REPO_DIR
from voila_server import voila_server

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Treaty & <b>bold</b>'


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=180) as response:
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def server():
    with voila_server(log_path=ARTIFACTS_DIR / "voila-hardening.log") as base:
        yield base


def test_voila_configuration_is_hardened():
    config = json.loads((REPO_DIR / "dashboards" / "voila.json").read_text())
    voila = config["VoilaConfiguration"]
    assert voila["strip_sources"] is True and voila["show_tracebacks"] is False
    assert 30 <= config["VoilaExecutor"]["timeout"] <= 300, "a cell may not run for ever"
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert all(not pattern.startswith(".*") for pattern in voila["file_allowlist"]), "serve only what is needed"


def test_a_slow_kernel_cannot_lose_a_cells_output():
    """nbclient stops collecting a cell's output 4 s after its reply by default and renders the page without
    it: in a soak under load (307 'Timeout waiting for IOPub output' warnings) chromium viewers got blank
    pages. voila.json's executor waits longer, and the setting is one the executor really reads."""
    import nbformat
    from traitlets.config import Config
    from voila.execute import VoilaExecutor

    config = json.loads((REPO_DIR / "dashboards" / "voila.json").read_text())
    executor = VoilaExecutor(nbformat.v4.new_notebook(), config=Config(config))
    assert executor.iopub_timeout >= 30 and executor.raise_on_iopub_timeout is False
    assert executor.timeout == config["VoilaExecutor"]["timeout"]


@pytest.mark.parametrize("name", ["timeline", "map", "country"])
def test_rendered_page_carries_no_notebook_source(server, name):
    html = _fetch(f"{server}voila/render/{name}.ipynb")
    assert '"kernelId"' in html, "the page did not render"
    for source_text in ("build_app", "import explorer", "from explorer"):
        assert source_text not in html, f"notebook source ({source_text!r}) reached the {name} page"
    for marker in ERROR_TEXTS:
        assert marker not in html


async def _talk_to_kernel(ws_url: str, marker: Path) -> dict:
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex
    connection = await websocket_connect(f"{ws_url}?session_id={session}")

    def message(msg_type: str, content: dict) -> str:
        return json.dumps(
            {
                "header": {
                    "msg_id": uuid.uuid4().hex,
                    "username": "viewer",
                    "session": session,
                    "msg_type": msg_type,
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )

    replies = []
    await connection.write_message(message("kernel_info_request", {}))
    code = f"open({str(marker)!r}, 'w').write('executed')"
    await connection.write_message(
        message(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 8
    while loop.time() < deadline:
        try:
            raw = await asyncio.wait_for(connection.read_message(), timeout=max(0.1, deadline - loop.time()))
        except asyncio.TimeoutError:
            break
        if raw is None:
            break
        if isinstance(raw, str):
            replies.append(json.loads(raw)["header"]["msg_type"])
    connection.close()
    return {"types": replies}


def test_websocket_execute_request_from_a_viewer_is_refused(server, tmp_path):
    html = _fetch(f"{server}voila/render/map.ipynb")
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html).group(1)
    ws_url = server.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
    marker = tmp_path / "viewer-ran-code.txt"
    result = asyncio.run(_talk_to_kernel(ws_url, marker))
    # The channel works (positive control) ...
    assert "kernel_info_reply" in result["types"], result
    # ... but the code was never run and never answered.
    assert "execute_reply" not in result["types"] and "execute_input" not in result["types"], result
    assert not marker.exists(), "a viewer executed code in the dashboard's kernel"
    log = (ARTIFACTS_DIR / "voila-hardening.log").read_text()
    assert 'Received message of type "execute_request", which is not allowed' in log


def _broken_data_dir(tmp_path: Path) -> Path:
    curated = fixture_data.write_curated(tmp_path)
    build_module.build(curated, tmp_path / "tables")
    (tmp_path / "tables" / "participation.parquet").write_bytes(b"PAR1 this is not a parquet file")
    return tmp_path


def _hostile_data_dir(tmp_path: Path) -> Path:
    curated = fixture_data.write_curated(tmp_path)
    path = curated / "instruments" / "test.yaml"
    rows = yaml.safe_load(path.read_text())
    rows[0]["short_title"] = HOSTILE_TITLE
    path.write_text(yaml.safe_dump(rows, allow_unicode=True))
    build_module.build(curated, tmp_path / "tables")
    return tmp_path


@contextlib.contextmanager
def _page_on_own_server(path: str, log_name: str, data_dir: Path | None = None, prefix: str = "/"):
    """A Voilà server of its own (another data folder, a path prefix) and one page open on ``path``.

    Yields ``(page, errors, base)``; ``errors`` collects uncaught JavaScript errors of the page."""
    env = {"EXPLORER_DATA_DIR": str(data_dir)} if data_dir else None
    with (
        voila_server(env=env, log_path=ARTIFACTS_DIR / log_name, prefix=prefix) as base,
        playwright_api.sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.route("**/*", BlockedRequests().handler)
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            goto_with_one_retry(page, base + path, ARTIFACTS_DIR / "retries.log")
            yield page, errors, base
        finally:
            browser.close()


def test_corrupt_data_gives_a_friendly_message_not_a_traceback(tmp_path):
    with _page_on_own_server(
        "voila/render/map.ipynb", "voila-broken-data.log", data_dir=_broken_data_dir(tmp_path)
    ) as (page, errors, _):
        alert = page.wait_for_selector(".explorer-error", timeout=90_000)
        text = alert.inner_text()
        page.screenshot(path=str(ARTIFACTS_DIR / "hardening-broken-data.png"), full_page=True)
        assert "could not start" in text and "participation.parquet is corrupt" in text and "make data" in text
        assert_no_error_text(page)
        assert errors == []


def test_html_in_the_data_is_shown_as_text_in_the_browser(tmp_path):
    with _page_on_own_server(
        "voila/render/timeline.ipynb?instrument=treaty-a",
        "voila-hostile-data.log",
        data_dir=_hostile_data_dir(tmp_path),
    ) as (page, errors, _):
        page.wait_for_selector(PLOT_SELECTOR, timeout=90_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS_DIR / "hardening-hostile-title.png"), full_page=True)
        assert page.evaluate("() => window.__pwned") is None, "HTML from the data was executed"
        assert page.locator("img[src='x']").count() == 0
        assert "Treaty & <b>bold</b>" in page.inner_text("body"), "the title is not shown as written"
        assert_no_error_text(page)
        assert errors == []


def test_dashboards_work_under_a_path_prefix_as_behind_a_reverse_proxy():
    with _page_on_own_server(
        "voila/render/map.ipynb?instrument=cedaw-1979&date=1985", "voila-prefix.log", prefix="/explorer/"
    ) as (page, errors, base):
        assert base.endswith("/explorer/")
        page.wait_for_selector("path.choroplethlocation", timeout=90_000)
        page.wait_for_function(
            "() => (document.querySelector('#map-summary') || {innerText: ''}).innerText.includes('31 December 1985')",
            timeout=60_000,
        )
        assert page.locator("path.choroplethlocation").count() >= 200, "the geometry was not found under the prefix"
        page.screenshot(path=str(ARTIFACTS_DIR / "hardening-prefix.png"), full_page=True)
        assert_no_error_text(page)
        assert errors == []

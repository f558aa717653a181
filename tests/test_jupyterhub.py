"""Smoke test of deploy/jupyterhub: a real JupyterHub on loopback serves the map to an anonymous visitor.

The hub is started from deploy/jupyterhub/jupyterhub_config.py with only what the config lets the
environment change (ports, state folder, spawner): tmpauthenticator logs the visitor in, the
idle culler runs as a hub service, configurable-http-proxy (from npm, `make test` installs it into
.cache/npm) routes, and SimpleLocalProcessSpawner starts `jupyterhub-singleuser` with the Voilà
server extension. Headless chromium lands on the dashboards list, opens the map and must see it
drawn, with every request to another host blocked; the visitor's server must refuse terminals, file
writes and code sent over the kernel websocket. Stopping the hub must leave no process behind.

Runs in `make test` and CI. Skip it locally with SKIP_JUPYTERHUB_TEST=1 or `pytest -m "not jupyterhub"`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import PLOT_SELECTOR, BlockedRequests, assert_no_error_text, launch
from conftest import ARTIFACTS_DIR, REPO_DIR
from voila_server import free_port

pytestmark = [pytest.mark.jupyterhub, pytest.mark.browser]

CONFIG = REPO_DIR / "deploy" / "jupyterhub" / "jupyterhub_config.py"
NPM_PROXY = REPO_DIR / ".cache" / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
# Voilà's own templates link Font Awesome from a CDN (the tree page and the notebook page); blocked
# here, the pages work without it. Anything else leaving the loopback fails the test.
KNOWN_EXTERNAL = ("cdn.jsdelivr.net/npm/font-awesome@", "cdn.jsdelivr.net/npm/@fortawesome/")


def _proxy_command() -> Path:
    """configurable-http-proxy: the npm copy `make test` installs, else one on PATH (conda brings one).

    Missing is a failure, not a skip: CI must run this test."""
    if NPM_PROXY.exists():
        return NPM_PROXY
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found)
    pytest.fail(
        "configurable-http-proxy is missing: `make test` installs it into .cache/npm (alone: "
        "`make .cache/npm/node_modules/.bin/configurable-http-proxy`, needs npm); "
        "set SKIP_JUPYTERHUB_TEST=1 to skip this test locally"
    )


def _descendants(pid: int) -> dict[int, str]:
    """PID -> command line of every process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            try:
                found[child] = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def hub(tmp_path):
    if os.environ.get("SKIP_JUPYTERHUB_TEST") == "1":
        pytest.skip("SKIP_JUPYTERHUB_TEST=1")
    proxy = _proxy_command()
    for module in ("jupyterhub", "tmpauthenticator", "jupyterhub_idle_culler"):
        if subprocess.run([sys.executable, "-c", f"import {module}"], check=False, capture_output=True).returncode:
            pytest.fail(
                f"Python package for {module!r} is missing: install the hub extras, `pip install -e '.[test,hub]'`"
            )
    assert (REPO_DIR / "dashboards" / "static" / "world_50m.json").exists(), "run `make data` first"

    port = free_port()
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(proxy.parent), str(bin_dir), os.environ.get("PATH", "")]),
        "EXPLORER_HUB_IP": "127.0.0.1",
        "EXPLORER_HUB_PORT": str(port),
        "EXPLORER_HUB_HUB_PORT": str(free_port()),
        "EXPLORER_HUB_PROXY_API_PORT": str(free_port()),
        "EXPLORER_HUB_DATA_DIR": str(tmp_path / "hub"),
        "EXPLORER_HUB_SPAWNER": "jupyterhub.spawner.SimpleLocalProcessSpawner",
        "EXPLORER_HUB_SINGLEUSER": str(bin_dir / "jupyterhub-singleuser"),
    }
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    log_path = ARTIFACTS_DIR / "jupyterhub.log"
    # The only setting not from the config file: the hub waits 10 s for each process to obey SIGINT
    # before it sends SIGTERM; the culler and Jupyter servers ignore it here, so the test would
    # spend half its time waiting. Production keeps the default.
    command = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG), "--LocalProcessSpawner.interrupt_timeout=1"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/hub/health", timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"JupyterHub did not start; see {log_path}:\n{log_path.read_text()[-3000:]}")
                    time.sleep(0.3)
            yield base, process, log_path
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()


# Runs in the page: a second connection to the dashboard's kernel (the visitor's cookies go with it)
# asks for kernel info, then tries to execute code; returns the types of the messages that came back.
KERNEL_PROBE = """async ({url, code}) => {
    const session = crypto.randomUUID();
    const socket = new WebSocket(`${url}?session_id=${session}`);
    const types = [];
    socket.onmessage = (event) => { if (typeof event.data === 'string') types.push(JSON.parse(event.data).header.msg_type); };
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
    const send = (msg_type, content) => socket.send(JSON.stringify({
        header: {msg_id: crypto.randomUUID(), username: 'visitor', session, msg_type, version: '5.3', date: ''},
        parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []}));
    send('kernel_info_request', {});
    send('execute_request', {code, silent: false, store_history: false, user_expressions: {},
                             allow_stdin: false, stop_on_error: true});
    await new Promise((resolve) => setTimeout(resolve, 5000));
    socket.close();
    return types;
}"""


def test_anonymous_visitor_sees_the_map_through_jupyterhub(hub, tmp_path):
    from playwright.sync_api import sync_playwright

    base, process, log_path = hub
    responses, console = [], []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            blocked = BlockedRequests()
            page.route("**/*", blocked.handler)
            page.on("response", lambda response: responses.append((response.status, response.url)))
            page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

            # "/" -> temporary user -> own server -> Spawner.default_url, the home page with its three entry points.
            page.goto(f"{base}/", wait_until="domcontentloaded", timeout=90_000)
            page.wait_for_url("**/user/*/voila/render/home.ipynb**", timeout=90_000)
            user_url = page.url.split("/voila/render/")[0]
            page.wait_for_selector("#home-cards", timeout=90_000)
            for name in ("map.ipynb", "timeline.ipynb", "country.ipynb"):
                assert page.locator(f"#home-cards a[href^='{name}']").count() >= 1, name
            # The list of dashboards is still there, without the geometry folder.
            page.goto(f"{user_url}/voila/tree", wait_until="domcontentloaded", timeout=90_000)
            for name in ("map.ipynb", "timeline.ipynb", "country.ipynb"):
                page.get_by_text(name).first.wait_for(timeout=30_000)

            page.goto(f"{user_url}/voila/render/map.ipynb", wait_until="domcontentloaded", timeout=90_000)
            page.wait_for_selector(PLOT_SELECTOR, timeout=90_000)
            page.wait_for_function(
                "() => document.querySelectorAll('path.choroplethlocation').length > 150", timeout=60_000
            )
            time.sleep(1)
            page.screenshot(path=str(ARTIFACTS_DIR / "jupyterhub-map.png"), full_page=True)
            (ARTIFACTS_DIR / "jupyterhub-map.console.log").write_text("\n".join(console))

            shapes = page.locator("path.choroplethlocation").count()
            assert shapes > 150, f"only {shapes} countries drawn"
            assert_no_error_text(page)
            assert [line for line in console if line.startswith("pageerror")] == []
            # The map's geometry came from this visitor's own server, under its /user/<name>/ prefix.
            assert (200, f"{user_url}/voila/files/static/world_50m.json") in responses
            unexpected = [url for url in blocked if not any(known in url for known in KNOWN_EXTERNAL)]
            assert unexpected == [], f"the pages tried to reach the internet: {unexpected}"

            # deploy/singleuser/jupyter_server_config.py is in force: no terminals, nothing written.
            assert context.request.get(f"{user_url}/api/terminals").status == 404
            xsrf = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == "_xsrf")
            put = context.request.put(
                f"{user_url}/api/contents/visitor.ipynb",
                headers={"X-XSRFToken": xsrf},
                data=json.dumps(
                    {"type": "notebook", "content": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}
                ),
            )
            assert put.status == 403 and "read-only" in put.text(), (put.status, put.text()[:300])
            assert not (REPO_DIR / "dashboards" / "visitor.ipynb").exists()
            # ... and the kernel websocket carries widget messages only, as in standalone Voilà.
            kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content()).group(1)
            marker = tmp_path / "visitor-ran-code.txt"
            types = page.evaluate(
                KERNEL_PROBE,
                {
                    "url": f"{user_url.replace('http://', 'ws://')}/api/kernels/{kernel_id}/channels",
                    "code": f"open({str(marker)!r}, 'w').write('executed')",
                },
            )
            assert "kernel_info_reply" in types, types  # the channel works ...
            assert "execute_reply" not in types and "execute_input" not in types, types  # ... code does not
            assert not marker.exists(), "a visitor executed code in the dashboard's kernel"
        finally:
            browser.close()

    # Everything the hub started: the proxy, the culler service, the visitor's server (and its kernel).
    started = _descendants(process.pid)
    singleuser = [pid for pid, cmd in started.items() if "jupyterhub-singleuser" in cmd]
    assert singleuser, f"no single-user server among the hub's processes: {started}"
    assert any("configurable-http-proxy" in cmd for cmd in started.values()), started
    assert any("jupyterhub_idle_culler" in cmd for cmd in started.values()), "the idle culler is not running"

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0, f"JupyterHub did not stop cleanly; see {log_path}"
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.3)
    leftovers = {pid: cmd for pid, cmd in started.items() if _alive(pid)}
    assert leftovers == {}, f"processes left after the hub stopped: {leftovers}"
    log = log_path.read_text()
    assert "Service jupyterhub-idle-culler exited" not in log
    assert 'Received message of type "execute_request", which is not allowed' in log

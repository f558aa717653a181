"""A dashboard in JupyterLab, as students open it: ``jupyter lab`` on a loopback port (with a token), a small
notebook that displays one app, run in Debian's chromium with every other host blocked. Its chart must be
drawn, with plotly.js from the package's own files (no CDN, no Voilà file route)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import time

import pytest

from explorer.live_plot import plotly_js_source
from explorer.plotly_js import file_version

from browser import ERROR_TEXTS, PLOT_SELECTOR, BlockedRequests, launch
from conftest import ARTIFACTS_DIR
from voila_server import free_port, served_process

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")
pytest.importorskip("jupyterlab")

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "app",
            "metadata": {},
            "outputs": [],
            "source": ["import explorer\n", "\n", 'explorer.build_app("country", query="state=SGP")'],
        }
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@contextlib.contextmanager
def jupyter_lab(root, log_path):
    """Yield (base URL, token) of ``jupyter lab`` serving ``root`` on a free loopback port."""
    port, token = free_port(), secrets.token_hex(16)
    # Its settings, workspaces and runtime files in the test's folder (not the user's); no news toast.
    notification = root / ".settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",  # no news or update checks (the network is not there)
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # no PyPI
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run the notebook's cells by command
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]
    base = f"http://127.0.0.1:{port}/"
    with served_process(command, root, env, log_path, f"{base}api/status?token={token}"):
        yield base, token


def test_an_app_draws_its_chart_in_jupyterlab(tmp_path, real_tables):
    from playwright.sync_api import sync_playwright

    (tmp_path / "app.ipynb").write_text(json.dumps(NOTEBOOK))
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    started = time.monotonic()
    with jupyter_lab(tmp_path, ARTIFACTS_DIR / "jupyterlab.log") as (base, token), sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            blocked = BlockedRequests()
            page.route("**/*", blocked.handler)
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            plotly_requests = []
            page.on("request", lambda r: plotly_requests.append(r.url) if "plotly" in r.url else None)
            page.goto(f"{base}lab/tree/app.ipynb?token={token}", wait_until="domcontentloaded", timeout=60_000)
            # The notebook is open and its kernel idle: run its cell.
            page.wait_for_function(
                """() => {
                const app = window.jupyterapp, widget = app && app.shell.currentWidget;
                const kernel = widget && widget.sessionContext && widget.sessionContext.session
                    && widget.sessionContext.session.kernel;
                return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
            }""",
                timeout=60_000,
            )
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            try:
                page.wait_for_selector(f".jp-OutputArea {PLOT_SELECTOR}", timeout=45_000)
                page.wait_for_function(
                    "() => document.querySelectorAll('.jp-OutputArea .js-plotly-plot .main-svg').length >= 1"
                    " && !!document.querySelector('.explorer-country-canvas .explorer-live-plot[data-drawn]')",
                    timeout=30_000,
                )
            finally:
                page.screenshot(path=str(ARTIFACTS_DIR / "jupyterlab-country.png"), full_page=False)
            # plotly.js came from the kernel (the file the dashboard's page would load), not from a file route.
            assert page.evaluate("() => window.Plotly.version") == file_version(plotly_js_source("scatter", "heatmap"))
            assert not [url for url in plotly_requests if "/voila/files/" in url], plotly_requests
            outputs = page.inner_text(".jp-OutputArea")
            for marker in [*ERROR_TEXTS, "could not be drawn", "could not start"]:
                assert marker not in outputs, f"the notebook's output shows {marker!r}"
            assert "Singapore" in outputs  # the app drew the linked state's profile
            assert not errors, errors
            assert not [url for url in blocked if "plotly" in url], blocked  # never a CDN's plotly.js
        finally:
            browser.close()
    assert time.monotonic() - started < 90

"""Start Voilà on a free loopback port for the browser tests and benchmarks, and stop it afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def voila_server(extra_args=(), env=None, log_path: Path | None = None, prefix: str = "/"):
    """Yield the base URL of a Voilà server serving ``dashboards/`` (tree mode).

    ``prefix`` serves it under a path (``--Voila.base_url``), as behind a reverse proxy."""
    port = free_port()
    log_path = log_path or (REPO_DIR / "test-artifacts" / f"voila-{port}.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "explorer.serving",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        *([f"--Voila.base_url={prefix}"] if prefix != "/" else []),
        *extra_args,
        ".",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_DIR / "dashboards",
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}{prefix}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    # The file list, not "/": that redirects to the home page, which would start a kernel.
                    urllib.request.urlopen(base + "voila/tree", timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"Voilà did not start; see {log_path}")
                    time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

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
    base = f"http://127.0.0.1:{port}{prefix}"
    # The file list, not "/": that redirects to the home page, which would start a kernel.
    with served_process(command, REPO_DIR / "dashboards", {**os.environ, **(env or {})}, log_path, base + "voila/tree"):
        yield base


@contextlib.contextmanager
def served_process(command, cwd, env, log_path: Path, ready_url: str, seconds: float = 60):
    """Run a server ``command`` (output to ``log_path``) until ``ready_url`` answers; stop it afterwards."""
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + seconds
            while True:
                try:
                    urllib.request.urlopen(ready_url, timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{command[:3]} did not start; see {log_path}")
                    time.sleep(0.3)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

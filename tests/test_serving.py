"""The server-side polling workaround (explorer/serving.py) keeps get_msg's meaning: a message is
returned when it comes, Empty is raised only when the caller's whole timeout has passed."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from explorer import serving

from conftest import REPO_DIR


def test_make_serve_and_the_tests_start_voila_through_the_workaround():
    assert "-m explorer.serving" in (REPO_DIR / "Makefile").read_text()
    assert re.search(r'"-m",\s*"explorer\.serving"', (REPO_DIR / "tests" / "voila_server.py").read_text())
    # It is Voilà's own command line.
    result = subprocess.run(
        [sys.executable, "-m", "explorer.serving", "--version"], capture_output=True, text=True, timeout=120
    )
    import voila

    assert result.returncode == 0 and result.stdout.strip() == voila.__version__


def test_sliced_polls_return_late_messages_and_time_out_only_at_the_end(monkeypatch):
    serving.slice_kernel_client_polls()
    monkeypatch.setattr(serving, "POLL_SLICE_SECONDS", 0.1)
    session = Session()

    async def scenario():
        context = zmq.asyncio.Context()
        receiver, sender = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
        port = receiver.bind_to_random_port("tcp://127.0.0.1")
        sender.connect(f"tcp://127.0.0.1:{port}")
        channel = AsyncZMQSocketChannel(receiver, session)
        try:
            started = time.monotonic()
            with pytest.raises(Empty):
                await channel.get_msg(timeout=0.6)
            waited = time.monotonic() - started
            # A message sent after several slices have passed still arrives.
            asyncio.get_running_loop().call_later(0.45, lambda: session.send(sender, "execute_reply", {"ok": 1}))
            message = await channel.get_msg(timeout=5)
            return waited, message
        finally:
            receiver.close(0)
            sender.close(0)
            context.term()

    waited, message = asyncio.run(scenario())
    assert waited >= 0.55, "Empty was raised before the caller's timeout"
    assert message["header"]["msg_type"] == "execute_reply" and message["content"] == {"ok": 1}


# --- a pool sized for a class (make serve POOL=N) -------------------------------------------------------------


def test_pool_settings_are_read_as_kernels_per_dashboard():
    assert serving.parse_pool("") == (None, {})
    assert serving.parse_pool("25") == (25, {})
    assert serving.parse_pool("map=25, timeline=2") == (None, {"map.ipynb": 25, "timeline.ipynb": 2})
    assert serving.parse_pool("map=25,1") == (1, {"map.ipynb": 25})
    for bad in ("many", "map=lots", "../x=3", "-1"):
        with pytest.raises(SystemExit):
            serving.parse_pool(bad)


def test_make_serve_pool_reaches_the_server():
    """`make serve POOL=7` hands the pool to explorer.serving (EXPLORER_POOL), which makes it Voilà's
    --pool_size (test below); without POOL, voila.json's pool of 1 stays."""

    def dry_run(*args):
        return subprocess.run(
            ["make", "-n", "serve", *args], cwd=REPO_DIR, capture_output=True, text=True, timeout=60
        ).stdout

    assert "EXPLORER_POOL=7 " in dry_run("POOL=7") and "-m explorer.serving" in dry_run("POOL=7")
    assert "EXPLORER_POOL=map=30 " in dry_run("POOL=map=30")
    assert "EXPLORER_POOL" not in dry_run()


def test_pool_setting_reaches_voilas_configuration(monkeypatch):
    """``--pool_size=N`` (from POOL or EXPLORER_POOL) is Voilà's preheat pool per notebook, with preheating on."""
    from voila.app import Voila

    monkeypatch.chdir(REPO_DIR / "dashboards")  # where voila.json is read from, as `make serve` runs it
    argv = serving.pool_arguments(["--no-browser", "."], {"EXPLORER_POOL": "7"})
    assert argv == ["--no-browser", ".", "--pool_size=7"]
    assert serving.pool_arguments(["--pool_size=3", "."], {"EXPLORER_POOL": "7"}) == ["--pool_size=3", "."]
    app = Voila()
    app.initialize(argv)
    assert app.voila_configuration.preheat_kernel is True
    assert app.voila_configuration.default_pool_size == 7


def test_per_dashboard_pools_reach_the_kernel_manager():
    config = serving.pools_config(1, {"A": "b"}, {"EXPLORER_POOL": "map=25"})
    assert config["default"] == {"pool_size": 1, "kernel_env_variables": {"A": "b"}}
    assert config["map.ipynb"]["pool_size"] == 25
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    serving.refill_at_low_priority()
    import voila.app

    manager_class = voila.app.voila_kernel_manager_factory(AsyncMappingKernelManager, True, 4)
    assert manager_class.__name__.startswith("LowPriority")
    assert "kernel_pools_config" in manager_class.class_traits()
    # Without preheating there is no pool to refill; idle kernels are still culled concurrently.
    plain = voila.app.voila_kernel_manager_factory(AsyncMappingKernelManager, False, 4)
    assert not plain.__name__.startswith("LowPriority")
    assert issubclass(plain, serving.ConcurrentCulling) and issubclass(manager_class, serving.ConcurrentCulling)


def test_idle_kernels_are_culled_concurrently_and_one_failure_does_not_stop_the_others():
    class Log:
        def __init__(self):
            self.errors = []

        def error(self, message, *args, **kwargs):
            self.errors.append(message % args)

    class Manager(serving.ConcurrentCulling):
        def __init__(self, kernel_ids):
            self._kernels = dict.fromkeys(kernel_ids)
            self.entered, self.culled, self.log = set(), [], Log()
            self.all_entered = asyncio.Event()

        async def cull_kernel_if_idle(self, kernel_id):
            self.entered.add(kernel_id)
            if len(self.entered) == len(self._kernels):
                self.all_entered.set()
            # One after another (jupyter_server's own loop), the first check would wait here forever.
            await asyncio.wait_for(self.all_entered.wait(), timeout=10)
            if kernel_id == "b":
                raise RuntimeError("kernel b would not stop")
            self.culled.append(kernel_id)

    manager = Manager(["a", "b", "c", "d"])
    asyncio.run(manager.cull_kernels())
    assert sorted(manager.culled) == ["a", "c", "d"]
    assert len(manager.log.errors) == 1
    assert "kernel b would not stop" in manager.log.errors[0]


def test_renice_lowers_the_priority_of_every_thread_of_a_process():
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import threading, time; threading.Thread(target=time.sleep, args=(30,)).start(); time.sleep(30)",
        ]
    )
    try:
        time.sleep(0.5)
        assert serving.renice(child.pid, 7)
        import os

        nice_values = {
            int(open(f"/proc/{child.pid}/task/{task}/stat").read().rsplit(")", 1)[1].split()[16])
            for task in os.listdir(f"/proc/{child.pid}/task")
        }
        assert nice_values == {7}
    finally:
        child.kill()
        child.wait()


def test_kernels_get_the_lean_environment_unless_told_otherwise():
    environ = {}
    serving.lean_kernel_environment(environ)
    assert environ == serving.KERNEL_ENVIRONMENT
    environ = {"ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}
    serving.lean_kernel_environment(environ)
    assert environ["ARROW_DEFAULT_MEMORY_POOL"] == "mimalloc"


def test_a_pooled_kernel_learns_its_request_without_importing_voila(monkeypatch):
    """serving.wait_for_request speaks Voilà's hand-out websocket (one JSON message of request variables)."""
    import json
    import threading

    from websockets.sync.server import serve

    def hand_out(websocket):
        assert websocket.request.path == "/voila/query/kernel-1"
        websocket.send(json.dumps({"QUERY_STRING": "instrument=cedaw-1979", "SCRIPT_NAME": "/"}))

    with serve(hand_out, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        for key, value in {
            "VOILA_PREHEAT": "True",
            "VOILA_APP_PORT": str(port),
            "VOILA_SERVER_URL": "/",
            "VOILA_KERNEL_ID": "kernel-1",
            "QUERY_STRING": "",
        }.items():
            monkeypatch.setenv(key, value)
        serving.wait_for_request()
        server.shutdown()
    import os

    assert os.environ["QUERY_STRING"] == "instrument=cedaw-1979"
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    serving.wait_for_request("ws://127.0.0.1:9/nowhere")  # outside the pool: returns at once


def test_a_preloaded_link_reaches_its_dashboards_pool_and_the_kernel_draws_it():
    environ = {
        "EXPLORER_POOL": "map=25",
        "EXPLORER_PRELOAD": "map?instrument=ilo-c182&date=2020 country.ipynb?state=PHL",
    }
    config = serving.pools_config(2, {"A": "b"}, environ)
    assert config["default"] == {"pool_size": 2, "kernel_env_variables": {"A": "b"}}
    assert config["map.ipynb"] == {
        "pool_size": 25,
        "kernel_env_variables": {"A": "b", "EXPLORER_PRELOAD_QUERY": "instrument=ilo-c182&date=2020"},
    }
    assert config["country.ipynb"] == {
        "pool_size": 2,
        "kernel_env_variables": {"A": "b", "EXPLORER_PRELOAD_QUERY": "state=PHL"},
    }
    assert "timeline.ipynb" not in config
    with pytest.raises(SystemExit, match="PRELOAD"):
        serving.parse_preload("<script>?x=1")


def test_a_pooled_kernel_starts_from_its_preloaded_link_and_a_request_kernel_from_its_own(monkeypatch):
    from explorer import deeplink

    monkeypatch.setenv("QUERY_STRING", "instrument=crc-1989")
    monkeypatch.setenv("EXPLORER_PRELOAD_QUERY", "instrument=ilo-c182")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert deeplink.query_from_environment() == "instrument=ilo-c182"
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    assert deeplink.query_from_environment() == "instrument=crc-1989"
    monkeypatch.delenv("EXPLORER_PRELOAD_QUERY")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert deeplink.query_from_environment() == ""

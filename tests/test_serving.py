"""The server-side polling workaround (explorer/serving.py) keeps get_msg's meaning: a message is
returned when it comes, Empty is raised only when the caller's whole timeout has passed."""
from __future__ import annotations

import asyncio
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
    assert '"-m", "explorer.serving"' in (REPO_DIR / "tests" / "voila_server.py").read_text()
    # It is Voilà's own command line.
    result = subprocess.run([sys.executable, "-m", "explorer.serving", "--version"], capture_output=True,
                            text=True, timeout=120)
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

"""Start Voilà with a server-side workaround: ``python -m explorer.serving [voila arguments]``.

``make serve``, the tests and the benchmarks start Voilà this way; the JupyterHub single-user
configuration applies the same workaround (deploy/singleuser/jupyter_server_config.py).

It also makes ``/`` open the home page (``home.ipynb``) rather than Voilà's list of files, which stays
at ``voila/tree`` (see :func:`open_on_home_page`; on JupyterHub and Binder the default URL does this).

NOTE: on this stack (Voilà 0.5.13, nbclient 0.11, jupyter_client 8.10, pyzmq 26 and 27, ipykernel 6
and 7) a dashboard page now and then waited exactly the cell timeout (120 s) before it appeared:
Voilà's executor was waiting for a cell's ``execute_reply`` that had already arrived on its socket.
The asyncio poll on that socket missed the wake-up and only looked again when its timeout expired,
found the reply, and carried on as if nothing had happened (no error, no log line). It hit about
half of the first page loads after a start, when several pooled kernels run their cells at once.

The workaround polls in slices of at most ``POLL_SLICE_SECONDS``: each new poll checks the socket
first, so a missed wake-up costs at most one slice instead of the whole timeout. Timeouts keep
their meaning (``Empty`` is raised only when the caller's whole timeout has passed).
"""
from __future__ import annotations

import sys
import time
from queue import Empty

POLL_SLICE_SECONDS = 0.5
_PATCHED = "_explorer_sliced_poll"


def slice_kernel_client_polls() -> None:
    """Make ``AsyncZMQSocketChannel.get_msg`` poll in short slices (idempotent)."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    if getattr(AsyncZMQSocketChannel.get_msg, _PATCHED, False):
        return
    original = AsyncZMQSocketChannel.get_msg

    async def get_msg(self, timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await original(self, timeout=POLL_SLICE_SECONDS if remaining is None
                                      else min(POLL_SLICE_SECONDS, remaining))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    setattr(get_msg, _PATCHED, True)
    get_msg.__doc__ = original.__doc__
    AsyncZMQSocketChannel.get_msg = get_msg


HOME_NOTEBOOK = "home.ipynb"


def open_on_home_page() -> None:
    """Make ``/`` redirect to the home page (``voila/render/home.ipynb``) instead of Voilà's file list.

    Voilà serving a folder answers ``/`` with its list of files; the list stays at ``voila/tree``.
    The redirect is added only when the folder has a ``home.ipynb`` and keeps the query string
    (``/?q=Palermo`` opens the home page with that search). Idempotent.
    """
    import os

    from tornado import web
    from voila.app import Voila

    if getattr(Voila.init_handlers, _PATCHED, False):
        return
    original = Voila.init_handlers

    class HomeRedirect(web.RequestHandler):
        def initialize(self, url: str) -> None:
            self._url = url

        def get(self) -> None:
            query = self.request.query
            self.redirect(self._url + ("?" + query if query else ""), permanent=False)

        head = get

    def init_handlers(self):
        handlers = original(self)
        if not self.notebook_path and os.path.isfile(os.path.join(self.root_dir, HOME_NOTEBOOK)):
            home = self.server_url.rstrip("/") + "/voila/render/" + HOME_NOTEBOOK
            # First in the list: tornado takes the first pattern that matches ('/' only, exactly).
            handlers.insert(0, (self.server_url, HomeRedirect, {"url": home}))
        return handlers

    setattr(init_handlers, _PATCHED, True)
    Voila.init_handlers = init_handlers


def main() -> None:
    """Voilà's own command line, with the workarounds applied in this (the server's) process."""
    slice_kernel_client_polls()
    open_on_home_page()
    from voila.app import main as voila_main

    sys.exit(voila_main())


if __name__ == "__main__":
    main()

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

For a class arriving at once (README "Classroom"), the server also:

* gives the kernels an environment that keeps them lean (:data:`KERNEL_ENVIRONMENT`, see
  :func:`lean_kernel_environment`);
* takes the preheated pool's size per dashboard from ``--pool_size=N`` (``make serve POOL=N``) or from
  ``EXPLORER_POOL`` (:func:`pool_arguments`);
* preloads a teacher's link into a dashboard's pool (``EXPLORER_PRELOAD``, ``make serve PRELOAD=...``, see
  :func:`pools_config`): its pooled kernels draw that view while they wait, so the class's pages need no
  switch of view after the hand-out;
* culls idle kernels all at once rather than one after another (:class:`ConcurrentCulling`): with a
  class coming and going, jupyter_server's culler (one shutdown at a time, each waiting for the kernel to
  exit) fell behind: in a 10-minute soak kernels of closed pages waited up to 580 s past a 60 s timeout and
  the count climbed to 131;
* refills the pool at low priority (:func:`refill_at_low_priority`): once viewers have come, a kernel
  started to refill the pool runs at ``nice`` :data:`POOL_NICE` while it loads and draws the default view,
  so the kernels viewers are using (and the server itself) come first (the first fill, before anyone
  came, runs at normal priority); once handed to a viewer it gets normal priority back where
  the system allows it (lowering a nice value needs root or CAP_SYS_NICE; elsewhere it stays at
  :data:`POOL_NICE`, as do all kernels of the pool, and only the server and kernels started for a request
  when the pool was empty keep the upper hand).
"""

from __future__ import annotations

import asyncio
import os
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
                return await original(
                    self, timeout=POLL_SLICE_SECONDS if remaining is None else min(POLL_SLICE_SECONDS, remaining)
                )
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


#: Environment variables for the kernels (inherited from the server; a variable already set is left alone).
#: NOTE: Arrow's default allocator (mimalloc) reserves arenas per thread; the tables are a few hundred kilobytes,
#: and the system allocator saves about 30-45 MB per kernel (benchmarks/kernel_cost.py).
KERNEL_ENVIRONMENT = {"ARROW_DEFAULT_MEMORY_POOL": "system"}


def lean_kernel_environment(environ=os.environ) -> None:
    """Put :data:`KERNEL_ENVIRONMENT` into ``environ`` (the server's, which its kernels inherit)."""
    for key, value in KERNEL_ENVIRONMENT.items():
        environ.setdefault(key, value)


POOL_VARIABLE = "EXPLORER_POOL"
_POOL_OPTIONS = ("--pool_size", "--VoilaConfiguration.default_pool_size")


def parse_pool(value: str) -> tuple[int | None, dict[str, int]]:
    """Read a pool setting: ``"25"`` (25 kernels for every dashboard) or ``"map=25,timeline=2"`` (those
    dashboards; the others keep the default), or both (``"map=25,1"``). Returns (default, per notebook file)."""
    default, per_notebook = None, {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, size = item.rpartition("=")
        if not size.isdigit() or (name and not name.replace("_", "").replace("-", "").isalnum()):
            raise SystemExit(f"{POOL_VARIABLE}/POOL: expected N or dashboard=N[,dashboard=N], not {value!r}")
        if name:
            per_notebook[name if name.endswith(".ipynb") else f"{name}.ipynb"] = int(size)
        else:
            default = int(size)
    return default, per_notebook


def pool_arguments(argv: list[str], environ=os.environ) -> list[str]:
    """``argv`` with ``--pool_size=N`` added from ``EXPLORER_POOL`` (``make serve POOL=N``) when the command line
    sets no pool size. The pool is per dashboard: N preheated kernels for each notebook Voilà serves;
    ``dashboard=N`` items are applied by the kernel manager (:func:`pools_config`)."""
    default, _ = parse_pool(environ.get(POOL_VARIABLE, ""))
    if default is None or any(arg.split("=", 1)[0] in _POOL_OPTIONS for arg in argv):
        return list(argv)
    return [*argv, f"--pool_size={default}"]


PRELOAD_VARIABLE = "EXPLORER_PRELOAD"
#: The variable a pooled kernel reads its preloaded view from (:func:`explorer.deeplink.query_from_environment`).
PRELOAD_QUERY_VARIABLE = "EXPLORER_PRELOAD_QUERY"


def parse_preload(value: str) -> dict[str, str]:
    """Read a preload setting: space-separated deep links, ``"map?instrument=ilo-c182&date=2020"`` or
    ``"map.ipynb?..."`` (the link a teacher hands out, from its dashboard's name on). Returns the query string
    per notebook file; a dashboard named twice keeps its last link."""
    preload = {}
    for item in value.split():
        name, _, query = item.rpartition("/")[2].partition("?")
        if not name.replace("_", "").replace("-", "").replace(".", "").isalnum():
            raise SystemExit(f"{PRELOAD_VARIABLE}/PRELOAD: expected dashboard?query, not {item!r}")
        preload[name if name.endswith(".ipynb") else f"{name}.ipynb"] = query
    return preload


def pools_config(default_pool_size: int, env_variables: dict, environ=os.environ) -> dict:
    """Voilà's ``kernel_pools_config``: the default size for every notebook, then ``dashboard=N`` items; a
    dashboard with a preloaded link (``EXPLORER_PRELOAD``, ``make serve PRELOAD=...``) gets its query string
    in its kernels' environment, so that its pool draws that view before anyone arrives."""
    _, per_notebook = parse_pool(environ.get(POOL_VARIABLE, ""))
    preload = parse_preload(environ.get(PRELOAD_VARIABLE, ""))
    config = {"default": {"pool_size": max(default_pool_size, 0), "kernel_env_variables": env_variables}}
    for name in {*per_notebook, *preload}:
        variables = dict(env_variables)
        if name in preload:
            variables[PRELOAD_QUERY_VARIABLE] = preload[name]
        config[name] = {
            "pool_size": per_notebook.get(name, max(default_pool_size, 0)),
            "kernel_env_variables": variables,
        }
    return config


#: Nice value of a kernel while it is being preheated for the pool (0 turns the lowering off).
POOL_NICE = int(os.environ.get("EXPLORER_POOL_NICE", "10"))


def renice(pid: int, value: int) -> bool:
    """Set the nice value of every thread of process ``pid``; False where the system refuses."""
    try:
        threads = [int(name) for name in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        threads = [pid]
    try:
        for thread in threads:
            os.setpriority(os.PRIO_PROCESS, thread, value)
    except (PermissionError, ProcessLookupError):
        return False
    return True


def _kernel_pid(manager, kernel_id: str) -> int | None:
    try:
        return manager.get_kernel(kernel_id).provisioner.process.pid
    except (AttributeError, KeyError):
        return None


class ConcurrentCulling:
    """Mixin for a jupyter_server kernel manager: check and shut down idle kernels concurrently.

    jupyter_server's ``cull_kernels`` awaits each ``cull_kernel_if_idle`` in turn, and each shutdown waits
    for its kernel to exit; the checks of one round are independent, so they run together here."""

    async def cull_kernels(self):
        kernel_ids = list(self._kernels)
        results = await asyncio.gather(
            *(self.cull_kernel_if_idle(kernel_id) for kernel_id in kernel_ids), return_exceptions=True
        )
        for kernel_id, result in zip(kernel_ids, results):
            if isinstance(result, Exception):
                self.log.error("Culling kernel %s failed: %r", kernel_id, result, exc_info=result)


def refill_at_low_priority() -> None:
    """Make Voilà's pool preheat its kernels at nice :data:`POOL_NICE` and hand them out at normal priority;
    it also sizes the pool per dashboard from ``EXPLORER_POOL`` (:func:`pools_config`).

    Wraps the kernel manager class Voilà builds (``voila.app.voila_kernel_manager_factory``). Idempotent."""
    import voila.app
    from traitlets import default

    factory = voila.app.voila_kernel_manager_factory
    if getattr(factory, _PATCHED, False):
        return

    def low_priority_factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        manager_class = factory(base_class, preheat_kernel, default_pool_size, page_config_hook=page_config_hook)
        if not preheat_kernel:
            return type(f"Culling{manager_class.__name__}", (ConcurrentCulling, manager_class), {})

        class LowPriorityPool(ConcurrentCulling, manager_class):
            _restore_refused = False
            _handed_out = False  # the first fill, before any viewer came, runs at normal priority

            @default("kernel_pools_config")
            def _explorer_pools_config(self):
                return pools_config(default_pool_size, self.default_env_variables)

            async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
                content = await super()._initialize(notebook_path, kernel_id, **kwargs)
                # The kernel has started; its notebook (imports, tables, first view) is about to run.
                pid = _kernel_pid(self, content["kernel_id"])
                if kernel_id is None and pid is not None and POOL_NICE > 0 and self._handed_out:
                    renice(pid, POOL_NICE)
                return content

            async def get_rendered_notebook(self, notebook_name, *args, **kwargs):
                self._handed_out = True  # from now on, kernels started for the pool are refills
                result = await super().get_rendered_notebook(notebook_name, *args, **kwargs)
                pid = _kernel_pid(self, result[2])
                if POOL_NICE <= 0 or pid is None:
                    return result
                if not renice(pid, 0) and not LowPriorityPool._restore_refused:
                    LowPriorityPool._restore_refused = True
                    self.log.info(
                        "Pooled kernels keep nice %s after hand-out (raising priority needs root or "
                        "CAP_SYS_NICE); the server and kernels started for a request still come first.",
                        POOL_NICE,
                    )
                return result

        LowPriorityPool.__name__ = LowPriorityPool.__qualname__ = f"LowPriority{manager_class.__name__}"
        return LowPriorityPool

    setattr(low_priority_factory, _PATCHED, True)
    voila.app.voila_kernel_manager_factory = low_priority_factory


def wait_for_request(url: str | None = None, open_timeout: float = 5.0) -> None:
    """In a kernel of Voilà's preheated pool: block until Voilà hands it to a page request, then put the
    request's variables (``QUERY_STRING``, ``SCRIPT_NAME``, ...) into ``os.environ``.

    The same protocol as ``voila.utils.wait_for_request`` (Voilà's ``voila/query/<kernel id>`` websocket
    sends one JSON message at the hand-out) without importing ``voila.utils``, which pulls jupyter_server,
    nbconvert and requests into the kernel: about 40 MB per pooled kernel (measured with psutil USS).
    Does nothing outside a pooled kernel."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    if url is None:
        protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
        host, port = os.environ.get("VOILA_APP_IP", "127.0.0.1"), os.environ.get("VOILA_APP_PORT", "8866")
        base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
        url = f"{protocol}://{host}:{port}{base}voila/query"
    import json

    from websockets.sync.client import connect  # websockets: a dependency of Voilà itself

    try:
        with connect(f"{url}/{os.environ.get('VOILA_KERNEL_ID', '')}", open_timeout=open_timeout) as websocket:
            request_info = websocket.recv()
    except (TimeoutError, OSError):
        return
    for key, value in json.loads(request_info).items():
        os.environ[key] = value


def main() -> None:
    """Voilà's own command line, with the workarounds applied in this (the server's) process."""
    slice_kernel_client_polls()
    open_on_home_page()
    lean_kernel_environment()
    refill_at_low_priority()
    sys.argv[1:] = pool_arguments(sys.argv[1:])
    from voila.app import main as voila_main

    sys.exit(voila_main())


if __name__ == "__main__":
    main()

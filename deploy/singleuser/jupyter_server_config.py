"""Configuration of each visitor's single-user server (``jupyterhub-singleuser`` + the Voilà extension).

Found through ``JUPYTER_CONFIG_PATH``: the hub in ``deploy/jupyterhub`` sets it for the servers it
starts, and the image in ``deploy/docker`` sets it for Kubernetes and Docker.

Two jobs:

1. Give the Voilà *server extension* the settings ``make serve`` gives standalone Voilà. The extension
   reads ``voila.json`` only from the Jupyter config path and its working directory, and ignores the
   ``VoilaExecutor`` and ``MappingKernelManager`` sections of it, so ``dashboards/voila.json`` is
   applied here, section by section. Without its ``file_allowlist`` the map's geometry
   (``static/world_50m.json``) is refused and the map draws no country.
2. Take back from an anonymous visitor what a plain Jupyter server hands its owner. Standalone Voilà
   only offers dashboards; a single-user server also offers terminals, the contents API (write
   files) and kernel websockets that execute code. Each visitor's server is theirs alone (one
   container or pod each in production), but it still shares the notebooks in a local test and the
   node's resources in any deployment.
"""

import json
import os
import sys
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

DASHBOARDS = Path(
    os.environ.get("EXPLORER_DASHBOARDS_DIR") or Path(__file__).resolve().parent.parent.parent / "dashboards"
)

# 1. One source of truth for Voilà's settings: dashboards/voila.json.
_voila = json.loads((DASHBOARDS / "voila.json").read_text())
for _section in ("VoilaConfiguration", "VoilaExecutor", "MappingKernelManager"):
    for _key, _value in _voila.get(_section, {}).items():
        c[_section][_key] = _value

# The same server-side workaround as `python -m explorer.serving` (make serve) (a missed wake-up made pages wait for the
# whole cell timeout; see explorer/serving.py), and the same lean environment for the kernels, which inherit this
# server's environment (Arrow's system allocator: ~30 MB less per kernel).
from explorer.serving import lean_kernel_environment, slice_kernel_client_polls  # noqa: E402

slice_kernel_client_polls()
lean_kernel_environment()

# Preheated kernels: NOTE Voilà's server extension (which a single-user server runs) has no kernel pool; only
# standalone Voilà (`python -m explorer.serving`, `make serve POOL=N`) preheats. Here each visitor has a server of
# their own and their first page starts its kernel (about 2 CPU-seconds, ~110-120 MB, benchmarks/kernel_cost.py).
# So `preheat_kernel`/`default_pool_size` from voila.json are passed on above but have no effect, and a set
# EXPLORER_POOL is reported rather than silently ignored: for a class on one machine, run the standalone server
# (README "Classroom"); on a hub, see deploy/README.md, "A class at once".
if os.environ.get("EXPLORER_POOL"):
    print(
        "EXPLORER_POOL has no effect in a JupyterHub single-user server (Voilà's server extension preheats no "
        "kernels); see deploy/README.md, 'A class at once'.",
        file=sys.stderr,
    )

# 2. Hardening.
# No shell for visitors.
c.ServerApp.terminals_enabled = False
# The kernel websocket carries widget traffic only, as in standalone Voilà (voila/app.py uses the
# same list). Voilà itself runs the notebook over ZeroMQ, not over this websocket, so it is not
# affected; a visitor's `execute_request` is dropped.
c.MappingKernelManager.allowed_message_types = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]

# Standalone Voilà puts no MathJax address in its pages, so nothing loads from a CDN; the server
# extension falls back to cdnjs unless the server settings say "none" (null) as well.
# The headers of voila.json (Content-Security-Policy frame-ancestors: which pages may embed the
# dashboards in an iframe, "Embed this view") apply here too.
c.ServerApp.tornado_settings = {
    "mathjax_url": None,
    "mathjax_config": None,
    **_voila.get("Voila", {}).get("tornado_settings", {}),
}
# The geometry folder (static/) is served to the map but not listed as content in /voila/tree.
if "hide_globs" in _voila.get("ContentsManager", {}):
    c.ContentsManager.hide_globs = _voila["ContentsManager"]["hide_globs"]


class ReadOnlyContentsManager(AsyncLargeFileManager):
    """Serves the dashboards but refuses to write, rename or delete anything.

    Voilà only reads notebooks; a visitor who could save one could make the next visitor's kernel
    run it (on a single machine the notebook folder may be shared)."""

    def _refuse(self, *args, **kwargs):
        raise web.HTTPError(403, "This server is read-only.")

    async def save(self, model, path=""):
        self._refuse()

    async def delete_file(self, path):
        self._refuse()

    async def rename_file(self, old_path, new_path):
        self._refuse()

    async def create_checkpoint(self, path):
        self._refuse()

    async def restore_checkpoint(self, checkpoint_id, path):
        self._refuse()


c.ServerApp.contents_manager_class = ReadOnlyContentsManager

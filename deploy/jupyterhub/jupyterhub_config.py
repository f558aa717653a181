"""JupyterHub serving the Voilà dashboards to anonymous visitors, on one machine.

Start it with ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` (see deploy/README.md).
Every visitor gets a temporary user and a single-user server of their own, whose landing page is the
Voilà list of dashboards; idle servers and their temporary users are removed by the idle culler.

The production defaults assume one machine with a Docker engine (one container per visitor, built
from deploy/docker/Dockerfile). Environment variables change what the local smoke test
(tests/test_jupyterhub.py) needs to change:

    EXPLORER_HUB_IP               public interface of the proxy        (default: all interfaces)
    EXPLORER_HUB_PORT             public port of the proxy              (default: 8000)
    EXPLORER_HUB_HUB_PORT         the hub's own port                    (default: 8081)
    EXPLORER_HUB_PROXY_API_PORT   the proxy's REST API port (loopback)  (default: 8001)
    EXPLORER_HUB_DATA_DIR         hub database, cookie secret, pid file (default: /srv/jupyterhub)
    EXPLORER_HUB_SPAWNER          spawner class                         (default: dockerspawner.DockerSpawner)
    EXPLORER_HUB_NOTEBOOK_DIR     the dashboards folder the servers serve
    EXPLORER_HUB_SINGLEUSER       single-user command                   (default: jupyterhub-singleuser)
    EXPLORER_HUB_IMAGE            image for DockerSpawner               (default: trafficking-law-explorer:latest)
    EXPLORER_HUB_HUB_CONNECT_IP   address containers reach the hub at   (default: 172.17.0.1, Docker's bridge)
    EXPLORER_HUB_MEM_LIMIT        memory per visitor                    (default: 1G)
    EXPLORER_HUB_CPU_LIMIT        CPU cores per visitor                 (default: 1)
    EXPLORER_HUB_ACTIVE_LIMIT     running servers at most               (default: 200)
    EXPLORER_HUB_SPAWN_LIMIT      servers starting at once at most      (default: 20)
    EXPLORER_HUB_CULL_TIMEOUT     idle seconds before a server goes     (default: 600)
    EXPLORER_HUB_CULL_EVERY       seconds between culler passes         (default: 60)
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def setting(name: str, default: str) -> str:
    return os.environ.get(f"EXPLORER_HUB_{name}") or default


DATA_DIR = Path(setting("DATA_DIR", "/srv/jupyterhub"))
SPAWNER = setting("SPAWNER", "dockerspawner.DockerSpawner")
NOTEBOOK_DIR = setting("NOTEBOOK_DIR", str(REPO / "dashboards"))
# JupyterHub's own process spawners, by class path or by entry-point name.
LOCAL_PROCESSES = SPAWNER.startswith("jupyterhub.spawner.") or SPAWNER in {"simple", "localprocess", "default"}

# --- Network -------------------------------------------------------------------------------------
# Visitors reach the proxy only; the hub and the proxy's API stay on the loopback unless containers
# must call the hub (DockerSpawner, below). Put TLS in front (nginx, Caddy) or set ssl_cert/ssl_key.
c.JupyterHub.ip = setting("IP", "")
c.JupyterHub.port = int(setting("PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('PROXY_API_PORT', '8001')}"
# configurable-http-proxy comes from npm (`make` installs it into .cache/npm); the hub starts it and
# stops it when the hub stops.
c.ConfigurableHTTPProxy.should_start = True

# --- State ---------------------------------------------------------------------------------------
# Nothing here is precious (users are temporary), but a restarted hub must find its proxy and the
# running servers again, so the files live in one known folder, not in the working directory.
DATA_DIR.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{DATA_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA_DIR / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(DATA_DIR / "jupyterhub-proxy.pid")

# --- Anonymous visitors --------------------------------------------------------------------------
# tmpauthenticator logs every new visitor in as a fresh random user, without a login page.
c.JupyterHub.authenticator_class = "tmp"
# JupyterHub 5 and later refuse every user unless told who may log in; here everyone may.
c.Authenticator.allow_all = True
# Straight from "/" to the visitor's own server, which opens on the home page (dashboards/home.ipynb);
# the list of dashboards stays at /voila/tree.
c.JupyterHub.redirect_to_server = True
c.Spawner.default_url = "/voila/render/home.ipynb"

# --- The single-user servers ---------------------------------------------------------------------
c.JupyterHub.spawner_class = SPAWNER
c.Spawner.cmd = [setting("SINGLEUSER", "jupyterhub-singleuser")]
c.Spawner.notebook_dir = NOTEBOOK_DIR
# A visitor's home must not be able to add Jupyter config or extensions to their server.
c.Spawner.disable_user_config = True
# Voilà settings and hardening for the servers (read-only contents, no terminals, widget messages
# only on the kernel websocket): deploy/singleuser/jupyter_server_config.py. The image sets the
# same variable for itself, so this matters for servers started from this checkout.
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": str(REPO / "deploy" / "singleuser"),
    "EXPLORER_DASHBOARDS_DIR": NOTEBOOK_DIR,
}
if os.environ.get("EXPLORER_DATA_DIR"):
    c.Spawner.environment["EXPLORER_DATA_DIR"] = os.environ["EXPLORER_DATA_DIR"]
# The first page load starts a kernel and draws the map: give a cold server time, not forever.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# Per-visitor resources. DockerSpawner and KubeSpawner enforce these (cgroups); the local process
# spawners do NOT, they only pass MEM_LIMIT / CPU_LIMIT to the server as environment variables.
# The numbers come from the load test: README "Capacity (measured)" and deploy/README.md.
c.Spawner.mem_limit = setting("MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(setting("CPU_LIMIT", "1"))

# --- How many at once ----------------------------------------------------------------------------
# Past active_server_limit a new visitor is told the service is busy instead of everyone slowing
# down; concurrent_spawn_limit keeps a burst of arrivals from starting more servers than the
# machine can start at once (each start imports pandas, plotly and the tables).
c.JupyterHub.active_server_limit = int(setting("ACTIVE_LIMIT", "200"))
c.JupyterHub.concurrent_spawn_limit = int(setting("SPAWN_LIMIT", "20"))

# --- Idle culling ----------------------------------------------------------------------------------
# A closed tab leaves a server (and its memory) behind. The culler stops servers idle for
# CULL_TIMEOUT seconds and, with --cull-users, deletes their temporary users too: every visit
# creates a user, and nobody comes back as the same one.
c.JupyterHub.services = [
    {
        "name": "jupyterhub-idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={setting('CULL_TIMEOUT', '600')}",
            f"--cull-every={setting('CULL_EVERY', '60')}",
            "--cull-users=true",
        ],
    }
]
# JupyterHub 2+ grants services nothing by default; these are the scopes the culler documents
# (admin:users only because of --cull-users).
c.JupyterHub.load_roles = [
    {
        "name": "jupyterhub-idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers", "admin:users"],
        "services": ["jupyterhub-idle-culler"],
    }
]

# --- Spawner specifics -----------------------------------------------------------------------------
if SPAWNER == "dockerspawner.DockerSpawner":
    # One throw-away container per visitor from the image in deploy/docker (pip install dockerspawner).
    c.DockerSpawner.image = setting("IMAGE", "trafficking-law-explorer:latest")
    c.DockerSpawner.remove = True
    # The image carries its own copy of the dashboards and its own JUPYTER_CONFIG_PATH.
    c.DockerSpawner.notebook_dir = "/srv/explorer/dashboards"
    c.DockerSpawner.environment = {}
    # Containers call the hub's API, so it must listen where they can reach it: Docker's bridge.
    c.JupyterHub.hub_ip = "0.0.0.0"
    c.JupyterHub.hub_connect_ip = setting("HUB_CONNECT_IP", "172.17.0.1")
elif LOCAL_PROCESSES:
    # LocalProcessSpawner needs a Unix account per visitor; SimpleLocalProcessSpawner (for tests
    # only: no isolation between visitors) runs everyone as the hub's user with a home per visitor.
    c.SimpleLocalProcessSpawner.home_dir_template = str(DATA_DIR / "homes" / "{username}")
    # The servers run from this Python environment, so find its commands first.
    c.Spawner.environment["PATH"] = os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)]
    )
    if os.geteuid() == 0:
        # SimpleLocalProcessSpawner keeps the hub's user; in a root container (CI) that is root,
        # which Jupyter refuses without this flag.
        c.Spawner.args = ["--allow-root"]

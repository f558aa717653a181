"""What one dashboard kernel costs: memory (RSS, USS) and CPU-seconds to start and draw its first view.

``python -m benchmarks.kernel_cost [dashboard ...]`` starts a real ipykernel per dashboard (as Voilà does,
with ``VOILA_PREHEAT`` unset: a kernel started for its request), runs the dashboard notebook's cells in it
through nbclient, and reads the kernel process from ``/proc`` (through psutil, which ipykernel already needs):

* ``cpu_s``: user + system CPU of the kernel process from its start to the end of the last cell (Python
  start-up, imports, loading the tables, building the widgets, the first view);
* ``rss_mb`` and ``uss_mb`` (memory only this process holds; shared libraries counted once elsewhere) after the
  first view, and ``rss_mb`` of a bare kernel (no cell run) for comparison;
* the modules the first view imported (``sys.modules``) and which tables it loaded.

The kernels get the environment ``python -m explorer.serving`` gives its kernels (``KERNEL_ENVIRONMENT``);
a variable set by the caller wins (``ARROW_DEFAULT_MEMORY_POOL=mimalloc`` measures Arrow's default allocator).

Targets (issue #17): ≤ 120 MB per kernel, ≤ 2 CPU-seconds for start + first view. Writes
``benchmarks/results/kernel_cost.json`` (the previous file is kept as ``kernel_cost.previous.json``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from explorer.serving import lean_kernel_environment

REPO_DIR = Path(__file__).resolve().parent.parent
DASHBOARDS_DIR = REPO_DIR / "dashboards"
RESULTS = REPO_DIR / "benchmarks" / "results"
DASHBOARDS = ["home", "map", "timeline", "country"]
TARGET_MB, TARGET_CPU_S = 120, 2.0

# Run in the kernel after the notebook: what the first view needed (modules, tables in the load cache).
PROBE = """
import json as _json, sys as _sys
try:
    from explorer import load as _load
    _tables = sorted(_load.loaded_tables())
except Exception:  # an older explorer.load without loaded_tables()
    _tables = []
print(_json.dumps({"modules": len(_sys.modules), "tables": _tables,
                   "heavy": sorted(m for m in ("plotly.graph_objects", "plotly.express", "pandas", "pyarrow",
                                               "pyarrow.parquet", "yaml", "pycountry", "bs4", "scipy", "numpy",
                                               "plotly.validators", "explorer.static_site", "explorer.build")
                                   if m in _sys.modules)}))
"""


def _process_cost(pid: int) -> dict:
    process = psutil.Process(pid)
    times = process.cpu_times()
    children = [c for c in process.children(recursive=True)]
    memory = process.memory_full_info()
    return {
        "cpu_s": round(times.user + times.system, 2),
        "rss_mb": round(memory.rss / 2**20, 1),
        "uss_mb": round(memory.uss / 2**20, 1),
        "threads": process.num_threads(),
        "children": len(children),
    }


def measure(dashboard: str) -> dict:
    """Start a kernel, run ``dashboards/<dashboard>.ipynb`` in it, and measure the kernel process."""
    notebook = nbformat.read(DASHBOARDS_DIR / f"{dashboard}.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    env = {key: value for key, value in os.environ.items() if not key.startswith("VOILA_")}
    lean_kernel_environment(env)  # what `python -m explorer.serving` gives its kernels
    manager = KernelManager(kernel_name="python3")
    started = time.monotonic()
    manager.start_kernel(cwd=str(DASHBOARDS_DIR), env=env)
    try:
        pid = manager.provisioner.process.pid
        client = NotebookClient(
            notebook, km=manager, timeout=300, resources={"metadata": {"path": str(DASHBOARDS_DIR)}}
        )
        with client.setup_kernel():
            bare = _process_cost(pid)  # a started kernel with no cell run yet
            client.execute_cell(notebook.cells[0], 0)  # import explorer
            after_import = _process_cost(pid)
            for index, cell in enumerate(notebook.cells[1:], start=1):
                client.execute_cell(cell, index)
            wall = time.monotonic() - started
            cost = _process_cost(pid)
            probe = {}
            for output in notebook.cells[-1].outputs:
                if output.get("name") == "stdout":
                    probe = json.loads(output["text"].strip().splitlines()[-1])
            errors = [
                o.get("ename")
                for cell in notebook.cells
                for o in cell.get("outputs", [])
                if o.get("output_type") == "error"
            ]
    finally:
        manager.shutdown_kernel(now=True)
    return {
        "dashboard": dashboard,
        "wall_s": round(wall, 1),
        **cost,
        "bare_kernel": bare,
        "after_import_explorer": after_import,
        "errors": errors,
        **probe,
        "meets_targets": cost["rss_mb"] <= TARGET_MB and cost["cpu_s"] <= TARGET_CPU_S,
    }


def markdown(results: list[dict]) -> str:
    lines = [
        "| dashboard | CPU-s start + first view | RSS MB | USS MB | bare kernel RSS MB | after `import explorer` RSS MB "
        "| tables loaded |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['dashboard']} | {row['cpu_s']} | {row['rss_mb']} | {row['uss_mb']} | "
            f"{row['bare_kernel']['rss_mb']} | {row['after_import_explorer']['rss_mb']} | "
            f"{', '.join(row.get('tables', [])) or '—'} |"
        )
    return "\n".join(lines) + f"\n\nTargets: ≤ {TARGET_MB} MB, ≤ {TARGET_CPU_S} CPU-s.\n"


def main(argv: list[str]) -> int:
    dashboards = argv or DASHBOARDS
    results = []
    for dashboard in dashboards:
        results.append(measure(dashboard))
        row = results[-1]
        print(
            f"[kernel_cost] {dashboard}: {row['cpu_s']} CPU-s, RSS {row['rss_mb']} MB, USS {row['uss_mb']} MB "
            f"(bare kernel {row['bare_kernel']['rss_mb']} MB), wall {row['wall_s']} s, errors {row['errors']}",
            flush=True,
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "kernel_cost.json"
    if path.exists():
        path.replace(RESULTS / "kernel_cost.previous.json")
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "arrow_allocator": os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system (explorer.serving)"),
        "load_average": os.getloadavg(),
        "results": results,
    }
    path.write_text(json.dumps(report, indent=2))
    (RESULTS / "kernel_cost.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

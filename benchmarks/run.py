"""``make bench``: speed measurements, written to benchmarks/results/bench.json and bench.md (tables).

Not part of the pass/fail tests. All numbers come from one run on one machine; compare ratios
within a run, not absolute times across runs.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_DIR / "benchmarks" / "results"
sys.path.insert(0, str(REPO_DIR / "tests"))
sys.path.insert(0, str(REPO_DIR / "benchmarks"))


def _timings(function, repeat):
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        values.append((time.perf_counter() - start) * 1000)
    return values


def _summary(values):
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(ordered[0], 2),
    }


def bench_import(repeat=5):
    values = []
    for _ in range(repeat):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import explorer; print((time.perf_counter()-t)*1000)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        values.append(float(out.stdout.strip()))
    return _summary(values)


def bench_status(repeat=30):
    import pandas as pd

    import explorer

    engine = explorer.engine()
    instruments = sorted(explorer.load_participation()["instrument_id"].unique())
    dates = pd.date_range("1905-01-01", "2026-01-01", periods=repeat)
    one = [(time.perf_counter(), engine.statuses("palermo-protocol-2000", d), time.perf_counter()) for d in dates]
    per_instrument = _summary([(end - start) * 1000 for start, _, end in one])
    iterator = iter(dates)
    matrix = _timings(lambda: engine.status_matrix(next(iterator), instruments), repeat)
    states = len(engine.statuses("palermo-protocol-2000", "2026-01-01"))
    return {
        "one_instrument_all_states": per_instrument,
        "matrix_all_states_all_instruments": _summary(matrix) | {"states": states, "instruments": len(instruments)},
    }


def bench_figures(repeat=10):
    import explorer
    from explorer.figures import map_figure, timeline_figure

    instruments, relations, events = explorer.load_instruments(), explorer.load_relations(), explorer.load_events()
    statuses = explorer.statuses("palermo-protocol-2000", "2010-12-31")
    return {
        "timeline_build": _summary(_timings(lambda: timeline_figure(instruments, relations, events), repeat)),
        "map_build": _summary(_timings(lambda: map_figure(statuses), repeat)),
    }


def main():
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        },
        "started": started,
        "import_explorer": bench_import(),
        "status": bench_status(),
        "figures": bench_figures(),
    }
    try:
        from browser_bench import bench_browser

        results["browser"] = bench_browser()
    except Exception as error:  # the browser part needs chromium; report rather than fail
        results["browser"] = {"error": f"{type(error).__name__}: {error}"}
    results["machine"]["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    path = RESULTS_DIR / "bench.json"
    path.write_text(json.dumps(results, indent=2))
    from report import markdown

    (RESULTS_DIR / "bench.md").write_text(markdown(results))
    print(markdown(results))
    print(f"\nWritten to {path} and {RESULTS_DIR / 'bench.md'}")


if __name__ == "__main__":
    main()

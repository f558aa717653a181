"""Load and soak test (``make load``): simulated viewers in headless chromium against one Voilà server.

Loopback only, bounded in viewers and time. Each viewer is a real browser context that opens a
dashboard (map, timeline, country in turn), waits for the figure, moves a control a few times
(waiting each time for the view to change), closes the page and starts again. A sampler records
the server's kernels (count and memory) every few seconds.

Phases:
1. ramp: 1, 5, 10, 15, 20, 25 viewers, ``LOAD_STEP_SECONDS`` each -> p50/p95 first figure per step;
   the largest step whose p95 stays within 5 s is reported;
2. soak: ``LOAD_VIEWERS`` viewers for ``LOAD_SOAK_MINUTES`` minutes -> p50/p95, errors, kernels and
   memory over time;
3. cull: all viewers leave; the kernel count must fall back to the preheated pool within
   the (shortened) cull timeout.

Writes ``benchmarks/results/load.json`` and ``benchmarks/results/load.md``.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR / "tests"))

from voila_server import CHROMIUM, CHROMIUM_ARGS, voila_server  # noqa: E402

RESULTS = REPO_DIR / "benchmarks" / "results"
PLOT = ".js-plotly-plot .main-svg"
GOAL_P95_SECONDS = 5.0
CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS = 60, 10

# Dashboard, query, how to change a control and what proves the view changed.
SCENARIOS = [
    ("map", "?instrument=palermo-protocol-2000&date=2003", "slider", "#map-summary"),
    ("timeline", "?family=un,league", "checkbox", "#timeline-count"),
    ("country", "?state=PHL", "slider", ".explorer-summary"),
]


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarise(values):
    return {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95),
            "max": max(values) if values else None}


# -- server processes (read from /proc: no extra dependency) ------------------------------------------

def _processes():
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss_kb = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
        yield int(entry.name), int(fields["PPid"].strip()), cmdline, rss_kb


def server_sample(port: int) -> dict:
    processes = list(_processes())
    # `python -m explorer.serving` (Voilà with the workaround) or plain `voila`.
    server = next((p for p in processes if ("explorer.serving" in p[2] or "voila" in p[2])
                   and f"--port={port}" in p[2]), None)
    if server is None:
        return {"kernels": 0, "kernel_rss_mb": 0.0, "server_rss_mb": 0.0}
    kernels = [p for p in processes if p[1] == server[0] and "ipykernel" in p[2]]
    return {"kernels": len(kernels), "kernel_rss_mb": round(sum(p[3] for p in kernels) / 1024, 1),
            "server_rss_mb": round(server[3] / 1024, 1)}


# -- viewers -------------------------------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.first_figure, self.updates, self.errors = [], [], []

    def phase(self):
        return len(self.first_figure), len(self.updates), len(self.errors)


async def change_control(page, how: str, proof: str):
    before = await page.locator(proof).first.inner_text()
    if how == "slider":
        handle = page.locator(".widget-slider .noUi-handle").first
        await handle.focus()
        await handle.press("ArrowLeft")
    else:
        await page.locator(".widget-checkbox input").first.click()
    started = time.monotonic()
    await page.wait_for_function(
        "([selector, before]) => { const e = document.querySelector(selector); return e && e.innerText !== before; }",
        arg=[proof, before], timeout=60_000)
    return time.monotonic() - started


async def viewer(browser, base: str, index: int, stop_at: float, recorder: Recorder, changes: int = 3):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})

    async def block(route):
        host = route.request.url.split("/")[2] if "://" in route.request.url else ""
        if route.request.url.startswith(("data:", "blob:")) or host.startswith(("127.0.0.1", "localhost")):
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", block)
    round_number = 0
    while time.monotonic() < stop_at:
        name, query, how, proof = SCENARIOS[(index + round_number) % len(SCENARIOS)]
        round_number += 1
        page = await context.new_page()
        started = time.monotonic()
        try:
            await page.goto(f"{base}voila/render/{name}.ipynb{query}", wait_until="domcontentloaded",
                            timeout=180_000)
            await page.wait_for_selector(PLOT, timeout=180_000)
            await page.wait_for_selector(proof, timeout=60_000)
            recorder.first_figure.append(time.monotonic() - started)
            text = await page.inner_text("body")
            if "There was an error" in text or "Traceback" in text:
                recorder.errors.append(f"{name}: error text on page")
            for _ in range(changes):
                if time.monotonic() >= stop_at:
                    break
                recorder.updates.append(await change_control(page, how, proof))
                await asyncio.sleep(1.0)
        except Exception as error:  # counted, reported; the run goes on
            recorder.errors.append(f"{name}: {type(error).__name__}: {str(error)[:120]}")
        finally:
            await page.close()
        await asyncio.sleep(0.5)
    await context.close()


async def run_phase(browser, base, port, viewers: int, seconds: float, samples: list, label: str) -> dict:
    recorder = Recorder()
    stop_at = time.monotonic() + seconds
    started = time.monotonic()

    async def sampler():
        while time.monotonic() < stop_at:
            samples.append({"t": round(time.monotonic() - T0, 1), "phase": label, "viewers": viewers,
                            **server_sample(port)})
            await asyncio.sleep(5)

    tasks = [asyncio.create_task(viewer(browser, base, i, stop_at, recorder)) for i in range(viewers)]
    await asyncio.gather(sampler(), *tasks)
    result = {"phase": label, "viewers": viewers, "seconds": round(time.monotonic() - started, 1),
              "first_figure_s": summarise(recorder.first_figure), "update_s": summarise(recorder.updates),
              "errors": len(recorder.errors), "error_examples": recorder.errors[:5]}
    for example in recorder.errors[:3]:
        print(f"[load]   error: {example}", flush=True)
    print(f"[load] {label}: {viewers} viewers, first figure p50 {result['first_figure_s']['p50']} "
          f"p95 {result['first_figure_s']['p95']} (n={result['first_figure_s']['n']}), "
          f"update p95 {result['update_s']['p95']}, errors {result['errors']}", flush=True)
    return result


T0 = time.monotonic()


async def main_async(args) -> dict:
    from playwright.async_api import async_playwright

    extra = [f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
             f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}"]
    report = {"machine": {"cpus": os.cpu_count()}, "settings": args, "phases": [], "samples": []}
    RESULTS.mkdir(parents=True, exist_ok=True)
    with voila_server(extra_args=extra, log_path=RESULTS / "load-voila.log") as base:
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        await asyncio.sleep(15)  # let the preheated pool fill
        report["idle_before"] = server_sample(port)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for viewers in args["ramp"]:
                report["phases"].append(await run_phase(browser, base, port, viewers, args["step_seconds"],
                                                        report["samples"], f"ramp-{viewers}"))
            if args["soak_minutes"] > 0:
                report["phases"].append(await run_phase(browser, base, port, args["viewers"],
                                                        args["soak_minutes"] * 60, report["samples"], "soak"))
            await browser.close()
        # Everyone has left: culled kernels must really go away.
        report["after_viewers_left"] = server_sample(port)
        deadline = time.monotonic() + CULL_IDLE_SECONDS + 3 * CULL_INTERVAL_SECONDS + 30
        while time.monotonic() < deadline:
            sample = server_sample(port)
            report["samples"].append({"t": round(time.monotonic() - T0, 1), "phase": "cull", "viewers": 0, **sample})
            if sample["kernels"] <= report["idle_before"]["kernels"]:
                break
            await asyncio.sleep(5)
        report["after_cull"] = server_sample(port)
        report["cull_seconds"] = round(time.monotonic() - (deadline - CULL_IDLE_SECONDS - 3 * CULL_INTERVAL_SECONDS
                                                           - 30), 1)
    holding = [p["viewers"] for p in report["phases"] if p["phase"].startswith("ramp")
               and p["first_figure_s"]["p95"] is not None and p["first_figure_s"]["p95"] <= GOAL_P95_SECONDS
               and p["errors"] == 0]
    report["largest_ramp_step_holding_p95_5s"] = max(holding) if holding else 0
    busy = [s for s in report["samples"] if s["kernels"] > report["idle_before"]["kernels"]]
    if busy:
        peak = max(busy, key=lambda s: s["kernels"])
        report["memory_per_kernel_mb"] = round(peak["kernel_rss_mb"] / max(peak["kernels"], 1), 1)
        report["peak_kernels"] = peak["kernels"]
    return report


def markdown(report: dict) -> str:
    lines = ["| phase | viewers | first figure p50 (s) | p95 (s) | pages | update p95 (s) | errors |",
             "|---|---|---|---|---|---|---|"]
    for phase in report["phases"]:
        first, update = phase["first_figure_s"], phase["update_s"]
        fmt = lambda v: "—" if v is None else f"{v:.1f}"  # noqa: E731
        lines.append(f"| {phase['phase']} | {phase['viewers']} | {fmt(first['p50'])} | {fmt(first['p95'])} | "
                     f"{first['n']} | {fmt(update['p95'])} | {phase['errors']} |")
    lines += ["", f"Largest ramp step with first-figure p95 ≤ {GOAL_P95_SECONDS:.0f} s and no error: "
                  f"{report['largest_ramp_step_holding_p95_5s']} viewers.",
              f"Kernels idle before: {report['idle_before']['kernels']}; when viewers left: "
              f"{report['after_viewers_left']['kernels']}; after culling: {report['after_cull']['kernels']} "
              f"(cull timeout {CULL_IDLE_SECONDS} s, interval {CULL_INTERVAL_SECONDS} s).",
              f"Memory per kernel at peak ({report.get('peak_kernels', '—')} kernels): "
              f"{report.get('memory_per_kernel_mb', '—')} MB; server RSS after the run: "
              f"{report['after_cull']['server_rss_mb']} MB."]
    return "\n".join(lines) + "\n"


def main() -> int:
    args = {
        "ramp": [int(v) for v in os.environ.get("LOAD_RAMP", "1,5,10,15,20,25").split(",") if v],
        "step_seconds": float(os.environ.get("LOAD_STEP_SECONDS", "60")),
        "viewers": int(os.environ.get("LOAD_VIEWERS", "25")),
        "soak_minutes": float(os.environ.get("LOAD_SOAK_MINUTES", "10")),
    }
    if args["viewers"] > 40 or args["soak_minutes"] > 30:
        raise SystemExit("bounded: at most 40 viewers and 30 minutes")
    report = asyncio.run(main_async(args))
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2))
    table = markdown(report)
    (RESULTS / "load.md").write_text(table)
    print(table)
    errors = sum(p["errors"] for p in report["phases"])
    culled = report["after_cull"]["kernels"] <= report["idle_before"]["kernels"]
    print(f"[load] total errors {errors}; kernels culled back to the pool: {culled}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

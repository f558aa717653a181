"""Load test (``make load``): a class arriving at once, measured at the server, with the static site for scale.

Loopback only, bounded in viewers (≤ 60) and time (≤ 30 minutes), stops by itself. One run:

1. **Voilà**: a server with ``POOL`` preheated kernels (``EXPLORER_POOL``, e.g. ``map=25``; default: one per
   viewer for the dashboards viewers open, one for the others); the time the pool takes to fill is measured.
   Then ``VIEWERS`` simulated viewers (``benchmarks/load_protocol.py``: the page, the kernel websocket and
   the widget protocol, no rendering) arrive at random within ``ARRIVAL`` seconds, each waiting for the
   figure of its deep link and changing one control; at the same time ``CHROMIUM`` real headless chromium
   pages (end to end: the page drawn) open the same dashboards. A sampler records the server's kernels
   (count, RSS, USS) and the server's memory and CPU every few seconds.
2. **Cull**: everyone has left; the kernel count must come back to the pool size within the (shortened)
   cull timeout plus a few intervals.
3. **Static site**: the same number of viewers, same arrival window, against ``build/static`` served by
   Python's HTTP server (HTTP only: each page and the files it loads) -> the ratio of the two p95s.

``SOAK=1``: 25 viewers for 10 minutes on the map, timeline and country, arriving and leaving (each stays
40-90 s, comes back after 5-15 s), with a pool of 5 per dashboard, then the cull check; the report says whether server and kernel memory stayed flat.

Knobs (environment; ``make load VIEWERS=.. ARRIVAL=.. DURATION=.. CHROMIUM=.. POOL=.. SOAK=1``):
``LOAD_VIEWERS``, ``LOAD_ARRIVAL_SECONDS``, ``LOAD_DURATION_SECONDS``, ``LOAD_CHROMIUM``, ``LOAD_POOL``,
``LOAD_DASHBOARDS`` (default ``map``: the class follows the teacher's link), ``LOAD_RETURN`` (viewers come
back), ``LOAD_PRELOAD`` (1: the pools preload the class's link, ``EXPLORER_PRELOAD``), ``LOAD_SOAK``, ``LOAD_STATIC`` (0 skips the static site), ``LOAD_STATIC_SECONDS`` (its duration; default the
Voilà phase's, 120 s in a soak), ``LOAD_TAG`` (suffix of the result files).

Writes ``benchmarks/results/load[-TAG].json`` and ``load[-TAG].md``.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR / "tests"))

from benchmarks import load_protocol  # noqa: E402

from voila_server import CHROMIUM, CHROMIUM_ARGS, free_port, voila_server  # noqa: E402

RESULTS = REPO_DIR / "benchmarks" / "results"
STATIC_DIR = REPO_DIR / "build" / "static"
CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS = 60, 10
MAX_VIEWERS, MAX_SECONDS, MAX_CHROMIUM = 60, 30 * 60, 5
DASHBOARDS = ["home", "map", "timeline", "country"]
T0 = time.monotonic()


# -- server processes --------------------------------------------------------------------------------------


def _memory(process) -> tuple[float, float]:
    try:
        info = process.memory_full_info()
        return info.rss / 2**20, info.uss / 2**20
    except Exception:
        return 0.0, 0.0


def server_sample(port: int) -> dict:
    """The Voilà server on ``port`` and its kernels: count, memory (RSS, USS: what only that process holds)."""
    import psutil

    server = None
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info.get("cmdline") or [])
        if ("explorer.serving" in cmdline or "voila" in cmdline) and f"--port={port}" in cmdline:
            server = process
            break
    if server is None:
        return {"kernels": 0, "kernel_rss_mb": 0.0, "kernel_uss_mb": 0.0, "server_rss_mb": 0.0, "server_cpu_s": 0.0}
    kernels = []
    for child in server.children():
        try:
            if "ipykernel" in " ".join(child.cmdline() or []):
                kernels.append(child)
        except psutil.Error:  # a kernel that has just been shut down
            continue
    memory = [_memory(kernel) for kernel in kernels]
    try:
        times = server.cpu_times()
    except psutil.Error:
        return {"kernels": 0, "kernel_rss_mb": 0.0, "kernel_uss_mb": 0.0, "server_rss_mb": 0.0, "server_cpu_s": 0.0}
    return {
        "kernels": len(kernels),
        "kernel_rss_mb": round(sum(m[0] for m in memory), 1),
        "kernel_uss_mb": round(sum(m[1] for m in memory), 1),
        "server_rss_mb": round(_memory(server)[0], 1),
        "server_cpu_s": round(times.user + times.system, 1),
        "kernel_cpu_s": round(sum(_cpu(kernel) for kernel in kernels), 1),
    }


def _cpu(process) -> float:
    try:
        times = process.cpu_times()
        return times.user + times.system
    except Exception:  # the kernel has just gone
        return 0.0


async def sampler(port: int, samples: list, phase: str, stop: asyncio.Event, every: float = 5.0) -> None:
    while not stop.is_set():
        samples.append(
            {"t": round(time.monotonic() - T0, 1), "phase": phase, **await asyncio.to_thread(server_sample, port)}
        )
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
        except asyncio.TimeoutError:
            pass


def pool_total(pool: str) -> int:
    """Kernels the pool holds when full, for the dashboards in dashboards/."""
    from explorer.serving import parse_pool

    default, per_notebook = parse_pool(pool)
    return sum(per_notebook.get(f"{name}.ipynb", 1 if default is None else default) for name in DASHBOARDS)


#: A real page also parses and draws (plotly.js, the map) on the same cores: it gets longer before it counts as hung.
CHROMIUM_TIMEOUT_S = 240.0

#: A kernel has run its notebook when it has used this much CPU and then stopped (start alone: ~0.5 s).
WARM_CPU_S = 1.0


def kernel_cpu(port: int) -> dict[int, float]:
    """CPU-seconds used so far by each kernel of the server on ``port``."""
    import psutil

    for process in psutil.process_iter(["cmdline"]):
        if f"--port={port}" in " ".join(process.info.get("cmdline") or []):
            result = {}
            for child in process.children():
                try:
                    if "ipykernel" in " ".join(child.cmdline() or []):
                        result[child.pid] = _cpu(child)
                except psutil.Error:
                    continue
            return result
    return {}


# -- chromium viewers (end to end: the requested view drawn in a real page) -----------------------------------

DRAWN = """(expect) => Array.from(document.querySelectorAll('.js-plotly-plot')).some(plot =>
    plot.querySelector('.main-svg') && plot._context && plot._context.toImageButtonOptions
    && String(plot._context.toImageButtonOptions.filename || '').includes(expect))"""


async def chromium_viewer(browser, base: str, dashboard: str, visit, stay: float):
    scenario = load_protocol.SCENARIOS[dashboard]
    context = await browser.new_context(viewport={"width": 1280, "height": 900})

    async def block(route):  # the loopback only
        url = route.request.url
        host = url.split("/")[2] if "://" in url else ""
        if url.startswith(("data:", "blob:")) or host.startswith(("127.0.0.1", "localhost")):
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", block)
    page = await context.new_page()
    started = time.monotonic()
    try:
        await page.goto(
            f"{base}voila/render/{dashboard}.ipynb{scenario.query}",
            wait_until="domcontentloaded",
            timeout=load_protocol.PAGE_TIMEOUT_S * 1000,
        )
        visit.page_s = time.monotonic() - started
        await page.wait_for_function(DRAWN, arg=scenario.expect, timeout=CHROMIUM_TIMEOUT_S * 1000)
        visit.figure_s = time.monotonic() - started
        text = await page.inner_text("body")
        if load_protocol.error_texts(text):
            visit.error = f"error text on the page: {load_protocol.error_texts(text)}"
        await asyncio.sleep(max(0.0, started + stay - time.monotonic()))
    except Exception as error:
        visit.hung = "Timeout" in type(error).__name__
        visit.error = f"{type(error).__name__}: {str(error)[:160]}"
        try:  # what the page showed instead: a screenshot and the file names of the figures it drew
            await page.screenshot(path=str(RESULTS / f"load-chromium-{visit.viewer}-{dashboard}.png"), full_page=True)
            shown = await page.evaluate(
                "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => "
                "p._context && p._context.toImageButtonOptions ? "
                "String(p._context.toImageButtonOptions.filename) : null)"
            )
            visit.error += f" (figures shown: {shown})"
        except Exception:
            pass
    finally:
        await context.close()
    return visit


# -- phases ------------------------------------------------------------------------------------------------


def _crowd_options(settings: dict) -> dict:
    if settings["return"]:
        return {"dwell": (40.0, 90.0), "pause": (5.0, 15.0), "once": False}
    return {"dwell": (settings["duration"], settings["duration"]), "once": True}


async def voila_phase(settings: dict, report: dict) -> None:
    from playwright.async_api import async_playwright

    extra = [
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
    ]
    env = {"EXPLORER_POOL": settings["pool"]}
    if settings["preload"]:  # the pools draw the class's links while they wait (README "Classroom", PRELOAD)
        env["EXPLORER_PRELOAD"] = " ".join(f"{d}{load_protocol.SCENARIOS[d].query}" for d in settings["dashboards"])
    samples = report["samples"]
    with voila_server(extra_args=extra, env=env, log_path=RESULTS / f"load{settings['suffix']}-voila.log") as base:
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        # The pool fills in the background from the server's start: how long until every kernel has run its
        # notebook? (Voilà logs "filled" once the kernels have started, before their notebooks ran.) Warm: as
        # many kernels as the pool holds have used WARM_CPU_S and are idle.
        full, started, previous = pool_total(settings["pool"]), time.monotonic(), {}
        while time.monotonic() - started < 600:
            current = await asyncio.to_thread(kernel_cpu, port)
            warm = [pid for pid, cpu in current.items() if cpu >= WARM_CPU_S and cpu - previous.get(pid, 0) < 0.05]
            if len(warm) >= full:
                break
            previous = current
            await asyncio.sleep(3)
        report["pool"] = {
            "setting": settings["pool"],
            "kernels": full,
            "fill_s": round(time.monotonic() - started, 1),
            "idle": await asyncio.to_thread(server_sample, port),
        }
        idle = report["pool"]["idle"]
        report["pool"]["per_kernel_rss_mb"] = round(idle["kernel_rss_mb"] / max(idle["kernels"], 1), 1)
        report["pool"]["per_kernel_uss_mb"] = round(idle["kernel_uss_mb"] / max(idle["kernels"], 1), 1)
        print(
            f"[load] pool {settings['pool']}: {idle['kernels']} kernels in {report['pool']['fill_s']} s, "
            f"{report['pool']['per_kernel_rss_mb']} MB RSS / {report['pool']['per_kernel_uss_mb']} MB USS each",
            flush=True,
        )

        protocol, browsers = load_protocol.Recorder(), load_protocol.Recorder()
        stop = asyncio.Event()
        sampling = asyncio.create_task(sampler(port, samples, "voila", stop))
        async with async_playwright() as playwright:
            browser = None
            if settings["chromium"]:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            async def chromium(index, dashboard, visit, stay):
                return await chromium_viewer(browser, base, dashboard, visit, stay)

            options = _crowd_options(settings)
            runs = [
                load_protocol.crowd(
                    load_protocol.voila_crowd_viewer(base),
                    settings["viewers"],
                    settings["arrival"],
                    settings["duration"],
                    protocol,
                    settings["dashboards"],
                    **options,
                )
            ]
            if browser is not None:
                runs.append(
                    load_protocol.crowd(
                        chromium,
                        settings["chromium"],
                        settings["arrival"],
                        settings["duration"],
                        browsers,
                        settings["dashboards"],
                        seed=4,
                        **options,
                    )
                )
            before = await asyncio.to_thread(server_sample, port)
            await asyncio.gather(*runs)
            after = await asyncio.to_thread(server_sample, port)
            if browser is not None:
                await browser.close()
        report["voila"] = {
            "protocol": protocol.summary(),
            "chromium": browsers.summary(),
            "server_cpu_s": round(after["server_cpu_s"] - before["server_cpu_s"], 1),
            "pages": len(protocol) + len(browsers),
        }
        report["visits"] = [v.as_dict() for v in protocol] + [dict(v.as_dict(), chromium=True) for v in browsers]
        _print("voila (protocol)", report["voila"]["protocol"])
        _print("voila (chromium)", report["voila"]["chromium"])

        # Everyone has left: the kernels of closed pages must be culled, back to the pool.
        report["after_viewers_left"] = await asyncio.to_thread(server_sample, port)
        left, deadline = time.monotonic(), time.monotonic() + CULL_IDLE_SECONDS + 3 * CULL_INTERVAL_SECONDS + 60
        while time.monotonic() < deadline:
            sample = await asyncio.to_thread(server_sample, port)
            if sample["kernels"] <= full:
                break
            await asyncio.sleep(3)
        report["cull"] = {
            "seconds": round(time.monotonic() - left, 1),
            "kernels": sample["kernels"],
            "pool": full,
            "back_to_pool": sample["kernels"] <= full,
            "limit_s": CULL_IDLE_SECONDS + CULL_INTERVAL_SECONDS,
        }
        stop.set()
        await sampling
        report["after_cull"] = await asyncio.to_thread(server_sample, port)
        print(
            f"[load] cull: {report['after_viewers_left']['kernels']} kernels when viewers left -> "
            f"{sample['kernels']} after {report['cull']['seconds']} s (pool {full})",
            flush=True,
        )


async def static_phase(settings: dict, report: dict) -> None:
    if not (STATIC_DIR / "index.html").exists():
        print("[load] building the static site (python -m explorer.static_site --out build/static)", flush=True)
        subprocess.run(
            [sys.executable, "-m", "explorer.static_site", "--out", str(STATIC_DIR)], check=True, cwd=REPO_DIR
        )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(STATIC_DIR)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                await asyncio.to_thread(load_protocol._fetch, base + "index.html", 2)
                break
            except OSError:
                await asyncio.sleep(0.1)
        recorder = load_protocol.Recorder()
        await load_protocol.crowd(
            load_protocol.static_crowd_viewer(base),
            settings["viewers"],
            settings["arrival"],
            settings["static_duration"],
            recorder,
            settings["dashboards"],
            **_crowd_options(settings),
        )
        report["static"] = recorder.summary()
        _print("static site", report["static"])
    finally:
        server.terminate()
        server.wait(timeout=10)


def _print(label: str, summary: dict) -> None:
    figure = summary["figure_s"]
    print(
        f"[load] {label}: {summary['visits']} visits, figure p50 {figure['p50']} s p95 {figure['p95']} s "
        f"(max {figure['max']}), change p95 {summary['change_s']['p95']} s, errors {summary['errors']}, "
        f"hung {summary['hung']}",
        flush=True,
    )
    for example in summary["error_examples"][:3]:
        print(f"[load]   {example}", flush=True)


def memory_trend(samples: list[dict]) -> dict:
    """Server RSS and memory per kernel, first quarter of the Voilà phase against the last quarter."""
    busy = [s for s in samples if s["phase"] == "voila" and s["kernels"]]
    if len(busy) < 8:
        return {}
    quarter = max(len(busy) // 4, 1)

    def mean(rows, key):
        return round(sum(r[key] for r in rows) / len(rows), 1)

    first, last = busy[:quarter], busy[-quarter:]
    per_kernel = [dict(s, per_kernel_uss_mb=s["kernel_uss_mb"] / s["kernels"]) for s in busy]
    return {
        "server_rss_mb": [mean(first, "server_rss_mb"), mean(last, "server_rss_mb")],
        "per_kernel_uss_mb": [
            mean(per_kernel[:quarter], "per_kernel_uss_mb"),
            mean(per_kernel[-quarter:], "per_kernel_uss_mb"),
        ],
        "kernels": [mean(first, "kernels"), mean(last, "kernels")],
        "peak_kernels": max(s["kernels"] for s in busy),
        "peak_kernel_uss_mb": max(s["kernel_uss_mb"] for s in busy),
    }


def memory_curve(samples: list[dict], minutes: float = 1.0) -> list[dict]:
    """The Voilà phase's samples averaged per ``minutes``: kernels, server RSS and USS per kernel over time."""
    busy = [s for s in samples if s["phase"] == "voila" and s["kernels"]]
    if not busy:
        return []
    start, buckets = busy[0]["t"], {}
    for sample in busy:
        buckets.setdefault(int((sample["t"] - start) // (60 * minutes)), []).append(sample)
    return [
        {
            "minute": round(index * minutes, 1),
            "kernels": round(sum(s["kernels"] for s in rows) / len(rows), 1),
            "server_rss_mb": round(sum(s["server_rss_mb"] for s in rows) / len(rows), 1),
            "per_kernel_uss_mb": round(sum(s["kernel_uss_mb"] / s["kernels"] for s in rows) / len(rows), 1),
        }
        for index, rows in sorted(buckets.items())
    ]


def markdown(report: dict) -> str:
    settings, pool = report["settings"], report.get("pool", {})
    fmt = lambda v: "—" if v is None else f"{v:.2f}"  # noqa: E731
    lines = [
        f"Load test of {report['date']} ({report['machine']['cpus']} cores, load average before "
        f"{report['machine']['load_average_before']}): {settings['viewers']} simulated viewers arriving within "
        f"{settings['arrival']:.0f} s, {settings['duration']:.0f} s, dashboards {', '.join(settings['dashboards'])}, "
        f"pool {settings['pool']}, {settings['chromium']} chromium viewers"
        + (", viewers coming and going" if settings["return"] else "")
        + ".",
        "",
        "| viewers | visits | first figure p50 (s) | p95 (s) | max (s) | control change p95 (s) | errors | hung |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = [
        ("Voilà, protocol", report.get("voila", {}).get("protocol")),
        ("Voilà, chromium (end to end)", report.get("voila", {}).get("chromium")),
        ("static site (HTTP)", report.get("static")),
    ]
    for label, summary in rows:
        if summary and summary["visits"]:
            figure = summary["figure_s"]
            lines.append(
                f"| {label} | {summary['visits']} | {fmt(figure['p50'])} | {fmt(figure['p95'])} | "
                f"{fmt(figure['max'])} | {fmt(summary['change_s']['p95'])} | {summary['errors']} | "
                f"{summary['hung']} |"
            )
    if report.get("ratio_p95") is not None:
        lines += ["", f"Voilà p95 / static site p95: **{report['ratio_p95']:.1f}×** (p50: {report['ratio_p50']:.1f}×)."]
    if pool:
        lines += [
            "",
            f"Pool {pool['setting']}: {pool['kernels']} kernels filled in {pool['fill_s']} s after the "
            f"server started; {pool['per_kernel_rss_mb']} MB RSS, {pool['per_kernel_uss_mb']} MB USS per "
            f"idle kernel (server {pool['idle']['server_rss_mb']} MB).",
        ]
    if "cull" in report:
        cull = report["cull"]
        lines += [
            f"Kernels when the viewers left: {report['after_viewers_left']['kernels']}; after "
            f"{cull['seconds']} s: {cull['kernels']} (pool {cull['pool']}; cull timeout {CULL_IDLE_SECONDS} s, "
            f"interval {CULL_INTERVAL_SECONDS} s): {'back to the pool' if cull['back_to_pool'] else 'NOT back'}."
        ]
    if report.get("voila"):
        lines += [
            f"Server CPU during the viewers' phase: {report['voila']['server_cpu_s']} s for "
            f"{report['voila']['pages']} pages."
        ]
    trend = report.get("memory_trend")
    if trend:
        lines += [
            f"Memory, first quarter -> last quarter of the viewers' phase: server RSS {trend['server_rss_mb'][0]} -> "
            f"{trend['server_rss_mb'][1]} MB; USS per kernel {trend['per_kernel_uss_mb'][0]} -> "
            f"{trend['per_kernel_uss_mb'][1]} MB; kernels {trend['kernels'][0]} -> {trend['kernels'][1]} "
            f"(peak {trend['peak_kernels']}, {trend['peak_kernel_uss_mb']:.0f} MB USS in all)."
        ]
    curve = memory_curve(report.get("samples", []))
    if len(curve) > 2:
        lines += ["", "| minute | kernels | server RSS (MB) | USS per kernel (MB) |", "|---|---|---|---|"]
        lines += [
            f"| {row['minute']:g} | {row['kernels']:g} | {row['server_rss_mb']:g} | {row['per_kernel_uss_mb']:g} |"
            for row in curve
        ]
    return "\n".join(lines) + "\n"


def settings_from_environment(environ=os.environ) -> dict:
    soak = environ.get("LOAD_SOAK", "") not in ("", "0")
    viewers = int(environ.get("LOAD_VIEWERS") or 25)
    dashboards = [
        d for d in (environ.get("LOAD_DASHBOARDS") or ("map,timeline,country" if soak else "map")).split(",") if d
    ]
    unknown = [d for d in dashboards if d not in load_protocol.SCENARIOS]
    if unknown:
        raise SystemExit(f"LOAD_DASHBOARDS: unknown {unknown}; choose from {sorted(load_protocol.SCENARIOS)}")
    settings = {
        "viewers": viewers,
        "arrival": float(environ.get("LOAD_ARRIVAL_SECONDS") or (60 if soak else 30)),
        "duration": float(environ.get("LOAD_DURATION_SECONDS") or (600 if soak else 90)),
        "chromium": int(environ.get("LOAD_CHROMIUM") or 2),
        "dashboards": dashboards,
        "return": soak or environ.get("LOAD_RETURN", "") not in ("", "0"),
        "soak": soak,
        "static": environ.get("LOAD_STATIC", "1") != "0",
        "preload": environ.get("LOAD_PRELOAD", "") not in ("", "0"),
        "suffix": f"-{environ['LOAD_TAG']}" if environ.get("LOAD_TAG") else ("-soak" if soak else ""),
    }
    # The static site's phase measures a scale, not stability: a soak's ten minutes of it add nothing.
    settings["static_duration"] = float(
        environ.get("LOAD_STATIC_SECONDS") or (min(settings["duration"], 120) if soak else settings["duration"])
    )
    # A burst: one pooled kernel per viewer; a soak (viewers coming back): a few per dashboard, refilled as they go.
    per_dashboard = 5 if soak else viewers
    settings["pool"] = environ.get("LOAD_POOL") or ",".join(f"{d}={per_dashboard}" for d in dashboards)
    if not (
        0 < viewers <= MAX_VIEWERS
        and settings["duration"] + settings["arrival"] <= MAX_SECONDS
        and 0 <= settings["chromium"] <= MAX_CHROMIUM
    ):
        raise SystemExit(
            f"bounded: 1-{MAX_VIEWERS} viewers, at most {MAX_SECONDS // 60} minutes, "
            f"at most {MAX_CHROMIUM} chromium viewers"
        )
    return settings


async def main_async(settings: dict) -> dict:
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "load_average_before": [round(x, 1) for x in os.getloadavg()]},
        "settings": settings,
        "samples": [],
    }
    await voila_phase(settings, report)
    if settings["static"]:
        await static_phase(settings, report)
        voila_figure, static_figure = report["voila"]["protocol"]["figure_s"], report["static"]["figure_s"]
        if voila_figure["p95"] and static_figure["p95"]:
            report["ratio_p95"] = round(voila_figure["p95"] / static_figure["p95"], 1)
            report["ratio_p50"] = round(voila_figure["p50"] / static_figure["p50"], 1)
    report["memory_trend"] = memory_trend(report["samples"])
    return report


def main() -> int:
    settings = settings_from_environment()
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = asyncio.run(main_async(settings))
    stem = RESULTS / f"load{settings['suffix']}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2))
    table = markdown(report)
    stem.with_suffix(".md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``benchmarks/results/bench.md``: the tables of one ``make bench`` run (from the results dict of run.py)."""

from __future__ import annotations

# Quoted in issue 16 (``make bench`` on main, 3 Dec 2026, before the in-browser year and the partial bundles).
BEFORE = {
    "slider_p50": 1.19,
    "slider_p95": 1.79,
    "static": 2.9,
    "preheated": {"map": (8.5, 2.97), "timeline": (8.3, 2.46), "country": (6.6, 2.41)},
    "cold_ratio": 4.0,
}
DASHBOARD_NAMES = ("map", "timeline", "country")


def _s(value, digits=2) -> str:
    return "–" if value is None else f"{value:.{digits}f} s"


def _mb(value) -> str:
    return "–" if value is None else f"{value / 1e6:.2f} MB"


def _get(results: dict, *keys):
    for key in keys:
        if not isinstance(results, dict) or key not in results:
            return None
        results = results[key]
    return results


def summary_table(browser: dict) -> list[str]:
    slider = browser.get("slider_to_map_updated") or {}
    lines = [
        "| measure | before (issue 16) | this run |",
        "|---|---|---|",
        f"| slider → map updated, median / p95 ({slider.get('n', '–')} moves) | "
        f"{_s(BEFORE['slider_p50'])} / {_s(BEFORE['slider_p95'])} | "
        f"{_s(slider.get('median_s'), 3)} / {_s(slider.get('p95_s'), 3)} |",
        f"| Play: years per second (dropped years) | – | {browser.get('play_years_per_second', '–')} "
        f"({browser.get('play_dropped_years', '–')}) |",
    ]
    static_map = _get(browser, "static", "map") or {}
    lines.append(
        f"| static map page, first figure: plain Plotly page, full plotly.js / static site page, "
        f"{static_map.get('bundle', '?')} bundle | ~{_s(BEFORE['static'], 1)} | "
        f"{_s(_get(static_map, 'plain_full', 'median_s'))} / {_s(_get(static_map, 'site_partial', 'median_s'))}"
        f" ({_s(_get(static_map, 'site_full', 'median_s'))} with the full bundle) |"
    )
    for name in DASHBOARD_NAMES:
        before, ratio = BEFORE["preheated"][name]
        now = _get(browser, "voila_preheated", name) or {}
        lines.append(
            f"| first figure, preheated: {name} (× plain static page) | {_s(before, 1)} ({ratio:.2f}×) | "
            f"{_s(now.get('median_s'))} ({now.get('ratio_to_plain_static', '–')}×) |"
        )
    cold = [_get(browser, "voila_cold", name, "ratio_to_plain_static") for name in DASHBOARD_NAMES]
    lines.append(
        f"| first figure, cold kernel (× plain static page): map, timeline, country | "
        f"~{BEFORE['cold_ratio']:.0f}× | {', '.join(f'{c}×' for c in cold)} |"
    )
    return lines


def first_figure_table(browser: dict) -> list[str]:
    lines = [
        "| page | static: plain, full plotly.js | static site page (bundle) | same, full plotly.js | "
        "cold: median / p95 (× static site) | preheated: median / p95 (× static site) | preheated, page's "
        "plotly.js answered by the partial bundle (× static site) | HTML received: cold / preheated | kernel busy "
        "after connect: cold / preheated | bytes per load (HTTP + websocket, preheated) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in DASHBOARD_NAMES:
        static = _get(browser, "static", name) or {}
        cold = _get(browser, "voila_cold", name) or {}
        warm = _get(browser, "voila_preheated", name) or {}
        partial = next((value for key, value in warm.items() if key.startswith("with_")), {})
        bundle = next((key[5:-7] for key in warm if key.startswith("with_")), "?")
        lines.append(
            f"| {name} | {_s(_get(static, 'plain_full', 'median_s'))} | "
            f"{_s(_get(static, 'site_partial', 'median_s'))} ({static.get('bundle', '?')}) | "
            f"{_s(_get(static, 'site_full', 'median_s'))} | "
            f"{_s(cold.get('median_s'))} / {_s(cold.get('p95_s'))} ({cold.get('ratio_to_site_static', '–')}×) | "
            f"{_s(warm.get('median_s'))} / {_s(warm.get('p95_s'))} ({warm.get('ratio_to_site_static', '–')}×) | "
            f"{_s(partial.get('median_s'))}, {bundle} ({partial.get('ratio_to_site_static', '–')}×) | "
            f"{_s(cold.get('document_received_median_s'))} / {_s(warm.get('document_received_median_s'))} | "
            f"{_s(cold.get('kernel_busy_after_connect_median_s'))} / "
            f"{_s(warm.get('kernel_busy_after_connect_median_s'))} | "
            f"{_mb(warm.get('http_bytes'))} + {_mb(warm.get('websocket_bytes'))} |"
        )
    lines.append("")
    lines.append(
        "Static pages: bytes per load "
        + ", ".join(
            f"{name} {_mb(_get(browser, 'static', name, 'site_partial', 'http_bytes'))} (site page) / "
            f"{_mb(_get(browser, 'static', name, 'site_full', 'http_bytes'))} (full plotly.js)"
            for name in DASHBOARD_NAMES
        )
        + "."
    )
    return lines


def profile_table(profiles: dict) -> list[str]:
    lines = [
        "| load | first figure | first paint | document TTFB | requests | HTTP bytes | websocket in "
        "(widget messages) | kernel busy after connect | script / layout / style (main thread) | "
        "plotly.js evaluate |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, profile in profiles.items():
        metrics = profile.get("cdp_metrics_s", {})
        socket = profile.get("websocket", {})
        plotly = [
            f"{url}: {times['evaluate_ms'] + times['compile_ms']:.0f} ms"
            for url, times in (profile.get("scripts") or {}).items()
            if "plotly" in url.lower()
        ]
        lines.append(
            f"| {label} | {profile['first_figure_ms'] / 1000:.2f} s | "
            f"{profile['first_contentful_paint_ms'] / 1000:.2f} s | {profile['document_ttfb_ms'] / 1000:.2f} s | "
            f"{profile['requests']} | {_mb(profile['transfer_bytes'])} | {_mb(socket.get('received_bytes'))} "
            f"({_mb(socket.get('widget_messages_bytes'))}) | {socket.get('kernel_busy_ms_after_connect', 0) / 1000:.2f} s | "
            f"{metrics.get('ScriptDuration', 0):.2f} / {metrics.get('LayoutDuration', 0):.2f} / "
            f"{metrics.get('RecalcStyleDuration', 0):.2f} s | {'; '.join(plotly) or '–'} |"
        )
    return lines


def detail_lines(profiles: dict) -> list[str]:
    lines = []
    for label, profile in profiles.items():
        lines.append(
            f"**{label}**: largest resources "
            + ", ".join(
                f"{item['url']} {_mb(item['transfer'])} ({item['duration'] / 1000:.2f} s)"
                for item in profile.get("largest_resources", [])[:5]
            )
            + "."
        )
        scripts = list((profile.get("scripts") or {}).items())[:4]
        if scripts:
            lines.append(
                "  Scripts (compile + top-level evaluation): "
                + ", ".join(f"{url} {times['compile_ms'] + times['evaluate_ms']:.0f} ms" for url, times in scripts)
                + "."
            )
        kinds = list((profile.get("websocket", {}).get("bytes_by_message_kind") or {}).items())[:4]
        if kinds:
            lines.append("  Websocket by message: " + ", ".join(f"{kind} {_mb(size)}" for kind, size in kinds) + ".")
        lines.append("")
    return lines


def markdown(results: dict) -> str:
    browser = results.get("browser") or {}
    machine = results.get("machine", {})
    out = [
        f"# make bench, {results.get('started', '?')}",
        "",
        f"Machine: {machine.get('cpus', '?')} CPUs, Python {machine.get('python', '?')}; load average "
        f"{machine.get('load_average_at_start')} at the start, {machine.get('load_average_at_end')} at the end "
        "(a shared machine: compare within this run). Every browser number is a median over loads in a fresh "
        f"context (runs: {browser.get('runs', '?')}), the first figure timed in the page from the start of "
        "the navigation.",
        "",
    ]
    errors = {key: value for key, value in browser.items() if key.endswith("error")}
    if errors:
        out += ["Stages that failed: " + "; ".join(f"{key}: {value}" for key, value in errors.items()), ""]
    if "static" in browser:
        out += ["## Against issue 16", ""] + summary_table(browser) + [""]
        out += ["## First figure per page", ""] + first_figure_table(browser) + [""]
    if browser.get("profiles"):
        out += ["## Profile of one page load", ""] + profile_table(browser["profiles"]) + [""]
        out += detail_lines(browser["profiles"])
    out += [
        "## Python",
        "",
        f"import explorer: {results.get('import_explorer')}",
        "",
        f"status engine: {results.get('status')}",
        "",
        f"figure builds: {results.get('figures')}",
        "",
    ]
    return "\n".join(out)

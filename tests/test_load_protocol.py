"""The protocol-level load test (benchmarks/load_protocol.py): how it recognises figures and frames, its
bounds, and a short run against a real Voilà server (correctness, not speed: no timed assertion)."""

from __future__ import annotations

import asyncio
import html
import json
import struct

import pytest

from benchmarks import load, load_protocol

from conftest import ARTIFACTS_DIR
from voila_server import voila_server

FIGURE = {
    "data": [{"type": "choropleth", "locations": ["PHL"], "z": [1]}],
    "layout": {"title": {"text": "t"}},
    "config": {"toImageButtonOptions": {"filename": "country_PHL"}},
}


def _comm(state: dict, method: str = "update") -> dict:
    return {"header": {"msg_type": "comm_msg"}, "content": {"comm_id": "a", "data": {"method": method, "state": state}}}


@pytest.mark.parametrize(
    "state",
    [
        {"plot": json.dumps({"figure": FIGURE, "label": "x"}), "version": 2},  # anywidget trait
        {"value": f"<div data-plot='{html.escape(json.dumps({'figure': FIGURE}), quote=True)}'></div>"},  # HTML widget
        {"_data": FIGURE["data"], "_layout": FIGURE["layout"]},  # go.FigureWidget
        {"outputs": [{"output_type": "display_data", "data": {load_protocol.PLOTLY_MIME: FIGURE}}]},  # Output
    ],
)
def test_figures_are_found_whatever_the_renderer(state):
    payloads = load_protocol.figure_payloads(_comm(state))
    assert len(payloads) == 1 and "PHL" in payloads[0]


def test_figures_in_display_messages_and_in_the_first_state_request():
    display = {"header": {"msg_type": "display_data"}, "content": {"data": {load_protocol.PLOTLY_MIME: FIGURE}}}
    assert load_protocol.figure_payloads(display)
    states = {
        "header": {"msg_type": "comm_msg"},
        "content": {
            "data": {
                "method": "update_states",
                "states": {
                    "m1": {"model_name": "AnyModel", "state": {"plot": json.dumps({"figure": FIGURE})}},
                    "m2": {"model_name": "TextModel", "state": {"value": "the data and the layout"}},
                },
            }
        },
    }
    assert len(load_protocol.figure_payloads(states)) == 1


def test_messages_without_a_figure_have_none():
    for state in ({"value": "Palermo Protocol"}, {"index": 3}, {"value": '{"data": [1, 2]}'}, {}):
        assert load_protocol.figure_payloads(_comm(state)) == []
    assert load_protocol.figure_payloads({"header": {"msg_type": "status"}, "content": {}}) == []


def test_binary_frames_of_the_kernel_websocket_are_decoded():
    message = {"header": {"msg_type": "comm_msg"}, "content": {"data": {}}}
    body, buffer = json.dumps(message).encode(), b"\x00\x01\x02"
    frame = struct.pack("!III", 2, 12, 12 + len(body)) + body + buffer
    decoded = load_protocol.decode_frame(frame)
    assert decoded["header"]["msg_type"] == "comm_msg" and decoded["buffers"] == [buffer]
    assert load_protocol.decode_frame(json.dumps(message))["content"] == {"data": {}}


def test_the_load_test_stays_on_the_loopback_and_within_bounds():
    with pytest.raises(ValueError):
        load_protocol.check_loopback("http://example.org/")
    load_protocol.check_loopback("http://127.0.0.1:8866/")
    for environ in (
        {"LOAD_VIEWERS": "500"},
        {"LOAD_DURATION_SECONDS": "7200"},
        {"LOAD_CHROMIUM": "30"},
        {"LOAD_DASHBOARDS": "nowhere"},
    ):
        with pytest.raises(SystemExit):
            load.settings_from_environment(environ)
    settings = load.settings_from_environment({"LOAD_VIEWERS": "25"})
    assert settings["pool"] == "map=25" and load.pool_total(settings["pool"]) == 25 + 3
    soak = load.settings_from_environment({"LOAD_SOAK": "1"})
    assert soak["return"] and soak["duration"] == 600 and soak["viewers"] == 25
    assert soak["static_duration"] == 120 and settings["static_duration"] == settings["duration"]


def test_memory_curve_averages_the_voila_samples_per_minute():
    samples = [
        {"t": 10.0, "phase": "voila", "kernels": 2, "server_rss_mb": 100.0, "kernel_uss_mb": 200.0},
        {"t": 40.0, "phase": "voila", "kernels": 4, "server_rss_mb": 110.0, "kernel_uss_mb": 480.0},
        {"t": 75.0, "phase": "voila", "kernels": 5, "server_rss_mb": 120.0, "kernel_uss_mb": 500.0},
        {"t": 80.0, "phase": "static", "kernels": 0, "server_rss_mb": 0.0, "kernel_uss_mb": 0.0},
    ]
    assert load.memory_curve(samples) == [
        {"minute": 0, "kernels": 3.0, "server_rss_mb": 105.0, "per_kernel_uss_mb": 110.0},
        {"minute": 1, "kernels": 5.0, "server_rss_mb": 120.0, "per_kernel_uss_mb": 100.0},
    ]


@pytest.mark.browser
def test_simulated_viewers_all_receive_their_figure_and_its_update():
    """Four simulated viewers arrive within a few seconds, one more than the pool holds (two map viewers, one
    pooled map kernel); each must get the figure of its deep link and of one control change."""
    recorder = load_protocol.Recorder()
    pool = "map=1,timeline=1,country=1,home=0"  # no kernel for the home page, which nobody opens here
    with voila_server(env={"EXPLORER_POOL": pool}, log_path=ARTIFACTS_DIR / "voila-load-protocol.log") as base:
        asyncio.run(
            load_protocol.crowd(
                load_protocol.voila_crowd_viewer(base),
                viewers=4,
                arrival_s=4,
                duration_s=0,
                recorder=recorder,
                dashboards=["map", "timeline", "country"],
                dwell=(1, 2),
                once=True,
            )
        )
    (ARTIFACTS_DIR / "load_protocol_visits.json").write_text(json.dumps([v.as_dict() for v in recorder], indent=1))
    assert len(recorder) == 4
    assert [v.error for v in recorder if v.error] == []
    assert all(v.figure_s is not None and v.change_s is not None and not v.hung for v in recorder)
    assert sorted(v.dashboard for v in recorder) == ["country", "map", "map", "timeline"]

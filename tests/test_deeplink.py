"""Deep links: parsing a query string never raises, links round-trip, the page address Voilà describes."""

from __future__ import annotations

import pytest

from explorer import deeplink


@pytest.mark.parametrize(
    "query, messages",
    [
        ("date=2010", 0),
        ("date=abcd", 1),
        ("date=" + "9" * 300, 1),
        ("x=" + "a" * 3000, 1),
        ("date=%3Cscript%3E", 1),
        ("unknown=1&date=2010", 1),
        ("date=1850", 1),
        ("date=2010-02-30", 1),
        ("%%%", 1),
        ("date=%E2%80%AE2010%F0%9F%92%A5", 1),  # right-to-left override and an emoji around the year
        ("date=2010&date=1950", 1),  # a parameter given twice
    ],
)
def test_deep_link_parsing_never_raises(query, messages):
    import datetime as dt

    values, found = deeplink.parse_query(
        query, {"date": lambda raw: deeplink.parse_date(raw, dt.date(1904, 1, 1), dt.date(2026, 1, 1))}
    )
    assert len(found) == messages
    if not messages:
        assert values["date"] == dt.date(2010, 12, 31)


def test_build_link_round_trips():
    link = deeplink.build_link("http://h/voila/render/map.ipynb", instrument="palermo-protocol-2000", date="2010")
    assert link == "http://h/voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010"


def test_page_url_comes_from_the_request_voila_describes(monkeypatch):
    for name in ("SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "VOILA_REQUEST_URL"):
        monkeypatch.delenv(name, raising=False)
    assert deeplink.page_url("map.ipynb") == "map.ipynb"
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://h:8866/voila/render/map.ipynb?date=1950")
    assert deeplink.page_url("map.ipynb") == "http://h:8866/voila/render/map.ipynb"
    monkeypatch.setenv("SCRIPT_NAME", "/prefix/voila/render/map.ipynb")
    monkeypatch.setenv("SERVER_NAME", "example.org")
    monkeypatch.setenv("SERVER_PORT", "443")
    assert deeplink.page_url("map.ipynb") == "https://example.org/prefix/voila/render/map.ipynb"
    assert deeplink.page_url("timeline.ipynb") == "timeline.ipynb"

"""The home page's search (explorer/views/search.py) and the embed snippets (explorer/views/embed.py):
pure functions, checked on the built tables."""

from __future__ import annotations

import html
import urllib.parse

import pandas as pd
import pytest

from explorer import load
from explorer.views import embed, search


@pytest.fixture(scope="module")
def index(real_tables):
    return search.build_index(
        load.load_instruments(),
        load.load_states(),
        load.load_events(),
        load.load_participation(),
        pd.Timestamp(load.load_meta("instruments")["as_of"]).year,
    )


def test_an_instrument_with_participation_opens_the_map(index):
    best = search.search(index, "Palermo").best
    assert best.entry.link == "map.ipynb?instrument=palermo-protocol-2000"
    assert ("timeline", "timeline.ipynb?instrument=palermo-protocol-2000") in best.entry.extra_links


def test_an_instrument_without_participation_opens_the_timeline(index, real_tables):
    instruments = pd.read_parquet(real_tables / "instruments.parquet")
    joined = set(pd.read_parquet(real_tables / "participation.parquet")["instrument_id"])
    row = instruments[~instruments["instrument_id"].isin(joined)].iloc[0]
    hits = search.search(index, row["short_title"]).hits
    assert any(hit.entry.link == f"timeline.ipynb?instrument={row['instrument_id']}" for hit in hits)


@pytest.mark.parametrize("text", ["Philippines", "philippines", "PHL", "  Philippines  "])
def test_a_state_by_name_or_code_opens_its_profile(index, text):
    assert search.search(index, text).best.entry.link == "country.ipynb?state=PHL"


def test_accents_and_case_do_not_matter(index):
    assert search.normalise("Côte d'Ivoire") == "cote d ivoire"
    assert search.search(index, "COTE D'IVOIRE").best.entry.kind == "state"


def test_an_event_opens_the_timeline_around_its_date_with_its_instrument(index, real_tables):
    events = pd.read_parquet(real_tables / "events.parquet")
    event = events[events["related_instruments"].map(len) > 0].iloc[0]
    hit = next(hit for hit in search.search(index, event["title"]).hits if hit.entry.key == event["event_id"])
    query = dict(urllib.parse.parse_qsl(hit.entry.link.split("?", 1)[1]))
    assert hit.entry.link.startswith("timeline.ipynb?")
    assert query["instrument"] == event["related_instruments"][0]
    assert int(query["from"]) <= pd.Timestamp(event["date"]).year <= int(query["to"])


def test_a_citation_finds_its_instrument(index):
    assert search.search(index, "CETS No. 197").best.entry.key == "cets-197"


def test_unknown_text_has_no_hit_and_close_names_as_suggestions(index):
    result = search.search(index, "Swedn")
    assert result.hits == [] and "Sweden" in result.suggestions
    assert search.search(index, "qzxv wibble").hits == []
    assert search.search(index, "").hits == [] and search.search(index, None).query == ""


def test_long_text_is_cut(index):
    assert len(search.search(index, "x" * 5000).query) == search.MAX_QUERY_LENGTH


def test_embed_snippet_escapes_and_carries_the_link():
    url = "http://127.0.0.1:8866/voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010-12-31"
    snippet = embed.iframe_snippet(url, 'Map "x" <y>', 900)
    assert snippet.startswith(
        '<iframe src="http://127.0.0.1:8866/voila/render/map.ipynb?instrument=palermo'
        '-protocol-2000&amp;date=2010-12-31" title="Map &quot;x&quot; &lt;y&gt;"'
    )
    panel = embed.embed_html(url, "<script>alert(1)</script>", 900)
    assert "<script>" not in panel and html.escape(embed.iframe_snippet(url, "<script>alert(1)</script>", 900)) in panel
    assert "data-explorer-copy='embed-view-snippet'" in panel and "data-explorer-copy='embed-view-link'" in panel
    assert embed.height_for("map.ipynb") == embed.HEIGHTS["map.ipynb"]


def test_static_site_embed_marks_the_relative_address():
    panel = embed.embed_html("maps/palermo-protocol-2000.html", "Palermo", relative=True)
    assert "data-explorer-relative='maps/palermo-protocol-2000.html'" in panel
    assert 'src="maps/palermo-protocol-2000.html"' in html.unescape(panel)

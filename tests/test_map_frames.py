"""The map's year frames (explorer.views.map_frames), shared by the map dashboard and the static site's map
pages: which date each year shows, every state's status then, and how it is drawn."""

from __future__ import annotations

import pandas as pd

import explorer
from explorer import api
from explorer.figures import map_figure
from explorer.static_site.maps import build_map
from explorer.views.map_frames import build_frames, statuses_by_year, year_date, year_dates

AS_OF = pd.Timestamp("2026-06-30")


def test_each_year_shows_31_december_and_the_as_of_date_in_its_own_year():
    assert year_date(1990, AS_OF) == pd.Timestamp("1990-12-31")
    assert year_date(2026, AS_OF) == AS_OF
    assert year_dates(2024, AS_OF) == [pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31"), AS_OF]
    assert year_dates(2030, AS_OF) == [AS_OF]


def test_statuses_by_year_are_the_apis_statuses_on_each_date(fixture_data_dir):
    dates = year_dates(1945, AS_OF)
    years = statuses_by_year(api.engine(), "treaty-a", dates, api.coverage_record("treaty-a"))
    assert len(years) == len(dates)
    for when, year in zip(dates, years):
        expected = explorer.statuses("treaty-a", when, warn=False)
        pd.testing.assert_frame_equal(year.states, expected, check_like=True)
        assert list(year.organisations["state_id"]) == list(api.organisation_parties("treaty-a", when)["state_id"])
    assert years[1] is years[0]  # 1946: nothing could change, the year before's entry again


def _frames(statuses: list[pd.DataFrame], years: list[int]) -> tuple[dict, object]:
    figure = map_figure(statuses[-1])
    shapes, points = (list(trace.customdata) for trace in figure.data)
    return build_frames(years, statuses, titles=[str(y) for y in years], shapes=shapes, points=points), figure


def test_frames_say_via_which_former_state_by_its_name(fixture_data_dir):
    """Croatia is covered via Yugoslavia, which is not drawn: the hover names it as the first drawing does."""
    years = [1980, 2000]
    statuses = [explorer.statuses("treaty-a", year_date(year, AS_OF), warn=False) for year in years]
    frames, _ = _frames(statuses, years)
    first = frames["changes"]["HRV"][0]
    assert first[0] == 0 and "via Yugoslavia" in frames["hovers"][first[3]]
    drawn = map_figure(statuses[0])
    hover = dict(zip(drawn.data[0].customdata, drawn.data[0].hovertext))["HRV"]
    assert frames["hovers"][first[3]] == hover


def test_frames_of_the_static_site_are_the_dashboards(fixture_data_dir):
    years = build_map("treaty-a", AS_OF)
    assert [str(year) for year in years.animation["years"]] == [str(y) for y in range(1950, 2027)]
    frames, figure = _frames(years.statuses, years.animation["years"])
    for key in ("legend", "colours", "hovers", "changes", "shapes", "points"):
        assert years.animation[key] == frames[key], key
    assert years.animation["dates"][-1] == "30 Jun 2026" and years.animation["titles"][-1] == "Treaty A — 30 Jun 2026"
    assert list(years.figure.data[0].customdata) == list(figure.data[0].customdata)

"""The stamp under the dashboards' charts (as-of date, sources, coverage), as a browser draws it: inside its
figure at a desktop's and at a phone's width, also after the year changes (the page rewrites the stamp).
The static site's charts: tests/test_static_site.py; the text itself: tests/test_stamp.py."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from browser import Dashboard
from stamp_box import assert_stamp_inside

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

# `server` and `browser` are the module-scoped fixtures of conftest.py.

MAP = ".explorer-map-canvas .explorer-live-plot"
PARTIES = ".explorer-parties-canvas .explorer-live-plot"


@pytest.mark.parametrize("width", [390, 1280])
def test_map_stamps_fit_their_figures(browser, server, real_tables, width):
    as_of = pd.Timestamp(yaml.safe_load((real_tables / "participation.meta.yaml").read_text())["as_of"])
    dashboard = Dashboard(browser, server, "map", "?instrument=palermo-protocol-2000&date=2010", width=width)
    try:
        dashboard.wait_map_drawn("31 Dec 2010")
        dashboard.wait_quiet()
        first = assert_stamp_inside(dashboard.page, MAP, f"map at {width}px")
        assert_stamp_inside(dashboard.page, PARTIES, f"map at {width}px")
        # The latest year: more sources, and the rows' coverage says counts are minimums.
        handle = dashboard.page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        handle.press("End")
        dashboard.wait_map_drawn(f"{as_of.day} {as_of.strftime('%b %Y')}")
        dashboard.wait_quiet()
        assert assert_stamp_inside(dashboard.page, MAP, f"map at {width}px") != first, (
            "the stamp did not follow the year"
        )
        assert_stamp_inside(dashboard.page, PARTIES, f"map at {width}px")
        dashboard.save(f"stamp-{width}")
        dashboard.check_clean()
    finally:
        dashboard.close()

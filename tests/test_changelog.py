"""The data change log: computed from two builds of the hand-made dataset, checked against what we changed."""

from __future__ import annotations

import gzip

import yaml

import explorer
from explorer import build as build_module
from explorer import changelog

import fixture_data


def _build(tmp_path, curated, name):
    build_module.build(curated, tmp_path / name)
    explorer.clear_caches()
    return changelog.snapshot(tmp_path / name)


def test_changes_between_two_releases_are_reported(tmp_path):
    curated = fixture_data.write_curated(tmp_path)
    before = _build(tmp_path, curated, "old")
    # Edit the curated data like a maintainer would: a corrected date, a new accession, a retitled treaty.
    participation = curated / "participation" / "test.csv"
    text = participation.read_text()
    text = text.replace("SWE,treaty-a,accession,1955-03-01", "SWE,treaty-a,accession,1955-04-01")
    text += "HRV,treaty-a,succession,1992-10-12,d,false,test-depositary,\n"
    participation.write_text(text)
    instruments = curated / "instruments" / "test.yaml"
    rows = yaml.safe_load(instruments.read_text())
    rows[1]["short_title"] = "Treaty B (amending protocol)"
    instruments.write_text(yaml.safe_dump(rows, allow_unicode=True))
    after = _build(tmp_path, curated, "new")

    changes = changelog.diff(before, after)
    found = {tuple(row) for row in changes[["table", "change", "key", "field", "old", "new"]].itertuples(index=False)}
    assert (
        "participation",
        "date corrected",
        "SWE | treaty-a | accession | 1955-04-01",
        "date",
        "1955-03-01",
        "1955-04-01",
    ) in found
    assert ("participation", "added", "HRV | treaty-a | succession | 1992-10-12", "", "", "") in found
    assert ("instruments", "changed", "treaty-b", "short_title", "Treaty B", "Treaty B (amending protocol)") in found
    # Entry into force computed from the moved accession moves too (30 days after consent, per the rule).
    assert (
        "participation",
        "date corrected",
        "SWE | treaty-a | entry_into_force | 1955-05-01",
        "date",
        "1955-03-31",
        "1955-05-01",
    ) in found
    assert not any(change == "removed" for _, change, *_ in found)

    markdown = changelog.render_markdown(changes, "2027.01.01", "2027-01-01", "2026.11.22")
    assert "Compared with release 2026.11.22" in markdown
    assert "'1955-03-01' → '1955-04-01'" in markdown


def test_identical_builds_have_no_changes(tmp_path):
    curated = fixture_data.write_curated(tmp_path)
    assert changelog.diff(_build(tmp_path, curated, "a"), _build(tmp_path, curated, "b")).empty


def test_shipped_release_snapshot_matches_the_tables(real_tables):
    """`python -m explorer.changelog` must be run (and its output committed) when the data changes."""
    release = changelog.current_release()
    path = changelog.releases_dir() / f"{release['version']}.json.gz"
    assert path.exists(), f"no snapshot for release {release['version']}: run `python -m explorer.changelog`"
    explorer.clear_caches()
    current = changelog.snapshot(real_tables)
    stored = changelog.load_release(str(release["version"]))
    assert changelog.diff(stored, current).empty, "data changed since the snapshot: run `python -m explorer.changelog`"
    with gzip.open(path) as handle:
        assert handle.read(1) == b"{"

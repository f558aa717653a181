"""A small, hand-made curated dataset for unit tests (fictional instruments, real state codes).

Tests copy it to a temporary folder and break one thing at a time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

SOURCES = [
    {
        "source_id": "iso-3166-pycountry",
        "producer": "ISO via pycountry",
        "title": "ISO 3166",
        "accessed": "2026-01-01",
        "kind": "official",
    },
    {
        "source_id": "test-depositary",
        "producer": "Test depositary",
        "title": "Status of the test treaties",
        "url": "https://example.org/status",
        "accessed": "2026-01-01",
        "status_as_at": "2025-12-31",
        "kind": "depositary",
    },
]
INSTRUMENTS = [
    {
        "instrument_id": "treaty-a",
        "short_title": "Treaty A",
        "official_title": "Test Treaty A",
        "kind": "treaty",
        "family": "un",
        "jurisdiction": "multilateral",
        "adopted": "1950-01-01",
        "entry_into_force": "1951-01-01",
        "topics": ["sexual_exploitation"],
        "summary": "A test treaty.",
        "source_id": "test-depositary",
        "party_eif_rule": {"days_after_consent": 30, "article": "art. 9"},
    },
    {
        "instrument_id": "treaty-b",
        "short_title": "Treaty B",
        "official_title": "Test Treaty B amending A",
        "kind": "protocol",
        "family": "un",
        "jurisdiction": "multilateral",
        "adopted": "1960-06-01",
        "entry_into_force": "1961-01-01",
        "topics": ["labour"],
        "summary": "Amends A.",
        "source_id": "test-depositary",
    },
    {
        "instrument_id": "law-c",
        "short_title": "Law C",
        "official_title": "Test Law C",
        "kind": "statute",
        "family": "national",
        "jurisdiction": "SWE",
        "enacted": "1998-05-28",
        "topics": [],
        "summary": "A national law <b>with markup</b>.",
        "source_id": "test-depositary",
    },
]
RELATIONS = [
    {"from": "treaty-b", "type": "amends", "to": "treaty-a", "date": "1960-06-01", "source_id": "test-depositary"},
    {"from": "law-c", "type": "implements", "to": "treaty-b", "date": "1998-05-28", "source_id": "test-depositary"},
]
STATES = [
    {
        "state_id": "YUG",
        "name": "Yugoslavia",
        "existed_from": "1918-12-01",
        "existed_to": "1992-04-27",
        "successor_ids": ["SVN", "HRV"],
        "source_id": "iso-3166-pycountry",
        "note": "Test succession note.",
    },
]
PARTICIPATION_HEADER = "state_id,instrument_id,action,date,depositary_code,computed,source_id,note"
PARTICIPATION = [
    "FRA,treaty-a,signature,1950-02-01,,false,test-depositary,",
    "FRA,treaty-a,ratification,1950-06-01,,false,test-depositary,",
    "SWE,treaty-a,accession,1955-03-01,a,false,test-depositary,",
    "SWE,treaty-a,denunciation,1970-01-01,,false,test-depositary,",
    "YUG,treaty-a,ratification,1952-01-01,,false,test-depositary,",
    "SVN,treaty-a,succession,1992-07-06,d,false,test-depositary,",
    "USA,treaty-a,signature,1951-05-05,,false,test-depositary,",
]
COUNTS = [{"instrument_id": "treaty-a", "source_id": "test-depositary", "status_as_at": "2025-12-31", "parties": 2}]
EVENTS = [
    {
        "event_id": "case-x",
        "title": "Case X",
        "date": "1999-01-01",
        "kind": "case",
        "jurisdiction": "SWE",
        "related_instruments": ["law-c"],
        "summary": "A test case.",
        "source_id": "test-depositary",
    }
]
GAPS = [
    {
        "gap_id": "gap-1",
        "table": "participation",
        "instrument_id": "treaty-b",
        "description": "No rows.",
        "reason": "Test.",
    }
]


def write_curated(root: Path) -> Path:
    """Write the fixture as ``root/curated`` and return that folder."""
    curated = root / "curated"
    if curated.exists():
        shutil.rmtree(curated)
    for folder in (
        "sources",
        "instruments",
        "relations",
        "states",
        "participation",
        "counts",
        "events",
        "known_gaps",
        "definitions",
    ):
        (curated / folder).mkdir(parents=True)

    def dump(path, data):
        (curated / path).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    dump("release.yaml", {"as_of": "2026-01-01", "version": "test"})
    dump("sources/test.yaml", SOURCES)
    dump("instruments/test.yaml", INSTRUMENTS)
    dump("relations/test.yaml", RELATIONS)
    dump("states/test.yaml", STATES)
    dump("counts/test.yaml", COUNTS)
    dump("events/test.yaml", EVENTS)
    dump("known_gaps/test.yaml", GAPS)
    (curated / "participation" / "test.csv").write_text(
        "\n".join([PARTICIPATION_HEADER, *PARTICIPATION]) + "\n", encoding="utf-8"
    )
    (curated / "known_exceptions.yaml").write_text("[]\n", encoding="utf-8")
    return curated

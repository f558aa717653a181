"""One search over instruments, states and events, each hit leading to a dashboard view (a deep link).

Pure functions (DataFrames and text in, plain data out; no widgets, no HTML): the home page renders
the hits (``explorer/apps/home.py``), escaping every text. Links are relative to the folder of the
dashboards (``map.ipynb?instrument=…``), so they work at ``/voila/render/``, under a proxy prefix, on
JupyterHub and on Binder alike.

Where a query leads:

* an instrument with participation rows -> the ratification map on it (and the timeline as a second
  link); any other instrument -> the timeline with it selected;
* a state (name, official name, ISO alpha-3 or alpha-2 code) -> its country profile;
* an event (a case, a seizure…) -> the timeline around its date, with the instrument it concerns
  selected.

Unknown text gets no hit and a few suggestions (``difflib``) from the names in the index.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from .. import deeplink
from ..dates import TIMELINE_START_YEAR, placement_dates

MAX_QUERY_LENGTH = 100
KIND_LABELS = {"instrument": "Instrument", "state": "Country profile", "event": "Case or event"}


@dataclass(frozen=True)
class Entry:
    """One searchable thing: what it is, how it is shown, where it leads, the texts it is found by."""

    kind: str  # "instrument", "state" or "event"
    key: str  # instrument id, ISO alpha-3 code or event id
    label: str
    detail: str
    link: str
    codes: tuple[str, ...] = ()  # exact identifiers (ids, ISO codes, citations): strongest match
    texts: tuple[str, ...] = ()  # titles and names
    extra_links: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int


@dataclass(frozen=True)
class Result:
    query: str  # the cleaned query
    hits: list[Hit]
    suggestions: list[str]

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def normalise(text) -> str:
    """Case-folded, accents removed, punctuation as spaces, one space between words."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def clean_query(text) -> str:
    """What the viewer typed, trimmed to one line of at most ``MAX_QUERY_LENGTH`` characters."""
    return " ".join(str(text or "").split())[:MAX_QUERY_LENGTH]


def _year(value) -> int | None:
    return int(pd.Timestamp(value).year) if value is not None and pd.notna(value) else None


def build_index(
    instruments: pd.DataFrame, states: pd.DataFrame, events: pd.DataFrame, participation: pd.DataFrame, last_year: int
) -> list[Entry]:
    """Every instrument, country and event as an :class:`Entry` (links relative to the dashboards)."""
    entries: list[Entry] = []
    on_map = set(participation["instrument_id"])
    starts = placement_dates(instruments)
    start_year = {row["instrument_id"]: _year(start) for (_, row), start in zip(instruments.iterrows(), starts)}
    for _, row in instruments.iterrows():
        instrument_id = row["instrument_id"]
        year = start_year[instrument_id]
        timeline = deeplink.build_link("timeline.ipynb", instrument=instrument_id)
        if instrument_id in on_map:
            link, extra = deeplink.build_link("map.ipynb", instrument=instrument_id), (("timeline", timeline),)
        else:
            link, extra = timeline, ()
        citation = row["citation"] if isinstance(row["citation"], str) else ""
        entries.append(
            Entry(
                kind="instrument",
                key=instrument_id,
                label=str(row["short_title"]),
                detail=" · ".join(str(part) for part in (year, citation or None) if part),
                link=link,
                extra_links=extra,
                codes=tuple(
                    normalise(code) for code in (instrument_id, citation, row.get("mtdsg_no")) if normalise(code)
                ),
                texts=tuple(normalise(text) for text in (row["short_title"], row["official_title"]) if normalise(text)),
            )
        )
    for _, row in states.iterrows():
        if row["kind"] == "organisation":
            continue  # not a country: no profile (the map lists it)
        state_id = row["state_id"]
        detail = state_id + (" · former state" if row["kind"] == "historical" else "")
        entries.append(
            Entry(
                kind="state",
                key=state_id,
                label=str(row["name"]),
                detail=detail,
                link=deeplink.build_link("country.ipynb", state=state_id),
                codes=tuple(normalise(code) for code in (state_id, row.get("iso_alpha2")) if normalise(code)),
                texts=tuple(normalise(text) for text in (row["name"], row.get("official_name")) if normalise(text)),
            )
        )
    known = set(instruments["instrument_id"])
    for _, row in events.iterrows():
        year = _year(row["date"])
        related = [
            i for i in (row["related_instruments"] if row["related_instruments"] is not None else []) if i in known
        ]
        years = [y for y in [year, *(start_year.get(i) for i in related[:1])] if y is not None]
        params = {"instrument": related[0] if related else None}
        if years:
            params["from"] = max(TIMELINE_START_YEAR, min(years) - 1)
            params["to"] = min(last_year, max(years) + 1)
        citation = row["citation"] if isinstance(row["citation"], str) else ""
        entries.append(
            Entry(
                kind="event",
                key=row["event_id"],
                label=str(row["title"]),
                detail=" · ".join(
                    str(part)
                    for part in (
                        pd.Timestamp(row["date"]).date().isoformat() if pd.notna(row["date"]) else None,
                        citation or None,
                    )
                    if part
                ),
                link=deeplink.build_link("timeline.ipynb", **params),
                codes=tuple(normalise(code) for code in (row["event_id"], citation) if normalise(code)),
                texts=(normalise(row["title"]),),
            )
        )
    return entries


def _score(entry: Entry, needle: str, words: list[str]) -> int:
    if needle in entry.codes:
        return 100
    best = 0
    for text in entry.texts:
        if text == needle:
            best = max(best, 95)
        elif text.startswith(needle + " ") or text.startswith(needle):
            best = max(best, 80)
        elif re.search(r"\b" + re.escape(needle), text):
            best = max(best, 65)
        elif needle in text and len(needle) >= 3:
            best = max(best, 50)
    if best:
        return best
    if len(needle) >= 3 and any(needle in code for code in entry.codes):
        return 45
    haystack = " ".join(entry.texts + entry.codes)
    if len(words) > 1 and all(re.search(r"\b" + re.escape(word), haystack) for word in words):
        return 40
    return 0


KIND_ORDER = {"instrument": 0, "state": 1, "event": 2}


def search(index: list[Entry], text, limit: int = 8) -> Result:
    """The entries matching ``text``, best first; none (and suggestions) for unknown text."""
    query = clean_query(text)
    needle = normalise(query)
    if not needle:
        return Result(query, [], [])
    words = needle.split()
    scored = [Hit(entry, score) for entry in index if (score := _score(entry, needle, words))]
    scored.sort(key=lambda hit: (-hit.score, KIND_ORDER[hit.entry.kind], len(hit.entry.label), hit.entry.label))
    hits = scored[:limit]
    return Result(query, hits, [] if hits else suggestions(index, needle))


def suggestions(index: list[Entry], needle: str, limit: int = 5) -> list[str]:
    """Names close to ``needle`` (difflib), whole labels first, then labels with a close word."""
    labels = {normalise(entry.label): entry.label for entry in index}
    found = [labels[name] for name in difflib.get_close_matches(needle, list(labels), n=limit, cutoff=0.6)]
    if len(found) < limit:
        by_word: dict[str, list[str]] = {}
        for name, label in labels.items():
            for word in name.split():
                if len(word) > 3:
                    by_word.setdefault(word, []).append(label)
        for query_word in needle.split():
            for word in difflib.get_close_matches(query_word, list(by_word), n=3, cutoff=0.75):
                for label in sorted(by_word[word], key=len):
                    if label not in found:
                        found.append(label)
    return found[:limit]

"""Self-checks for the teaching notebooks.

Each exercise computes its expected answer from the data when it is checked, so the answer is
never written in the notebook and stays right when the data is corrected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import api, coverage_rules, load
from .dates import start_dates
from .status import PARTY_STATUSES


@dataclass(frozen=True)
class Exercise:
    question: str
    expected: Callable[[], object]
    hint: str
    # NOTE: the instruments and date the answer rests on; where their rows are not complete on that
    # date, the check says that the answer is what the data records, not necessarily what happened.
    instruments: tuple[str, ...] = ()
    date: str | None = None

    def caveat(self) -> str | None:
        if not self.instruments or self.date is None:
            return None
        incomplete = [i for i in self.instruments if not coverage_rules.complete_on(api.coverage_record(i), self.date)]
        if not incomplete:
            return None
        return (
            f"NOTE: the rows for {', '.join(incomplete)} are not complete on {self.date} (see "
            f"ex.coverage()): the answer is what the data records, which may be less than what happened."
        )


def _first_date_reaching(instrument_id: str, parties: int) -> int:
    counts = api.counts_over_time(instrument_id)
    reached = counts[counts["parties"] >= parties]
    return int(reached["date"].iloc[0].year)


def _parties_on(instrument_id: str, date: str) -> int:
    return len(api.parties(instrument_id, date))


def _years_between(first: str, second: str) -> int:
    instruments = load.load_instruments().set_index("instrument_id")
    return int(instruments.at[second, "adopted"].year - instruments.at[first, "adopted"].year)


def _reauthorisations(instrument_id: str) -> int:
    relations = load.load_relations()
    return int(((relations["to_id"] == instrument_id) & (relations["type"] == "reauthorises")).sum())


def _days_between_event_and_enactment(event_id: str, instrument_id: str) -> int:
    event = load.load_events().set_index("event_id").at[event_id, "date"]
    enacted = load.load_instruments().set_index("instrument_id").at[instrument_id, "enacted"]
    return int((enacted - event).days)


def _relation_type(from_id: str, to_id: str) -> str:
    relations = load.load_relations()
    match = relations[(relations["from_id"] == from_id) & (relations["to_id"] == to_id)]
    return str(match["type"].iloc[0])


def _count_joined(state_id: str, instrument_ids: list[str], date: str) -> int:
    matrix = api.status_matrix(date, instrument_ids)
    return int(matrix.loc[state_id].isin(PARTY_STATUSES).sum())


def _count_relations(from_id: str, relation_type: str) -> int:
    relations = load.load_relations()
    return int(((relations["from_id"] == from_id) & (relations["type"] == relation_type)).sum())


def _published_not_in_rows(instrument_id: str) -> int:
    record = api.coverage_record(instrument_id)
    return int(record["published_parties"] - record["computed_at_published"])


def _cases_about(instrument_id: str) -> int:
    events = load.load_events()
    return int(((events["kind"] == "case") & events["related_instruments"].map(lambda ids: instrument_id in ids)).sum())


def _model_law_count(provision_id: str, value: str) -> int:
    assessments = load.load_table("model_law_assessments")
    latest = assessments.sort_values("assessed_as_of").drop_duplicates(["state_id", "provision_id"], keep="last")
    return int(((latest["provision_id"] == provision_id) & (latest["value"] == value)).sum())


def _parties_to_all(instrument_ids: list[str], date: str) -> int:
    return len(api.set_query(instrument_ids, as_of=date))


def _earlier(first: str, second: str) -> str:
    dates = start_dates(load.load_instruments().set_index("instrument_id"))
    return first if dates[first] <= dates[second] else second


EXERCISES: dict[str, Exercise] = {
    "years-1904-to-palermo": Exercise(
        "How many years passed between the adoption of the 1904 Agreement and the adoption of the Palermo Protocol?",
        lambda: _years_between("white-slave-agreement-1904", "palermo-protocol-2000"),
        "Look at the 'adopted' column of load_instruments() for both ids.",
    ),
    "protocol-1949-relation": Exercise(
        "What type of relation links the 1949 Protocol (white-slave-protocol-1949) to the 1904 Agreement?",
        lambda: _relation_type("white-slave-protocol-1949", "white-slave-agreement-1904"),
        "Filter load_relations() on from_id and to_id.",
    ),
    "parties-1949-convention-1960": Exercise(
        "How many states were parties to the 1949 Convention on 1 January 1960?",
        lambda: _parties_on("traffic-persons-convention-1949", "1960-01-01"),
        "Use parties(instrument, as_of=...) and count the rows.",
        ("traffic-persons-convention-1949",),
        "1960-01-01",
    ),
    "palermo-100-year": Exercise(
        "In which year did the Palermo Protocol reach 100 parties?",
        lambda: _first_date_reaching("palermo-protocol-2000", 100),
        "Use counts_over_time('palermo-protocol-2000') and find the first row with 100 or more parties.",
        ("palermo-protocol-2000",),
        "2014-01-27",
    ),
    "tvpa-reauthorisations": Exercise(
        "How many acts in the data reauthorise the TVPA of 2000 directly?",
        lambda: _reauthorisations("us-tvpa-2000"),
        "Count relations of type 'reauthorises' whose to_id is 'us-tvpa-2000'.",
    ),
    "backpage-to-fosta-days": Exercise(
        "How many days passed between the seizure of Backpage.com and the enactment of FOSTA?",
        lambda: _days_between_event_and_enactment("backpage-seizure-2018", "us-fosta-2018"),
        "Subtract the event's date from FOSTA's 'enacted' date.",
    ),
    "philippines-child-instruments-2020": Exercise(
        "Of the CRC, the OPSC, the Palermo Protocol and ILO C182, how many had the Philippines joined by "
        "1 January 2020 (according to the data)?",
        lambda: _count_joined("PHL", ["crc-1989", "opsc-2000", "palermo-protocol-2000", "ilo-c182"], "2020-01-01"),
        "Use status_matrix('2020-01-01', [...]) and look at the row 'PHL'.",
        ("crc-1989", "opsc-2000", "palermo-protocol-2000", "ilo-c182"),
        "2020-01-01",
    ),
    "cets197-or-fd2002": Exercise(
        "Which came first: the Council of Europe Convention CETS 197 or EU Framework Decision 2002/629/JHA? "
        "Answer with its instrument id.",
        lambda: _earlier("cets-197", "eu-fd-2002-629"),
        "Compare the 'adopted' (or 'opened_for_signature') dates.",
    ),
    "supersedes-1949": Exercise(
        "Between its own parties, how many earlier instruments does the 1949 Convention "
        "(traffic-persons-convention-1949) supersede, according to the relations table?",
        lambda: _count_relations("traffic-persons-convention-1949", "supersedes"),
        "Count relations whose from_id is 'traffic-persons-convention-1949' and whose type is 'supersedes'.",
    ),
    "palermo-published-not-in-rows": Exercise(
        "The depositary's latest published count of parties to the Palermo Protocol: how many of those parties "
        "are missing from the project's rows on that date?",
        lambda: _published_not_in_rows("palermo-protocol-2000"),
        "ex.coverage('palermo-protocol-2000') has 'published_parties' and 'computed_at_published'.",
    ),
    "fosta-cases": Exercise(
        "How many court decisions in the events table concern FOSTA (kind 'case', with 'us-fosta-2018' among "
        "the related instruments)?",
        lambda: _cases_about("us-fosta-2018"),
        "Filter load_events() on kind == 'case' and on 'us-fosta-2018' in related_instruments.",
    ),
    "icmec-m6-yes": Exercise(
        "For how many of the countries in the ICMEC 2018 matrix did the report find the online-advertising "
        "offence (provision icmec-2018-m6) met ('yes')?",
        lambda: _model_law_count("icmec-2018-m6", "yes"),
        "Use ex.load_table('model_law_assessments') and count rows with that provision_id and value 'yes'.",
    ),
    "cets197-and-palermo-2020": Exercise(
        "On 1 January 2020, how many states (according to the data) were parties to both CETS 197 and the "
        "Palermo Protocol?",
        lambda: _parties_to_all(["cets-197", "palermo-protocol-2000"], "2020-01-01"),
        "Use ex.set_query(['cets-197', 'palermo-protocol-2000'], as_of='2020-01-01') and count the rows.",
        ("cets-197", "palermo-protocol-2000"),
        "2020-01-01",
    ),
}


def coverage_caveats(instrument_ids, when=None) -> None:
    """Print, per instrument, how complete its participation rows are, and what that means on ``when``.

    Computed from the coverage table, so the text stays right when the data is corrected.
    """
    from .views.coverage import CLASS_LABELS

    titles = load.load_instruments().set_index("instrument_id")["short_title"]
    day = None if when is None else pd.Timestamp(when)
    for instrument_id in instrument_ids:
        record = api.coverage_record(api.check_instrument(instrument_id))
        label = CLASS_LABELS[record["coverage_class"]]
        line = f"- {titles.get(instrument_id, instrument_id)}: {label}. {record['note']}"
        if day is not None:
            if coverage_rules.complete_on(record, day):
                line += (
                    f" On {day.date().isoformat()} the rows are complete: counts are exact and 'no_action' "
                    "means no action."
                )
            else:
                line += (
                    f" On {day.date().isoformat()} the rows are NOT known complete: counts are minimums and a "
                    "state without a row is 'no_data' (not recorded), not 'no_action'."
                )
        print(line)


def _same(answer, expected) -> bool:
    if isinstance(expected, str):
        return str(answer).strip().lower() == expected.lower()
    try:
        return float(answer) == float(expected)
    except (TypeError, ValueError):
        return False


def check(exercise_id: str, answer) -> bool:
    """Check a student's answer. ``None`` means "not answered yet"; a wrong answer raises AssertionError."""
    exercise = EXERCISES[exercise_id]
    if answer is None:
        print(f"✎ {exercise.question}\n  Write your answer in the cell above (answer = ...) and run this cell again.")
        return False
    expected = exercise.expected()
    if _same(answer, expected):
        caveat = exercise.caveat()
        print("✓ Correct." + (f"\n  {caveat}" if caveat else ""))
        return True
    raise AssertionError(f"Not quite: {answer!r} is not the answer the data gives. Hint: {exercise.hint}")


def expected_answers() -> pd.DataFrame:
    """Every exercise's answer from the current data, with its coverage caveat (for teachers)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", coverage_rules.CoverageWarning)  # the caveat column says it
        rows = {
            key: {"answer": exercise.expected(), "caveat": exercise.caveat() or ""}
            for key, exercise in EXERCISES.items()
        }
    return pd.DataFrame.from_dict(rows, orient="index")

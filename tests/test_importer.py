"""The UNTC importer (explorer.importers.untc) on the three saved Chapter IV status pages of 3 Feb 2026
(tests/fixtures/untc/*.html.gz, copies of shared/sources/untc-chIV-2026-mgaldino/html), and the
reservations table, API and view built on its output."""

from __future__ import annotations

import csv
import gzip
import re

import pandas as pd
import pytest
import yaml

from explorer import api
from explorer.errors import PageFetchError, PageFormatError, UnknownIdError, UnknownParticipantError
from explorer.importers import untc
from explorer.schema import CONSENT_ACTIONS, TABLES
from explorer.views.reservations import reservations_html

from conftest import REPO_DIR

FIXTURES = REPO_DIR / "tests" / "fixtures" / "untc"
CURATED = REPO_DIR / "data" / "curated"
# page, instrument, the curated participation file transcribed from the same page, its source, header counts
PAGES = {
    "cedaw": ("cedaw-1979", "untc_IV-8.csv", "untc-iv-8", "IV-8", 189, 99),
    "crc": ("crc-1989", "untc_IV-11.csv", "untc-iv-11", "IV-11", 196, 140),
    "crc_op_sc": ("opsc-2000", "untc_IV-11-c.csv", "untc-iv-11-c", "IV-11-c", 178, 122),
}


def _html(name: str) -> str:
    return gzip.decompress((FIXTURES / f"{name}.html.gz").read_bytes()).decode("utf-8")


@pytest.fixture(scope="module")
def imported():
    """{page: (Page, participation rows, reservation rows, count record)} — each page parsed once."""
    out = {}
    for name, (instrument_id, _, source_id, *_rest) in PAGES.items():
        out[name] = untc.import_page(
            untc.read_page_file(FIXTURES / f"{name}.html.gz"), f"{name}.html.gz", instrument_id, source_id
        )
    return out


def _curated(filename: str, folder: str = "participation") -> list[dict]:
    with (CURATED / folder / filename).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- participation ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_parties_equal_the_page_header(name, imported):
    page, rows, _, count = imported[name]
    *_, mtdsg_no, parties, signatories = PAGES[name]
    assert page.mtdsg_no == mtdsg_no
    assert (page.parties, page.signatories) == (parties, signatories)
    consenting = {r["state_id"] for r in rows if r["action"] in CONSENT_ACTIONS}
    assert len(consenting) == parties
    assert len({r["state_id"] for r in rows if r["action"] == "signature"}) == signatories
    assert count["parties"] == parties and count["signatories"] == signatories
    assert str(count["status_as_at"]) == "2026-02-03"


@pytest.mark.parametrize("name", PAGES)
def test_imported_rows_equal_the_curated_rows(name, imported):
    """Consents and signatures as curated from the same page; the curated file has, besides, only the
    acts of former states that it read from the page's footnotes (not rows of the participant table)."""
    _, rows, _, _ = imported[name]
    instrument_id, filename, *_ = PAGES[name]
    curated = [r for r in _curated(filename) if r["instrument_id"] == instrument_id and r["computed"] == "false"]

    def keys(records, actions):
        return {
            (r["state_id"], r["action"], r["date"], r["depositary_code"]) for r in records if r["action"] in actions
        }

    for actions in (CONSENT_ACTIONS, {"signature"}):
        mine, theirs = keys(rows, actions), keys(curated, actions)
        assert mine <= theirs, f"imported but not curated: {sorted(mine - theirs)}"
        former = {key[0] for key in theirs - mine}
        assert former <= {"YUG", "CSK", "DDR"}, f"curated but not imported: {sorted(theirs - mine)}"
    footnote_rows = [r for r in curated if r["state_id"] in {"YUG", "CSK", "DDR"}]
    assert all("footnote" in r["note"] for r in footnote_rows)


def test_rows_have_the_curated_columns_and_footnotes(imported, tmp_path):
    _, rows, _, _ = imported["crc_op_sc"]
    assert list(rows[0]) == TABLES["participation"].field_names
    china = [r for r in rows if r["state_id"] == "CHN"]
    assert china and all(r["note"].startswith("UNTC footnote 2: ") and "Hong Kong" in r["note"] for r in china)
    afghanistan = [r for r in rows if r["state_id"] == "AFG"]
    assert afghanistan == [
        {
            "state_id": "AFG",
            "instrument_id": "opsc-2000",
            "action": "accession",
            "date": "2002-09-19",
            "depositary_code": "a",
            "computed": "false",
            "source_id": "untc-iv-11-c",
            "note": "",
        }
    ]


def test_acceptance_mark(imported):
    _, rows, _, _ = imported["crc"]
    consents = [
        (r["action"], r["depositary_code"]) for r in rows if r["state_id"] == "NLD" and r["action"] != "signature"
    ]
    assert consents == [("acceptance", "A")]


# --- errors -------------------------------------------------------------------------------------


def _import_text(text: str, name: str = "broken.html"):
    return untc.import_page(text.encode("utf-8"), name, "opsc-2000")


def test_garbled_date_names_the_row():
    text, replaced = re.subn(r"27 Dec\t 2006 a", "27 Dce\t 2006 a", _html("crc_op_sc"), count=1)
    assert replaced == 1
    with pytest.raises(PageFormatError) as caught:
        _import_text(text)
    assert caught.value.row == 3  # Algeria, the third participant
    message = str(caught.value)
    assert "broken.html" in message and "row 3" in message and "Algeria" in message and "27 Dce 2006 a" in message


def test_unknown_participant_names_the_row():
    text, replaced = re.subn(r"<td>Albania<br", "<td>Atlantis<br", _html("crc_op_sc"), count=1)
    assert replaced == 1
    with pytest.raises(UnknownParticipantError) as caught:
        _import_text(text)
    assert caught.value.row == 2
    assert "row 2" in str(caught.value) and "'Atlantis'" in str(caught.value)


def test_missing_table_is_named():
    text = _html("crc_op_sc").replace("ContentPlaceHolderInnerPage_tblgrid", "ContentPlaceHolderInnerPage_gone")
    with pytest.raises(PageFormatError, match="participant table"):
        _import_text(text)


def test_wrong_instrument_for_the_page():
    with pytest.raises(PageFormatError, match="IV-11-c.*crc-1989 is IV-11"):
        untc.import_page(untc.read_page_file(FIXTURES / "crc_op_sc.html.gz"), "opsc.html", "crc-1989")


def test_cli_returns_2_with_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.html"
    broken.write_text(_html("crc_op_sc").replace("<td>Albania<br", "<td>Atlantis<br", 1), encoding="utf-8")
    code = untc.main([str(broken), "--instrument", "opsc-2000", "--out", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "UnknownParticipantError" in err and "row 2" in err and "Atlantis" in err
    assert not (tmp_path / "out.csv").exists()


def test_cli_writes_rows_reservations_and_count(tmp_path, capsys):
    out, reservations, counts = tmp_path / "p.csv", tmp_path / "r.csv", tmp_path / "c.yaml"
    code = untc.main(
        [
            str(FIXTURES / "crc_op_sc.html.gz"),
            "--instrument",
            "opsc-2000",
            "--out",
            str(out),
            "--reservations-out",
            str(reservations),
            "--counts-out",
            str(counts),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0 and "parties 178" in printed and "178 with a consent" in printed
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == TABLES["participation"].field_names
    assert set(frame["source_id"]) == {"untc-iv-11-c-2026"}  # the default source id
    assert list(pd.read_csv(reservations).columns) == TABLES["reservations"].field_names
    count = yaml.safe_load(counts.read_text())
    assert count[0]["parties"] == 178 and count[0]["instrument_id"] == "opsc-2000"


def test_fetch_url_without_the_network():
    assert untc.page_url("IV-11-c") == (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-c&chapter=4&clang=_en"
    )
    assert "chapter=18" in untc.page_url("XVIII-12-a")
    with pytest.raises(PageFetchError):
        untc.page_url("not a number")


# --- reservations -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_curated_reservations_are_the_import_of_the_page(name, imported):
    _, _, rows, _ = imported[name]
    mtdsg_no = PAGES[name][3]
    curated = _curated(f"untc_{mtdsg_no}.csv", "reservations")
    assert [(r["state_id"], r["kind"], str(r["seq"]), r["date"], r["text"]) for r in rows] == [
        (r["state_id"], r["kind"], r["seq"], r["date"], r["text"]) for r in curated
    ]


def test_reservation_passages(imported):
    _, _, rows, _ = imported["crc_op_sc"]
    by_key = {(r["state_id"], r["kind"], r["seq"]): r for r in rows}
    belgium = by_key[("BEL", "declaration", 1)]
    assert belgium["text"].startswith("This signature is equally binding on the French community")
    assert "Upon signature: Declaration:" in belgium["note"]
    assert by_key[("LAO", "reservation", 1)]["text"].startswith("\"The Lao People's Democratic Republic [...]")
    austria = by_key[("AUT", "objection", 1)]
    assert austria["date"] == "2002-10-04" and "Octobre" in austria["note"]
    assert austria["text"].startswith("With regard to the reservation made by Qatar upon accession:")
    qatar = by_key[("QAT", "withdrawal_of_reservation", 1)]
    assert qatar["date"] == "2008-06-18" and qatar["note"] == "From UNTC footnote 11."
    assert by_key[("MYS", "declaration_or_reservation", 1)]["note"].startswith("The page does not label")
    objections = [r for r in rows if r["kind"] == "objection"]
    assert len(objections) == 15 and {r["state_id"] for r in objections} >= {"AUT", "CYP", "GBR", "SWE"}


def test_api_reservations_filters_and_checks_ids():
    frame = api.reservations(instrument_id="opsc-2000")
    assert set(frame["instrument_id"]) == {"opsc-2000"} and len(frame) > 30
    assert {"state_name", "short_title"} <= set(frame.columns)
    qatar = api.reservations("qat", "opsc-2000")
    assert set(qatar["state_id"]) == {"QAT"} and "withdrawal_of_reservation" in set(qatar["kind"])
    with pytest.raises(UnknownIdError):
        api.reservations(instrument_id="no-such-treaty")


def test_reservations_html_escapes_and_folds_long_texts():
    frame = pd.DataFrame(
        [
            {
                "state_id": "FRA",
                "state_name": "France <b>",
                "instrument_id": "treaty-a",
                "short_title": "A",
                "kind": "reservation",
                "seq": 1,
                "date": pd.NaT,
                "text": "<script>alert(1)</script>\nsecond line",
                "source_id": "src",
                "note": "Headed 'Reservation:' & more",
            },
            {
                "state_id": "SWE",
                "state_name": "Sweden",
                "instrument_id": "treaty-b",
                "short_title": "B",
                "kind": "objection",
                "seq": 1,
                "date": pd.Timestamp("2002-10-04"),
                "text": "x " * 600,
                "source_id": "src",
                "note": None,
            },
        ]
    )
    html = reservations_html(frame, caption="Reservations <all>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "France &lt;b&gt;" in html
    assert "&lt;all&gt;" in html and "&amp; more" in html and "<br>second line" in html
    assert html.count("<details>") == 1 and "4 Oct 2002" in html
    assert "Instrument" in html  # two instruments: the column is shown
    assert "No reservations" in reservations_html(frame.iloc[0:0])


def test_views_module_has_no_widgets():
    source = (REPO_DIR / "explorer" / "views" / "reservations.py").read_text(encoding="utf-8")
    assert "ipywidgets" not in source

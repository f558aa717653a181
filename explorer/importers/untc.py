"""``python -m explorer.importers.untc``: a UN Treaty Collection status page → curated rows.

Reads a status page of treaties.un.org as saved from a browser (the ``ViewDetails`` layout, e.g.
``https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11&chapter=4&clang=_en``) and
writes, for one instrument:

* participation rows (``--out``, the columns of ``data/curated/participation/*.csv``): one ``signature``
  row per signature date and one consent row per ratification/accession/… date of the participant
  table. The depositary's mark after a consent date gives the action: none = ratification, ``a`` =
  accession, ``d`` = succession, ``A`` = acceptance, ``AA`` = approval, ``s`` = definitive signature,
  ``P`` = participation. Footnote numbers on a participant's name attach the footnote's text to the
  row's note;
* reservations, declarations, objections and withdrawals (``--reservations-out``, the columns of
  ``data/curated/reservations/*.csv``), verbatim from the page's "Declarations and Reservations" and
  "Objections" sections and from footnotes that record a withdrawal;
* the published count (``--counts-out``): the page's "Status as at" date and its header
  "Signatories : N. Parties : M", in the format of ``data/curated/counts/*.yaml``.

Participant names become state ids through ``data/curated/state_names_untc.csv`` and the names of
the former states in ``data/curated/states/*.yaml`` — nothing else. An unknown name, a garbled date
or a missing table stops the import with an error naming the page, the row and the field (exit code
2, one line); nothing is dropped silently. ``--fetch MTDSG_NO`` downloads the live page first.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import gzip
import io
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from .. import curated
from ..errors import DataFileError, PageFetchError, PageFormatError, UnknownIdError, UnknownParticipantError
from ..paths import curated_dir as default_curated_dir
from ..schema import TABLES

PARTICIPATION_COLUMNS = TABLES["participation"].field_names
RESERVATION_COLUMNS = TABLES["reservations"].field_names

VIEW_DETAILS_URL = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en"
)

# The depositary's marks after a consent date (column header e.g. "Ratification, Accession(a), Succession(d)").
MARKS = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
    "s": "definitive_signature",
    "P": "participation",
}

_MONTHS = {}
for _number, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9
# Month names the saved pages print in French by mistake ("4 Octobre 2002"); read, and said so in the note.
_MISSPELT_MONTHS = {
    "octobre": 10,
    "septembre": 9,
    "fevrier": 2,
    "février": 2,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "août": 8,
    "decembre": 12,
    "décembre": 12,
    "janvier": 1,
    "mars": 3,
    "novembre": 11,
}

_GRID_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.? (\d{4})(?: ([A-Za-z]{1,2}))?$")
_TEXT_DATE = re.compile(r"^(\d{1,2}) ?([^\W\d_]+) ?(\d{4})(\*?)$")
_DATE_IN_TEXT = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b")
_CONTEXT_LINE = re.compile(r"^Upon [a-z ,]+:$")
_LABEL_LINE = re.compile(
    r"^(?P<label>(?:Interpretative [Dd]eclarations?|Reservations?|Declarations?|"
    r"Understandings?|Statement of understanding)\b[^:\"“”]{0,100}?)\s*:$"
)
_INTRODUCES = re.compile(
    r"\bfollowing (?:reservations?|declarations?|understandings?)"
    r"(?: and (?:reservations?|declarations?|understandings?))?\s*:$",
    re.IGNORECASE,
)
_REGARD_LINE = re.compile(r"^(?:With regards? to|Objection to)\b.{0,200}:$")
_WITHDRAW = re.compile(r"\bwithdr(?:aw|ew)\w*", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


# --- the parsed page ----------------------------------------------------------------------------


@dataclass
class Participant:
    row: int  # 1 = first participant of the table
    name: str
    state_id: str
    footnotes: list[str]
    signature: dt.date | None = None
    consent: dt.date | None = None
    mark: str = ""
    exits: list[tuple[str, dt.date]] = field(default_factory=list)


@dataclass
class Passage:
    """One reservation / declaration / objection / withdrawal, before numbering."""

    state_id: str
    kind: str
    text: str
    date: dt.date | None
    note: str


@dataclass
class Page:
    page: str
    mtdsg_no: str
    title: str
    status_as_at: dt.date
    status_text: str
    parties: int
    signatories: int | None
    participants_count: int | None
    participants: list[Participant]
    footnotes: dict[str, str]
    passages: list[Passage]

    @property
    def consenting(self) -> list[Participant]:
        return [p for p in self.participants if p.consent is not None]


# --- names --------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.replace("’", "'").replace("\u00a0", " ").split()).casefold()


def read_crosswalk(curated_dir: Path | None = None) -> dict[str, str]:
    """UNTC participant name (normalised) → state id, from the crosswalk and the former states' names."""
    curated_dir = curated_dir or default_curated_dir()
    path = curated_dir / "state_names_untc.csv"
    names: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name, state_id = (row.get("untc_name") or "").strip(), (row.get("state_id") or "").strip()
                if not name or not state_id:
                    continue
                names[_name_key(name)] = state_id
                # The crosswalk marks names that only occur in footnotes: "Czechoslovakia (footnotes)".
                bare = re.sub(r"\s*\(footnotes\)$", "", name)
                names.setdefault(_name_key(bare), state_id)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DataFileError(f"{path}: cannot read the UNTC name crosswalk: {error}") from error
    for record in curated.read_table(TABLES["states"], curated_dir):
        if record.get("name") and record.get("state_id"):
            names.setdefault(_name_key(record["name"]), record["state_id"])
    return names


def _resolve(name: str, names: dict[str, str], page: str, row: int, where: str) -> str:
    state_id = names.get(_name_key(name))
    if state_id is None:
        raise UnknownParticipantError(
            page, f"unknown participant {name!r}: add it to data/curated/state_names_untc.csv", row, where
        )
    return state_id


# --- HTML helpers -------------------------------------------------------------------------------


def _by_id_suffix(soup, suffix: str):
    return soup.find(id=re.compile(re.escape(suffix) + "$"))


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _name_and_footnotes(cell: Tag) -> tuple[str, list[str]]:
    """A participant cell: the name without its footnote numbers, and those numbers."""
    cell = copy.copy(cell)
    numbers = []
    for sup in cell.find_all(["sup", "superscript"]):
        numbers += re.findall(r"\d+", sup.get_text(" "))
        sup.extract()
    for hidden in cell.find_all("p", class_="invisible"):
        hidden.extract()
    name = _flat(cell.get_text(" "))
    trailing = re.match(r"^(.*?\D)\s*(\d+(?:\s*,\s*\d+)*)$", name)
    if trailing:  # numbers typed after the name instead of in <sup>
        name, extra = trailing.group(1).strip(), trailing.group(2)
        numbers += re.findall(r"\d+", extra)
    return name, list(dict.fromkeys(numbers))


def _lines(node: Tag) -> list[tuple[bool, str]]:
    """The text of a section entry as lines: (True, text) for a right-aligned (date) paragraph."""
    parts: list[str] = []

    def walk(element):
        for child in element.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
                continue
            if child.name == "br":
                parts.append("\n")
                continue
            if child.name == "p":
                if "invisible" in (child.get("class") or []):
                    continue
                if (child.get("align") or "").lower() == "right":
                    parts.append("\n\x00" + _flat(child.get_text(" ")) + "\n")
                    continue
            block = child.name in ("p", "div", "li", "tr", "table", "ul", "ol")
            if block:
                parts.append("\n")
            walk(child)
            if block:
                parts.append("\n")

    walk(node)
    out = []
    for line in "".join(parts).split("\n"):
        is_date = line.startswith("\x00")
        text = _flat(line.lstrip("\x00"))
        if text:
            out.append((is_date, text))
    return out


# --- dates --------------------------------------------------------------------------------------


def _grid_date(text: str, page: str, row: int, column: str, name: str) -> tuple[dt.date | None, str]:
    """'19 Sep 2002 a' → (date, 'a'); '' → (None, '')."""
    text = _flat(text)
    if not text:
        return None, ""
    match = _GRID_DATE.match(text)
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if not match or month is None:
        raise PageFormatError(
            page,
            f"cannot read the date {text!r} of {name!r} (expected e.g. '19 Sep 2002' or '19 Sep 2002 a')",
            row,
            f"column '{column}'",
        )
    mark = match.group(4) or ""
    if mark not in MARKS:
        raise PageFormatError(
            page,
            f"unknown depositary mark {mark!r} after the date of {name!r} "
            f"(known: {', '.join(repr(m) for m in MARKS if m)})",
            row,
            f"column '{column}'",
        )
    try:
        return dt.date(int(match.group(3)), month, int(match.group(1))), mark
    except ValueError as error:
        raise PageFormatError(
            page, f"the date {text!r} of {name!r} does not exist ({error})", row, f"column '{column}'"
        ) from error


def _text_date(text: str, page: str, row: int, where: str) -> tuple[dt.date, str]:
    """A dated paragraph of a section ('4 October 2002', '12 August 2003*') → (date, caveat for the note)."""
    match = _TEXT_DATE.match(text)
    if not match:
        raise PageFormatError(page, f"cannot read the date line {text!r}", row, where)
    word = match.group(2).lower()
    caveats = []
    month = _MONTHS.get(word)
    if month is None and word in _MISSPELT_MONTHS:
        month = _MISSPELT_MONTHS[word]
        caveats.append(f"the page prints the date as {text!r}")
    if month is None:
        raise PageFormatError(page, f"cannot read the month of the date line {text!r}", row, where)
    if not caveats and not re.match(r"^\d{1,2} [^\W\d_]+ \d{4}\*?$", text):
        caveats.append(f"the page prints the date as {text!r}")
    if match.group(4) and not caveats:
        caveats.append(f"the page prints the date as {text!r} (the asterisk refers to a remark in the text)")
    try:
        return dt.date(int(match.group(3)), month, int(match.group(1))), "; ".join(caveats)
    except ValueError as error:
        raise PageFormatError(page, f"the date line {text!r} is not a real date ({error})", row, where) from error


def _first_date_in(text: str) -> dt.date | None:
    for match in _DATE_IN_TEXT.finditer(text):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            try:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                return None
    return None


# --- the page -----------------------------------------------------------------------------------


def _header(soup, page: str) -> tuple[str, str, dt.date, str, int, int | None, int | None]:
    text = _flat(soup.get_text(" "))
    status = re.search(r"STATUS AS AT\s*:\s*(\d{1,2})-(\d{1,2})-(\d{4})", text, re.IGNORECASE)
    if not status:
        raise PageFormatError(
            page, "no 'Status as at : DD-MM-YYYY' line: is this a UNTC ViewDetails status page?", field="status as at"
        )
    try:
        as_at = dt.date(int(status.group(3)), int(status.group(2)), int(status.group(1)))
    except ValueError as error:
        raise PageFormatError(
            page, f"the 'Status as at' date {status.group(0)!r} is not a real date", field="status as at"
        ) from error
    block = _by_id_suffix(soup, "rptStatus_ctl00_tcText") or _by_id_suffix(soup, "tcStatus")
    status_text = _flat(block.get_text(" ")) if block else ""
    parties = re.search(r"Parties\s*:\s*(\d+)", status_text)
    if not parties:
        raise PageFormatError(page, f"no 'Parties : N' in the status header ({status_text!r})", field="status header")
    signatories = re.search(r"Signatories\s*:\s*(\d+)", status_text)
    participants = re.search(r"Participants\s*:\s*(\d+)", status_text)

    chapter_block = _by_id_suffix(soup, "rptHead_ctl00_tcHead")
    number_block = _by_id_suffix(soup, "rptTreaty_ctl00_tcTreaty")
    mtdsg_no = ""
    if chapter_block and number_block:
        chapter = re.search(r"CHAPTER\s+([IVXLC]+)", _flat(chapter_block.get_text(" ")), re.IGNORECASE)
        number = re.match(r"^(\d+)\s*\.\s*(?:([a-z])\b)?", _flat(number_block.get_text(" ")))
        if chapter and number:
            mtdsg_no = "-".join(filter(None, (chapter.group(1).upper(), number.group(1), number.group(2))))
    if not mtdsg_no:
        links = set(re.findall(r"mtdsg_no=([IVXLC]+-[0-9]+(?:-[a-z])?)", str(soup)))
        if len(links) == 1:
            mtdsg_no = links.pop()
    if not mtdsg_no:
        raise PageFormatError(
            page, "cannot tell the MTDSG number (chapter and treaty number) of the page", field="treaty heading"
        )
    title = ""
    if number_block:
        title = re.sub(r"^\d+\s*\.\s*(?:[a-z]\b)?\s*", "", _flat(number_block.get_text(" ")))
    return (
        mtdsg_no,
        title,
        as_at,
        status_text,
        int(parties.group(1)),
        int(signatories.group(1)) if signatories else None,
        int(participants.group(1)) if participants else None,
    )


def _footnotes(soup) -> dict[str, str]:
    notes = {}
    for block in soup.find_all(id=re.compile(r"dgNotesAll_ctl\d+_divNotesAll$")):
        block = copy.copy(block)
        anchor = block.find("a", attrs={"name": True})
        number = anchor.get("name") if anchor else None
        if anchor:
            anchor.extract()
        text = "\n".join(line for _, line in _lines(block))
        if number is None:
            first = re.match(r"^(\d+)\s+", text)
            if not first:
                continue
            number, text = first.group(1), text[first.end() :]
        notes[str(number).strip()] = text.strip()
    return notes


def _column_role(label: str, page: str, index: int) -> str:
    lower = label.lower()
    if index == 0:
        return "participant"
    if lower.startswith("signature"):
        return "signature"
    if any(
        word in lower
        for word in (
            "ratification",
            "accession",
            "succession",
            "acceptance",
            "approval",
            "definitive signature",
            "participation",
            "consent",
        )
    ):
        return "consent"
    if "denunciation" in lower:
        return "denunciation"
    if "withdrawal" in lower:
        return "withdrawal"
    raise PageFormatError(
        page,
        f"unknown column {label!r} in the participant table (the importer reads "
        "Participant, Signature, the consent column, Denunciation, Withdrawal)",
        field=f"column {index + 1}",
    )


def _participants(soup, page: str, names: dict[str, str]) -> list[Participant]:
    grid = _by_id_suffix(soup, "tblgrid")
    if grid is None:
        raise PageFormatError(
            page,
            "the participant table (id …tblgrid) is missing: not a complete UNTC status "
            "page, or the page layout changed",
            field="participant table",
        )
    rows = grid.find_all("tr")
    if len(rows) < 2:
        raise PageFormatError(page, "the participant table has no rows", field="participant table")
    labels = [_flat(cell.get_text(" ")) for cell in rows[0].find_all(["td", "th"])]
    roles = [_column_role(label, page, index) for index, label in enumerate(labels)]
    if "consent" not in roles:
        raise PageFormatError(
            page, f"the participant table has no consent column (columns: {labels})", field="participant table"
        )
    participants, seen = [], {}
    for number, tr in enumerate(rows[1:], start=1):
        cells = tr.find_all(["td", "th"])
        if not cells or not _flat(tr.get_text(" ")):
            continue
        if len(cells) != len(roles):
            raise PageFormatError(
                page, f"{len(cells)} cells where the header has {len(roles)}", number, "participant table"
            )
        name, footnotes = _name_and_footnotes(cells[0])
        if not name:
            raise PageFormatError(page, "no participant name", number, f"column '{labels[0]}'")
        state_id = _resolve(name, names, page, number, f"column '{labels[0]}'")
        if state_id in seen:
            raise PageFormatError(
                page,
                f"{name!r} is {state_id}, as is {seen[state_id]!r} (an earlier row): fix the crosswalk",
                number,
                f"column '{labels[0]}'",
            )
        seen[state_id] = name
        participant = Participant(number, name, state_id, footnotes)
        for cell, role, label in zip(cells[1:], roles[1:], labels[1:]):
            date, mark = _grid_date(cell.get_text(" "), page, number, label, name)
            if date is None:
                continue
            if role == "consent":
                participant.consent, participant.mark = date, mark
                continue
            if mark:
                raise PageFormatError(
                    page, f"unexpected mark {mark!r} after the date of {name!r}", number, f"column '{label}'"
                )
            if role == "signature":
                participant.signature = date
            else:
                participant.exits.append((role, date))
        participants.append(participant)
    return participants


def _section_entries(soup, section: str, page: str, names: dict[str, str], where: str):
    """(row, state_id, name, footnotes, lines) for every entry of a Declarations or Objections section."""
    table = _by_id_suffix(soup, section)
    if table is None:
        return
    row = 0
    for participant in table.find_all(id=re.compile(rf"{section}_ctl\d+_divParticipant$")):
        row += 1
        body = soup.find(id=participant.get("id").replace("divParticipant", "divText"))
        name, footnotes = _name_and_footnotes(participant)
        if not name:
            raise PageFormatError(page, "an entry without a participant name", row, where)
        state_id = _resolve(name, names, page, row, where)
        yield row, state_id, name, footnotes, (_lines(body) if body is not None else [])


def _declarations(soup, page: str, names: dict[str, str]) -> list[Passage]:
    where = "'Declarations and Reservations' section"
    passages = []
    for row, state_id, name, footnotes, lines in _section_entries(soup, "dgDec", page, names, where):
        context = label = None
        date, date_note = None, ""
        current = None
        for is_date, text in lines:
            if is_date:
                date, date_note = _text_date(text, page, row, f"{where} ({name})")
                context = label = current = None  # a later communication: its own headings follow
                continue
            if _CONTEXT_LINE.match(text):
                context, label, current = text, None, None
                date, date_note = None, ""
                continue
            label_match = _LABEL_LINE.match(text)
            if label_match:
                label, current = text, None
                continue
            if _INTRODUCES.search(text):  # "… is subject to the following understandings:" starts a passage
                label, current = text, None
            if current is None:
                current = {
                    "context": context,
                    "label": label,
                    "date": date,
                    "date_note": date_note,
                    "lines": [],
                    "footnotes": footnotes,
                }
                passages.append((state_id, current))
            current["lines"].append(text)
    out = []
    for state_id, passage in passages:
        label = passage["label"]
        if label is None:
            kind = "declaration_or_reservation"
        else:
            lower = label.lower()
            reservation = "reservation" in lower
            declaration = "declaration" in lower or "understanding" in lower
            kind = (
                "declaration_or_reservation"
                if reservation and declaration
                else "reservation"
                if reservation
                else "declaration"
            )
        heading = " ".join(filter(None, (passage["context"], label)))
        notes = [
            f"Headed '{heading}' on the page."
            if heading
            else "The page does not label this passage as a reservation or a declaration."
        ]
        if passage["date_note"]:
            notes.append(passage["date_note"][:1].upper() + passage["date_note"][1:] + ".")
        if passage["footnotes"]:
            numbers = passage["footnotes"]
            notes.append(
                f"UNTC footnote{'s' if len(numbers) > 1 else ''} {', '.join(numbers)} on the participant's "
                "entry (see the page)."
            )
        out.append(Passage(state_id, kind, "\n".join(passage["lines"]), passage["date"], " ".join(notes)))
    return out


def _objections(soup, page: str, names: dict[str, str]) -> list[Passage]:
    where = "'Objections' section"
    out = []
    for row, state_id, name, _, lines in _section_entries(soup, "dgObj", page, names, where):
        date, date_note = None, ""
        current = None
        for is_date, text in lines:
            if is_date:
                date, date_note = _text_date(text, page, row, f"{where} ({name})")
                current = None
                continue
            regard = bool(_REGARD_LINE.match(text))
            if current is not None and regard and current["regard"]:
                current = None  # a second objection under the same date
            if current is None:
                current = {"date": date, "date_note": date_note, "lines": [], "regard": False}
                out.append((state_id, current))
            current["regard"] = current["regard"] or regard
            current["lines"].append(text)
    return [
        Passage(
            state_id,
            "objection",
            "\n".join(p["lines"]),
            p["date"],
            (p["date_note"][:1].upper() + p["date_note"][1:] + ".") if p["date_note"] else "",
        )
        for state_id, p in out
    ]


def _withdrawals(footnotes: dict[str, str], referenced: dict[str, set[str]]) -> list[Passage]:
    """Withdrawals recorded in footnotes that one participant's name refers to."""
    out = []
    for number, text in footnotes.items():
        states = referenced.get(number, set())
        if len(states) != 1:
            continue
        flat = _flat(text)
        first = re.split(r":|\.\s", flat, maxsplit=1)[0]
        match = _WITHDRAW.search(first)
        if not match or re.search(r"\bGovernments\b", first):
            continue
        window = flat[: match.end() + 120].lower()
        reservation, declaration = "reservation" in window, "declaration" in window
        if not (reservation or declaration):
            continue
        kind = (
            "withdrawal"
            if reservation and declaration
            else "withdrawal_of_reservation"
            if reservation
            else "withdrawal_of_declaration"
        )
        date = _first_date_in(first)
        note = f"From UNTC footnote {number}" + ("" if date else " (the footnote gives no date)") + "."
        out.append(Passage(next(iter(states)), kind, text, date, note))
    return out


def parse_page(content: bytes | str, page: str, names: dict[str, str]) -> Page:
    """Read a saved UNTC status page. ``page`` names it in error messages."""
    soup = BeautifulSoup(content, "html.parser")
    mtdsg_no, title, as_at, status_text, parties, signatories, participants_count = _header(soup, page)
    participants = _participants(soup, page, names)
    footnotes = _footnotes(soup)
    passages = _declarations(soup, page, names) + _objections(soup, page, names)
    referenced: dict[str, set[str]] = {}
    for participant in participants:
        for number in participant.footnotes:
            referenced.setdefault(number, set()).add(participant.state_id)
    for _, state_id, _, numbers, _ in _section_entries(soup, "dgDec", page, names, "declarations"):
        for number in numbers:
            referenced.setdefault(number, set()).add(state_id)
    passages += _withdrawals(footnotes, referenced)
    return Page(
        page,
        mtdsg_no,
        title,
        as_at,
        status_text,
        parties,
        signatories,
        participants_count,
        participants,
        footnotes,
        passages,
    )


# --- rows ---------------------------------------------------------------------------------------


def default_source_id(page: Page) -> str:
    return f"untc-{page.mtdsg_no.lower()}-{page.status_as_at.year}"


def _footnote_note(page: Page, numbers: list[str]) -> str:
    parts = []
    for number in numbers:
        text = page.footnotes.get(number)
        parts.append(
            f"UNTC footnote {number}: {_flat(text)}"
            if text is not None
            else f"UNTC footnote {number} (its text is not on the page)."
        )
    return " ".join(parts)


def participation_rows(page: Page, instrument_id: str, source_id: str) -> list[dict]:
    rows = []
    for participant in page.participants:
        note = _footnote_note(page, participant.footnotes)
        events = []
        if participant.signature:
            events.append(("signature", participant.signature, ""))
        if participant.consent:
            events.append((MARKS[participant.mark], participant.consent, participant.mark))
        events += [(action, date, "") for action, date in participant.exits]
        for action, date, mark in events:
            rows.append(
                {
                    "state_id": participant.state_id,
                    "instrument_id": instrument_id,
                    "action": action,
                    "date": date.isoformat(),
                    "depositary_code": mark,
                    "computed": "false",
                    "source_id": source_id,
                    "note": note,
                }
            )
    rows.sort(key=lambda r: (r["state_id"], r["date"], r["action"]))
    return rows


def reservation_rows(page: Page, instrument_id: str, source_id: str) -> list[dict]:
    counters: dict[tuple[str, str], int] = {}
    rows = []
    for passage in page.passages:
        key = (passage.state_id, passage.kind)
        counters[key] = counters.get(key, 0) + 1
        rows.append(
            {
                "state_id": passage.state_id,
                "instrument_id": instrument_id,
                "kind": passage.kind,
                "seq": counters[key],
                "date": passage.date.isoformat() if passage.date else "",
                "text": passage.text,
                "source_id": source_id,
                "note": passage.note,
            }
        )
    rows.sort(key=lambda r: (r["state_id"], r["kind"], r["seq"]))
    return rows


def count_record(page: Page, instrument_id: str, source_id: str) -> dict:
    record = {
        "instrument_id": instrument_id,
        "source_id": source_id,
        "status_as_at": page.status_as_at,
        "parties": page.parties,
    }
    if page.signatories is not None:
        record["signatories"] = page.signatories
    record["note"] = (
        f"Header of the UNTC status page ({page.status_text!r}, status as at "
        f"{page.status_as_at.strftime('%d-%m-%Y')}); imported by explorer.importers.untc."
    )
    return record


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def read_page_file(path: Path) -> bytes:
    """The bytes of a saved page (``.gz`` files are decompressed)."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


# --- fetching -----------------------------------------------------------------------------------


def _roman(value: str) -> int:
    total = 0
    for index, letter in enumerate(value):
        number = _ROMAN[letter]
        following = _ROMAN[value[index + 1]] if index + 1 < len(value) else 0
        total += -number if number < following else number
    return total


def page_url(mtdsg_no: str) -> str:
    match = re.fullmatch(r"([IVXLC]+)-\d+(?:-[a-z])?", mtdsg_no)
    if not match:
        raise PageFetchError(f"{mtdsg_no!r} is not an MTDSG number (e.g. IV-11 or XVIII-12-a)")
    return VIEW_DETAILS_URL.format(mtdsg=urllib.parse.quote(mtdsg_no), chapter=_roman(match.group(1)))


def fetch_page(mtdsg_no: str, timeout: float = 60) -> bytes:
    """Download the live status page (needs the internet; never called by the tests)."""
    url = page_url(mtdsg_no)
    request = urllib.request.Request(url, headers={"User-Agent": "trafficking-law-explorer UNTC importer"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise PageFetchError(f"cannot download {url}: {error}") from error


# --- command line -------------------------------------------------------------------------------


def import_page(
    content: bytes, page_name: str, instrument_id: str, source_id: str | None = None, curated_dir: Path | None = None
) -> tuple[Page, list[dict], list[dict], dict]:
    """Parse a page and return (page, participation rows, reservation rows, count record)."""
    curated_dir = curated_dir or default_curated_dir()
    instruments = {r["instrument_id"]: r for r in curated.read_table(TABLES["instruments"], curated_dir)}
    if instrument_id not in instruments:
        raise UnknownIdError(f"unknown instrument id {instrument_id!r} (not in data/curated/instruments)")
    page = parse_page(content, page_name, read_crosswalk(curated_dir))
    expected = instruments[instrument_id].get("mtdsg_no")
    if expected and expected != page.mtdsg_no:
        raise PageFormatError(
            page_name, f"the page is MTDSG {page.mtdsg_no}, but {instrument_id} is {expected}", field="treaty heading"
        )
    source_id = source_id or default_source_id(page)
    return (
        page,
        participation_rows(page, instrument_id, source_id),
        reservation_rows(page, instrument_id, source_id),
        count_record(page, instrument_id, source_id),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m explorer.importers.untc", description=__doc__.splitlines()[0].split(": ", 1)[-1]
    )
    parser.add_argument(
        "page",
        nargs="?",
        type=Path,
        help="saved status page (.html or .html.gz); with --fetch, where to save the download",
    )
    parser.add_argument("--instrument", required=True, help="instrument id, e.g. crc-1989")
    parser.add_argument("--out", type=Path, required=True, help="participation CSV to write")
    parser.add_argument("--reservations-out", type=Path, help="reservations CSV to write")
    parser.add_argument("--counts-out", type=Path, help="YAML with the published count to write")
    parser.add_argument("--source-id", help="source_id of the rows (default untc-<mtdsg>-<year of status>)")
    parser.add_argument("--fetch", metavar="MTDSG_NO", help="download the live page first (needs the internet)")
    parser.add_argument("--curated", type=Path, default=None, help="curated folder (default data/curated)")
    args = parser.parse_args(argv)
    if args.page is None and not args.fetch:
        parser.error("give a saved PAGE.html or --fetch MTDSG_NO")
    try:
        if args.fetch:
            content = fetch_page(args.fetch)
            target = args.page or Path(f"untc_{args.fetch}_{dt.date.today().isoformat()}.html")
            target.write_bytes(content)
            print(f"Saved {page_url(args.fetch)} as {target}")
            page_name = str(target)
        else:
            page_name = str(args.page)
            content = read_page_file(args.page)
        page, rows, reservations, count = import_page(content, page_name, args.instrument, args.source_id, args.curated)
        _write_csv(args.out, PARTICIPATION_COLUMNS, rows)
        if args.reservations_out:
            _write_csv(args.reservations_out, RESERVATION_COLUMNS, reservations)
        if args.counts_out:
            args.counts_out.parent.mkdir(parents=True, exist_ok=True)
            args.counts_out.write_text(
                yaml.safe_dump([count], sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
            )
    except (PageFormatError, PageFetchError, UnknownIdError, DataFileError, OSError) as error:
        print(f"error: {type(error).__name__}: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    consenting = len(page.consenting)
    signatures = sum(1 for p in page.participants if p.signature)
    print(
        f"{page.mtdsg_no} ({args.instrument}), status as at {page.status_as_at.isoformat()}: "
        f"published signatories {page.signatories}, parties {page.parties}"
    )
    print(
        f"Imported {len(page.participants)} participants: {consenting} with a consent, {signatures} signatures "
        f"→ {len(rows)} rows in {args.out}"
    )
    if consenting != page.parties:
        print(
            f"NOTE: {consenting} participants with a consent, but the page counts {page.parties} parties: "
            "check denunciations and former states before using these rows."
        )
    if args.reservations_out:
        print(f"{len(reservations)} reservation/declaration/objection rows in {args.reservations_out}")
    if args.counts_out:
        print(f"Published count written to {args.counts_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

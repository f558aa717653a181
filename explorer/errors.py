"""Errors the package raises, each naming what is wrong and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One validation finding, pointing at a file, row and field."""

    check: str
    table: str
    file: str
    row: int | None
    field: str | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message} [{self.check}]"


class DataValidationError(ValueError):
    """The curated data failed validation; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {problem}" for problem in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} data problem(s):\n{shown}{more}")


class DataFileError(RuntimeError):
    """A data file is missing, unreadable or corrupt."""


class UnknownIdError(KeyError, ValueError):
    """An instrument or state id that is not in the data; the message suggests close matches."""

    def __str__(self) -> str:  # KeyError would otherwise wrap the message in quotes
        return str(self.args[0]) if self.args else ""


class PageFormatError(ValueError):
    """A saved depositary page could not be read as expected (a table missing, a garbled date…).

    ``page`` is the file, ``row`` the row of the page's table (1 = first participant) and ``field``
    the column or section; the message names all three.
    """

    def __init__(self, page: str, message: str, row: int | None = None, field: str | None = None):
        self.page, self.row, self.field = page, row, field
        where = page
        if row is not None:
            where += f", row {row}"
        if field:
            where += f", {field}"
        super().__init__(f"{where}: {message}")


class UnknownParticipantError(PageFormatError):
    """A participant name that the crosswalk (data/curated/state_names_untc.csv) does not know."""


class PageFetchError(RuntimeError):
    """A depositary page could not be downloaded."""

"""A file read as text, and the refusals every table reader shares: Excel error values,
headers that repeat, a file without rows, and located problems per cell.

Every cell is read as text first and converted afterwards (:mod:`samverkan.read.numbers`), so a
bad cell is reported with its file, line and column instead of being guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import polars as pl

from samverkan.errors import InputError, Problem

LINE = "_line"
"""Column holding the 1-based line (CSV) or row (xlsx) of each record in its file."""


@attrs.frozen
class RawTable:
    """A file read as text: every column a String, plus :data:`LINE`."""

    frame: pl.DataFrame
    name: str
    """How the file is named in messages (the path as the user wrote it)."""
    decimal_mark: str
    """The decimal marks a number may be written with: ``,`` (``;``-separated CSV), ``.``,
    or ``.,`` for a workbook (its number cells read as ``1234.5``, its text cells as the
    person wrote them, ``1 234,5``)."""
    encoding: str


EXCEL_ERRORS = frozenset(
    (
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        # as a Swedish Excel writes them
        "#DIVISION/0!",
        "#SAKNAS!",
        "#NAMN?",
        "#SKÄRNING!",
        "#OGILTIGT!",
        "#REFERENS!",
        "#VÄRDEFEL!",
    )
)
"""Excel's error values, in English and Swedish: a cell showing one holds no value."""


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def refuse_errors(frame: pl.DataFrame, name: str, *, a1: bool, sheet: str = "") -> None:
    """Every cell holding an Excel error value, named by row and column (or A1 cell)."""
    cells = [c for c in frame.columns if c != LINE]
    hit = frame.select(pl.any_horizontal(pl.col(cells).is_in(list(EXCEL_ERRORS))).any()).item()
    if not hit:
        return
    problems = []
    for index, column in enumerate(cells):
        bad = frame.filter(pl.col(column).is_in(list(EXCEL_ERRORS))).select(LINE, column)
        for line, value in bad.head(100).iter_rows():
            where = f"cellen {column_letter(index)}{line}" + (
                f" på bladet {sheet!r}" if sheet else ""
            )
            problems.append(
                Problem(
                    f"{where} innehåller Excel-felet {value} i stället för ett värde; rätta "
                    "formeln i arbetsboken och exportera igen",
                    name,
                    None if a1 else line,
                    f"{column_letter(index)}{line}" if a1 else column,
                )
            )
    raise InputError(problems[:100])


def refuse_empty(frame: pl.DataFrame, name: str, line: int = 2) -> None:
    """A file with a header but no rows (``line``: where the first row would be)."""
    if frame.height == 0:
        raise InputError.at(
            "filen har en rubrikrad men inga rader med uppgifter; exportera igen med raderna",
            name,
            line,
        )


def unique_headers(columns: Sequence[str], name: str, line: int = 1) -> None:
    """Two columns with the same header (blank ones included) cannot be told apart."""
    seen: set[str] = set()
    for column in columns:
        header = column.strip()
        if header in seen:
            what = f"rubriken {header!r}" if header else "en tom rubrik"
            raise InputError.at(f"{what} förekommer mer än en gång i rubrikraden", name, line)
        seen.add(header)


def tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim header names and cells, and drop rows with every cell empty (Excel's trailing ;;;)."""
    frame = frame.rename({c: c.strip() for c in frame.columns})
    cells = [c for c in frame.columns if c != LINE]
    frame = frame.with_columns(pl.col(cells).str.strip_chars().replace("", None))
    return frame.filter(~pl.all_horizontal(pl.col(cells).is_null()))


def first_row(frame: pl.DataFrame, name: str) -> str:
    """``file:line`` of the first of ``frame``'s rows: where a note about them points."""
    return f"{name}:{frame.select(pl.col(LINE).min()).item()}"


Check = tuple[pl.Expr, str, str]
"""A rule for :func:`cell_problems`: (true on the failing rows, the column the problem is
in, the message, where ``{value}`` stands for that cell)."""


def cell_problems(
    table: RawTable, frame: pl.DataFrame, checks: Iterable[Check], limit: int = 100
) -> list[Problem]:
    """One problem per failing row of each check (at most ``limit`` per check), each with the
    file, the row's line and the column: every fault in the file at once, located.

    All checks are tried in one pass first; only a check that fails anywhere has its rows
    fetched (a million-row file that is right costs one pass, not a filtered copy per check).
    """
    checks = list(checks)
    failing = [rule.fill_null(False) for rule, _, _ in checks]
    found = frame.select(f.any().alias(str(i)) for i, f in enumerate(failing)).row(0)
    return [
        Problem(message.format(value=value), table.name, line, column)
        for fails, (_, column, message), any_fails in zip(failing, checks, found, strict=True)
        if any_fails
        for line, value in frame.lazy()
        .filter(fails)
        .select(LINE, column)
        .head(limit)
        .collect()
        .iter_rows()
    ]

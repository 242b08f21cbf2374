"""Reading tables the way Swedish municipalities write them: CSV from Excel and xlsx exports,
by a source's options, and finding the columns a reader needs in them.

The text itself is read by :mod:`samverkan.read.csv_text` and fastexcel, numbers converted by
:mod:`samverkan.read.numbers`; every problem names its file, row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import fastexcel
import polars as pl

from samverkan.errors import InputError, Problem
from samverkan.model.units import ServiceUnit
from samverkan.read import files, workbook
from samverkan.read.csv_text import SEPARATORS, read_csv_text
from samverkan.read.header import ANY_HEADER, SEARCHED, HeaderSpec, header_index, header_option
from samverkan.read.raw import (
    LINE,
    Check,
    RawTable,
    cell_problems,
    refuse_empty,
    refuse_errors,
    tidy,
    unique_headers,
)
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits

if TYPE_CHECKING:
    from samverkan.read.registry import Source


def read_xlsx_text(
    path: Path,
    name: str,
    sheet: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    header: HeaderSpec = ANY_HEADER,
) -> RawTable:
    """Read one sheet of an xlsx workbook (the first unless named) as text columns.

    The workbook is inspected first (:func:`samverkan.workbook.inspect`): one that unpacks
    beyond ``limits`` or holds Excel error values is refused before it is parsed. The grid
    is read whole, blank rows kept, so every row keeps the number Excel shows; the header is
    the row ``header`` gives or finds (:mod:`samverkan.read.header`), the title rows above it
    (merged cells included) are left out."""
    path = files.checked(path, name)  # says why not: missing, a folder, a pipe, outside …
    first = workbook.inspect(path, name, sheet, limits)
    try:
        book = fastexcel.read_excel(path)  # reads: checked above
        grid = book.load_sheet(sheet or 0, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises its own types; report them as bad input
        raise InputError.at(
            f"arbetsboken kan inte läsas: {str(exc).splitlines()[0]}", name
        ) from None
    top = grid.head(SEARCHED).rows()
    index = header_index(top, header, name) if grid.height else 0
    cells = top[index] if top else ()
    columns = [c.strip() if c and c.strip() else f"__UNNAMED__{i}" for i, c in enumerate(cells)]
    unique_headers(columns, name, first + index)
    frame = grid.slice(index + 1).rename(dict(zip(grid.columns, columns, strict=True)))
    frame = frame.with_row_index(LINE, offset=first + index + 1)
    frame = tidy(frame.with_columns(pl.col(LINE).cast(pl.Int64)))
    refuse_errors(frame, name, a1=True, sheet=sheet or "")
    refuse_empty(frame, name, first + index + 1)
    return RawTable(frame, name, ".,", "xlsx")


def read_text_table(
    path: Path,
    name: str,
    separator: str | None = None,
    sheet: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    *,
    header: HeaderSpec = ANY_HEADER,
) -> RawTable:
    """Read CSV or xlsx by the file's extension."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx_text(path, name, sheet, limits, header)
    return read_csv_text(path, name, separator, header)


def read_source(source: Source, expect: Sequence[str] = ()) -> RawTable:
    """The file of a ``[[sources]]`` entry as text columns, with its ``separator``, ``sheet``
    and ``header_row`` options and the build's :class:`~samverkan.workbook.ReadLimits`;
    without ``header_row`` the header is the first top row naming every column in ``expect``."""
    for key in ("separator", "sheet"):
        value = source.options.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError.at(f"{key} ska vara en text, inte {value!r}", source.name, None, key)
    separator = source.options.get("separator")
    if separator is not None and separator not in SEPARATORS:
        raise InputError.at(
            f"separator {separator!r}: använd ';', ',' eller tabb", source.name, None, "separator"
        )
    header = HeaderSpec(header_option(source.options.get("header_row"), source.name), tuple(expect))
    sheet = source.options.get("sheet")
    return read_text_table(source.path, source.name, separator, sheet, source.limits, header=header)


def find_column(table: RawTable, wanted: str) -> str | None:
    """The header for ``wanted``, ignoring case: an exact match, else one that starts with it
    and a space (board papers write "Budget 2018" where a definition says "Budget")."""
    headers = [c for c in table.frame.columns if c != LINE]
    for header in headers:
        if header.lower() == wanted.lower():
            return header
    for header in headers:
        if header.lower().startswith(wanted.lower() + " "):
            return header
    return None


def require_columns(table: RawTable, columns: Sequence[str]) -> dict[str, str]:
    """Map each wanted column to the file's header, ignoring case; list every one missing."""
    by_lower = {c.lower(): c for c in table.frame.columns}
    missing = [c for c in columns if c.lower() not in by_lower]
    if missing:
        have = ", ".join(c for c in table.frame.columns if c != LINE)
        raise InputError(
            [Problem(f"kolumnen saknas (filen har: {have})", table.name, 1, c) for c in missing]
        )
    return {c: by_lower[c.lower()] for c in columns}


def role_columns(
    table: RawTable, option: object, defaults: Mapping[str, str], required: Sequence[str]
) -> dict[str, str]:
    """Role → the file's header, for a reader whose ``columns`` option renames its roles.

    ``defaults`` gives each role's usual header and ``option`` (the source's ``columns``, or
    None) any the user renames. The ``required`` roles, and every role the user renames, must
    be in the file, every one missing listed; the other roles are kept when the file has them.
    """
    if option is None:
        option = {}
    if not isinstance(option, Mapping) or not all(isinstance(v, str) for v in option.values()):
        raise InputError.at(
            'columns ska vara en tabell {roll = "rubrik", …}', table.name, None, "columns"
        )
    unknown = set(option) - set(defaults)
    if unknown:
        raise InputError.at(
            f"okända kolumnroller {sorted(unknown)}; tillåtna: {', '.join(defaults)}",
            table.name,
            None,
            "columns",
        )
    headers = {**defaults, **option}
    have = ", ".join(c for c in table.frame.columns if c != LINE)
    misspelt = [r for r in option if r not in required and find_column(table, option[r]) is None]
    if misspelt:
        # A column the definition names must be there: a misspelt name would otherwise leave
        # the figure out without a word.
        raise InputError(
            [
                Problem(
                    f"kolumnen {option[r]!r} finns inte i filen (filen har: {have})",
                    table.name,
                    None,
                    f"columns.{r}",
                )
                for r in misspelt
            ]
        )
    found = require_columns(table, [headers[r] for r in required])
    out = {r: found[headers[r]] for r in required}
    for role in headers.keys() - set(required):
        header = find_column(table, headers[role])
        if header is not None:
            out[role] = header
    return out


def require_filled(
    table: RawTable, frame: pl.DataFrame, columns: Iterable[str], hint: str = ""
) -> None:
    """Refuse every empty cell in ``columns`` (headers): an empty cell is accepted only where
    a reader's documented format says the column may be empty."""
    checks: list[Check] = [
        (pl.col(c).is_null(), c, "cellen är tom" + (f"; {hint}" if hint else "")) for c in columns
    ]
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)


def member_code(column: str, unit: ServiceUnit, unknown: str | None = None) -> pl.Expr:
    """The kommunkod of the member named in ``column`` by name or code, in any case.

    A blank cell stays null (files use it for "the whole board"); a name that is no member
    becomes ``unknown``, so a reader that allows blanks can still report the wrong names.
    """
    codes = {m.name.lower(): m.kommunkod for m in unit.members}
    codes |= {m.kommunkod: m.kommunkod for m in unit.members}
    text = pl.col(column).str.strip_chars()
    return pl.when(text.is_not_null() & (text != "")).then(
        text.str.to_lowercase().replace_strict(codes, default=unknown, return_dtype=pl.String)
    )

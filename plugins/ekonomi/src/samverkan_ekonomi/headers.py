"""Every column of a result statement read, or refused: a header the reader does not know.

A misspelt ``Budegt`` or ``Prognso helår`` is no column the reader looks for, so without this
check the figure would be left out without a word (a budget of 0, a missing forecast). A file's
header is therefore read exactly: each column is one the reader recognises (a role of
``DEFAULT_COLUMNS`` or the definition's ``columns``, ``Exempeldata`` that marks generated rows),
one the source lists in ``ignore_columns``, or a blank column without a header; any other is
refused with the columns it accepts and the nearest of them (difflib).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import polars as pl

from samverkan.api import LINE, InputError, Problem, RawTable, Source

EXAMPLE_COLUMN = "Exempeldata"
"""Marks rows of generated example data (``ja``); read as a label, never as a figure."""


def ignored(source: Source) -> set[str]:
    """The ``ignore_columns`` option: headers, as written, the reader is to leave unread."""
    raw = source.options.get("ignore_columns", [])
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise InputError.at(
            'ignore_columns ska vara en lista med rubriker, till exempel ["Kommentar intern"]',
            source.name,
            None,
            "ignore_columns",
        )
    return {v.strip().lower() for v in raw}


def _blank(frame: pl.DataFrame, header: str) -> bool:
    unnamed = not header.strip() or header.startswith(("__UNNAMED__", "_duplicated_"))
    return unnamed and frame[header].null_count() == frame.height


def refuse_unknown(
    table: RawTable, source: Source, col: Mapping[str, str], roles: Mapping[str, str]
) -> None:
    """Refuse every column of ``table`` that is neither read (``col``) nor to be ignored.

    ``roles`` gives the headers the reader looks for, named in the message as those accepted.
    """
    known = {h.lower() for h in col.values()} | {EXAMPLE_COLUMN.lower()} | ignored(source)
    frame = table.frame
    unknown = [
        c
        for c in frame.columns
        if c != LINE and not c.startswith("_area") and c.lower() not in known
    ]
    unknown = [c for c in unknown if not _blank(frame, c)]
    if not unknown:
        return
    accepted = [*dict.fromkeys([*roles.values(), EXAMPLE_COLUMN])]
    lower = {a.lower(): a for a in accepted}

    def message(header: str) -> str:
        near = difflib.get_close_matches(header.lower(), lower, n=1, cutoff=0.6)
        if not near:
            # "Prognso helår": the word before the year or "helår" carries the role.
            near = difflib.get_close_matches(
                header.split(maxsplit=1)[0].lower(), lower, n=1, cutoff=0.6
            )
        hint = f"; menade du {lower[near[0]]!r}?" if near else ""
        return (
            f"kolumnen {header!r} i rubrikraden känns inte igen{hint} Kolumner som läses: "
            f"{', '.join(accepted)} (eller en rubrik som börjar med en av dem och ett "
            'mellanslag, som "Budget 2018"); en kolumn som inte ska läsas anges i '
            'ignore_columns = ["…"]'
        )

    raise InputError([Problem(message(c), table.name, None, c) for c in unknown])


def file_columns(col: Mapping[str, str]) -> dict[str, str]:
    """The file's own column of each column of the rows and tables (``area`` → ``Område``),
    so what the core refuses is named as the file names it. An area the file has no column for
    (a board of one area) has none, nor have the amounts (budget, prognos and utfall are each
    a column of their own)."""
    roles = {"area": "area", "line": "line", "name": "line_name"}
    roles |= {"municipality": "municipality", "forecast_month": "forecast_month"}
    return {name: col[role] for name, role in roles.items() if role in col and col[role] != "_area"}

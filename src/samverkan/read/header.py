"""Which row of an export is its header: finance systems write a title (or several) above it.

A source may say it (``header_row = 3``, the row as the spreadsheet numbers it); otherwise the
header is the first of the top rows that holds every column the reader needs, and the first
row when none does (the missing columns are then reported against it).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from samverkan.errors import InputError

SEARCHED = 30
"""How many rows from the top are looked through for the header."""


@attrs.frozen
class HeaderSpec:
    """Where the header is: ``row`` (1-based) when the source says, else found by ``expect``."""

    row: int | None = None
    expect: tuple[str, ...] = ()


ANY_HEADER = HeaderSpec()
"""The first row is the header (what a reader that expects nothing gets)."""


def names_column(cell: str | None, wanted: str) -> bool:
    """Whether a header cell names ``wanted``: the same, ignoring case, or it followed by a
    space and more ("Budget 2018" for "Budget"), as :func:`samverkan.read.tabular.find_column`."""
    if cell is None:
        return False
    cell, wanted = cell.strip().lower(), wanted.lower()
    return cell == wanted or cell.startswith(wanted + " ")


def header_index(rows: Sequence[Sequence[str | None]], spec: HeaderSpec, name: str) -> int:
    """The 0-based index in ``rows`` (the file's top rows, in order) of the header row."""
    if spec.row is not None:
        if spec.row > len(rows):
            raise InputError.at(
                f"header_row = {spec.row}, men filen har bara {len(rows)} rader",
                name,
                None,
                "header_row",
            )
        return spec.row - 1
    for index, cells in enumerate(rows[:SEARCHED]):
        if spec.expect and all(any(names_column(c, w) for c in cells) for w in spec.expect):
            return index
    return 0


def header_option(value: object, name: str) -> int | None:
    """The ``header_row`` option, checked: a row number from 1."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError.at(
            f"header_row ska vara rubrikradens nummer (1, 2, …), inte {value!r}",
            name,
            None,
            "header_row",
        )
    return value

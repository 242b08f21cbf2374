"""Tables written for spreadsheets: exact numbers, and text that is never run as a formula.

A spreadsheet number is a binary double: 15 significant digits are kept exactly, more are not.
An amount of more digits (a sum in öre of a large cooperation, written in kronor with two
decimals) is written as text holding every digit, so no öre is lost; the docs say so.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula. Text from data is written so that it never
is: in a workbook as a string cell, in CSV behind an apostrophe, which spreadsheets show as
text and do not print.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

EXACT_DIGITS = 15
"""Significant digits a spreadsheet number holds exactly."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def exact_number(value: Decimal | int) -> float | None:
    """``value`` as a spreadsheet number when the number keeps it exactly, else None."""
    number = Decimal(value)
    digits = len(number.normalize().as_tuple().digits) if number else 1
    if digits > EXACT_DIGITS:
        return None
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number.normalize() else None


def inert(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def inert_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` made :func:`inert`, for writing as CSV."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    risky = "^[=+\\-@\\t\\r]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(risky))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def write_cell(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """One cell: a number where the spreadsheet holds it exactly, otherwise text."""
    if isinstance(value, bool) or value is None:
        sheet.write_string(row, col, "" if value is None else str(value), fmt)
    elif isinstance(value, int | Decimal):
        number = exact_number(value)
        if number is None:
            sheet.write_string(row, col, str(value), fmt)
        else:
            sheet.write_number(row, col, number, fmt)
    elif isinstance(value, float):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def write_frame(frame: pl.DataFrame, path: Path) -> None:
    """``frame`` as a one-sheet workbook at ``path``: headers in bold, every cell as above."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Data")
    bold = book.add_format({"bold": True})
    for col, name in enumerate(frame.columns):
        sheet.write_string(0, col, name, bold)
        sheet.set_column(col, col, max(12, min(40, len(name) + 4)))
    for r, row in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(row):
            write_cell(sheet, r, col, value)
    book.close()

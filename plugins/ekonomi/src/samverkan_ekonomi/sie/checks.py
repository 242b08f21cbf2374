"""What both SIE readers refuse in the vouchers once they are read: dates that are not days of
the calendar, account numbers that are not numbers, codes holding an invisible character, and
the same voucher twice in a year.

The checks run on the frames, so the exact and the vectorised reader refuse exactly alike.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping

import polars as pl

from samverkan.api import InputError, Problem

_LIMIT = 100
ACCOUNT = r"^[0-9]{1,10}$"
INVISIBLE = r"[\p{Cf}\p{Cc}\p{Co}\p{Cn}\p{Zs}--\x20]"
"""Format and control characters, private-use and unassigned code points, and spaces other than
the plain one: ``"1100\u200b"`` looks like object 1100 on every screen but is another code, and
would move its amounts out of the area 1100 is mapped to."""


def invisible(text: str) -> str | None:
    """The first character of ``text`` that :data:`INVISIBLE` matches, named: ``U+200B ZERO
    WIDTH SPACE``; None when there is none."""
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cf", "Cc", "Co", "Cn") or (category == "Zs" and char != " "):
            return f"U+{ord(char):04X} {unicodedata.name(char, 'utan namn')}"
    return None


def invisible_message(what: str, value: str) -> str:
    return (
        f"{what} {value!r} innehåller ett osynligt tecken eller styrtecken ({invisible(value)}): "
        "koden ser ut som en annan men är det inte; exportera filen igen eller ta bort tecknet"
    )


def _day(column: str) -> pl.Expr:
    return pl.col(column).str.to_date("%Y%m%d", strict=False)


_FIELDS = {"account": "konto", "objects": "objektlista", "series": "serie"}
"""The field a problem names, as the SIE format calls it."""


Check = tuple[pl.DataFrame, pl.Expr, str, Callable[[str], str]]
"""A frame, what fails (an expression of one column alone), that column, and the message."""


def _located(checks: list[Check], name: str) -> list[Problem]:
    """A problem at each line whose column fails its check. Judged on the distinct values
    first, all checks side by side: a year of vouchers has a few hundred dates and accounts
    in a million rows, so the rows are searched only when one is bad."""
    queries = [frame.lazy().select(pl.col(c).unique()).filter(f) for frame, f, c, _ in checks]
    problems = []
    for (frame, _, column, message), wrong in zip(checks, pl.collect_all(queries), strict=True):
        if wrong.height == 0:
            continue
        bad = frame.filter(pl.col(column).is_in(wrong[column].implode())).select("line", column)
        field = _FIELDS.get(column, column)
        problems += [
            Problem(message(v), name, line, field) for line, v in bad.head(_LIMIT).iter_rows()
        ]
    return problems


def invisible_codes(frames: Mapping[str, pl.DataFrame], name: str) -> list[Problem]:
    """Every code (series, voucher number, object list) holding an invisible character."""
    codes = {"series": "serien", "vernr": "verifikationsnumret", "objects": "objektlistan"}
    checks: list[Check] = [
        (
            frame,
            pl.col(column).str.contains(INVISIBLE),
            column,
            functools.partial(invisible_message, what),
        )
        for frame in frames.values()
        for column, what in codes.items()
        if column in frame.columns
    ]
    return _located(checks, name)


def fiscal_year(years: Mapping[int, tuple[str, str]], date: pl.Expr) -> pl.Expr:
    """The #RAR year index a ``YYYYMMDD`` date falls in, as text, else its calendar year."""
    key = date.str.slice(0, 4)
    for index, (start, end) in sorted(years.items()):
        key = (
            pl.when(date.is_between(pl.lit(start), pl.lit(end)))
            .then(pl.lit(f"#RAR {index}"))
            .otherwise(key)
        )
    return key


def _duplicates(
    vouchers: pl.DataFrame,
    transactions: pl.DataFrame,
    years: Mapping[int, tuple[str, str]],
    name: str,
) -> tuple[list[Problem], list[Problem]]:
    """(a voucher written twice, a voucher number shared by different vouchers) in a series
    and year, each later one named with the first. An exact copy (same date and rows) is a
    fault of the export, refused; different vouchers under one number are what some programs
    write (BL Administration numbers every depreciation voucher of its asset register
    ``#VER # 1``), read, each with a note."""
    numbered = vouchers.filter(pl.col("vernr") != "").with_columns(
        year=fiscal_year(years, pl.col("verdatum"))
    )
    key = ["series", "vernr", "year"]
    twice = numbered.filter(pl.struct(key).is_duplicated())
    if twice.height == 0:
        return [], []
    rows = (
        transactions.filter(pl.col("ver_line").is_in(twice["line"].implode()))
        .sort("line")
        .group_by("ver_line", maintain_order=True)
        .agg(
            pl.concat_str(
                "status",
                "account",
                "objects",
                "amount_ore",
                "transdat",
                "text",
                separator="\x1f",
            )
            .str.join("\x1e")
            .alias("rows")
        )
    )
    twice = twice.join(rows, left_on="line", right_on="ver_line", how="left").with_columns(
        pl.col("rows").fill_null("")
    )
    first = twice.group_by(key).agg(pl.col("line").min().alias("first"))
    later = twice.join(first, on=key).filter(pl.col("line") != pl.col("first")).sort("line")
    contents = twice.select(pl.col("line").alias("first"), "verdatum", "rows")
    later = later.join(contents, on="first", how="left", suffix="_first").with_columns(
        copy=(pl.col("verdatum") == pl.col("verdatum_first"))
        & (pl.col("rows") == pl.col("rows_first"))
    )
    copies, notes = [], []
    for line, series, vernr, first_line, copy in later.select(
        "line", "series", "vernr", "first", "copy"
    ).iter_rows():
        if copy:
            copies.append(
                Problem(
                    f"verifikation {series} {vernr} står två gånger i filen, med samma datum och "
                    f"rader (rad {first_line} och rad {line}): exporten har tagit med den två "
                    "gånger; exportera filen igen",
                    name,
                    line,
                    "#VER",
                )
            )
        else:
            notes.append(
                Problem(
                    f"verifikation {series} {vernr} har samma nummer som verifikationen på rad "
                    f"{first_line} men annat innehåll; båda är lästa som egna verifikationer "
                    "(så numrerar till exempel BL Administration sina avskrivningar)",
                    name,
                    line,
                    "#VER",
                )
            )
    return copies[:_LIMIT], notes


def check_frames(
    vouchers: pl.DataFrame,
    transactions: pl.DataFrame,
    years: Mapping[int, tuple[str, str]],
    name: str,
) -> list[Problem]:
    """Raise :class:`InputError` listing every voucher-level fault, each with its line; return
    the notes (voucher numbers shared by different vouchers)."""
    checks: list[Check] = [
        (
            vouchers,
            _day("verdatum").is_null(),
            "verdatum",
            "verifikationsdatum {!r} finns inte i kalendern (ÅÅÅÅMMDD)".format,
        ),
        (
            transactions,
            (pl.col("transdat") != "") & _day("transdat").is_null(),
            "transdat",
            "transaktionsdatum {!r} finns inte i kalendern (ÅÅÅÅMMDD)".format,
        ),
        (
            transactions,
            ~pl.col("account").str.contains(ACCOUNT),
            "account",
            "kontot {!r} är inget kontonummer (ska vara siffror)".format,
        ),
    ]
    problems = _located(checks, name)
    if problems:
        raise InputError(problems)
    copies, notes = _duplicates(vouchers, transactions, years, name)
    if copies:
        raise InputError(copies)
    return notes

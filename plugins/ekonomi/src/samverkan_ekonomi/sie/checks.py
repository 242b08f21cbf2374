"""What both SIE readers refuse in the vouchers once they are read: dates that are not days of
the calendar, account numbers that are not numbers, and the same voucher twice in a year.

The checks run on the frames, so the exact and the vectorised reader refuse exactly alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.api import InputError, Problem

_LIMIT = 100
ACCOUNT = r"^\d{1,10}$"


def _day(column: str) -> pl.Expr:
    return pl.col(column).str.to_date("%Y%m%d", strict=False)


_FIELDS = {"account": "konto"}
"""The field a problem names, as the SIE format calls it."""


def _located(
    frame: pl.DataFrame, failing: pl.Expr, column: str, message: str, name: str
) -> list[Problem]:
    bad = frame.filter(failing).select("line", column).head(_LIMIT)
    field = _FIELDS.get(column, column)
    return [Problem(message.format(value=v), name, line, field) for line, v in bad.iter_rows()]


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
    vouchers: pl.DataFrame, years: Mapping[int, tuple[str, str]], name: str
) -> list[Problem]:
    """A voucher number used twice in a series and year: both lines named."""
    numbered = vouchers.filter(pl.col("vernr") != "").with_columns(
        year=fiscal_year(years, pl.col("verdatum"))
    )
    key = ["series", "vernr", "year"]
    twice = numbered.filter(pl.struct(key).is_duplicated())
    if twice.height == 0:
        return []
    first = twice.group_by(key).agg(pl.col("line").min().alias("first"))
    later = twice.join(first, on=key).filter(pl.col("line") != pl.col("first")).sort("line")
    return [
        Problem(
            f"verifikation {series} {vernr} förekommer två gånger samma räkenskapsår (rad {first} "
            f"och rad {line}); varje verifikation ska ha ett eget nummer i sin serie",
            name,
            line,
            "#VER",
        )
        for line, series, vernr, first in later.select("line", "series", "vernr", "first")
        .head(_LIMIT)
        .iter_rows()
    ]


def check_frames(
    vouchers: pl.DataFrame,
    transactions: pl.DataFrame,
    years: Mapping[int, tuple[str, str]],
    name: str,
) -> None:
    """Raise :class:`InputError` listing every voucher-level fault, each with its line."""
    problems = _located(
        vouchers,
        _day("verdatum").is_null(),
        "verdatum",
        "verifikationsdatum {value!r} finns inte i kalendern (ÅÅÅÅMMDD)",
        name,
    )
    problems += _located(
        transactions,
        (pl.col("transdat") != "") & _day("transdat").is_null(),
        "transdat",
        "transaktionsdatum {value!r} finns inte i kalendern (ÅÅÅÅMMDD)",
        name,
    )
    problems += _located(
        transactions,
        ~pl.col("account").str.contains(ACCOUNT),
        "account",
        "kontot {value!r} är inget kontonummer (ska vara siffror)",
        name,
    )
    if not problems:
        problems = _duplicates(vouchers, years, name)
    if problems:
        raise InputError(problems)

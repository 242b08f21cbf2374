"""Voucher rows into transactions: each row to its #VER, an #RTRANS counted once, and every
voucher checked to balance. Shared by the exact and the vectorised reader."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.api import InputError, Problem
from samverkan_ekonomi.sie.tokens import Field, ObjectList

KEY_SEPARATOR = "\x1e"
STATUS = {"#TRANS": "", "#RTRANS": "added", "#BTRANS": "removed"}


def check_balanced(vouchers: pl.DataFrame, transactions: pl.DataFrame, name: str) -> None:
    """Every voucher's rows (removed ones excluded) must sum to zero; list each that does not.

    Rows come in file order, so each voucher's rows are consecutive: its sum is the running
    total where its rows end less where the voucher before ended (no hashing of a million
    keys)."""
    ver = pl.col("ver_line")
    sums = (
        transactions.lazy()
        .filter(pl.col("status") != "removed")
        .select("ver_line", running=pl.col("amount_ore").cum_sum())
        .filter(ver != ver.shift(-1, fill_value=-1))
        .select("ver_line", diff=pl.col("running") - pl.col("running").shift(1, fill_value=0))
        .filter(pl.col("diff") != 0)
        .collect()
        .join(vouchers, left_on="ver_line", right_on="line", how="left")
        .sort("ver_line")
    )
    if sums.height:
        raise InputError(
            [
                Problem(
                    f"verifikation {series} {vernr} balanserar inte: differens {diff / 100:.2f} kr",
                    name,
                    line,
                    "#TRANS",
                )
                for line, series, vernr, diff in sums.select("ver_line", "series", "vernr", "diff")
                .head(100)
                .iter_rows()
            ]
        )


KeyLookup = Callable[[list[int]], dict[int, str]]


def field_key(fields: list[Field]) -> str:
    """A row's fields after the label as one string: equal rows have equal keys."""
    return KEY_SEPARATOR.join(x.canonical() if isinstance(x, ObjectList) else x for x in fields[1:])


def voucher_rows(rows: pl.DataFrame, keys: KeyLookup | None = None) -> pl.DataFrame:
    """Drop each #TRANS repeating the #RTRANS before it in its voucher, and set status.

    ``rows`` has ``records.ROW_SCHEMA`` (each row with its #VER's line, as both readers know
    it); the result has the schema of ``transactions``. Where a reader left ``key`` empty,
    ``keys`` supplies it for the few rows next to an #RTRANS.
    """
    ordered = rows.sort("line")
    if not (ordered["label"] == "#RTRANS").any():  # the usual file: nothing can repeat
        return ordered.select(_TRANSACTION_COLUMNS)
    same_voucher = pl.col("ver_line") == pl.col("ver_line").shift(1)
    after_rtrans = (
        (pl.col("label") == "#TRANS") & (pl.col("label").shift(1) == "#RTRANS") & same_voucher
    ).fill_null(False)
    if keys is not None:
        pairs = ordered.with_columns(_after=after_rtrans)
        wanted = (
            pairs.filter(pl.col("_after") | pl.col("_after").shift(-1).fill_null(False))
            .filter(pl.col("key").is_null())["line"]
            .to_list()
        )
        if wanted:
            found = keys(wanted)
            ordered = ordered.with_columns(
                pl.col("key").fill_null(
                    pl.col("line").replace_strict(found, default=None, return_dtype=pl.String)
                )
            )
    repeat = after_rtrans & (pl.col("key") == pl.col("key").shift(1))
    return ordered.filter(~repeat.fill_null(False)).select(_TRANSACTION_COLUMNS)


_TRANSACTION_COLUMNS = [
    "line",
    "ver_line",
    pl.col("label").replace_strict(STATUS, return_dtype=pl.String).alias("status"),
    "account",
    "objects",
    "object",
    "amount_ore",
    "transdat",
    "text",
]

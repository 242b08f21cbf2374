"""Voucher rows into transactions: each row to its #VER, an #RTRANS counted once, and every
voucher checked to balance. Shared by the exact and the vectorised reader."""

from __future__ import annotations

import polars as pl

from samverkan.api import InputError, Problem
from samverkan_ekonomi.sie.data import in_line_order

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


COPY_OF_RTRANS = ("account", "objects", "amount_ore")
"""What makes the #TRANS after an #RTRANS its copy. SIE 4B has a program that writes #RTRANS
follow it with the same row as #TRANS, for readers that do not know #RTRANS; programs write
the copy with another date or without the signature, so only account, objects and amount must
agree. A #TRANS that differs in those is a row of its own."""


def voucher_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """Drop each #TRANS that is the copy of the #RTRANS just before it in its voucher, and
    set status.

    ``rows`` has ``records.ROW_SCHEMA`` (each row with its #VER's line, as both readers know
    it); the result has the schema of ``transactions``.
    """
    ordered = in_line_order(rows)
    if not (ordered["label"] == "#RTRANS").any():  # the usual file: nothing can repeat
        return ordered.select(_TRANSACTION_COLUMNS)
    same_voucher = pl.col("ver_line") == pl.col("ver_line").shift(1)
    copy = (pl.col("label") == "#TRANS") & (pl.col("label").shift(1) == "#RTRANS") & same_voucher
    for column in COPY_OF_RTRANS:
        copy &= pl.col(column) == pl.col(column).shift(1)
    return ordered.filter(~copy.fill_null(False)).select(_TRANSACTION_COLUMNS)


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

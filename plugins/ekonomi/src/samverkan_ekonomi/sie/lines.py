"""A SIE file's lines, each with what it is: the first step of the vectorised reader.

Every line is one of a voucher row (#TRANS, #RTRANS, #BTRANS), #VER, an opening or closing
brace, a blank line or another record; :func:`structure` then checks that the vouchers are
well formed by those kinds alone, before any field is read.
"""

from __future__ import annotations

import io

import polars as pl

from samverkan.api import InputError, utf8_bytes
from samverkan_ekonomi.sie.decode import decode

ROW, VER, OPEN, CLOSE, OTHER, BLANK = 1, 2, 3, 4, 5, 0


def read_lines(data: bytes, name: str) -> tuple[pl.DataFrame, str]:
    """(``line``, ``raw``, ``kind``, ``ver_line`` per line of the file, its encoding)."""
    text, encoding = decode(data, name)
    if "\x1f" in text:
        line = text[: text.index("\x1f")].count("\n") + 1
        raise InputError.at("styrtecken (0x1F) är inte tillåtna i SIE", name, line)
    frame = pl.read_csv(
        io.BytesIO(utf8_bytes(data, text, encoding)),
        has_header=False,
        separator="\x1f",
        quote_char=None,
        new_columns=["raw"],
        infer_schema=False,
        raise_if_empty=False,
    )
    if "raw" not in frame.columns:  # an empty file: no lines, which the checks then report
        frame = pl.DataFrame(schema={"raw": pl.String})
    lines = frame.with_row_index("line", offset=1).with_columns(pl.col("line").cast(pl.Int64))
    lines = lines.with_columns(kind=_kinds(lines["raw"]))
    # The #VER a line follows: a voucher row's voucher once the structure is known clean.
    ver_line = pl.when(pl.col("kind") == VER).then("line").forward_fill().set_sorted()
    return lines.with_columns(ver_line=ver_line), encoding


def _kinds(raw: pl.Series) -> pl.Series:
    """What each line is. Lines as programs write them are placed by the cheapest test that
    is certain; only the others go through the general patterns (a polars ``when`` evaluates
    every branch on every row, so the general patterns on all rows would cost more)."""
    line = pl.col("raw")
    usual = (
        pl.when(line.str.contains(r"^\s*#[RB]?TRANS[ \t]"))
        .then(pl.lit(ROW, pl.Int8))
        .when(line.str.starts_with("#VER "))
        .then(pl.lit(VER, pl.Int8))
        .when(line == "{")
        .then(pl.lit(OPEN, pl.Int8))
        .when(line == "}")
        .then(pl.lit(CLOSE, pl.Int8))
        .when(line.is_null())
        .then(pl.lit(BLANK, pl.Int8))
    )
    kinds = raw.to_frame().select(usual.alias("kind"))["kind"]
    unplaced = kinds.is_null()
    if unplaced.any():
        # Anchored patterns stop after a few characters. A line none of them places is OTHER,
        # which sends the file to the exact reader unless it is a record outside any voucher.
        general = (
            pl.when(line.str.contains(r"^\s*#VER[ \t]"))
            .then(pl.lit(VER, pl.Int8))
            .when(line.str.contains(r"^\s*\{\s*$"))
            .then(pl.lit(OPEN, pl.Int8))
            .when(line.str.contains(r"^\s*\}\s*$"))
            .then(pl.lit(CLOSE, pl.Int8))
            .when(line.str.contains(r"^\s*$"))
            .then(pl.lit(BLANK, pl.Int8))
            .otherwise(pl.lit(OTHER, pl.Int8))
        )
        placed = raw.filter(unplaced).to_frame().select(general.alias("kind"))["kind"]
        kinds = kinds.scatter(unplaced.arg_true(), placed)
    return kinds


def structure(lines: pl.DataFrame) -> pl.LazyFrame:
    """One value, true when every #VER is followed by { … } holding only voucher rows and
    every other line lies outside them (judged by kind alone: :func:`~.fast.read_sie` checks
    that the few OTHER lines are records)."""
    kind, depth = pl.col("kind"), pl.col("depth")
    opens = pl.when(kind == OPEN).then(1).when(kind == CLOSE).then(-1).otherwise(0)
    ok = (
        pl.when(kind == OPEN)
        .then((kind.shift(1) == VER) & (depth == 1))
        .when(kind == CLOSE)
        .then(depth == 0)
        .when(kind == ROW)
        .then(depth == 1)
        .when(kind == VER)
        .then((depth == 0) & (kind.shift(-1) == OPEN))
        .otherwise(depth == 0)
    )
    clean = ok.fill_null(False).all() & (depth.last().fill_null(0) == 0)
    return (
        lines.lazy()
        .select("kind")
        .filter(kind != BLANK)
        .with_columns(depth=opens.cast(pl.Int32).cum_sum())
        .select(clean.alias("clean"))
    )

"""Accounts to result-statement lines: Kommun-Bas 13 account groups by default, overridable.

The default comes from the confirmed Kommun-Bas 13 groups (``data/kommunbas13_kontogrupper.csv``,
each with its source) and the proposed report category of each group. It is a proposal, not a
standard, so a definition can give its own mapping: a CSV with ``konto`` (an account or any
prefix of one) and ``rad``; the longest matching prefix wins.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import polars as pl

from samverkan.api import (
    LINE,
    InputError,
    Problem,
    parse_integers,
    read_text_table,
    require_columns,
    require_filled,
)
from samverkan_ekonomi.lines import LINES

CATEGORY_LINES = {
    "intakter": "1",
    "personalkostnader": "3",
    "lokalkostnader": "4",
    "ovriga_kostnader": "5",
    "kapitalkostnader": "6",
}
"""Proposed report category → result-statement line; other categories have no line."""


def default_mapping() -> pl.DataFrame:
    """``prefix`` → ``line`` from the bundled Kommun-Bas 13 groups."""
    text = resources.files("samverkan_ekonomi").joinpath("data/kommunbas13_kontogrupper.csv")
    data = text.read_bytes()  # reads: a file the plugin ships, not one a definition names
    groups = pl.read_csv(data, schema_overrides={"kontogrupp": pl.String})
    return groups.select(
        pl.col("kontogrupp").alias("prefix"),
        pl.col("foreslagen_rapportkategori")
        .replace_strict(CATEGORY_LINES, default=None)
        .alias("line"),
    ).filter(pl.col("line").is_not_null())


def read_mapping(path: Path, name: str) -> pl.DataFrame:
    """A user's mapping file: ``konto`` (prefix) and ``rad``; every row checked."""
    table = read_text_table(path, name)
    cols = require_columns(table, ["konto", "rad"])
    require_filled(table, table.frame, cols.values())
    frame = parse_integers(table, {"konto": cols["konto"]})
    bad = frame.filter(~pl.col(cols["rad"]).is_in(list(LINES)))
    if bad.height:
        raise InputError(
            [
                Problem(f"okänd rad {r!r}; kända: {', '.join(LINES)}", name, n, cols["rad"])
                for n, r in bad.select(LINE, cols["rad"]).iter_rows()
            ]
        )
    return frame.select(pl.col(cols["konto"]).alias("prefix"), pl.col(cols["rad"]).alias("line"))


def map_accounts(frame: pl.DataFrame, mapping: pl.DataFrame) -> pl.DataFrame:
    """Add ``line`` to ``frame`` by the longest prefix of ``account`` found in ``mapping``."""
    lengths = sorted({len(p) for p in mapping["prefix"]}, reverse=True)
    out = frame.with_columns(line=pl.lit(None, pl.String))
    for length in lengths:
        part = mapping.filter(pl.col("prefix").str.len_chars() == length)
        out = (
            out.with_columns(_prefix=pl.col("account").str.slice(0, length))
            .join(
                part.rename({"line": "_line"}),
                left_on="_prefix",
                right_on="prefix",
                how="left",
            )
            .with_columns(line=pl.coalesce("line", "_line"))
            .drop("_prefix", "_line")
        )
    return out

"""What a SIE file holds, as long polars frames (amounts in integer öre)."""

from __future__ import annotations

import attrs
import polars as pl

from samverkan.api import Problem

VOUCHERS = {
    "line": pl.Int64,
    "series": pl.String,
    "vernr": pl.String,
    "verdatum": pl.String,
    "text": pl.String,
}
TRANSACTIONS = {
    "line": pl.Int64,
    "ver_line": pl.Int64,
    "status": pl.String,
    "account": pl.String,
    "objects": pl.String,
    "object": pl.String,
    "amount_ore": pl.Int64,
    "transdat": pl.String,
    "text": pl.String,
}
"""``status``: ``""`` (#TRANS), ``added`` (#RTRANS) or ``removed`` (#BTRANS); ``objects`` is the
canonical object list (as SIE writes it: ``1 "130" 6 "P901"``) and ``object`` its dimension-1
(Ansvar) id."""
PERIODS = {
    "line": pl.Int64,
    "label": pl.String,
    "year_index": pl.Int64,
    "period": pl.String,
    "account": pl.String,
    "objects": pl.String,
    "object": pl.String,
    "amount_ore": pl.Int64,
}
"""#PSALDO and #PBUDGET rows; ``period`` is ``YYYY-MM``."""
BALANCES = {
    "line": pl.Int64,
    "label": pl.String,
    "year_index": pl.Int64,
    "account": pl.String,
    "objects": pl.String,
    "object": pl.String,
    "amount_ore": pl.Int64,
}
"""#IB, #UB, #RES, #OIB and #OUB rows."""


def in_line_order(*frames: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frames`` (of one schema) sorted by ``line``. Rows mostly come in file
    order already, with a few read apart: checking that and merging them in is a fraction of
    sorting a million rows with their texts."""
    parts = [f if f["line"].is_sorted() else f.sort("line") for f in frames if f.height]
    if not parts:
        return frames[0]
    out = parts[0].with_columns(pl.col("line").set_sorted())
    for part in parts[1:]:
        out = out.merge_sorted(part.with_columns(pl.col("line").set_sorted()), key="line")
    return out


@attrs.frozen
class SieData:
    """A parsed SIE file."""

    name: str
    encoding: str
    meta: dict[str, str] = attrs.field(eq=False)
    """#FLAGGA, #FORMAT, #SIETYP, #PROGRAM, #GEN, #FNAMN, #ORGNR, #KPTYP as read."""
    years: dict[int, tuple[str, str]] = attrs.field(eq=False)
    """#RAR: year index → (start, end) as ``YYYYMMDD``."""
    accounts: dict[str, str] = attrs.field(eq=False)
    account_types: dict[str, str] = attrs.field(eq=False)
    dimensions: dict[str, str] = attrs.field(eq=False)
    objects: dict[tuple[str, str], str] = attrs.field(eq=False)
    vouchers: pl.DataFrame = attrs.field(eq=False, repr=False)
    transactions: pl.DataFrame = attrs.field(eq=False, repr=False)
    periods: pl.DataFrame = attrs.field(eq=False, repr=False)
    balances: pl.DataFrame = attrs.field(eq=False, repr=False)
    warnings: tuple[Problem, ...] = ()
    """Unknown labels and similar: reported, not fatal."""

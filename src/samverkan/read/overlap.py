"""How the ledger rows of several sources combine: each source gives the kinds it declares,
and the same figure from two sources is refused, naming both places.

A controller who gives each monthly export as its own source would otherwise count the year's
budget once per file and add up forecasts that are the same forecast; the read stage cannot
know which copy is meant, so the definition says it (``kinds``) or the build stops.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.errors import Problem
from samverkan.read.registry import Source

KEY = (
    "unit",
    "area",
    "municipality",
    "line",
    "account",
    "object",
    "period",
    "kind",
    "forecast_month",
    "scope",
)
"""What makes two ledger rows the same figure: the same place, period, kind and forecast."""

_MAX = 100


def declared_kinds(rows: pl.DataFrame, source: Source) -> pl.DataFrame:
    """``rows`` of the kinds ``source`` declares (``kinds = [...]``); all when it declares none."""
    if source.kinds is None:
        return rows
    return rows.filter(pl.col("kind").cast(pl.String).is_in(list(source.kinds)))


def _place(origin: str) -> tuple[str, int | None]:
    file, _, line = origin.rpartition(":")
    return (file or origin, int(line) if line.isdigit() else None)


def overlapping(parts: Sequence[pl.DataFrame]) -> list[Problem]:
    """A problem for each figure that two sources (``parts``, one frame per source) both give.

    Rows within one source may share a key (a ledger's several vouchers of one account and
    month); only the same key from a second source is a figure counted twice.
    """
    if len(parts) < 2:
        return []
    stacked = pl.concat(
        [p.select(*KEY, "origin").with_columns(_part=pl.lit(i)) for i, p in enumerate(parts)],
        how="vertical",
    )
    firsts = stacked.group_by(*KEY, "_part", maintain_order=True).agg(pl.col("origin").first())
    twice = (
        firsts.group_by(KEY, maintain_order=True)
        .agg(pl.col("origin"), pl.len().alias("_sources"))
        .filter(pl.col("_sources") > 1)
        .head(_MAX)
    )
    problems = []
    for kind, line, month, period, origins in twice.select(
        pl.col("kind").cast(pl.String), "line", "forecast_month", "period", "origin"
    ).iter_rows():
        file, row = _place(origins[1])
        what = f"prognos gjord {month}" if kind == "prognos" else f"{kind} {period}"
        problems.append(
            Problem(
                f"rad {line}, {what}, finns i två källor: {origins[0]} och {origins[1]}; "
                "samma belopp skulle räknas två gånger. Ange för varje källa vad den ger, "
                'till exempel kinds = ["prognos", "utfall"] för månadsfilerna och '
                'kinds = ["budget"] för en av dem',
                file,
                row,
                "kind",
            )
        )
    return problems

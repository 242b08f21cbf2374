"""How the ledger rows of several sources combine: each source gives the kinds it declares,
and the same figure from two sources is refused, naming both places.

A controller who gives each monthly export as its own source would otherwise count the year's
budget once per file and add up forecasts that are the same forecast; the read stage cannot
know which copy is meant, so the definition says it (``kinds``) or the build stops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


def overlapping(
    parts: Sequence[tuple[str, pl.DataFrame]],
    names: Callable[[str, str], bool] = lambda _pattern, _file: False,
) -> list[Problem]:
    """A problem for each pair of sources (``parts``: each source's name and rows) that give
    the same figures, said once for the pair with the first of them and how many there are.
    ``names(pattern, file)``: whether a ``{month}`` pattern names ``file``, which is then
    the same export given twice.

    Rows within one source may share a key (a ledger's several vouchers of one account and
    month); only the same key from a second source is a figure counted twice.
    """
    if len(parts) < 2:
        return []
    stacked = pl.concat(
        [p.select(*KEY, "origin").with_columns(_part=pl.lit(i)) for i, (_, p) in enumerate(parts)],
        how="vertical",
    )
    firsts = stacked.group_by(*KEY, "_part", maintain_order=True).agg(pl.col("origin").first())
    twice = (
        firsts.group_by(KEY, maintain_order=True)
        .agg(pl.col("origin"), pl.col("_part"))
        .filter(pl.col("_part").list.len() > 1)
        .with_columns(_pair=pl.col("_part").list.head(2))
    )
    pairs = twice.group_by("_pair", maintain_order=True).agg(
        pl.len().alias("_figures"),
        pl.col("kind").first().cast(pl.String),
        pl.col("line", "forecast_month", "period", "origin").first(),
    )
    problems = []
    for pair, count, kind, line, month, period, origins in pairs.head(_MAX).iter_rows():
        (first, _), (second, _) = parts[pair[0]], parts[pair[1]]
        # A plain source is named with its row; a pattern's file differs from month to month,
        # so a year's problem names the pattern and is said once for every month it stops.
        pair_of = zip((first, second), origins[:2], strict=True)
        shown = [o if _place(o)[0] == n else n for n, o in pair_of]
        file, row = _place(origins[0] if shown[1] == second and shown[0] != first else origins[1])
        what = f"prognos gjord {month}" if kind == "prognos" else f"{kind} {period}"
        more = f", och {count - 1} belopp till," if count > 1 else ","
        within = [(f, p) for p, f in ((first, second), (second, first)) if names(p, f)]
        fix = (
            f"{within[0][0]} är en av månadsfilerna som {within[0][1]} redan läser: ta bort "
            "den egna källan"
            if within
            else 'Ange för varje källa vad den ger, till exempel kinds = ["prognos", "utfall"] '
            'för månadsfilerna och kinds = ["budget"] för en av dem'
        )
        problems.append(
            Problem(
                f"rad {line}, {what}{more} finns i två källor: {shown[0]} och {shown[1]}; samma "
                f"belopp skulle räknas två gånger. {fix}",
                file,
                row,
                "kind",
            )
        )
    return problems

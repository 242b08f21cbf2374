"""A month's export that is another month's, refused naming both files.

A controller who saves March's export once more as April's gives a file whose every figure is
March's. Read as April's, it would show March's outcome again as April's (an export of each
month's own ``Utfall``), or an outcome of 0 on every line (an export of the year to date,
``Utfall ack.``), and nothing in the file says it is wrong. So a month's file of a ``{month}``
pattern whose figures are, figure for figure, those of an earlier month's file of the same
pattern is refused, naming both files. A figure is compared without its month (the period of
its outcome and the month of its forecast come from the file's month, not its content).

A file without an outcome (a forecast only) is not compared: a forecast that stays as it was is
ordinary. A month that really is the same as an earlier one (a board of fixed monthly costs
exported in whole tkr) is declared on the source, ``unchanged_months = ["2019-04"]``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import polars as pl

from samverkan.errors import Problem
from samverkan.model.period import Period
from samverkan.read.overlap import KEY
from samverkan.read.registry import Source

_FIGURE = [k for k in KEY if k not in ("period", "forecast_month")]


def copied(files: Sequence[tuple[Source, pl.DataFrame, bool]]) -> list[Problem]:
    """A problem for each month's file (of one pattern: each file's source, rows and whether
    its outcome is the year to date) whose figures are an earlier month's file's."""
    seen: dict[bytes, list[tuple[Source, pl.DataFrame]]] = {}
    problems = []
    dated = sorted(((s.month, s, r, y) for s, r, y in files if s.month is not None), key=_first)
    for month, source, rows, ytd in dated:
        if not rows.filter(pl.col("kind") == "utfall").height:
            continue
        figures = (
            rows.group_by(_FIGURE)
            .agg(pl.col("amount_ore").sum())
            .with_columns(pl.col("kind").cast(pl.String))
            .sort(_FIGURE, nulls_last=True)
        )
        digest = hashlib.blake2b(figures.hash_rows(seed=0).to_numpy().tobytes()).digest()
        earlier = next((s for s, f in seen.get(digest, []) if f.equals(figures)), None)
        if earlier is not None and month not in source.unchanged_months:
            problems.append(_copy(source, month, earlier, ytd))
        seen.setdefault(digest, []).append((source, figures))
    return problems


def _first(dated: tuple[Period, Source, pl.DataFrame, bool]) -> Period:
    return dated[0]


def _copy(source: Source, month: Period, earlier: Source, ytd: bool) -> Problem:
    assert earlier.month is not None  # dated above
    name, before = month.name("sv"), earlier.month.name("sv")
    outcome = (
        f"{name} får då utfallet 0 på varje rad (det ackumulerade utfallet står stilla)"
        if ytd
        else f"{name} får då samma utfall som {before} på varje rad"
    )
    return Problem(
        f"har samma belopp som {earlier.name} på varje rad (budget, prognos och utfall): är det "
        f"filen för {before} sparad som {name}? {outcome}. Spara månadens export på nytt; är "
        f'{name} verkligen likadan, ange unchanged_months = ["{month}"] på källan',
        source.name,
    )

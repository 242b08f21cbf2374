"""The compute step behind the resultaträkning: budget, prognos and their deviations per line."""

from __future__ import annotations

import polars as pl

from samverkan.allocation import current_view
from samverkan.period import Period


def statement(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """One row per line of ``area``: ``budget``, ``prognos``, ``avvikelse``, ``forandring``.

    ``prognos`` is the latest forecast made up to the period's last month; ``forandring`` is its
    change against the forecast before it (null when there is none). All amounts in öre.
    """
    rows = ledger.filter(pl.col("area") == area)
    view = current_view(rows, period)
    current = view.filter(pl.col("kind") == "prognos").get_column("forecast_month").max()
    previous = (
        rows.filter(
            (pl.col("kind") == "prognos")
            & (pl.col("forecast_month") < current)
            & pl.col("period").str.starts_with(str(period.year))
        )
        .get_column("forecast_month")
        .max()
    )
    per_line = (
        rows.filter(pl.col("period").str.starts_with(str(period.year)))
        .group_by("line")
        .agg(
            budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
            prognos=pl.col("amount_ore")
            .filter((pl.col("kind") == "prognos") & (pl.col("forecast_month") == current))
            .sum(),
            previous=pl.col("amount_ore")
            .filter((pl.col("kind") == "prognos") & (pl.col("forecast_month") == previous))
            .sum(),
        )
    )
    change = pl.col("prognos") - pl.col("previous") if previous is not None else pl.lit(None)
    return per_line.select(
        "line",
        "budget",
        "prognos",
        avvikelse=pl.col("budget") - pl.col("prognos"),
        forandring=change.cast(pl.Int64),
    ).sort("line")


def totals(lines: pl.DataFrame) -> dict[str, int | None]:
    """The Nettokostnad/Kommunbidrag row: each column summed (null stays null)."""
    out: dict[str, int | None] = {}
    for name in ("budget", "prognos", "avvikelse", "forandring"):
        column = lines.get_column(name)
        out[name] = None if column.null_count() == len(column) else int(column.sum())
    return out

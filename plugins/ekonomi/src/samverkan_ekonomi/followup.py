"""The monthly follow-up per area: forecasts over the year, outcome to date, forecast accuracy.

All amounts are net costs in öre (revenues negative), summed over the result-statement lines.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import Period
from samverkan_ekonomi.lines import INVESTMENT_LINE

DRIFT = pl.col("scope") == "drift"


def _area_year(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    return ledger.filter(
        DRIFT & (pl.col("area") == area) & pl.col("period").str.starts_with(str(period.year))
    )


def budget(ledger: pl.DataFrame, period: Period, area: str) -> int:
    """The area's net budget for the year."""
    rows = _area_year(ledger, period, area).filter(pl.col("kind") == "budget")
    return int(rows["amount_ore"].sum())


def forecasts(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """``forecast_month``, ``prognos``: each forecast's net cost, months up to the period."""
    rows = _area_year(ledger, period, area).filter(
        (pl.col("kind") == "prognos") & (pl.col("forecast_month") <= str(period.last_month))
    )
    return (
        rows.group_by("forecast_month")
        .agg(pl.col("amount_ore").sum().alias("prognos"))
        .sort("forecast_month")
    )


def outcome_by_month(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """``month``, ``utfall``, ``ackumulerat``: the outcome per month up to the period."""
    months = [f"{period.year}-{m:02d}" for m in range(1, period.last_month.number + 1)]
    rows = _area_year(ledger, period, area).filter(
        (pl.col("kind") == "utfall") & pl.col("period").is_in(months)
    )
    per_month = rows.group_by("period").agg(pl.col("amount_ore").sum().alias("utfall"))
    return (
        pl.DataFrame({"month": months})
        .join(per_month, left_on="month", right_on="period", how="left")
        .with_columns(pl.col("utfall").fill_null(0))
        .with_columns(ackumulerat=pl.col("utfall").cum_sum())
    )


def final_outcome(ledger: pl.DataFrame, period: Period, area: str) -> int | None:
    """The year's outcome, known only once the period reaches December and there is utfall."""
    if period.last_month.number != 12:
        return None
    months = outcome_by_month(ledger, period, area)
    rows = _area_year(ledger, period, area).filter(pl.col("kind") == "utfall")
    return int(months["utfall"].sum()) if rows.height else None


def accuracy(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """Prognossäkerhet: per forecast month, |prognos − utfall| / |budget| (empty until known).

    The measure Malmö publishes per board (August forecast against the year's outcome), here for
    every month, so a board sees how early its forecasts were right.
    """
    final = final_outcome(ledger, period, area)
    total = budget(ledger, period, area)
    if final is None:
        return pl.DataFrame(
            schema={
                "forecast_month": pl.String,
                "prognos": pl.Int64,
                "utfall": pl.Int64,
                "avvikelse": pl.Int64,
                "sakerhet": pl.Float64,
            }
        )
    return forecasts(ledger, period, area).with_columns(
        utfall=pl.lit(final, pl.Int64),
        avvikelse=pl.col("prognos") - final,
        sakerhet=((pl.col("prognos") - final).abs() / abs(total) * 100)
        if total
        else pl.lit(None, pl.Float64),
    )


def outcome_by_line(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """Per line: ``budget``, ``manad`` (the period's last month), ``ackumulerat`` (year to
    date) and, once the year is complete, ``avvikelse`` = budget − the year's outcome."""
    month = str(period.last_month)
    rows = _area_year(ledger, period, area).filter(pl.col("line") != INVESTMENT_LINE)
    per_line = (
        rows.group_by("line")
        .agg(
            budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
            manad=pl.col("amount_ore")
            .filter((pl.col("kind") == "utfall") & (pl.col("period") == month))
            .sum(),
            ackumulerat=pl.col("amount_ore")
            .filter((pl.col("kind") == "utfall") & (pl.col("period") <= month))
            .sum(),
        )
        .sort("line")
    )
    complete = period.last_month.number == 12
    return per_line.with_columns(
        avvikelse=(pl.col("budget") - pl.col("ackumulerat")) if complete else pl.lit(None, pl.Int64)
    )

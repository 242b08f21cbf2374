"""The compute step behind the resultaträkning: budget, prognos and their deviations per line."""

from __future__ import annotations

import polars as pl

from samverkan.api import Period, current_view


def _forecast(month: str | None) -> pl.Expr:
    """The summed amount of the prognos made in ``month``; null when there is no such forecast."""
    if month is None:
        return pl.lit(None, pl.Int64)
    chosen = (pl.col("kind") == "prognos") & (pl.col("forecast_month") == month)
    return pl.col("amount_ore").filter(chosen).sum()


def _month(value: object) -> str | None:
    return None if value is None else str(value)


def _months(
    ledger: pl.DataFrame, period: Period, area: str
) -> tuple[pl.DataFrame, str | None, str | None]:
    """The area's operating rows of the year, the latest forecast month and the one before."""
    year = pl.col("period").str.starts_with(str(period.year))
    rows = ledger.filter((pl.col("area") == area) & year & (pl.col("scope") == "drift"))
    forecasts = rows.filter(pl.col("kind") == "prognos").get_column("forecast_month")
    current = current_view(rows, period).filter(pl.col("kind") == "prognos")["forecast_month"].max()
    previous = forecasts.filter(forecasts < current).max() if current is not None else None
    return rows, _month(current), _month(previous)


def forecast_month(ledger: pl.DataFrame, period: Period, area: str) -> Period | None:
    """The month of the forecast :func:`statement` shows (the latest up to the period)."""
    current = _months(ledger, period, area)[1]
    return None if current is None else Period.parse(current)


def used_rows(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """The rows :func:`statement` reads (budget, the latest forecast and the one before): what
    a table or figure of it cites, and so what its provenance is."""
    rows, current, previous = _months(ledger, period, area)
    months = [m for m in (current, previous) if m is not None]
    return rows.filter(
        (pl.col("kind") == "budget")
        | ((pl.col("kind") == "prognos") & pl.col("forecast_month").is_in(months))
    )


def statement(ledger: pl.DataFrame, period: Period, area: str) -> pl.DataFrame:
    """One row per line of ``area``: ``budget``, ``prognos``, ``avvikelse``, ``forandring``.

    ``prognos`` is the latest forecast made up to the period's last month; ``forandring`` is its
    change against the forecast before it (null when there is none). All amounts in öre.
    """
    rows, current, previous = _months(ledger, period, area)
    per_line = rows.group_by("line").agg(
        budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
        prognos=_forecast(current),
        previous=_forecast(previous),
    )
    return per_line.select(
        "line",
        "budget",
        "prognos",
        avvikelse=pl.col("budget") - pl.col("prognos"),
        forandring=(pl.col("prognos") - pl.col("previous")).cast(pl.Int64),
    ).sort("line")


def with_outcome(lines: pl.DataFrame, outcome: pl.DataFrame) -> pl.DataFrame:
    """``lines`` once the year's outcome is known: ``utfall`` per line (``outcome``'s year to
    date in December) beside the forecast, and ``avvikelse`` = budget − utfall, so the table's
    total is the year's result the summary quotes. The columns in the table's order."""
    said = outcome.select("line", utfall=pl.col("ackumulerat"))
    return (
        lines.join(said, on="line", how="left")
        .with_columns(pl.col("utfall").fill_null(0))
        .with_columns(avvikelse=pl.col("budget") - pl.col("utfall"))
        .select("line", "budget", "prognos", "utfall", "avvikelse", "forandring")
    )


def totals(lines: pl.DataFrame) -> dict[str, int | None]:
    """The Nettokostnad/Kommunbidrag row: each column summed (null stays null)."""
    out: dict[str, int | None] = {}
    for name in lines.columns[1:]:
        column = lines.get_column(name)
        out[name] = None if column.null_count() == len(column) else int(column.sum())
    return out

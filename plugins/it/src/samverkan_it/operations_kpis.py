"""KPIs of the switchboard and the disturbance log."""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    KPI,
    OBSERVATIONS,
    Direction,
    KPIType,
    MeasureContext,
    as_observations,
    sources,
)
from samverkan_it.operations import DISTURBANCES, SWITCHBOARD

SCHEMA = OBSERVATIONS  # the core's observations table: what a KPI returns


def _frame(ctx: MeasureContext, kpi: KPI, table: str, values: pl.DataFrame) -> pl.DataFrame:
    """Observations from ``period`` and ``value`` columns."""
    source = "; ".join(sources(ctx.extras.get(table)))
    return as_observations(values.select("period", "value"), kpi.id, ctx.unit.id, table, source)


def _monthly(ctx: MeasureContext, kpi: KPI, value: pl.Expr) -> pl.DataFrame:
    calls = ctx.extras.get(SWITCHBOARD)
    if calls is None:
        return pl.DataFrame(schema=SCHEMA)
    rows = (
        calls.group_by(pl.col("time").dt.strftime("%Y-%m").alias("period"))
        .agg(value.alias("value"))
        .drop_nulls("value")
        .sort("period")
    )
    return _frame(ctx, kpi, SWITCHBOARD, rows)


def _yearly(ctx: MeasureContext, kpi: KPI, value: pl.Expr) -> pl.DataFrame:
    events = ctx.extras.get(DISTURBANCES)
    if events is None:
        return pl.DataFrame(schema=SCHEMA)
    end = pl.lit(ctx.period.end, pl.Datetime("ms"))
    rows = (
        events.filter(pl.col("start") < end)
        .group_by(pl.col("start").dt.year().cast(pl.String).alias("period"))
        .agg(value.alias("value"))
        .sort("period")
    )
    return _frame(ctx, kpi, DISTURBANCES, rows)


def _kpi(
    kpi_id: str, titles: tuple[str, str], unit: str, direction: Direction, formulas: tuple[str, str]
) -> KPI:
    return KPI(
        f"it_vaxel.{kpi_id}",
        {"sv": titles[0], "en": titles[1]},
        unit,
        direction,
        "it_vaxel",
        {"sv": formulas[0], "en": formulas[1]},
        "Växelstatistik och störningslogg",
    )


ANSWERED = _kpi(
    "svarsfrekvens",
    ("Besvarade samtal", "Answered calls"),
    "%",
    Direction.HIGHER_IS_BETTER,
    ("Besvarade / inkommande samtal per månad.", "Answered / incoming calls per month."),
)
WAIT = _kpi(
    "vantetid",
    ("Genomsnittlig väntetid", "Average speed of answer"),
    "sekunder",
    Direction.LOWER_IS_BETTER,
    (
        "Medelväntetiden vägd med antalet besvarade samtal.",
        "Average wait weighted by answered calls.",
    ),
)
ABANDONED = _kpi(
    "tappade",
    ("Tappade samtal", "Abandoned calls"),
    "%",
    Direction.LOWER_IS_BETTER,
    ("Tappade / inkommande samtal per månad.", "Abandoned / incoming calls per month."),
)
WITHIN = _kpi(
    "inom_20s",
    ("Besvarade inom 20 sekunder", "Answered within 20 seconds"),
    "%",
    Direction.HIGHER_IS_BETTER,
    ("Besvarade inom 20 s / inkommande samtal.", "Answered within 20 s / incoming calls."),
)
DISTURBANCE_COUNT = _kpi(
    "storningar",
    ("Störningar", "Disturbances"),
    "st",
    Direction.LOWER_IS_BETTER,
    ("Antal störningar per år.", "Disturbances per year."),
)
DOWNTIME = _kpi(
    "nedtid",
    ("Tid med störning", "Time disturbed"),
    "minuter",
    Direction.LOWER_IS_BETTER,
    ("Summan av störningarnas längd per år.", "Total length of the disturbances per year."),
)

KPIS = (
    KPIType(
        ANSWERED,
        lambda ctx: _monthly(
            ctx, ANSWERED, pl.col("answered").sum() / pl.col("incoming").sum() * 100
        ),
    ),
    KPIType(
        WAIT,
        lambda ctx: _monthly(
            ctx, WAIT, (pl.col("wait_s") * pl.col("answered")).sum() / pl.col("answered").sum()
        ),
    ),
    KPIType(
        ABANDONED,
        lambda ctx: _monthly(
            ctx, ABANDONED, pl.col("abandoned").sum() / pl.col("incoming").sum() * 100
        ),
    ),
    KPIType(
        WITHIN,
        lambda ctx: _monthly(
            ctx, WITHIN, pl.col("within_20s").sum() / pl.col("incoming").sum() * 100
        ),
    ),
    KPIType(DISTURBANCE_COUNT, lambda ctx: _yearly(ctx, DISTURBANCE_COUNT, pl.len())),
    KPIType(DOWNTIME, lambda ctx: _yearly(ctx, DOWNTIME, pl.col("minutes").sum())),
)

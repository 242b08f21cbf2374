"""The Personal section's figures: sick-leave trend, turnover and vacancies, hours against cost.

Every trace about one member carries its kommunkod as ``meta`` so the report's member filter
applies; months in which a member's group was smaller than ``min_group`` are left as gaps.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import Axis, Chart, Figure, ReportContext, Series, Text, money_scale
from samverkan_personal.groups import memo, min_group
from samverkan_personal.kpis import TURNOVER
from samverkan_personal.vacancy_kpis import OPEN


def _monthly(ctx: ReportContext, staff: pl.DataFrame) -> pl.DataFrame:
    """Per member and month: headcount and the hour and cost sums (once for both figures)."""
    return memo("monthly", ctx, lambda: _monthly_now(staff))


def _monthly_now(staff: pl.DataFrame) -> pl.DataFrame:
    return (
        staff.group_by("municipality", "month")
        .agg(
            pl.col("headcount").sum(),
            pl.col("ordinary_hours_x100").sum(),
            pl.col("sick_hours_x100").sum(),
            pl.col("leave_hours_x100").fill_null(0).sum(),
            pl.col("cost_ore").sum(),
            pl.col("cost_ore").is_not_null().any().alias("has_cost"),
        )
        .sort("municipality", "month")
    )


def sick_trend_figure(ctx: ReportContext, staff: pl.DataFrame) -> Figure:
    """Sick leave over the last twelve months, month by month, per member."""
    threshold = min_group(staff)
    rolling = _monthly(ctx, staff).with_columns(
        pl.col("sick_hours_x100").rolling_sum(12).over("municipality").alias("sick12"),
        pl.col("ordinary_hours_x100").rolling_sum(12).over("municipality").alias("ordinary12"),
        pl.col("headcount").rolling_min(12).over("municipality").alias("smallest12"),
    )
    rolling = rolling.with_columns(
        rate=pl.when(pl.col("smallest12") >= threshold).then(
            pl.col("sick12") / pl.col("ordinary12") * 100
        )
    )
    shown = rolling.filter(pl.col("sick12").is_not_null()).sort("month")
    spec = Chart(
        [
            Series(None, part["month"], part["rate"], kind="line", member=m.kommunkod)
            for m in ctx.unit.members
            if (part := shown.filter(pl.col("municipality") == m.kommunkod)).height
        ],
        y=Axis(
            Text("% av ordinarie arbetstid", "% of ordinary hours"), "percent", 1, from_zero=True
        ),
        x="month",
    )
    return Figure(
        Text("Sjukfrånvaro, rullande tolv månader", "Sick leave, rolling twelve months")(ctx.lang),
        spec,
        ctx.cite(staff),
    )


def turnover_figure(ctx: ReportContext, staff: pl.DataFrame) -> Figure:
    """Turnover per year and member: leavers over the average headcount."""
    turnover = ctx.observations.filter(
        (pl.col("kpi_id") == TURNOVER.id)
        & pl.col("subject").is_null()
        & pl.col("municipality").is_not_null()
    )
    spec = Chart(
        [
            Series(None, part["period"], part["value"], member=m.kommunkod)
            for m in ctx.unit.members
            if (
                part := turnover.filter(pl.col("municipality") == m.kommunkod).sort("period")
            ).height
        ],
        y=Axis(Text("% av antalet anställda", "% of headcount"), "percent", 1),
        height=340,
    )
    return Figure(
        Text(
            "Personalomsättning per år (i år: hittills)",
            "Staff turnover per year (this year: so far)",
        )(ctx.lang),
        spec,
        ctx.cite(turnover if turnover.height else staff),
    )


def vacancy_figure(ctx: ReportContext) -> Figure | None:
    """Open vacancies at each month end, per member."""
    vacancies = ctx.observations.filter((pl.col("kpi_id") == OPEN.id) & pl.col("subject").is_null())
    if vacancies.height == 0:
        return None
    spec = Chart(
        [
            Series(None, part["period"], part["value"], kind="step", member=m.kommunkod)
            for m in ctx.unit.members
            if (
                part := vacancies.filter(pl.col("municipality") == m.kommunkod).sort("period")
            ).height
        ],
        y=Axis(Text("vakanta tjänster", "open vacancies"), from_zero=True),
        x="month",
        height=340,
    )
    return Figure(
        Text("Vakanta tjänster vid månadens slut", "Open vacancies at month end")(ctx.lang),
        spec,
        ctx.cite(vacancies),
    )


def cost_figure(ctx: ReportContext, staff: pl.DataFrame) -> Figure:
    """Personnel cost (bars) against hours worked (lines) per month: what the hours cost."""
    monthly = _monthly(ctx, staff).with_columns(
        worked=(
            pl.col("ordinary_hours_x100") - pl.col("sick_hours_x100") - pl.col("leave_hours_x100")
        )
        / 100
    )
    scale = money_scale(monthly["cost_ore"].to_list())
    series = []
    for member in ctx.unit.members:
        part = monthly.filter(pl.col("municipality") == member.kommunkod).sort("month")
        if part["has_cost"].any():
            cost = Text("Personalkostnad", "Personnel cost")(ctx.lang)
            series.append(
                Series(
                    f"{cost}, {member.name}",
                    part["month"],
                    part["cost_ore"],
                    member=member.kommunkod,
                    faded=True,
                )
            )
        hours = Text("Arbetade timmar", "Hours worked")(ctx.lang)
        series.append(
            Series(
                f"{hours}, {member.name}",
                part["month"],
                part["worked"],
                kind="step",
                member=member.kommunkod,
                secondary=True,
            )
        )
    spec = Chart(
        series,
        y=Axis(Text("personalkostnad", "personnel cost"), "money"),
        y2=Axis(Text("arbetade timmar", "hours worked")),
        x="month",
        height=420,
    )
    return Figure(
        Text(
            "Personalkostnad och arbetade timmar (ordinarie tid minus sjukfrånvaro och "
            f"tjänstledighet) per månad ({scale.label(ctx.lang)})",
            "Personnel cost and hours worked (ordinary hours less sick leave and leave) "
            f"per month ({scale.label(ctx.lang)})",
        )(ctx.lang),
        spec,
        ctx.cite(staff),
    )

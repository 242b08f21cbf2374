"""The Personal section's figures: sick-leave trend, turnover and vacancies, hours against cost.

Every trace about one member carries its kommunkod as ``meta`` so the report's member filter
applies; months in which a member's group was smaller than ``min_group`` are left as gaps.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from samverkan import Figure
from samverkan.context import ReportContext
from samverkan.render.format import money_scale
from samverkan.render.theme import member_trace, per_member
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
            pl.col("ordinary_hours").sum(),
            pl.col("sick_hours").sum(),
            pl.col("leave_hours").fill_null(0).sum(),
            pl.col("cost_ore").sum(),
            pl.col("cost_ore").is_not_null().any().alias("has_cost"),
        )
        .sort("municipality", "month")
    )


def sick_trend_figure(ctx: ReportContext, staff: pl.DataFrame) -> Figure:
    """Sick leave over the last twelve months, month by month, per member."""
    sv = ctx.lang == "sv"
    threshold = min_group(staff)
    rolling = _monthly(ctx, staff).with_columns(
        pl.col("sick_hours").rolling_sum(12).over("municipality").alias("sick12"),
        pl.col("ordinary_hours").rolling_sum(12).over("municipality").alias("ordinary12"),
        pl.col("headcount").rolling_min(12).over("municipality").alias("smallest12"),
    )
    rolling = rolling.with_columns(
        rate=pl.when(pl.col("smallest12") >= threshold).then(
            pl.col("sick12") / pl.col("ordinary12") * 100
        )
    )
    traces = []
    for member, part, color in per_member(
        ctx.unit, rolling.filter(pl.col("sick12").is_not_null()), "month"
    ):
        traces.append(
            member_trace(
                go.Scatter,
                member,
                color,
                x=part["month"],
                y=part["rate"],
                value="%{y:.1f} %",
                mode="lines",
                line={"width": 3},
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        height=380,
        xaxis={"type": "category", "nticks": 12},
        yaxis={
            "title": "% av ordinarie arbetstid" if sv else "% of ordinary hours",
            "rangemode": "tozero",
        },
    )
    return Figure(
        "Sjukfrånvaro, rullande tolv månader" if sv else "Sick leave, rolling twelve months",
        fig.to_plotly_json(),
        ctx.cite(staff),
    )


def turnover_figure(ctx: ReportContext, staff: pl.DataFrame) -> Figure:
    """Turnover per year and member: leavers over the average headcount."""
    sv = ctx.lang == "sv"
    turnover = ctx.observations.filter(
        (pl.col("kpi_id") == TURNOVER.id)
        & pl.col("subject").is_null()
        & pl.col("municipality").is_not_null()
    )
    traces = []
    for member, part, color in per_member(ctx.unit, turnover):
        traces.append(
            member_trace(
                go.Bar, member, color, x=part["period"], y=part["value"], value="%{y:.1f} %"
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        height=340,
        xaxis={"type": "category"},
        yaxis={"title": "% av antalet anställda" if sv else "% of headcount"},
    )
    return Figure(
        "Personalomsättning per år (i år: hittills)"
        if sv
        else "Staff turnover per year (this year: so far)",
        fig.to_plotly_json(),
        ctx.cite(turnover if turnover.height else staff),
    )


def vacancy_figure(ctx: ReportContext) -> Figure | None:
    """Open vacancies at each month end, per member."""
    sv = ctx.lang == "sv"
    vacancies = ctx.observations.filter((pl.col("kpi_id") == OPEN.id) & pl.col("subject").is_null())
    if vacancies.height == 0:
        return None
    traces = []
    for member, part, color in per_member(ctx.unit, vacancies):
        traces.append(
            member_trace(
                go.Scatter,
                member,
                color,
                x=part["period"],
                y=part["value"],
                value="%{y:.0f}",
                mode="lines",
                line={"width": 2, "shape": "hv"},
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        height=340,
        xaxis={"type": "category", "nticks": 12},
        yaxis={"title": "vakanta tjänster" if sv else "open vacancies", "rangemode": "tozero"},
    )
    return Figure(
        "Vakanta tjänster vid månadens slut" if sv else "Open vacancies at month end",
        fig.to_plotly_json(),
        ctx.cite(vacancies),
    )


def cost_figure(ctx: ReportContext, staff: pl.DataFrame) -> Figure:
    """Personnel cost (bars) against hours worked (lines) per month: what the hours cost."""
    sv = ctx.lang == "sv"
    monthly = _monthly(ctx, staff).with_columns(
        worked=pl.col("ordinary_hours") - pl.col("sick_hours") - pl.col("leave_hours")
    )
    scale = money_scale(monthly["cost_ore"].to_list())
    traces: list[go.Bar | go.Scatter] = []
    for member, part, color in per_member(ctx.unit, monthly, None):
        if part["has_cost"].any():
            traces.append(
                member_trace(
                    go.Bar,
                    member,
                    color,
                    x=part["month"],
                    y=scale.values(part["cost_ore"].to_list()),
                    value=scale.hover(ctx.lang),
                    name=f"{'Personalkostnad' if sv else 'Personnel cost'}, {member.name}",
                    opacity=0.55,
                )
            )
        traces.append(
            member_trace(
                go.Scatter,
                member,
                color,
                x=part["month"],
                y=part["worked"],
                value="%{y:,.0f} h",
                name=f"{'Arbetade timmar' if sv else 'Hours worked'}, {member.name}",
                yaxis="y2",
                mode="lines",
                line={"width": 2},
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        height=420,
        xaxis={"type": "category", "nticks": 12},
        yaxis={
            "title": f"{'personalkostnad' if sv else 'personnel cost'}, {scale.label(ctx.lang)}"
        },
        yaxis2={
            "title": "arbetade timmar" if sv else "hours worked",
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
        },
    )
    return Figure(
        "Personalkostnad och arbetade timmar (ordinarie tid minus sjukfrånvaro och "
        f"tjänstledighet) per månad ({scale.label(ctx.lang)})"
        if sv
        else "Personnel cost and hours worked (ordinary hours less sick leave and leave) "
        f"per month ({scale.label(ctx.lang)})",
        fig.to_plotly_json(),
        ctx.cite(staff),
    )

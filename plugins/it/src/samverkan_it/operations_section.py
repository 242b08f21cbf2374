"""Figures and tables of the switchboard, the disturbances and the projects."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from samverkan import Figure, Row, Table
from samverkan.blocks import Block
from samverkan.context import ReportContext
from samverkan.render.format import fmt_amount, fmt_number, money_scale
from samverkan.render.theme import BUDGET_COLOR, PALETTE
from samverkan_it.operations import DISTURBANCES, PROJECTS, SWITCHBOARD, project_state
from samverkan_it.operations_kpis import ABANDONED, ANSWERED, WAIT, WITHIN

DAYS = {
    "sv": ["mån", "tis", "ons", "tor", "fre", "lör", "sön"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
STATE_COLORS = {"klart": "#009E73", "i tid": "#0072B2", "risk": "#E69F00", "försenat": "#D55E00"}


def _period_end(ctx: ReportContext) -> pl.Expr:
    last = ctx.period.last_month
    return pl.datetime(last.year, last.number, 1).dt.offset_by("1mo")


def switchboard_blocks(ctx: ReportContext) -> list[Block]:
    calls = ctx.extras.get(SWITCHBOARD)
    if calls is None:
        return []
    sv = ctx.lang == "sv"
    months = sorted(set(ctx.observations.filter(pl.col("kpi_id") == ANSWERED.id)["period"]))[-12:]
    values = {
        (k, p): v
        for k, p, v in ctx.observations.filter(
            pl.col("kpi_id").is_in([ANSWERED.id, WAIT.id, ABANDONED.id, WITHIN.id])
            & pl.col("period").is_in(months)
        )
        .select("kpi_id", "period", "value")
        .iter_rows()
    }
    kpis = [k for k in (ANSWERED, WAIT, ABANDONED, WITHIN) if any(key[0] == k.id for key in values)]
    table = Table(
        caption="Växeln de senaste tolv månaderna" if sv else "The switchboard, last 12 months",
        columns=("Månad" if sv else "Month", *(f"{k.title(ctx.lang)} ({k.unit})" for k in kpis)),
        rows=[
            Row(
                (
                    m,
                    *(
                        "–"
                        if values.get((k.id, m)) is None
                        else fmt_number(values[(k.id, m)], 1, ctx.lang)
                        for k in kpis
                    ),
                )
            )
            for m in months
        ],
        source=ctx.cite(calls),
    )
    year = calls.filter(pl.col("time").dt.year() == ctx.period.year)
    grid = year.group_by(
        pl.col("time").dt.weekday().alias("day"), pl.col("time").dt.hour().alias("hour")
    ).agg(pl.col("incoming").sum())
    hours = sorted(set(grid["hour"]))
    lookup = {(d, h): v for d, h, v in grid.iter_rows()}
    heat = go.Figure(
        go.Heatmap(
            z=[[lookup.get((d, h), 0) for h in hours] for d in range(1, 8)],
            x=[f"{h:02d}" for h in hours],
            y=DAYS["sv" if sv else "en"],
            colorscale="Blues",
            hovertemplate="%{y} %{x}: %{z:,.0f}<extra></extra>",
        )
    )
    heat.update_layout(
        height=340, yaxis={"autorange": "reversed"}, xaxis_title="timme" if sv else "hour"
    )
    caption = (
        "Inkommande samtal per veckodag och timme" if sv else "Incoming calls by weekday and hour"
    )
    return [table, Figure(f"{caption} {ctx.period.year}", heat.to_plotly_json(), ctx.cite(calls))]


def disturbance_blocks(ctx: ReportContext) -> list[Block]:
    events = ctx.extras.get(DISTURBANCES)
    if events is None:
        return []
    sv = ctx.lang == "sv"
    shown = events.filter(pl.col("start") < _period_end(ctx)).sort("start")
    fig = go.Figure()
    for i, ((scope,), part) in enumerate(shown.group_by("scope", maintain_order=True)):
        fig.add_trace(
            go.Scatter(
                name=scope,
                mode="markers",
                x=part["start"].to_list(),
                y=[scope] * part.height,
                marker={
                    "size": [max(6, min(30, m / 20)) for m in part["minutes"]],
                    "color": PALETTE[i % len(PALETTE)],
                },
                customdata=part["minutes"].to_list(),
                hovertemplate="%{x|%Y-%m-%d %H:%M}: %{customdata:,.0f} min<extra></extra>",
            )
        )
    fig.update_layout(height=320, showlegend=False)
    return [
        Figure(
            "Störningar över tid (storlek: minuter)"
            if sv
            else "Disturbances over time (size: minutes)",
            fig.to_plotly_json(),
            ctx.cite(shown),
        )
    ]


def project_blocks(ctx: ReportContext) -> list[Block]:
    projects = ctx.extras.get(PROJECTS)
    if projects is None:
        return []
    sv = ctx.lang == "sv"
    state = projects.with_columns(state=project_state(_period_end(ctx))).sort("project")
    table = Table(
        caption="Projekt och förbättringar" if sv else "Projects and improvements",
        columns=(
            "Projekt",
            "Läge",
            "Status",
            "Planerat slut",
            "Budget (tkr)",
            "Prognos (tkr)",
            "Ägare",
        )
        if sv
        else (
            "Project",
            "State",
            "Status",
            "Planned end",
            "Budget (SEK k)",
            "Forecast (SEK k)",
            "Owner",
        ),
        rows=[
            Row(
                (
                    r["project"],
                    r["state"],
                    r["status"],
                    r["planned_end"].date().isoformat(),
                    fmt_amount(r["budget_ore"], lang=ctx.lang),
                    fmt_amount(r["prognos_ore"], lang=ctx.lang),
                    r["owner"] or "–",
                ),
                member=r["municipality"],
            )
            for r in state.iter_rows(named=True)
        ],
        numeric=(False, False, False, False, True, True, False),
        source=ctx.cite(state),
        note=(
            "Läge: försenat om planerat slut har passerats, risk om prognosen överstiger "
            "budgeten, annars i tid."
            if sv
            else "State: late when past the planned end, at "
            "risk when the forecast exceeds the budget, otherwise on time."
        ),
    )
    scale = money_scale(state["budget_ore"], state["prognos_ore"])
    fig = go.Figure(
        [
            go.Bar(
                name="Budget",
                y=state["project"].to_list(),
                orientation="h",
                x=scale.values(state["budget_ore"]),
                hovertemplate="%{y}: " + scale.hover(ctx.lang, "x") + "<extra></extra>",
                marker_color=BUDGET_COLOR,
            ),
            go.Bar(
                name="Prognos" if sv else "Forecast",
                y=state["project"].to_list(),
                orientation="h",
                x=scale.values(state["prognos_ore"]),
                hovertemplate="%{y}: " + scale.hover(ctx.lang, "x") + "<extra></extra>",
                marker_color=[STATE_COLORS[s] for s in state["state"]],
            ),
        ]
    )
    fig.update_layout(
        barmode="group", height=80 + 45 * state.height, xaxis_title=scale.label(ctx.lang)
    )
    return [
        table,
        Figure(
            "Projektportfölj: budget och prognos (färg: läge)"
            if sv
            else "Project portfolio: budget and forecast (colour: state)",
            fig.to_plotly_json(),
            ctx.cite(state),
        ),
    ]

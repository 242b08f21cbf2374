"""Figures and tables of the switchboard, the disturbances and the projects."""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    Axis,
    Block,
    Chart,
    Figure,
    Heatmap,
    ReportContext,
    Row,
    Series,
    Table,
    Text,
    Texts,
    amount_cell,
    number_cell,
)
from samverkan_it.operations import DISTURBANCES, PROJECTS, SWITCHBOARD, project_state
from samverkan_it.operations_kpis import ABANDONED, ANSWERED, WAIT, WITHIN

DAYS = {
    "sv": ["mån", "tis", "ons", "tor", "fre", "lör", "sön"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
STATE_COLORS = {"klart": "#009E73", "i tid": "#0072B2", "risk": "#E69F00", "försenat": "#D55E00"}


def _period_end(ctx: ReportContext) -> pl.Expr:
    return pl.lit(ctx.period.end, pl.Datetime("ms"))


def switchboard_blocks(ctx: ReportContext) -> list[Block]:
    calls = ctx.extras.get(SWITCHBOARD)
    if calls is None:
        return []
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
        caption=Text("Växeln de senaste tolv månaderna", "The switchboard, last 12 months")(
            ctx.lang
        ),
        columns=(
            Text("Månad", "Month")(ctx.lang),
            *(f"{k.title(ctx.lang)} ({k.unit})" for k in kpis),
        ),
        rows=[
            Row(
                (
                    m,
                    *(
                        "–"
                        if values.get((k.id, m)) is None
                        else number_cell(values[(k.id, m)], 1, ctx.lang)
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
    heat = Heatmap(
        x=[f"{h:02d}" for h in hours],
        y=DAYS[Text("sv", "en")(ctx.lang)],
        z=[[lookup.get((d, h), 0) for h in hours] for d in range(1, 8)],
        x_title=Text("timme", "hour"),
    )
    caption = Text(
        "Inkommande samtal per veckodag och timme", "Incoming calls by weekday and hour"
    )(ctx.lang)
    return [table, Figure(f"{caption} {ctx.period.year}", heat, ctx.cite(calls))]


SIZE_KEY = (120, 300, 600)
"""Minutes shown in the bubbles' size legend (600 and more draw as large as 600)."""


def disturbance_blocks(ctx: ReportContext) -> list[Block]:
    events = ctx.extras.get(DISTURBANCES)
    if events is None:
        return []
    shown = events.filter(pl.col("start") < _period_end(ctx)).sort("start")
    minutes = "min"
    spec = Chart(
        [
            Series(
                scope,
                part["start"],
                [scope] * part.height,
                kind="markers",
                sizes=[m / 20 for m in part["minutes"]],
                hover=[f"{number_cell(m, lang=ctx.lang)} {minutes}" for m in part["minutes"]],
            )
            for (scope,), part in shown.group_by("scope", maintain_order=True)
        ],
        x="date",
        height=340,
        legend=False,
        size_key=[(f"{number_cell(m, lang=ctx.lang)} {minutes}", m / 20) for m in SIZE_KEY],
    )
    return [
        Figure(
            Text(
                "Störningar över tid (storlek: minuter)", "Disturbances over time (size: minutes)"
            )(ctx.lang),
            spec,
            ctx.cite(shown),
        )
    ]


# The projects file's status words and the computed state, as each language writes them.
WORDS = {
    "klart": Text("klart", "done"),
    "pågår": Text("pågår", "in progress"),
    "ej påbörjat": Text("ej påbörjat", "not started"),
    "pausat": Text("pausat", "paused"),
    "försenat": Text("försenat", "late"),
    "risk": Text("risk", "at risk"),
    "i tid": Text("i tid", "on time"),
}


def _word(value: str, ctx: ReportContext) -> str:
    return WORDS[value](ctx.lang) if value in WORDS else value


def project_blocks(ctx: ReportContext) -> list[Block]:
    projects = ctx.extras.get(PROJECTS)
    if projects is None:
        return []
    state = projects.with_columns(state=project_state(_period_end(ctx))).sort("project")
    table = Table(
        caption=Text("Projekt och förbättringar", "Projects and improvements")(ctx.lang),
        columns=Texts(
            (
                "Projekt",
                "Läge",
                "Status",
                "Planerat slut",
                "Budget (tkr)",
                "Prognos (tkr)",
                "Ägare",
            ),
            (
                "Project",
                "State",
                "Status",
                "Planned end",
                "Budget (SEK k)",
                "Forecast (SEK k)",
                "Owner",
            ),
        )(ctx.lang),
        rows=[
            Row(
                (
                    r["project"],
                    _word(r["state"], ctx),
                    _word(r["status"], ctx),
                    r["planned_end"].date().isoformat(),
                    amount_cell(r["budget_ore"], lang=ctx.lang),
                    amount_cell(r["prognos_ore"], lang=ctx.lang),
                    r["owner"] or "–",
                ),
                member=r["municipality"],
            )
            for r in state.iter_rows(named=True)
        ],
        numeric=(False, False, False, False, True, True, False),
        source=ctx.cite(state),
        note=(
            Text(
                "Läge: försenat om planerat slut har passerats, risk om prognosen överstiger "
                "budgeten, annars i tid.",
                "State: late when past the planned end, at "
                "risk when the forecast exceeds the budget, otherwise on time.",
            )(ctx.lang)
        ),
    )
    spec = Chart(
        [
            Series("Budget", state["project"], state["budget_ore"], role="budget"),
            Series(
                Text("Prognos", "Forecast"),
                state["project"],
                state["prognos_ore"],
                colors=[STATE_COLORS[s] for s in state["state"]],
            ),
        ],
        y=Axis(format="money"),
        horizontal=True,
        height=80 + 45 * state.height,
    )
    return [
        table,
        Figure(
            Text(
                "Projektportfölj: budget och prognos (färg: läge)",
                "Project portfolio: budget and forecast (colour: state)",
            )(ctx.lang),
            spec,
            ctx.cite(state),
        ),
    ]

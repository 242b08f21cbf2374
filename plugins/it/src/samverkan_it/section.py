"""The section "IT och växel": backlog over time, lead times against targets, and who uses it."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    Axis,
    Block,
    Chart,
    Figure,
    Paragraph,
    ReportContext,
    Row,
    Series,
    Table,
    Text,
    Texts,
    Window,
    in_sentence,
    in_window,
    number_cell,
    pct_cell,
    split_subject,
    subject,
)
from samverkan_it.kpis import BACKLOG, INFLOW, MEDIAN, OUTFLOW, P90, PRIORITY, SLA, month_end
from samverkan_it.operations_section import (
    disturbance_blocks,
    project_blocks,
    switchboard_blocks,
)
from samverkan_it.tickets import TABLE

AGES = (
    (0, 7, {"sv": "0–7 dagar", "en": "0–7 days"}),
    (8, 30, {"sv": "8–30 dagar", "en": "8–30 days"}),
    (31, 90, {"sv": "31–90 dagar", "en": "31–90 days"}),
    (91, 100_000, {"sv": "över 90 dagar", "en": "over 90 days"}),
)


def _series(ctx: ReportContext, kpi_id: str) -> pl.DataFrame:
    return ctx.observations.filter(pl.col("kpi_id") == kpi_id).sort("period")


def _backlog_figure(ctx: ReportContext) -> Figure:
    backlog, inflow, outflow = (_series(ctx, k.id) for k in (BACKLOG, INFLOW, OUTFLOW))
    spec = Chart(
        [
            Series(INFLOW.title, inflow["period"], inflow["value"], role="muted"),
            Series(OUTFLOW.title, outflow["period"], outflow["value"], role="quiet"),
            Series(
                BACKLOG.title, backlog["period"], backlog["value"], kind="line", role="forecast"
            ),
        ],
        y=Axis(Text("ärenden", "tickets")),
        x="month",
        height=420,
    )
    return Figure(
        (
            Text(
                "Ärenden per månad och öppna ärenden vid månadens slut",
                "Tickets per month and open tickets at month end",
            )(ctx.lang)
        ),
        spec,
        ctx.cite(backlog),
    )


def _age_table(ctx: ReportContext, tickets: pl.DataFrame) -> Table:
    end = month_end(ctx)
    open_now = tickets.filter(
        (pl.col("opened") < end) & (pl.col("closed").is_null() | (pl.col("closed") >= end))
    )
    ages = open_now.select(((end - pl.col("opened")).dt.total_days()).alias("days"))["days"]
    rows = [
        Row((label[ctx.lang], number_cell(int(((ages >= lo) & (ages <= hi)).sum()), lang=ctx.lang)))
        for lo, hi, label in AGES
    ]
    rows.append(
        Row(
            (Text("Summa", "Total")(ctx.lang), number_cell(open_now.height, lang=ctx.lang)),
            strong=True,
        )
    )
    return Table(
        caption=(
            Text(
                f"Öppna ärenden {ctx.period.last_month.name(ctx.lang)} efter ålder",
                f"Open tickets at the end of {ctx.period.last_month.name(ctx.lang)} by age",
            )(ctx.lang)
        ),
        columns=Texts(("Ålder", "Ärenden"), ("Age", "Tickets"))(ctx.lang),
        rows=rows,
        source=ctx.cite(tickets),
        note=(
            Text(
                "Nämndens handlingar (april 2018): ”Ca 100 ärenden ligger för bearbetning”.",
                "The board papers (April 2018): about 100 tickets being worked on.",
            )(ctx.lang)
        ),
    )


def _sla_table(ctx: ReportContext, tickets: pl.DataFrame) -> Table:
    sla = dict(_series(ctx, SLA.id).select("subject", "value").iter_rows())
    p90 = dict(_series(ctx, P90.id).select("subject", "value").iter_rows())
    targets = tickets.group_by("priority").agg(pl.col("sla_hours").first()).sort("priority")
    rows = [
        Row(
            (
                f"{Text('Prioritet', 'Priority')(ctx.lang)} {p}",
                number_cell(hours, lang=ctx.lang),
                "–"
                if sla.get(subject(PRIORITY.id, p)) is None
                else pct_cell(sla[subject(PRIORITY.id, p)] / 100, 0, ctx.lang),
                "–"
                if p90.get(subject(PRIORITY.id, p)) is None
                else number_cell(p90[subject(PRIORITY.id, p)], 0, ctx.lang),
            )
        )
        for p, hours in targets.iter_rows()
    ]
    return Table(
        caption=Text("Servicenivå per prioritet, i år", "Service level per priority, this year")(
            ctx.lang
        ),
        columns=Texts(
            ("Prioritet", "Mål (timmar)", "Lösta inom målet", "90 % lösta inom (timmar)"),
            ("Priority", "Target (hours)", "Within target", "90% within (hours)"),
        )(ctx.lang),
        rows=rows,
        source=ctx.cite(tickets),
    )


def _usage_blocks(ctx: ReportContext) -> list[Block]:
    # The tickets of the time the key counts ([allocation.periods], else the year to date).
    periods = ctx.definition.allocation.periods if ctx.definition.allocation else {}
    window = Window.for_rule(periods.get("tickets", "year_to_date"), ctx.period)
    tickets = (
        in_window(ctx.drivers, "tickets", window)
        .filter(pl.col("driver") == "tickets")
        .group_by("municipality")
        .agg(pl.col("quantity").sum(), pl.col("source").unique().sort().str.join("; "))
        .sort("municipality")
    )
    population = ctx.allocation.weights if ctx.allocation is not None else None
    if tickets.height == 0 or population is None:
        return []
    count = pl.col("quantity").cast(pl.Float64)  # (a Decimal divided stays at six decimals)
    share_t = dict(tickets.select("municipality", count / count.sum()).iter_rows())
    share_p = dict(
        population.select("municipality", pl.col("weight") / pl.col("weight").sum()).iter_rows()
    )
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    key = in_sentence(ctx.allocation.title(ctx.lang)) if ctx.allocation else ""
    bars = [
        Text("Andel av ärendena", "Share of tickets")(ctx.lang),
        f"{Text('Andel enligt', 'Share by')(ctx.lang)} {key}",
    ]
    spec = Chart(
        [
            Series(None, bars, [share_t.get(c, 0) * 100, share_p.get(c, 0) * 100], member=c)
            for c in names
        ],
        y=Axis("%", format="percent", decimals=1),
        bars="stack",
        height=360,
    )
    table = Table(
        caption=Text(
            f"Ärenden {window.label('sv')} per kommun", f"Tickets {window.label('en')} by member"
        )(ctx.lang),
        columns=Texts(
            ("Kommun", "Ärenden", "Andel av ärendena", f"Andel enligt {key}"),
            ("Municipality", "Tickets", "Share of tickets", f"Share by {key}"),
        )(ctx.lang),
        rows=[
            Row(
                (
                    names[c],
                    number_cell(q, lang=ctx.lang),
                    pct_cell(share_t[c], 1, ctx.lang),
                    pct_cell(share_p.get(c, 0), 1, ctx.lang),
                ),
                member=c,
            )
            for c, q in tickets.select("municipality", "quantity").iter_rows()
        ],
        source=ctx.cite(tickets),
    )
    return [
        table,
        Figure(
            (Text("Nyttjande och kostnadsandel", "Use and cost share")(ctx.lang)),
            spec,
            ctx.cite(tickets),
        ),
    ]


def build_it_section(ctx: ReportContext) -> Sequence[Block]:
    """Backlog, ages, service levels and use per member, from the ticket log."""
    tickets = ctx.extras.get(TABLE)
    if tickets is None:
        return [
            Paragraph(
                Text("Underlaget har ingen ärendelogg.", "The data holds no ticket log.")(ctx.lang)
            )
        ]
    return [
        _backlog_figure(ctx),
        _age_table(ctx, tickets),
        _sla_table(ctx, tickets),
        _lead_time_figure(ctx, tickets),
        *_usage_blocks(ctx),
        *switchboard_blocks(ctx),
        *disturbance_blocks(ctx),
        *project_blocks(ctx),
    ]


def _lead_time_figure(ctx: ReportContext, tickets: pl.DataFrame) -> Figure:
    """How long this year's closed tickets took, per priority: the median and the 90th
    percentile, as the KPIs computed them (log scale: hours to weeks)."""
    median, p90 = (
        dict(_series(ctx, k.id).select("subject", "value").iter_rows()) for k in (MEDIAN, P90)
    )
    priorities = sorted(s for s in median if split_subject(s)[0] == PRIORITY.id)
    labels = [ctx.subject(s, MEDIAN).capitalize() for s in priorities]
    spec = Chart(
        [
            Series(MEDIAN.title, labels, [median[p] for p in priorities], role="forecast"),
            Series(P90.title, labels, [p90.get(p) for p in priorities], role="quiet"),
        ],
        y=Axis(Text("timmar", "hours"), log=True),
        height=360,
    )
    return Figure(
        Text("Ledtid per prioritet, i år", "Lead time per priority, this year")(ctx.lang),
        spec,
        ctx.cite(tickets),
    )

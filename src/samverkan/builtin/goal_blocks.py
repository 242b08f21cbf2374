"""Blocks of the Måluppfyllelse section beyond the indicators: comments, the action plan
(handlingsplan) and the effects register."""

from __future__ import annotations

import datetime as dt

from samverkan.api import Lang, Text, Texts, Timeline
from samverkan.compose.blocks import (
    Block,
    Cell,
    Figure,
    Markdown,
    Paragraph,
    Row,
    Table,
    swedish_cell,
)
from samverkan.compose.registry import ReportContext
from samverkan.follow_up.status import STATUS_SYMBOL, STATUS_TEXT, Measured, Status
from samverkan.read.goal_plan import Activity
from samverkan.read.goals import Goals, Purpose, comment_citation, effect_citations

_ACTIVITY_COLORS = {
    "klar": "#009E73",
    "pågår": "#0072B2",
    "ej påbörjad": "#BBBBBB",
    "försenad": "#D55E00",
}


def comment_blocks(
    goals: Goals, purpose: Purpose, measured: list[Measured], ctx: ReportContext
) -> list[Block]:
    """The period's comments on the purpose's goals and indicators, in the file's order."""
    period, lang = str(ctx.period), ctx.lang
    out: list[Block] = []
    for goal in purpose.goals:
        targets = [(None, goal.title(lang))] + [
            (m.kpi.id, f"{goal.title(lang)} – {m.kpi.title(lang)}")
            for m in measured
            if m.goal_id == goal.id
        ]
        for kpi_id, title in targets:
            comment = goals.comment(period, goal.id, kpi_id)
            if comment is not None:
                label = Text("Kommentar", "Comment")(lang)
                source = f"{ctx.phrase('source')}: {comment_citation(goals, comment)}"
                out.append(Markdown(f"{label}: {title}", comment.text, source))
    return out


def uncommented_red(goals: Goals, measured: list[Measured], period: str) -> list[Measured]:
    """Indicators not met with no comment on them or on their goal for the period."""
    return [
        m
        for m in measured
        if m.status is Status.NOT_MET
        and goals.comment(period, m.goal_id, m.kpi.id) is None
        and goals.comment(period, m.goal_id) is None
    ]


def override_notes(measured: list[Measured], ctx: ReportContext) -> list[Block]:
    lang = ctx.lang
    out: list[Block] = []
    for m in measured:
        if not m.overridden:
            continue
        shown = f"{STATUS_SYMBOL[m.status]} {STATUS_TEXT[m.status](lang)}"
        computed = f"{STATUS_SYMBOL[m.computed]} {STATUS_TEXT[m.computed](lang)}"
        out.append(
            Paragraph(
                Text(
                    f"Manuell status för {m.kpi.title(lang)}: {shown} (beräknad: {computed}). "
                    f"Motivering: {m.indicator.override_comment}",
                    f"Status set by hand for {m.kpi.title(lang)}: {shown} (computed: "
                    f"{computed}). Reason: {m.indicator.override_comment}",
                )(ctx.lang),
                kind="note",
            )
        )
    return out


def activity_blocks(goals: Goals, ctx: ReportContext) -> list[Block]:
    """The action plan as a timeline per goal and a table, overdue activities flagged."""
    if not goals.activities:
        return []
    lang = ctx.lang
    on = ctx.definition.data_date
    titles = {g.id: g.title(lang) for p in goals.purposes for g in p.goals}
    ordered = sorted(goals.activities, key=lambda a: (a.goal_id, a.start, a.what))
    rows = [
        Row(
            (
                swedish_cell(a.what),
                titles[a.goal_id],
                swedish_cell(a.owner),
                a.start.isoformat(),
                a.deadline.isoformat(),
                _state(a, on, lang),
            )
        )
        for a in ordered
    ]
    overdue = [a for a in ordered if a.overdue(on)]
    per_goal = {g: sum(1 for a in ordered if a.goal_id == g) for g in titles}
    counts = ", ".join(f"{titles[g]}: {n}" for g, n in per_goal.items() if n)
    late = len(overdue)
    summary = Text(
        f"Handlingsplanen har {len(ordered)} aktiviteter ({counts}), varav {late} "
        f"{'försenad' if late == 1 else 'försenade'} per {on.isoformat()}. Aktiviteterna är "
        "information: målens status kommer från indikatorerna.",
        f"The action plan has {len(ordered)} activities ({counts}), {late} of them "
        f"overdue as of {on.isoformat()}. Activities are information: goal status comes from "
        "the indicators.",
    )(ctx.lang)
    return [
        Paragraph(summary, kind="warning" if overdue else "text"),
        _timeline(ordered, titles, on, ctx, f"{ctx.phrase('source')}: {goals.path.name}"),
        Table(
            caption=Text("Handlingsplan", "Action plan")(ctx.lang),
            columns=Texts(
                ("Aktivitet", "Mål", "Ansvarig", "Start", "Klar senast", "Status"),
                ("Activity", "Goal", "Owner", "Start", "Deadline", "Status"),
            )(ctx.lang),
            rows=rows,
            numeric=(False,) * 6,
            source=f"{ctx.phrase('source')}: {goals.path.name}",
        ),
    ]


ACTIVITY_STATES = {
    "klar": Text("klar", "done"),
    "pågår": Text("pågår", "in progress"),
    "ej påbörjad": Text("ej påbörjad", "not started"),
    "försenad": Text("försenad", "late"),
}
OVERDUE = Text("⚠ försenad", "⚠ overdue")


def _state(activity: Activity, on: dt.date, lang: Lang) -> str:
    return (OVERDUE if activity.overdue(on) else ACTIVITY_STATES[activity.status])(lang)


STATES = (
    ("klar", Text("klar", "done"), "better"),
    ("pågår", Text("pågår", "in progress"), "forecast"),
    ("ej påbörjad", Text("ej påbörjad", "not started"), "neutral"),
    ("försenad", Text("försenad", "late"), "worse"),
)
"""An activity's states in the timeline's legend, with their colours."""


def _timeline(
    activities: list[Activity],
    titles: dict[str, str],
    on: dt.date,
    ctx: ReportContext,
    source: str,
) -> Figure:
    items = [
        (
            a.what,
            a.start,
            a.deadline,
            "försenad" if a.overdue(on) else a.status,
            f"{titles[a.goal_id]}<br>{a.start.isoformat()} – {a.deadline.isoformat()}",
        )
        for a in activities
    ]
    return Figure(
        Text(
            "Handlingsplanens aktiviteter per mål (linjen: rapportdatum)",
            "Action plan activities per goal (line: report date)",
        )(ctx.lang),
        Timeline(items, STATES, marker=on),
        source,
    )


def effect_table(goals: Goals, ctx: ReportContext) -> list[Block]:
    """The effects register as two columns: positive and negative effects side by side."""
    if not goals.effects:
        return []
    titles = {k.id: k.title(ctx.lang) for k in ctx.kpis}

    followed = Text("följs upp med", "followed up by")(ctx.lang)

    def describe(side: bool) -> list[Cell]:
        # The finding, its area and the evaluation it is quoted from are the evaluation's
        # Swedish words; only the words around them are the report's language.
        return [
            Cell(
                f"{e.effect} ({e.area}; {e.evidence}"
                + (f"; {followed} {titles.get(e.kpi_id, e.kpi_id)})" if e.kpi_id else ")"),
                quoted=(e.effect, e.area, e.evidence),
            )
            for e in goals.effects
            if e.positive is side
        ]

    good, bad = describe(True), describe(False)
    cited = effect_citations(goals)
    height = max(len(good), len(bad))
    rows = [
        Row((good[i] if i < len(good) else Cell(""), bad[i] if i < len(bad) else Cell("")))
        for i in range(height)
    ]
    return [
        Table(
            caption=Text("Upplevda effekter av samarbetet", "Perceived effects")(ctx.lang),
            columns=Texts(
                ("Positiva effekter", "Negativa effekter"), ("Positive effects", "Negative effects")
            )(ctx.lang),
            rows=rows,
            numeric=(False, False),
            # The effects are the evaluation's findings, transcribed: cite where each is from.
            source=f"{ctx.phrase('sources' if len(cited) > 1 else 'source')}: {'; '.join(cited)}",
        )
    ]

"""Built-in section "Måluppfyllelse": purposes → goals → indicators, status and trend."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from samverkan.api import Text, Texts, Tree
from samverkan.builtin.goal_blocks import (
    activity_blocks,
    comment_blocks,
    effect_table,
    override_notes,
    uncommented_red,
)
from samverkan.compose.blocks import Block, Cell, Figure, Paragraph, Row, Table, swedish_cell
from samverkan.compose.registry import ReportContext, SectionType
from samverkan.errors import InputError
from samverkan.follow_up.status import (
    STATUS_SYMBOL,
    STATUS_TEXT,
    Measured,
    Status,
    roll_up,
)
from samverkan.hookspecs import hookimpl
from samverkan.model.targets import bounds
from samverkan.model.text import Lang
from samverkan.read.goals import KINDS, Goals, goal_anchor, purpose_anchor

STATUS_COLOR = {  # Okabe–Ito: told apart by colour-blind readers; symbols say it again
    Status.MET: "#009E73",
    Status.PARTLY: "#E69F00",
    Status.NOT_MET: "#D55E00",
    Status.NO_DATA: "#BBBBBB",
}
RULES = (
    "Status beräknas, den sätts aldrig för hand. Målvärdet är en regel: ”minst” när högre är "
    "bättre, ”högst” när lägre är bättre, ”inom” för ett intervall. En indikator är uppfylld när "
    "värdet följer regeln, delvis uppfylld när det följer gränsen för delvis, annars ej uppfylld. "
    "Ett mål får den sämsta statusen bland sina indikatorer och ett syfte den sämsta bland sina "
    "mål; saknar data gäller bara när inget värde finns. Trenden jämför med föregående värde av "
    "samma slag (perioden står i kolumnen, inte utgångsläget): pilen visar åt vilket håll värdet "
    "rör sig, ordet om det är bättre eller sämre; under 1 % skillnad räknas som oförändrad.",
    "Status is computed, never set by hand. A target is a rule: “at least” when higher is "
    "better, “at most” when lower is better, “within” for a band. An indicator is met when its "
    "value follows the rule, partly met when it follows the partly limit, otherwise not met. A "
    "goal takes the worst status of its indicators and a purpose the worst of its goals; no data "
    "applies only when no value exists. The trend compares with the previous value of the same "
    "kind (its period is in the column, not the baseline): the arrow shows which way the value "
    "moved, the word whether that is better or worse; less than 1% counts as unchanged.",
)


def _label(status: Status, lang: Lang) -> str:
    return f"{STATUS_SYMBOL[status]} {STATUS_TEXT[status](lang)}"


def build_goal_section(ctx: ReportContext) -> Sequence[Block]:
    goals = ctx.definition.goals
    if goals is None:
        return [
            Paragraph(
                Text(
                    "Rapportdefinitionen anger ingen målfil ([report] goals).",
                    "The report definition names no goals file ([report] goals).",
                )(ctx.lang)
            )
        ]
    measured = list(ctx.measured)  # measured once, in the follow-up stage
    blocks: list[Block] = [Paragraph(Text(RULES[0], RULES[1])(ctx.lang))]
    if goals.example:
        blocks.append(
            Paragraph(
                Text(
                    "EXEMPEL: målvärdena i denna målfil är exempel för att visa uppföljningen, "
                    "inte "
                    "värden som nämnden har beslutat.",
                    "EXAMPLE: the targets in this goals file are examples to show the "
                    "follow-up, not values the board has decided.",
                )(ctx.lang)
            )
        )
    blocks += _red_without_comment(goals, measured, ctx)
    blocks += override_notes(measured, ctx)
    blocks.append(_tree(goals, measured, ctx))
    for i, purpose in enumerate(goals.purposes):
        blocks.append(_purpose_table(goals, i, measured, ctx))
        blocks += comment_blocks(goals, purpose, measured, ctx)
    return [*blocks, *activity_blocks(goals, ctx), *effect_table(goals, ctx)]


def _red_without_comment(goals: Goals, measured: list[Measured], ctx: ReportContext) -> list[Block]:
    """A red status must be explained: flagged in the report, an error with ``--strict``."""
    missing = uncommented_red(goals, measured, str(ctx.period))
    if not missing:
        return []
    names = ", ".join(f"{m.goal_id}/{m.kpi.id}" for m in missing)
    if ctx.strict:
        raise InputError.at(
            f"ej uppfyllda indikatorer utan kommentar för {ctx.period}: {names}",
            goals.path,
        )
    return [
        Paragraph(
            Text(
                f"Ej uppfyllt utan kommentar för {ctx.period}: {names}. Skriv kommentaren i "
                f"kommentarer/{ctx.period}/ bredvid målfilen.",
                f"Not met without a comment for {ctx.period}: {names}. Write the comment in "
                f"kommentarer/{ctx.period}/ next to the goals file.",
            )(ctx.lang),
            kind="warning",
        )
    ]


def _goal_status(measured: Sequence[Measured], goal_id: str) -> Status:
    return roll_up(m.status for m in measured if m.goal_id == goal_id)


def _tree(goals: Goals, measured: Sequence[Measured], ctx: ReportContext) -> Figure:
    """A sunburst: purposes inside, goals around them, indicators outermost, by status."""
    lang = ctx.lang
    nodes: list[tuple[str, str, str, Status, str]] = []  # id, label, parent, status, hover
    for purpose in goals.purposes:
        status = roll_up(_goal_status(measured, g.id) for g in purpose.goals)
        nodes.append((purpose.id, purpose.title(lang), "", status, _label(status, lang)))
        for goal in purpose.goals:
            node = f"{purpose.id}/{goal.id}"
            status = _goal_status(measured, goal.id)
            nodes.append((node, goal.title(lang), purpose.id, status, _label(status, lang)))
            for n, m in enumerate(x for x in measured if x.goal_id == goal.id):
                nodes.append((f"{node}/{n}", m.kpi.title(lang), node, m.status, _hover(m, lang)))
    return Figure(
        Text(
            "Måluppfyllelse: syften, mål och indikatorer (färg och symbol: status)",
            "Goal attainment: purposes, goals and indicators (colour and symbol: status)",
        )(lang),
        Tree(
            ids=[n[0] for n in nodes],
            labels=[n[1] for n in nodes],
            parents=[n[2] for n in nodes],
            statuses=[n[3].value for n in nodes],
            hover=[n[4] for n in nodes],
        ),
        f"{ctx.phrase('source')}: {goals.path.name}",
    )


def _hover(m: Measured, lang: Lang) -> str:
    """An indicator's status with its value and the rule it is held to."""
    value = "–" if m.value is None else m.kpi.shown(m.value, lang)
    return f"{_label(m.status, lang)}<br>{value} ({Text('mål', 'target')(lang)}: {m.rule(lang)})"


def _target(m: Measured, lang: Lang) -> str:
    """The target as the rule it is, with the "delvis" limit: ``minst 0,0 % (delvis: minst
    −1,0 %)``."""
    partly = m.partly_rule(lang)
    return m.rule(lang) + (f" ({partly})" if partly else "")


def _number(m: Measured, value: float | None, lang: Lang) -> Cell:
    """A value of the indicator's KPI, holding the number in its unit (empty for None)."""
    if value is None:
        return Cell("")
    return Cell(m.kpi.shown(value, lang), value, m.kpi.unit_in(lang), m.kpi.decimals)


def _target_parts(m: Measured, lang: Lang) -> tuple[tuple[str, Cell], ...]:
    """The target for the workbook: the rule as written, and the lowest and highest value it
    lets pass as numbers (and the "delvis" limit's), so a controller can compute with them."""
    low, high = bounds(m.target, m.higher)
    parts = [
        ("", Cell(_target(m, lang))),
        (Text("från", "from")(lang), _number(m, low, lang)),
        (Text("till", "to")(lang), _number(m, high, lang)),
    ]
    if m.partly is not None:
        low, high = bounds(m.partly, m.higher)
        parts += [
            (Text("delvis från", "partly from")(lang), _number(m, low, lang)),
            (Text("delvis till", "partly to")(lang), _number(m, high, lang)),
        ]
    return tuple(parts)


def _row(goal: str, m: Measured, ctx: ReportContext) -> Row:
    lang = ctx.lang
    ind = m.indicator
    return Row(
        (
            goal,
            m.kpi.title(lang) + (f" – {ctx.subject(ind.subject, m.kpi)}" if ind.subject else ""),
            # The value as shown, and the number behind it with its unit for the workbook.
            "–"
            if m.value is None
            else Cell(m.kpi.shown(m.value, lang), m.value, m.kpi.unit_in(lang), m.kpi.decimals),
            m.period or "–",
            Cell(_target(m, lang), spread=_target_parts(m, lang)),
            Cell(
                f"{m.kpi.shown(ind.baseline, lang)} ({ind.baseline_period})",
                spread=(
                    ("", _number(m, ind.baseline, lang)),
                    (Text("period", "period")(lang), Cell(ind.baseline_period)),
                ),
            ),
            _label(m.status, lang)
            + (
                f" ({Text('manuell; beräknad', 'set by hand; computed')(lang)} "
                f"{_label(m.computed, lang)})"
                if m.overridden
                else ""
            ),
            m.trend_text(lang),
            KINDS[ind.kind](lang),
            swedish_cell(ind.owner),
        )
    )


def _purpose_table(goals: Goals, index: int, measured: list[Measured], ctx: ReportContext) -> Table:
    lang = ctx.lang
    purpose = goals.purposes[index]
    status = roll_up(_goal_status(measured, g.id) for g in purpose.goals)
    rows = []
    for goal in purpose.goals:
        label = f"{goal.title(lang)} ({_label(_goal_status(measured, goal.id), lang)})"
        mine = [_row(label, m, ctx) for m in measured if m.goal_id == goal.id]
        # A goal's first row carries its id: the dashboard links a goal not met to it.
        rows += [
            attrs.evolve(r, anchor=goal_anchor(goal.id)) if i == 0 else r
            for i, r in enumerate(mine)
        ]
    # The values' own sources (what the row's figures were read from) and the targets' file.
    ids = {g.id for g in purpose.goals}
    used = sorted({m.source for m in measured if m.goal_id in ids and m.source is not None})
    sources = [*used, f"{Text('mål', 'goals')(lang)}: {goals.path.name}"]
    return Table(
        caption=f"{purpose.title(lang)}: {_label(status, lang)}",
        columns=Texts(
            (
                "Mål",
                "Indikator",
                "Värde",
                "Period",
                "Målvärde",
                "Utgångsläge",
                "Status",
                "Trend",
                "Typ",
                "Ansvarig",
            ),
            (
                "Goal",
                "Indicator",
                "Value",
                "Period",
                "Target",
                "Baseline",
                "Status",
                "Trend",
                "Kind",
                "Owner",
            ),
        )(ctx.lang),
        rows=rows,
        numeric=(False, False, True, False, True, True, False, False, False, False),
        anchor=purpose_anchor(purpose.id),
        source=f"{ctx.phrase('sources' if len(sources) > 1 else 'source')}: {'; '.join(sources)}",
    )


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="maluppfyllelse",
            title={"sv": "Måluppfyllelse", "en": "Goal attainment"},
            build=build_goal_section,
        )
    )

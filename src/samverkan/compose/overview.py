"""The report's first screen: KPI cards and the three largest changes since the last report."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.compose.blocks import Card
from samverkan.compose.registry import Highlight, HighlightType, ReportContext
from samverkan.errors import SamverkanError, tolerated
from samverkan.follow_up.status import STATUS_SYMBOL, STATUS_TEXT, Trend
from samverkan.model.format import fmt_number
from samverkan.model.notes import Note
from samverkan.model.text import Lang
from samverkan.model.units import KPI, Direction

MAX_CARDS = 6
PER_KPI = 2


def cards(context: ReportContext) -> list[Card]:
    """The goals file's key indicators as traffic lights when it marks any; otherwise
    board-level KPI values (no single member): at most PER_KPI per KPI and MAX_CARDS in all."""
    goal_cards = _goal_cards(context)
    if goal_cards:
        return goal_cards
    out: list[Card] = []
    whole = context.observations.filter(pl.col("municipality").is_null())
    for kpi in context.kpis:
        rows = whole.filter(pl.col("kpi_id") == kpi.id)
        for i, ((subject,), part) in enumerate(rows.group_by("subject", maintain_order=True)):
            if i == PER_KPI:
                break
            about = f": {context.subject(subject, kpi)}" if subject else ""
            title = kpi.title(context.lang) + about
            out.append(kpi_card(kpi, part, context.lang, title))
            if len(out) == MAX_CARDS:
                return out
    return out


def kpi_card(kpi: KPI, rows: pl.DataFrame, lang: Lang, title: str | None = None) -> Card:
    """The latest value of one KPI series (its rows, any order) and how it moved since the
    value before: "same" when both show as the same number, so words and figures agree."""
    ordered = rows.sort("period")
    latest = float(ordered["value"][-1])
    trend, change = "new", ""
    if ordered.height > 1:
        before = float(ordered["value"][-2])
        if round(latest, kpi.decimals) == round(before, kpi.decimals):
            trend = "same"
        else:
            better = (latest > before) == (kpi.direction is Direction.HIGHER_IS_BETTER)
            trend = "better" if better else "worse"
        change = fmt_number(latest - before, kpi.decimals, lang)
    return Card(
        title or kpi.title(lang),
        fmt_number(latest, kpi.decimals, lang),
        kpi.unit_in(lang),
        str(ordered["period"][-1]),
        trend,
        change,
    )


def _goal_cards(context: ReportContext) -> list[Card]:
    goals = context.definition.goals
    if goals is None or not any(i.key for _, i in goals.indicators()):
        return []
    lang = context.lang
    out = []
    for m in context.measured:
        if not m.indicator.key:
            continue
        decimals, unit, subject = m.kpi.decimals, m.kpi.unit_in(lang), m.indicator.subject
        trend = {None: "new", Trend.BETTER: "better", Trend.WORSE: "worse", Trend.SAME: "same"}
        target = "–" if m.target is None else fmt_number(m.target, decimals, lang)
        out.append(
            Card(
                m.kpi.title(lang) + (f": {context.subject(subject, m.kpi)}" if subject else ""),
                "–" if m.value is None else fmt_number(m.value, decimals, lang),
                unit,
                m.period or str(context.period),
                trend[m.trend],
                ""
                if m.value is None or m.previous is None
                else fmt_number(m.value - m.previous, decimals, lang),
                m.status.value,
                f"{STATUS_SYMBOL[m.status]} {STATUS_TEXT[m.status](lang)} · "
                f"{'målvärde' if lang == 'sv' else 'target'} {target}\u00a0{unit}",
            )
        )
    return out[:MAX_CARDS]


def highlights(
    context: ReportContext,
    sources: Mapping[str, tuple[str, HighlightType]],
    count: int = 3,
) -> tuple[list[Highlight], tuple[Note, ...]]:
    """The largest changes any plugin reports, largest first, and a note for each plugin
    that failed (left out unless ``strict``, when the failure stops the build)."""
    found: list[Highlight] = []
    failed = []
    for _, (plugin, source) in sorted(sources.items()):

        def note(exc: SamverkanError, source: HighlightType = source, plugin: str = plugin) -> None:
            failed.append(
                Note(
                    {
                        "sv": f"Förändringarna från {source.id} kunde inte beräknas: {exc}",
                        "en": f"The changes from {source.id} could not be computed: {exc}",
                    },
                    f"plugin {plugin}",
                )
            )

        hook = "samverkan_register_highlights"
        found += tolerated(context.strict, note, plugin, hook, source.compute, context) or []
    return sorted(found, key=lambda h: (-h.magnitude, h.text))[:count], tuple(failed)

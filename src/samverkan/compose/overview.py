"""KPI cards (a plugin's section shows them) and the largest changes since the last report
(the summary's last question)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from samverkan.compose.blocks import Card
from samverkan.compose.registry import Highlight, HighlightType, ReportContext
from samverkan.errors import SamverkanError, tolerated
from samverkan.model.format import fmt_number
from samverkan.model.notes import Note
from samverkan.model.text import Lang
from samverkan.model.units import KPI, Direction


def kpi_card(
    kpi: KPI,
    rows: pl.DataFrame,
    lang: Lang,
    title: str | None = None,
    year_to_date: str | None = None,
    *,
    member: str | None = None,
    members: Sequence[Card] = (),
) -> Card:
    """The latest value of one KPI series (its rows, any order) and how it moved since the
    value before (named): "same" when both show as the same number, so words and figures
    agree; the arrow follows the number, the word and colour the KPI's direction.

    ``year_to_date`` names a period whose value covers the year so far (``2018`` in an April
    report): it is not set against the full year before it, four months against twelve."""
    ordered = rows.sort("period")
    latest = float(ordered["value"][-1])
    trend, change, compared, arrow = "new", "", "", "●"
    if ordered.height > 1 and str(ordered["period"][-1]) == year_to_date:
        trend, arrow = "partial", "◌"
    elif ordered.height > 1:
        before = float(ordered["value"][-2])
        compared = str(ordered["period"][-2])
        if round(latest, kpi.decimals) == round(before, kpi.decimals):
            trend, arrow = "same", "■"
        else:
            arrow = "▲" if latest > before else "▼"
            if kpi.direction is Direction.NEUTRAL:
                trend = "moved"
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
        compared,
        arrow,
        BETTER[kpi.direction],
        member,
        tuple(members),
    )


BETTER = {
    Direction.HIGHER_IS_BETTER: "higher",
    Direction.LOWER_IS_BETTER: "lower",
    Direction.NEUTRAL: "",
}


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

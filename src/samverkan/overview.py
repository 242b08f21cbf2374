"""The report's first screen: KPI cards and the three largest changes since the last report."""

from __future__ import annotations

import attrs
import polars as pl

from samverkan.context import ReportContext
from samverkan.model import Direction
from samverkan.plugins import Plugins
from samverkan.registry import Highlight
from samverkan.render.format import fmt_number

MAX_CARDS = 6
PER_KPI = 2


@attrs.frozen
class Card:
    """One KPI card: its latest value and how it moved since the period before."""

    title: str
    value: str
    unit: str
    period: str
    trend: str
    """``better``, ``worse``, ``same`` or ``new`` (no earlier value to compare with)."""
    change: str


def cards(context: ReportContext) -> list[Card]:
    """Board-level KPI values (no single member): at most PER_KPI per KPI and MAX_CARDS in
    all, those with a trend to show first."""
    out: list[Card] = []
    whole = context.observations.filter(pl.col("municipality").is_null())
    for kpi in context.kpis:
        rows = whole.filter(pl.col("kpi_id") == kpi.id)
        for i, ((subject,), part) in enumerate(rows.group_by("subject", maintain_order=True)):
            if i == PER_KPI:
                break
            ordered = part.sort("period")
            latest = float(ordered["value"][-1])
            decimals = 1 if kpi.unit == "%" else 0
            title = kpi.title(context.lang) + (f": {subject}" if subject else "")
            trend, change = "new", ""
            if ordered.height > 1:
                delta = latest - float(ordered["value"][-2])
                good = delta > 0 if kpi.direction is Direction.HIGHER_IS_BETTER else delta < 0
                trend = "same" if delta == 0 else ("better" if good else "worse")
                change = fmt_number(delta, decimals, context.lang)
            out.append(
                Card(
                    title,
                    fmt_number(latest, decimals, context.lang),
                    kpi.unit,
                    str(ordered["period"][-1]),
                    trend,
                    change,
                )
            )
            if len(out) == MAX_CARDS:
                return out
    return out


def highlights(context: ReportContext, plugins: Plugins, count: int = 3) -> list[Highlight]:
    """The largest changes any plugin reports, largest first."""
    found: list[Highlight] = []
    for _, (plugin, source) in sorted(plugins.highlights().items()):
        found += plugins.call(plugin, "samverkan_register_highlights", source.compute, context)
    return sorted(found, key=lambda h: (-h.magnitude, h.text))[:count]

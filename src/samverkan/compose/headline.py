"""A report's headline figures, for the dashboard above the reports (``index.html``).

Each report's ``.meta.json`` carries them, so the dashboard can set boards and periods side by
side without reading any data again: the year's budget and latest forecast per member (from
the allocate stage: the same öre as in the report), at the year end each member's share of
the outcome and its settlement (slutreglering: outcome − budget, above zero paid in, below
zero paid back), the goal statuses counted, and whether the report rests on example data.
Nothing here knows an area.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from samverkan.allocate.results import settlement
from samverkan.compose.registry import ReportContext
from samverkan.follow_up.status import Status


def headline(context: ReportContext) -> dict[str, Any]:
    """The figures a dashboard tile shows, as JSON-ready values (money in integer öre)."""
    out: dict[str, Any] = {"example_data": context.definition.example_data}
    allocation = context.allocation
    if allocation is not None:
        totals = (
            allocation.by_area()
            .group_by("municipality", "kind")
            .agg(pl.col("amount_ore").sum())
            .sort("municipality", "kind")
        )
        amounts = {(m, k): int(v) for m, k, v in totals.iter_rows()}
        year_end = {
            s.municipality: {"utfall_ore": s.outcome_ore, "settlement_ore": s.difference_ore}
            for s in settlement(allocation)
        }
        members = [
            {
                "kommunkod": m.kommunkod,
                "name": m.name,
                "budget_ore": amounts.get((m.kommunkod, "budget")),
                "prognos_ore": amounts.get((m.kommunkod, "prognos")),
                **year_end.get(m.kommunkod, {}),
            }
            for m in context.unit.members
        ]
        out["members"] = members
        for kind in ("budget", "prognos"):
            values = [m[f"{kind}_ore"] for m in members]
            out[f"{kind}_ore"] = None if None in values else sum(values)
        if year_end:
            for field in ("utfall_ore", "settlement_ore"):
                out[field] = sum(m[field] for m in members)
    if context.definition.goals is not None:
        statuses = [m.status for m in context.measured]
        out["goals"] = {s.value: statuses.count(s) for s in Status}
    return out

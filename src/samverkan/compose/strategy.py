"""What the strategy dashboard needs from a report, beside its headline: the year's trajectory,
the goals per purpose, the largest deviations, where the evidence stands, and the origins.

It goes into the report's ``.meta.json`` with the headline (:mod:`samverkan.compose.headline`),
so the dashboard can set every board and period side by side without reading data again.
Money is integer öre; each figure carries the origins (``real``, ``estimate``, ``example``)
of the rows it was computed from, looked up in the read stage's registry. Nothing here knows
an area: the ledger and the goals are the core's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

from samverkan.allocate.results import key_population
from samverkan.allocate.split import current_view, year_outcome
from samverkan.compose.registry import ReportContext
from samverkan.compose.summary import SummaryItem
from samverkan.follow_up.status import Status, roll_up
from samverkan.model.provenance import Provenance, origins, sorted_origins
from samverkan.read.goals import goal_anchor, purpose_anchor

DEVIATIONS_SHOWN = 3
"""The largest deviations from budget a report offers the dashboard (by area and member)."""


def strategy_facts(
    context: ReportContext,
    registry: Mapping[str, Provenance],
    summary: Sequence[SummaryItem],
) -> dict[str, Any]:
    """The dashboard's figures of one report, as JSON-ready values (money in öre)."""

    def cited(frame: pl.DataFrame) -> list[str]:
        return sorted_origins(origins(frame.get_column("source").drop_nulls().unique(), registry))

    year = str(context.period.year)
    drift = context.ledger.filter(
        (pl.col("scope") == "drift") & pl.col("period").str.starts_with(year)
    )
    used = current_view(context.ledger, context.period)
    out: dict[str, Any] = {
        "origins": sorted_origins(p.origin for p in registry.values()),
        "money_origins": cited(used),
        "trajectory": _trajectory(drift, str(context.period.last_month), cited),
        "deviations": _deviations(context, used),
        "evidence": {item.id: item.links[0][0] for item in summary if item.links},
    }
    if context.allocation is not None:
        people = key_population(context.allocation)
        spec = context.definition.allocation
        out["inhabitants"] = {code: int(n) for code, n in people.items()}
        out["inhabitants_date"] = spec.options.get("reference_date") if spec else None
    goals = context.definition.goals
    if goals is not None:
        out["goals_example"] = goals.example
        status: dict[str, list[Status]] = {}
        for m in context.measured:
            status.setdefault(m.goal_id, []).append(m.status)
        out["purposes"] = [
            {
                "id": p.id,
                "title": p.title(context.lang),
                "status": roll_up(roll_up(status.get(g.id, [])) for g in p.goals).value,
                "anchor": purpose_anchor(p.id),
                "goals": [
                    {
                        "id": g.id,
                        "title": g.title(context.lang),
                        "status": roll_up(status.get(g.id, [])).value,
                        "anchor": goal_anchor(g.id),
                    }
                    for g in p.goals
                ],
            }
            for p in goals.purposes
        ]
    return out


def _trajectory(
    drift: pl.DataFrame, last: str, cited: Callable[[pl.DataFrame], list[str]]
) -> dict[str, Any]:
    """The budget, every forecast made up to ``last`` (month, sum, origins) and the outcome
    of the months booked, for the whole board."""
    budget = drift.filter(pl.col("kind") == "budget")
    forecasts = drift.filter((pl.col("kind") == "prognos") & (pl.col("forecast_month") <= last))
    outcome = drift.filter((pl.col("kind") == "utfall") & (pl.col("period") <= last))
    months = forecasts.get_column("forecast_month").unique().sort().to_list()
    booked = outcome.get_column("period").unique().sort().to_list()
    return {
        "budget_ore": int(budget["amount_ore"].sum()) if budget.height else None,
        "budget_origins": cited(budget),
        "forecasts": [
            {
                "month": month,
                "amount_ore": int(rows["amount_ore"].sum()),
                "origins": cited(rows),
            }
            for month in months
            for rows in [forecasts.filter(pl.col("forecast_month") == month)]
        ],
        "outcome": {
            "to": booked[-1],
            "amount_ore": int(outcome["amount_ore"].sum()),
            "origins": cited(outcome),
        }
        if booked
        else None,
    }


def _deviations(context: ReportContext, used: pl.DataFrame) -> list[dict[str, Any]]:
    """The areas furthest from budget: budget − the year's outcome once the year has ended
    and it is known (``kind`` utfall), else budget − the latest prognos (öre)."""
    titles = {a.id: a.title(context.lang) for a in context.unit.areas}
    outcome = year_outcome(context.ledger, context.period).select("area", "kind", "amount_ore")
    per_area = (
        pl.concat([used.select("area", "kind", "amount_ore"), outcome], how="vertical_relaxed")
        .with_columns(pl.col("kind").cast(pl.String))
        .group_by("area")
        .agg(
            budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
            prognos=pl.col("amount_ore").filter(pl.col("kind") == "prognos").sum(),
            utfall=pl.col("amount_ore").filter(pl.col("kind") == "utfall").sum(),
            has_forecast=(pl.col("kind") == "prognos").any(),
            has_outcome=(pl.col("kind") == "utfall").any(),
        )
        .filter(pl.col("has_forecast") | pl.col("has_outcome"))
        .with_columns(
            kind=pl.when(pl.col("has_outcome")).then(pl.lit("utfall")).otherwise(pl.lit("prognos")),
            deviation=pl.col("budget")
            - pl.when(pl.col("has_outcome")).then("utfall").otherwise("prognos"),
        )
        .sort(pl.col("deviation").abs(), "area", descending=[True, False])
        .head(DEVIATIONS_SHOWN)
    )
    return [
        {
            "area": titles.get(area, area),
            "budget_ore": int(b),
            "deviation_ore": int(d),
            "kind": kind,
        }
        for area, b, d, kind in per_area.select("area", "budget", "deviation", "kind").iter_rows()
    ]

"""Beyond one key: other keys side by side, the cooperation gain, and members joining or leaving.

All computed in the allocate stage from the same costs as the definition's own key, so every
figure in the "Kostnadsfördelning" section is comparable with every other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import polars as pl

from samverkan.allocation import (
    Allocation,
    MethodSpec,
    allocate_costs,
    allocate_net_cost,
    current_view,
    method_weights,
)
from samverkan.context import AllocationContext
from samverkan.definition import AllocationSpec, ReportDefinition
from samverkan.errors import InputError
from samverkan.gain import (
    NUCLEOLUS_LIMIT,
    game_from,
    nucleolus,
    read_coalitions,
    scrb,
    shapley_exact,
)
from samverkan.i18n import Text

if TYPE_CHECKING:
    from samverkan.plugins import Plugins


@attrs.frozen
class Gain:
    """The cooperation gain per member, all amounts in öre for the year's budget."""

    table: pl.DataFrame = attrs.field(eq=False, repr=False)
    """``municipality``, ``standalone``, ``key`` (the charge under the definition's key),
    ``shapley``, ``scrb``, ``nucleolus`` (null for large games)."""
    saving: int
    """Σ stand-alone − the cooperation's cost."""
    source: str


@attrs.frozen
class Scenario:
    """Each member's budget charge today and if a municipality joins or leaves."""

    title: Text
    table: pl.DataFrame = attrs.field(eq=False, repr=False)
    """``municipality``, ``name``, ``today``, ``scenario`` (öre; null where not a member)."""
    estimate: bool


def budget_by_member(allocation: Allocation) -> dict[str, int]:
    """The year's budget charge per member, over every area."""
    rows = allocation.by_area().filter(pl.col("kind") == "budget")
    return {
        m: int(v)
        for m, v in rows.group_by("municipality").agg(pl.col("amount_ore").sum()).iter_rows()
    }


def cooperation_gain(spec: AllocationSpec, main: Allocation, definition: ReportDefinition) -> Gain:
    """Shapley, SCRB and nucleolus from the stand-alone estimates, beside the key's charges."""
    assert spec.coalitions is not None
    costs = read_coalitions(spec.coalitions)
    members = sorted(m.kommunkod for m in definition.unit.members)
    found = sorted({m for coalition in costs for m in coalition})
    if found != members:
        raise InputError.at(
            f"koalitionerna gäller {', '.join(found)}, nämndens medlemmar är {', '.join(members)}",
            spec.coalitions_name or "",
            None,
            "coalition",
        )
    try:
        game = game_from(costs, "additive")
        methods = {
            "shapley": shapley_exact(game, spec.unit_ore),
            "scrb": scrb(game, spec.unit_ore),
            "nucleolus": (
                nucleolus(game, spec.unit_ore) if len(members) <= NUCLEOLUS_LIMIT else None
            ),
        }
    except ValueError as exc:
        raise InputError.at(str(exc), spec.coalitions_name or "") from None
    key = budget_by_member(main)
    table = pl.DataFrame(
        {
            "municipality": list(game.members),
            "standalone": [round(game.alone(k)) for k in range(len(members))],
            "key": [key[m] for m in game.members],
            **{
                name: [None if result is None else result[m] for m in game.members]
                for name, result in methods.items()
            },
        },
        schema_overrides={"nucleolus": pl.Int64},
    )
    return Gain(table, game.saving(), spec.coalitions_name or "")


def membership_scenario(
    spec: AllocationSpec, main: Allocation, ledger: pl.DataFrame, context: AllocationContext
) -> Scenario:
    """What every member's budget charge becomes if ``spec.join`` joins or ``spec.leave`` leaves."""
    method = main.spec
    weights = main.weights.select("municipality", "weight")
    names = {m.kommunkod: m.name for m in context.unit.members}
    if spec.leave is not None:
        if spec.leave not in names:
            raise InputError.at(f"{spec.leave} är inte medlem", None, None, "allocation.leave")
        weights = weights.filter(pl.col("municipality") != spec.leave)
        title = Text(
            f"Om {names[spec.leave]} lämnar samarbetet",
            f"If {names[spec.leave]} leaves the cooperation",
        )
    if spec.join is not None:
        driver = {"population": "population", "usage": method.argument}.get(method.method)
        quantity = 1 if method.method == "even" else spec.join.quantities.get(driver or "")
        if quantity is None:
            raise InputError.at(
                f"ange {driver or 'nyckelns mängd'} för {spec.join.name} under [allocation.join]",
                None,
                None,
                "allocation.join",
            )
        weights = pl.concat(
            [
                weights,
                pl.DataFrame(
                    {"municipality": [spec.join.kommunkod], "weight": [quantity]},
                    schema=weights.schema,
                ),
            ]
        )
        names[spec.join.kommunkod] = spec.join.name
        title = Text(
            f"Om {spec.join.name} går med i samarbetet",
            f"If {spec.join.name} joins the cooperation",
        )
    view = current_view(ledger, context.period).filter(pl.col("kind") == "budget")
    by = ["area", "line", "period"]
    costs = view.with_columns(pl.col("kind").cast(pl.String)).select(
        *by, "municipality", "amount_ore"
    )
    charges = allocate_costs(costs, weights, by, unit_ore=1, two_step=method.two_step)
    scenario = dict(charges.group_by("municipality").agg(pl.col("amount_ore").sum()).iter_rows())
    today = budget_by_member(main)
    codes = sorted(set(today) | set(scenario))
    table = pl.DataFrame(
        {
            "municipality": codes,
            "name": [names[c] for c in codes],
            "today": [today.get(c) for c in codes],
            "scenario": [scenario.get(c) for c in codes],
        },
        schema_overrides={"today": pl.Int64, "scenario": pl.Int64},
    )
    return Scenario(title, table, bool(spec.join and spec.join.estimate))


def alternative(
    text: str,
    *,
    plugins: Plugins,
    context: AllocationContext,
    ledger: pl.DataFrame,
    definition: ReportDefinition,
    unit_ore: int,
) -> Allocation:
    """The same costs under another key, for comparison."""
    try:
        spec = MethodSpec.parse(text)
    except ValueError as exc:
        raise InputError.at(str(exc), definition.path, None, "allocation.compare") from None
    title, weights = method_weights(spec, plugins, context, str(definition.path))
    charges = allocate_net_cost(
        ledger, weights, definition.period, unit_ore=unit_ore, spec=spec, params={"method": text}
    )
    return Allocation(spec, title, weights, charges)

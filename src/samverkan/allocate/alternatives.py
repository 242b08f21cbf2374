"""Beyond one key: the same costs under other keys, and the cooperation gain from the
stand-alone estimates (Shapley, SCRB, nucleolus), all from the same costs as the key itself."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.allocate.gain import NUCLEOLUS_LIMIT, game_from, nucleolus, scrb, shapley_exact
from samverkan.allocate.keys import MethodSpec, method_weights
from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.allocate.results import Allocation, Gain, budget_by_member
from samverkan.allocate.split import allocate_net_cost
from samverkan.errors import InputError
from samverkan.read.coalitions import CoalitionCosts
from samverkan.read.definition import AllocationSpec, ReportDefinition


def cooperation_gain(
    spec: AllocationSpec,
    main: Allocation,
    definition: ReportDefinition,
    coalitions: CoalitionCosts,
) -> Gain:
    """Shapley, SCRB and nucleolus from the stand-alone estimates (read in the read stage),
    beside the key's charges."""
    costs = coalitions.costs
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
    return Gain(table, game.saving(), spec.coalitions_name or "", coalitions.estimated)


def alternative(
    text: str,
    *,
    methods: Mapping[str, tuple[str, AllocationMethod]],
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
    allow_zero = definition.allocation.allow_zero if definition.allocation else ()
    title, weights = method_weights(spec, methods, context, str(definition.path), allow_zero)
    charges = allocate_net_cost(
        ledger, weights, definition.period, unit_ore=unit_ore, spec=spec, params={"method": text}
    )
    return Allocation(spec, title, weights, charges)

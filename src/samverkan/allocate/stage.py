"""The allocate stage: the definition's key applied to each line of each area's net cost, and
the same costs under the keys compared with it, the gain and a scenario, all in exact öre."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import polars as pl

from samverkan.allocate.alternatives import alternative, cooperation_gain
from samverkan.allocate.keys import MethodSpec, method_weights
from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.allocate.results import Allocation
from samverkan.allocate.scenario import membership_scenario
from samverkan.allocate.split import allocate_costs, allocate_net_cost
from samverkan.errors import InputError
from samverkan.model.period import Period
from samverkan.read.definition import ReportDefinition
from samverkan.read.stage import Tables


def allocate(
    definition: ReportDefinition, methods: Mapping[str, tuple[str, AllocationMethod]], data: Tables
) -> Allocation | None:
    """The allocate stage: the definition's key applied to each line of each area's net cost.
    A driver row it refuses is named by its file's own column, as the read stage names it."""
    try:
        return _allocate(definition, methods, data)
    except InputError as exc:
        raise exc.named_as(data.columns) from None


def _allocate(
    definition: ReportDefinition, methods: Mapping[str, tuple[str, AllocationMethod]], data: Tables
) -> Allocation | None:
    spec = definition.allocation
    if spec is None:
        return None
    try:
        method = MethodSpec.parse(spec.method)
    except ValueError as exc:
        raise InputError.at(str(exc), definition.path, None, "allocation.method") from None
    context = AllocationContext(
        definition.unit,
        definition.period,
        data["drivers"],
        spec.options,
        driver_titles=data.driver_titles,
        periods=spec.periods,
    )
    ledger = data["ledger"]
    own = {
        area: _keyed(definition, methods, context, key, ledger.filter(pl.col("area") == area))
        for area, key in spec.areas.items()
    }
    shared = ledger.filter(~pl.col("area").is_in(list(own))) if own else ledger
    main = _keyed(definition, methods, context, spec.method, shared)
    if own:
        charges = pl.concat([main.charges, *(a.charges for a in own.values())])
        main = attrs.evolve(
            main,
            charges=charges.sort("area", "line", "kind", "period", "municipality"),
            areas=own,
        )
    alternatives = tuple(
        alternative(
            text,
            methods=methods,
            context=context,
            ledger=data["ledger"],
            definition=definition,
            unit_ore=spec.unit_ore,
        )
        for text in spec.compare
    )
    try:
        gain = (
            cooperation_gain(spec, main, definition, data.coalitions)
            if data.coalitions is not None
            else None
        )
        scenario = (
            membership_scenario(spec, main, methods[method.method][1], data["ledger"], context)
            if spec.join or spec.leave
            else None
        )
    except InputError as exc:
        raise exc.located_in(definition.path) from None
    investments = investment_split(ledger, main.weights, definition.period, spec.unit_ore)
    return attrs.evolve(
        main, investments=investments, alternatives=alternatives, gain=gain, scenario=scenario
    )


def _keyed(
    definition: ReportDefinition,
    methods: Mapping[str, tuple[str, AllocationMethod]],
    context: AllocationContext,
    key: str,
    ledger: pl.DataFrame,
) -> Allocation:
    """``ledger``'s net cost split by ``key`` (the board's, or one area's own)."""
    spec = definition.allocation
    assert spec is not None  # (allocate returns early without one)
    where = "allocation.method" if key == spec.method else "allocation.areas"
    try:
        method = MethodSpec.parse(key)
    except ValueError as exc:
        raise InputError.at(str(exc), definition.path, None, where) from None
    title, weights = method_weights(method, methods, context, str(definition.path), spec.allow_zero)
    try:
        charges = allocate_net_cost(
            ledger,
            weights,
            definition.period,
            unit_ore=spec.unit_ore,
            spec=method,
            params={"method": key, **spec.options},
        )
    except ValueError as exc:
        raise InputError.at(str(exc), definition.path, None, "allocation") from None
    return Allocation(method, title, weights, charges)


def investment_split(
    ledger: pl.DataFrame, weights: pl.DataFrame, period: Period, unit_ore: int
) -> pl.DataFrame | None:
    """Who carries the year's investment budget: a project budgeted in one member is that
    member's own; the shared ones are split by the key, in the definition's
    rounding."""
    budget = ledger.filter(
        (pl.col("scope") == "investering")
        & (pl.col("kind") == "budget")
        & pl.col("period").str.starts_with(str(period.year))
    )
    if budget.height == 0:
        return None
    costs = budget.select(pl.lit("investering").alias("line"), "municipality", "amount_ore")
    return allocate_costs(
        costs, weights.select("municipality", "weight"), ["line"], unit_ore=unit_ore
    )

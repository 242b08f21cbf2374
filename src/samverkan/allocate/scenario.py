"""A municipality joining or a member leaving: every member's budget charge today and then."""

from __future__ import annotations

import polars as pl

from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.allocate.results import Allocation, Scenario, budget_by_member
from samverkan.allocate.split import allocate_costs, current_view
from samverkan.errors import InputError
from samverkan.model.casts import QUANTITY, integer_weights
from samverkan.model.text import Text
from samverkan.read.definition import AllocationSpec


def membership_scenario(
    spec: AllocationSpec,
    main: Allocation,
    method_type: AllocationMethod,
    ledger: pl.DataFrame,
    context: AllocationContext,
) -> Scenario:
    """What every member's budget charge becomes if ``spec.join`` joins or ``spec.leave`` leaves."""
    method = main.spec
    weights = main.weights.select("municipality", "quantity", "weight")
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
        # The method says what a member is weighed by; the core knows no method by name.
        driver = method_type.quantity_for(method.argument)
        quantity = 1 if method_type.equal else spec.join.quantities.get(driver or "")
        if quantity is None:
            raise InputError.at(
                f"ange {driver or 'nyckelns mängd'} för {spec.join.name} under [allocation.join]",
                None,
                None,
                "allocation.join",
            )
        joining = pl.DataFrame(
            {"municipality": [spec.join.kommunkod], "quantity": [quantity]},
            schema={"municipality": pl.String, "quantity": QUANTITY},
        )
        # The newcomer's quantity beside the members' exact ones, in one smallest step again.
        quantities = pl.concat([weights.select("municipality", "quantity"), joining])
        weights = quantities.with_columns(weight=integer_weights(quantities["quantity"]))
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
    charges = allocate_costs(costs, weights, by, unit_ore=1)
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

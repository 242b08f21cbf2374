"""What the allocate stage returns: the charges under the definition's key, the same costs
under the keys compared with it, the cooperation gain and a membership scenario."""

from __future__ import annotations

from decimal import Decimal

import attrs
import polars as pl

from samverkan.allocate.keys import MethodSpec
from samverkan.model.text import Text


@attrs.frozen
class Allocation:
    """The result of the allocate stage, as sections receive it."""

    spec: MethodSpec
    title: Text
    weights: pl.DataFrame = attrs.field(eq=False, repr=False)
    """``municipality``, ``weight``, ``estimate`` (bool) and ``source``, one row per member."""
    charges: pl.DataFrame = attrs.field(eq=False, repr=False)
    """The frame :func:`allocate_net_cost` returns (per line and period)."""
    investments: pl.DataFrame | None = attrs.field(default=None, eq=False, repr=False)
    """The investment budget per member (``municipality``, ``specific_ore`` for projects
    budgeted in one member, ``general_ore`` its share of the shared ones by the key,
    ``amount_ore``), with the definition's rounding; None when the ledger has none."""
    alternatives: tuple[Allocation, ...] = ()
    """The same costs under the definition's ``compare`` keys."""
    gain: Gain | None = None
    scenario: Scenario | None = None

    @property
    def method(self) -> str:
        return self.spec.method

    def by_area(self) -> pl.DataFrame:
        """Charges summed per area, kind and member (each still exact: sums of exact parts)."""
        return (
            self.charges.group_by("area", "kind", "municipality")
            .agg(pl.col("general_ore", "specific_ore", "amount_ore").sum())
            .sort("area", "kind", "municipality")
        )


@attrs.frozen
class Gain:
    """The cooperation gain per member, all amounts in öre for the year's budget."""

    table: pl.DataFrame = attrs.field(eq=False, repr=False)
    """``municipality``, ``standalone``, ``key`` (the charge under the definition's key),
    ``shapley``, ``scrb``, ``nucleolus`` (null for large games)."""
    saving: int
    """Σ stand-alone − the cooperation's cost."""
    source: str
    estimated: bool = False
    """True when the stand-alone costs are estimates (or example data): no fact to headline."""


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


def key_population(allocation: Allocation) -> dict[str, Decimal]:
    """Each member's population as the population key counted it (the agreed key, or a
    compared one), so a figure per inhabitant divides by the same people as the split; none
    when no key is by population."""
    for key in (allocation, *allocation.alternatives):
        if key.method == "population":
            return dict(key.weights.select("municipality", "quantity").iter_rows())
    return {}

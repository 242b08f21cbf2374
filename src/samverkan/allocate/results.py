"""What the allocate stage returns: the charges under the definition's key, the same costs
under the keys compared with it, the cooperation gain and a membership scenario."""

from __future__ import annotations

from collections.abc import Mapping
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
    areas: Mapping[str, Allocation] = attrs.field(factory=dict)
    """The areas with a key of their own (``[allocation.areas]``): each one's key, weights
    and charges. Their charges are in :attr:`charges` too; the board's key splits the rest."""

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


def budget_by_member(allocation: Allocation, column: str = "amount_ore") -> dict[str, int]:
    """The year's budget charge per member, over every area (``column``: ``general_ore`` for
    the share of the shared costs alone, ``specific_ore`` for the member's own)."""
    rows = allocation.by_area().filter(pl.col("kind") == "budget")
    return {
        m: int(v) for m, v in rows.group_by("municipality").agg(pl.col(column).sum()).iter_rows()
    }


@attrs.frozen
class Settlement:
    """One member's year end (slutreglering): its share of the year's outcome against the
    kommunbidrag it was charged in the budget, both split by the same key, in öre."""

    municipality: str
    budget_ore: int
    outcome_ore: int

    @property
    def difference_ore(self) -> int:
        """Outcome − budget: above zero the member pays in (tilläggsdebitering), below zero
        it is paid back (återbetalning)."""
        return self.outcome_ore - self.budget_ore


def settlement(allocation: Allocation) -> tuple[Settlement, ...]:
    """Every member's settlement over the areas that have the year's outcome (none before the
    year end, or when no area has an outcome), members by kommunkod."""
    charges = allocation.by_area()
    settled = charges.filter(pl.col("kind") == "utfall")["area"].unique()
    rows = (
        charges.filter(pl.col("area").is_in(settled.implode()))
        .group_by("municipality")
        .agg(
            budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
            outcome=pl.col("amount_ore").filter(pl.col("kind") == "utfall").sum(),
        )
        .sort("municipality")
    )
    return tuple(Settlement(m, int(b), int(o)) for m, b, o in rows.iter_rows())


def unsettled_areas(allocation: Allocation) -> list[str]:
    """Areas with a budget but no outcome in a settlement (empty when nothing is settled)."""
    kinds = allocation.by_area().group_by("area").agg(pl.col("kind"))
    with_outcome = {a for a, k in kinds.iter_rows() if "utfall" in k}
    if not with_outcome:
        return []
    return sorted({a for a, k in kinds.iter_rows() if "budget" in k} - with_outcome)


def key_population(allocation: Allocation) -> dict[str, Decimal]:
    """Each member's population as the population key counted it (the agreed key, or a
    compared one), so a figure per inhabitant divides by the same people as the split; none
    when no key is by population."""
    for key in (allocation, *allocation.alternatives):
        if key.method == "population":
            return dict(key.weights.select("municipality", "quantity").iter_rows())
    return {}

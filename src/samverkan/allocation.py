"""The allocate stage: a board's costs split between its members, exactly, under a named key.

A key is written as in a definition or on the command line: ``population``, ``usage:tickets``,
``fixed``, ``even``, or ``two-step:KEY``. Under a plain key every cost is split by the key;
under ``two-step`` the municipality-specific costs (``municipality`` set) are charged to their
municipality first and only the general ones are split. Each cost is split per line, kind and
period, in integer öre, by largest remainders (:mod:`samverkan.money`), so every line's parts
sum to the line, and every row carries the method and its parameters.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from samverkan.context import AllocationContext
from samverkan.errors import InputError, PluginError
from samverkan.i18n import Text
from samverkan.money import allocate, check_weights
from samverkan.period import Period

if TYPE_CHECKING:
    from samverkan.comparison import Gain, Scenario
    from samverkan.plugins import Plugins


@attrs.frozen
class MethodSpec:
    """A key as written: ``two-step:usage:tickets`` is two-step over the ``usage`` method."""

    text: str
    method: str
    argument: str | None = None
    two_step: bool = False

    @classmethod
    def parse(cls, text: str) -> MethodSpec:
        rest = text.strip()
        two_step = rest.startswith("two-step:")
        if two_step:
            rest = rest.removeprefix("two-step:")
        method, _, argument = rest.partition(":")
        if not method:
            raise ValueError(
                f"{text!r}: ange en nyckel, till exempel population eller "
                "usage:tickets (efter two-step: följer nyckeln för det gemensamma)"
            )
        return cls(text.strip(), method, argument or None, two_step)


def current_view(ledger: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Budget for the period's year and the latest prognos made up to the period's last month.

    Operations only (``scope`` drift): investments are not part of a board's net cost.
    """
    year, month = str(period.year), str(period.last_month)
    ledger = ledger.filter((pl.col("scope") == "drift") & pl.col("period").str.starts_with(year))
    latest = ledger.filter((pl.col("kind") == "prognos") & (pl.col("forecast_month") <= month))[
        "forecast_month"
    ].max()
    if latest is None:  # no forecast yet (or no ledger at all): the budget alone
        return ledger.filter(pl.col("kind") == "budget")
    return ledger.filter(
        (pl.col("kind") == "budget")
        | ((pl.col("kind") == "prognos") & (pl.col("forecast_month") == latest))
    )


def allocate_costs(
    costs: pl.DataFrame, weights: pl.DataFrame, by: list[str], *, unit_ore: int, two_step: bool
) -> pl.DataFrame:
    """Split ``costs`` (``by`` + ``municipality`` + ``amount_ore``) between ``weights``' members.

    :returns: ``by`` + ``municipality``, ``general_ore`` (the share of what was split),
        ``specific_ore`` (charged directly, two-step only) and ``amount_ore`` (their sum).
    """
    check_weights(weights)
    shared = costs.filter(pl.col("municipality").is_null()) if two_step else costs
    general = shared.group_by(by).agg(pl.col("amount_ore").sum())
    split = (
        allocate(general.lazy(), weights.lazy(), by, unit=unit_ore)
        .with_columns(pl.col("municipality").cast(pl.String))  # to join the own costs by code
        .rename({"amount_ore": "general_ore"})
    )
    own = (
        (costs.filter(pl.col("municipality").is_not_null()) if two_step else costs.clear())
        .group_by([*by, "municipality"])
        .agg(pl.col("amount_ore").sum().alias("specific_ore"))
    )
    return (
        split.join(own.lazy(), on=[*by, "municipality"], how="full", coalesce=True)
        .with_columns(pl.col("general_ore", "specific_ore").fill_null(0))
        .with_columns(amount_ore=pl.col("general_ore") + pl.col("specific_ore"))
        .sort([*by, "municipality"])
        .collect()
    )


def allocate_net_cost(
    ledger: pl.DataFrame,
    weights: pl.DataFrame,
    period: Period,
    *,
    unit_ore: int,
    spec: MethodSpec,
    params: dict[str, Any],
) -> pl.DataFrame:
    """Charges per area, line, kind (budget, prognos), period and member, with the method."""
    view = current_view(ledger, period).with_columns(pl.col("kind").cast(pl.String))
    by = ["area", "line", "kind", "period"]
    charges = allocate_costs(
        view.select(*by, "municipality", "amount_ore"),
        weights,
        by,
        unit_ore=unit_ore,
        two_step=spec.two_step,
    )
    return charges.with_columns(
        method=pl.lit(spec.text),
        params=pl.lit(json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)),
    )


def normalise_weights(weights: pl.DataFrame, method_title: str) -> pl.DataFrame:
    """Give a method's weights the columns every section may rely on."""
    return weights.select(
        pl.col("municipality"),
        pl.col("weight").cast(pl.Int64),
        pl.col("estimate") if "estimate" in weights.columns else pl.lit(False).alias("estimate"),
        pl.col("source") if "source" in weights.columns else pl.lit(method_title).alias("source"),
    ).sort("municipality")


def method_weights(
    spec: MethodSpec, plugins: Plugins, context: AllocationContext, where: str
) -> tuple[Text, pl.DataFrame]:
    """The registered method's title and its weights, one row per member, checked."""
    methods = plugins.allocation_methods()
    if spec.method not in methods:
        raise InputError.at(
            f"okänd fördelningsmetod {spec.method!r}; tillgängliga: {', '.join(sorted(methods))}",
            where,
            None,
            "method",
        )
    plugin, method = methods[spec.method]
    try:
        weights = plugins.call(
            plugin,
            "samverkan_register_allocation_methods",
            method.weights,
            attrs.evolve(context, argument=spec.argument),
        )
    except InputError as exc:
        raise exc.located_in(where) from None
    weights = normalise_weights(weights, method.title("sv"))
    members = sorted(m.kommunkod for m in context.unit.members)
    if weights["municipality"].to_list() != members:
        raise PluginError(
            plugin,
            "samverkan_register_allocation_methods",
            f"metoden {method.id} gav vikter för {weights['municipality'].to_list()}"
            f", väntade en rad per medlem {members}",
        )
    return method.title, weights


@attrs.frozen
class Allocation:
    """The result of the allocate stage, as sections receive it."""

    spec: MethodSpec
    title: Text
    weights: pl.DataFrame = attrs.field(eq=False, repr=False)
    """``municipality``, ``weight``, ``estimate`` (bool) and ``source``, one row per member."""
    charges: pl.DataFrame = attrs.field(eq=False, repr=False)
    """The frame :func:`allocate_net_cost` returns (per line and period)."""
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

"""Keys as written (``population``, ``usage:tickets``, ``two-step:KEY``) and the weights a
registered method gives for them, one per member, checked."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import polars as pl

from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.errors import InputError, PluginError, guarded
from samverkan.model.casts import QUANTITY, LossyCast, cast_exactly, integer_weights
from samverkan.model.text import Text


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


def normalise_weights(weights: pl.DataFrame, method_title: str) -> pl.DataFrame:
    """Give a method's weights the columns every section may rely on: ``quantity``, the
    method's exact weight (1.5 hours stays 1.5), and ``weight``, the same as whole numbers in
    their common smallest step, which the split uses. A weight that cannot be read exactly
    is a :class:`~samverkan.model.casts.LossyCast`."""
    quantity = cast_exactly(weights, "weight", QUANTITY).alias("quantity")
    return weights.select(
        pl.col("municipality"),
        pl.lit(quantity),
        pl.lit(integer_weights(quantity)).alias("weight"),
        pl.col("estimate") if "estimate" in weights.columns else pl.lit(False).alias("estimate"),
        pl.col("source") if "source" in weights.columns else pl.lit(method_title).alias("source"),
    ).sort("municipality")


def method_weights(
    spec: MethodSpec,
    methods: Mapping[str, tuple[str, AllocationMethod]],
    context: AllocationContext,
    where: str,
) -> tuple[Text, pl.DataFrame]:
    """The registered method's title and its weights, one row per member, checked."""
    if spec.method not in methods:
        raise InputError.at(
            f"okänd fördelningsmetod {spec.method!r}; tillgängliga: {', '.join(sorted(methods))}",
            where,
            None,
            "method",
        )
    plugin, method = methods[spec.method]
    try:
        weights = guarded(
            plugin,
            "samverkan_register_allocation_methods",
            method.weights,
            attrs.evolve(context, argument=spec.argument),
        )
    except InputError as exc:
        raise exc.located_in(where) from None
    try:
        weights = normalise_weights(weights, method.title("sv"))
    except LossyCast as exc:
        hook = "samverkan_register_allocation_methods"
        raise PluginError(plugin, hook, f"metoden {method.id}: {exc}") from None
    members = sorted(m.kommunkod for m in context.unit.members)
    if weights["municipality"].to_list() != members:
        raise PluginError(
            plugin,
            "samverkan_register_allocation_methods",
            f"metoden {method.id} gav vikter för {weights['municipality'].to_list()}"
            f", väntade en rad per medlem {members}",
        )
    return key_title(method.title, spec.argument, context), weights


def key_title(method: Text, argument: str | None, context: AllocationContext) -> Text:
    """The key as a report names it: the method's title and the driver it weighs by, titled
    as its reader named it (``Nyttjande (lönebesked)``), never the driver's bare id."""
    if argument is None:
        return method
    driver = context.driver_title(argument)
    return Text(f"{method('sv')} ({driver('sv')})", f"{method('en')} ({driver('en')})")

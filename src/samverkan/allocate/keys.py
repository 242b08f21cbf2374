"""Keys as written (``population``, ``usage:tickets``, ``two-step:KEY``) and the weights a
registered method gives for them, one per member, checked."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs
import polars as pl

from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.errors import InputError, PluginError, Problem, guarded
from samverkan.model.casts import QUANTITY, LossyCast, cast_exactly, integer_weights
from samverkan.model.period import Window, reference_span
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
    allow_zero: Collection[str] = (),
) -> tuple[Text, pl.DataFrame]:
    """The registered method's title and its weights, one row per member, checked; a weight
    of 0 only where ``allow_zero`` names the key or the member (see :func:`refuse_zero`)."""
    if spec.method not in methods:
        raise InputError.at(
            f"okänd fördelningsmetod {spec.method!r}; tillgängliga: {', '.join(sorted(methods))}",
            where,
            None,
            "method",
        )
    plugin, method = methods[spec.method]
    driver = method.quantity_for(spec.argument)
    window = None
    try:
        window = driver_window(driver, method, context) if driver else None
        counted = in_window(context.drivers, driver, window) if driver and window else None
        weights = guarded(
            plugin,
            "samverkan_register_allocation_methods",
            method.weights,
            attrs.evolve(
                context,
                argument=spec.argument,
                drivers=context.drivers if counted is None else counted,
            ),
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
    refuse_zero(spec, weights, context, where, allow_zero)
    return key_title(method.title, spec.argument, context, window), weights


def refuse_zero(
    spec: MethodSpec,
    weights: pl.DataFrame,
    context: AllocationContext,
    where: str,
    allow_zero: Collection[str],
) -> None:
    """A member weighing 0 would pay nothing and leave its share to the others: a population
    of 0 or a count nobody filled in reads like that. It is refused unless the definition's
    ``allow_zero`` names the key (``usage:tickets``) or the member (``1466``)."""
    if spec.text in allow_zero or (weights["quantity"] == 0).all():
        return  # every member 0 is its own fault, named where the split is made
    zero = weights.filter((pl.col("quantity") == 0) & ~pl.col("municipality").is_in(allow_zero))
    if zero.height == 0:
        return
    names = {m.kommunkod: m.name for m in context.unit.members}
    raise InputError(
        [
            Problem(
                f"nyckeln {spec.text!r} ger {names[code]} ({code}) vikten 0 (från {source}): "
                f"{names[code]} skulle inte betala något och de andra allt. Kontrollera "
                f'uppgiften, eller skriv allow_zero = ["{spec.text}"] (eller ["{code}"]) under '
                "[allocation] om det är avsikten",
                where,
                None,
                "allocation.allow_zero",
            )
            for code, source in zero.select("municipality", "source").iter_rows()
        ]
    )


def key_title(
    method: Text, argument: str | None, context: AllocationContext, window: Window | None = None
) -> Text:
    """The key as a report names it: the method's title and the driver it weighs by, titled
    as its reader named it, with the time its rows cover (``Nyttjande (lönebesked,
    januari–april 2018)``), never the driver's bare id."""
    if argument is None:
        return method
    driver = context.driver_title(argument)
    when = {lang: f", {window.label(lang)}" if window else "" for lang in ("sv", "en")}
    return Text(
        f"{method('sv')} ({driver('sv')}{when['sv']})",
        f"{method('en')} ({driver('en')}{when['en']})",
    )


def driver_window(
    driver: str, method: AllocationMethod, context: AllocationContext
) -> Window | None:
    """The rows of ``driver`` a key counts, by the definition's rule for it: the year to date
    unless ``[allocation.periods]`` says otherwise, or the method's own ``reference_date``
    (population's) when it takes one. None on the command line, which has no period."""
    default = "year_to_date"
    if "reference_date" in method.options and isinstance(
        context.options.get("reference_date"), str
    ):
        default = context.options["reference_date"]
    rule = context.periods.get(driver, default)
    if rule == "":  # the command line's undated drivers
        return None
    try:
        return Window.for_rule(rule, context.period)
    except ValueError as exc:
        raise InputError.at(str(exc), None, None, f"allocation.periods.{driver}") from None


def in_window(drivers: pl.DataFrame, driver: str, window: Window) -> pl.DataFrame:
    """``drivers`` with only the rows of ``driver`` that lie in ``window`` (undated ones
    count always); a row that reaches beyond the window is refused rather than counted or
    left out, since either would charge for time the key does not cover."""
    start, end = reference_span(pl.col("reference_date"))
    own = pl.col("driver") == driver
    undated = pl.col("reference_date").str.strip_chars() == ""
    straddling = drivers.filter(
        own & window.overlaps(start, end) & ~window.holds(start, end)
    ).select("reference_date", "origin")
    if straddling.height:
        date, origin = straddling.row(0)
        file, _, line = str(origin).rpartition(":")
        raise InputError.at(
            f"{date!r} täcker mer än nyckelns tid ({window.label('sv')}): ge {driver} per "
            f'månad, eller välj tiden i definitionen ([allocation.periods] {driver} = "{date}")',
            file or origin,
            int(line) if line.isdigit() else None,
            "reference_date",
        )
    return drivers.filter(~own | undated | window.holds(start, end).fill_null(False))

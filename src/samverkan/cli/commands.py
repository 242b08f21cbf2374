"""``samverkan allocate`` and ``samverkan gain``: the allocation engine on its own files.

Controllers can check any split without a report: costs and keys in, charges out. Input CSV
may be written the Swedish way (``;``, decimal comma) or plainly (``,``, decimal point); the
form is detected from the header. Output is plain CSV, or xlsx when the file ends in .xlsx.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from samverkan.allocate.gain import (
    EXACT_LIMIT,
    Coalitions,
    game_from,
    nucleolus,
    scrb,
    scrb_any,
    shapley_estimate,
    shapley_exact,
)
from samverkan.allocate.keys import MethodSpec, method_weights
from samverkan.allocate.registry import AllocationContext
from samverkan.allocate.split import allocate_costs
from samverkan.errors import InputError, Problem
from samverkan.model import tables
from samverkan.model.period import Period
from samverkan.model.units import Area, Municipality, ServiceUnit
from samverkan.plugins import Plugins
from samverkan.read.coalitions import read_coalitions
from samverkan.read.numbers import parse_amounts, parse_quantities
from samverkan.read.raw import LINE
from samverkan.read.tabular import find_column, read_text_table, require_columns, require_filled
from samverkan.render import sheets
from samverkan.render.publish import written

GAIN_METHODS = ("shapley", "scrb", "nucleolus")
"""What ``--method all`` computes; ``shapley-sampled`` works for any number of members."""


def read_costs(path: Path) -> pl.DataFrame:
    """``line``, ``amount`` (kronor, two decimals), optional ``municipality`` and ``period``."""
    table = read_text_table(path, str(path))
    cols = require_columns(table, ["line", "amount"])
    optional = {c: find_column(table, c) for c in ("municipality", "period")}
    frame = parse_amounts(table, {"amount": cols["amount"]}, 100)
    missing = frame.filter(pl.col("_amount").is_null() | pl.col(cols["line"]).is_null())
    if missing.height:
        raise InputError(
            [Problem("rad och belopp måste anges", str(path), n, "amount") for n in missing[LINE]]
        )
    return frame.select(
        pl.col(cols["line"]).alias("line"),
        (pl.col(optional["period"]) if optional["period"] else pl.lit("")).alias("period"),
        (
            pl.col(optional["municipality"])
            if optional["municipality"]
            else pl.lit(None, pl.String)
        ).alias("municipality"),
        pl.col("_amount").alias("amount_ore"),
    )


def read_keys(path: Path) -> tuple[pl.DataFrame, dict[str, str]]:
    """Drivers (``municipality``, ``driver``, ``quantity``) and the ``fixed`` percentages."""
    table = read_text_table(path, str(path))
    cols = require_columns(table, ["municipality", "driver", "quantity"])
    require_filled(table, table.frame, cols.values())
    fixed = table.frame.filter(pl.col(cols["driver"]) == "fixed")
    shares = {
        code: str(q).replace(",", ".").replace(" ", "")
        for code, q in fixed.select(cols["municipality"], cols["quantity"]).iter_rows()
    }
    counted = table.frame.filter(pl.col(cols["driver"]) != "fixed")
    frame = parse_quantities(
        type(table)(counted, table.name, table.decimal_mark, table.encoding),
        {"quantity": cols["quantity"]},
    )
    drivers = tables.conform(
        "drivers",
        frame.select(
            pl.col(cols["driver"]).alias("driver"),
            pl.col(cols["municipality"]).alias("municipality"),
            pl.lit("").alias("reference_date"),
            pl.col("_quantity").alias("quantity"),
            pl.lit(False).alias("estimate"),
            pl.lit(str(path)).alias("source"),
            pl.format("{}:{}", pl.lit(str(path)), pl.col(LINE)).alias("origin"),
        ),
    )
    return drivers, shares


def _unit(codes: list[str]) -> ServiceUnit:
    members = [Municipality(code, code) for code in sorted(set(codes))]
    return ServiceUnit("fordelning", "Fördelning", members[0], members, [Area("alla", "Alla")])


def run_allocate(costs_path: Path, keys_path: Path, method: str, plugins: Plugins) -> pl.DataFrame:
    """One row per line × member (× period): ``amount`` in kronor, ``method``, ``params``."""
    spec = MethodSpec.parse(method)
    costs = read_costs(costs_path)
    drivers, shares = read_keys(keys_path)
    codes = [*drivers["municipality"], *shares]
    try:
        unit = _unit(codes)
    except ValueError as exc:
        raise InputError.at(str(exc), keys_path, None, "municipality") from None
    unknown = sorted(set(costs["municipality"].drop_nulls()) - set(codes))
    if unknown:
        raise InputError.at(
            f"kommunerna {', '.join(unknown)} finns inte i nyckelfilen",
            costs_path,
            None,
            "municipality",
        )
    # Keys on the command line carry no dates: every row of a driver counts.
    options: dict[str, object] = {"reference_date": ""}
    if shares:
        options["shares"] = shares
    context = AllocationContext(unit, Period.parse("2000"), drivers, options)
    _, weights = method_weights(spec, plugins.allocation_methods(), context, str(keys_path))
    by = ["line", "period"]
    try:
        charges = allocate_costs(costs, weights, by, unit_ore=1)
    except ValueError as exc:
        raise InputError.at(str(exc), keys_path, None, "quantity") from None
    params = json.dumps(
        {"method": spec.text, **({"driver": spec.argument} if spec.argument else {})},
        ensure_ascii=False,
    )
    has_period = costs["period"].str.len_chars().max() or 0
    return charges.select(
        "line",
        *(["period"] if has_period else []),
        "municipality",
        _kronor("amount_ore").alias("amount"),
        pl.lit(spec.text).alias("method"),
        pl.lit(params).alias("params"),
    )


def run_gain(
    path: Path, methods: list[str], complete: str | None, permutations: int = 2000
) -> pl.DataFrame:
    """Per member: stand-alone cost, each method's charge and the saving under it (kronor).

    ``shapley-sampled`` (and ``scrb``) work for a cooperation of any size; the exact methods
    refuse one too large for them, pointing to the sampled Shapley value."""
    costs = read_coalitions(path).costs
    try:
        coalitions = Coalitions.of(costs)
        large = len(coalitions.members) > EXACT_LIMIT
        if large and {"shapley", "nucleolus"} & set(methods):
            game_from(costs, complete)  # refuses, pointing to the sampled Shapley value
        if large and complete != "additive":
            raise ValueError(
                f"{len(coalitions.members)} medlemmar: ange --complete additive (koalitioner "
                "som inte står i filen kostar summan av medlemmarnas egna kostnader)"
            )
        exact = [m for m in methods if m in GAIN_METHODS and not (large and m == "scrb")]
        game = game_from(costs, complete) if exact else None
        results: dict[str, dict[str, int]] = {}
        errors: dict[str, float] = {}
        for name in methods:
            if name == "shapley-sampled":
                results[name], errors = shapley_estimate(coalitions, permutations=permutations)
            elif name == "scrb" and large:
                results[name] = scrb_any(coalitions)
            else:
                assert game is not None
                method = {"shapley": shapley_exact, "scrb": scrb, "nucleolus": nucleolus}[name]
                results[name] = method(game)
    except ValueError as exc:
        raise InputError.at(str(exc), path) from None
    members = coalitions.members
    first = results[methods[0]]
    ore: dict[str, list[object]] = {
        "municipality": list(members),
        "standalone": [round(float(a)) for a in coalitions.alone],
    }
    ore |= {
        name.replace("-", "_"): [result[m] for m in members] for name, result in results.items()
    }
    if errors:
        ore["shapley_sampled_se"] = [round(errors[m]) for m in members]
    ore["saving"] = [
        round(float(a)) - first[m] for a, m in zip(coalitions.alone, members, strict=True)
    ]
    frame = pl.DataFrame(ore)
    return frame.with_columns(_kronor(c) for c in frame.columns if c != "municipality")


def _kronor(column: str) -> pl.Expr:
    """Öre as exact kronor with two decimals."""
    # Cast to two decimals before dividing: a Decimal keeps the scale it is divided at.
    return (pl.col(column).cast(pl.Decimal(22, 2)) / 100).alias(column)


def write_table(frame: pl.DataFrame, out: Path | None) -> str | None:
    """CSV text for standard output, or the file written (xlsx or CSV by its ending)."""
    if out is None:
        return sheets.inert_frame(frame).write_csv()
    with written(out) as tmp:
        if out.suffix.lower() == ".xlsx":
            sheets.write_frame(frame, tmp)
        else:
            tmp.write_text(sheets.inert_frame(frame).write_csv(), "utf-8")
    return None

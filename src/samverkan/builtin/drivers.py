"""Built-in reader for allocation drivers: population (folkmängd) and any counted quantity."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.errors import InputError
from samverkan.hookspecs import hookimpl
from samverkan.model.period import DATE_HINT, reference_span
from samverkan.model.tables import DRIVERS
from samverkan.read.numbers import parse_quantities
from samverkan.read.raw import LINE, RawTable, cell_problems
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source
from samverkan.read.tabular import read_source, require_columns, require_filled

_TRUE = ("ja", "true", "1", "x", "yes")
_FALSE = ("nej", "false", "0", "no")


def _estimate_flags(table: RawTable, header: str | None) -> pl.Expr:
    if header is None:
        return pl.lit(False)
    flag = pl.col(header).str.to_lowercase()
    wrong = flag.is_not_null() & ~flag.is_in([*_TRUE, *_FALSE])
    problems = cell_problems(table, table.frame, [(wrong, header, "{value!r}: skriv ja eller nej")])
    if problems:
        raise InputError(problems)
    return flag.is_in(_TRUE).fill_null(False)


def _check_dates(table: RawTable, header: str) -> None:
    """Every row's date, as written in the file's own column, before a row without a quantity
    is left out: the core checks what a reader returns, this also what it leaves out."""
    value = pl.col(header)
    start, _ = reference_span(value)
    problems = cell_problems(
        table,
        table.frame,
        [(start.is_null() & value.is_not_null(), header, DATE_HINT)],
    )
    if problems:
        raise InputError(problems)


def read_drivers(source: Source, context: ReadContext, driver: str | None = None) -> ReadResult:
    """Read a driver file: ``kommunkod``, ``reference_date``, a quantity column and ``source``.

    For population files the quantity column is ``population`` (as in SCB-derived tables); for
    other drivers a ``driver`` and a ``quantity`` column. Rows with an empty quantity are figures
    nobody has found: they are left out here, and an allocation that needs one says so.
    """
    table = read_source(source)
    quantity = "population" if driver == "population" else "quantity"
    wanted = ["kommunkod", "reference_date", quantity, "source"]
    if driver is None:
        wanted.append("driver")
    cols = require_columns(table, wanted)
    # An empty quantity is a figure nobody has found (and its estimate and source with it).
    require_filled(table, table.frame, [cols[c] for c in wanted if c not in (quantity, "source")])
    _check_dates(table, cols["reference_date"])
    lower = {c.lower(): c for c in table.frame.columns}
    estimate = _estimate_flags(table, lower.get("estimate"))
    frame = parse_quantities(table, {"quantity": cols[quantity]})
    frame = frame.filter(pl.col("_quantity").is_not_null())
    unsourced = (
        pl.col(cols["source"]).is_null(),
        cols["source"],
        "källa saknas för en siffra; ange var den kommer från",
    )
    problems = cell_problems(table, frame, [unsourced])
    if problems:
        raise InputError(problems)
    # The file's own columns beside the parsed ones, so a refusal names kommunkod and quotes
    # the population as written (a header that is the table's own name holds the value).
    named = {"municipality": cols["kommunkod"], "quantity": cols[quantity]}
    written = [pl.col(h) for h in named.values() if h not in DRIVERS]
    rows = frame.select(
        (pl.lit(driver) if driver else pl.col(cols["driver"])).alias("driver"),
        pl.col(cols["kommunkod"]).alias("municipality"),
        pl.col(cols["reference_date"]).str.strip_chars().alias("reference_date"),
        pl.col("_quantity").alias("quantity"),
        estimate.alias("estimate"),
        pl.col(cols["source"]).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin"),
        *written,
    ).filter(pl.col("municipality").is_in([m.kommunkod for m in context.unit.members]))
    return ReadResult(rows, columns=named)


def _read_population(source: Source, context: ReadContext) -> ReadResult:
    return read_drivers(source, context, "population")


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="population",
            table="drivers",
            read=_read_population,
            title={"sv": "Folkmängd", "en": "Population"},
            options=("separator",),
            drivers={"population": {"sv": "folkmängd", "en": "population"}},
        )
    )
    register(
        Reader(
            id="drivers",
            table="drivers",
            read=read_drivers,
            title={"sv": "Fördelningsnycklar", "en": "Allocation drivers"},
            options=("separator",),
        )
    )

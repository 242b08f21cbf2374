"""samverkan-lokalvard: a usage key from a plugin's reader, and a table of its own.

The cleaning service logs its hours per visit: ``Datum;Kommun;Lokal;Timmar`` with a decimal
comma (``1,5``). The reader gives each member's hours per month as the driver
``stadtimmar`` (exact: 1,5 hours stay 1.5) for ``usage:stadtimmar``, and the visits
themselves as the table ``lokalvard.besok`` for the plugin's KPI.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.api import (
    KPI,
    LINE,
    Direction,
    InputError,
    KPIType,
    MeasureContext,
    ReadContext,
    Reader,
    ReadResult,
    Source,
    SubjectKind,
    Text,
    as_observations,
    cell_problems,
    hookimpl,
    member_code,
    parse_quantities,
    read_source,
    require_columns,
    require_filled,
    sources,
    subject_expr,
)

VISITS = "lokalvard.besok"
SCHEMA: dict[str, pl.DataType] = {
    "date": pl.Date(),
    "municipality": pl.String(),
    "room": pl.String(),
    "hours": pl.Float64(),
    "source": pl.String(),
    "origin": pl.String(),
}
"""The visits, as the reader declares them (``context.extras[VISITS]``)."""
ROOM = SubjectKind("lokal", Text("lokal", "room"))


def read_hours(source: Source, context: ReadContext) -> ReadResult:
    """Hours per member and month as the driver ``stadtimmar``; every visit as an extra row."""
    table = read_source(source)
    cols = require_columns(table, ["Datum", "Kommun", "Lokal", "Timmar"])
    require_filled(table, table.frame, cols.values())
    frame = parse_quantities(table, {"hours": cols["Timmar"]}).with_columns(
        _date=pl.col(cols["Datum"]).str.to_date("%Y-%m-%d", strict=False),
        _member=member_code(cols["Kommun"], context.unit, "?"),
    )
    problems = cell_problems(
        table,
        frame,
        [
            (pl.col("_date").is_null(), cols["Datum"], "{value!r} är inget datum (2018-03-31)"),
            (pl.col("_member") == "?", cols["Kommun"], "{value!r} är ingen medlemskommun"),
        ],
    )
    if problems:
        raise InputError(problems)
    origin = pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin")
    # A month's hours per member: usage:stadtimmar sums the months of the report's year.
    drivers = frame.group_by("_member", pl.col("_date").dt.strftime("%Y-%m").alias("month")).agg(
        pl.col("_hours").sum(), pl.col(LINE).min()
    )
    return ReadResult(
        drivers.select(
            pl.lit("stadtimmar").alias("driver"),
            pl.col("_member").alias("municipality"),
            pl.col("month").alias("reference_date"),
            pl.col("_hours").alias("quantity"),
            pl.lit(False).alias("estimate"),
            pl.lit(source.citation).alias("source"),
            origin,
        ),
        extras={
            VISITS: frame.select(
                pl.col("_date").alias("date"),
                pl.col("_member").alias("municipality"),
                pl.col(cols["Lokal"]).alias("room"),
                pl.col("_hours").cast(pl.Float64).alias("hours"),
                pl.lit(source.citation).alias("source"),
                origin,
            )
        },
        # The file's own column of each column: what the core refuses is named as the file
        # names it (a negative hour in 'Timmar', not in 'quantity').
        columns={
            "reference_date": cols["Datum"],
            "date": cols["Datum"],
            "municipality": cols["Kommun"],
            "room": cols["Lokal"],
            "quantity": cols["Timmar"],
            "hours": cols["Timmar"],
        },
    )


HOURS_PER_ROOM = KPI(
    "lokalvard.timmar_per_lokal",
    {"sv": "Städtimmar per lokal", "en": "Cleaning hours per room"},
    "timmar",
    Direction.LOWER_IS_BETTER,
    "lokalvard",
    {"sv": "Årets städtimmar per lokal.", "en": "The year's cleaning hours per room."},
    "Lokalvårdens tidrapporter",
    decimals=1,
    subjects=(ROOM,),
)


def hours_per_room(ctx: MeasureContext) -> pl.DataFrame:
    visits = ctx.extras.get(VISITS)
    if visits is None:
        return pl.DataFrame()
    year = visits.filter(pl.col("date").dt.year() == ctx.period.year)
    rows = year.group_by("room").agg(pl.col("hours").sum().alias("value")).sort("room")
    return as_observations(
        rows.with_columns(
            subject=subject_expr(ROOM.id, pl.col("room")), period=pl.lit(str(ctx.period.year))
        ),
        HOURS_PER_ROOM.id,
        ctx.unit.id,
        VISITS,
        "; ".join(sources(year)),
    )


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="lokalvard.timmar",
            table="drivers",
            read=read_hours,
            title={"sv": "Lokalvårdens tidrapporter", "en": "Cleaning time sheets"},
            options=("separator", "sheet"),
            extras={VISITS: SCHEMA},
            required={VISITS: ("date", "municipality", "room", "hours")},
            drivers={"stadtimmar": {"sv": "städtimmar", "en": "cleaning hours"}},
        )
    )


@hookimpl
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    register(KPIType(HOURS_PER_ROOM, hours_per_room))

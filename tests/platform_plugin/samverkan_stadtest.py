"""A test plugin for the plugin platform (not one of the bundled four): a cleaning service
on a three-member board (Svenljunga, Tranemo, Ulricehamn) that uses what a plugin author may.

- ``stadtest.timmar`` reads ``Månad;Kommun;Lokal;Timmar`` with decimal hours as written, and
  passes each month on as written, so a wrong date in the file reaches the core's check; it
  says which of the file's columns each of its columns was read from and keeps their text, so
  the core's refusals name ``Timmar`` and quote ``-3``; it leaves the checks of its own table
  ``stadtest.pass`` (every row's premises, ``Lokal``, required) to the core;
- the KPI ``stadtest.tom`` has nothing to say and returns ``pl.DataFrame()``;
- its highlight hook takes no arguments at all and its KPI hook takes ``register`` by keyword
  only (pluggy's opt-in arguments);
- the KPI ``stadtest.kostnad_per_timme`` reads the allocation: each member's charge under the
  key per cleaning hour.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.api import (
    KPI,
    LINE,
    QUANTITY,
    Direction,
    KPIType,
    MeasureContext,
    ReadContext,
    Reader,
    ReadResult,
    Source,
    as_observations,
    hookimpl,
    member_code,
    parse_quantities,
    read_source,
    require_columns,
    require_filled,
)

CALLED: list[str] = []
"""The hooks that took no arguments, as they were called (the test reads it)."""


PASSES = "stadtest.pass"
"""Every row of the hours file as the plugin's own table: who cleaned where, when, how long."""
SCHEMA: dict[str, pl.DataType] = {
    "month": pl.String(),
    "municipality": pl.String(),
    "lokal": pl.String(),
    "hours": QUANTITY,
    "source": pl.String(),
    "origin": pl.String(),
}


def read_hours(source: Source, context: ReadContext) -> ReadResult:
    table = read_source(source)
    cols = require_columns(table, ["Månad", "Kommun", "Lokal", "Timmar"])
    # Lokal is left to the core: the reader declares it required in its own table.
    require_filled(table, table.frame, [cols["Månad"], cols["Kommun"], cols["Timmar"]])
    frame = parse_quantities(table, {"hours": cols["Timmar"]})
    month, member, hours = (
        pl.col(cols["Månad"]),
        member_code(cols["Kommun"], context.unit, "?").alias("municipality"),
        pl.col("_hours"),
    )
    written = [pl.col(cols[c]) for c in ("Månad", "Kommun", "Timmar")]  # the file's own text
    cited = (
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin"),
    )
    rows = frame.select(
        pl.lit("stadtimmar").alias("driver"),
        member,
        month.alias("reference_date"),
        hours.alias("quantity"),
        pl.lit(False).alias("estimate"),
        *cited,
        *written,
    )
    passes = frame.select(
        month.alias("month"),
        member,
        pl.col(cols["Lokal"]).alias("lokal"),
        hours.alias("hours"),
        *cited,
        *written,
    )
    return ReadResult(
        rows,
        extras={PASSES: passes},
        columns={
            "reference_date": cols["Månad"],
            "month": cols["Månad"],
            "municipality": cols["Kommun"],
            "lokal": cols["Lokal"],
            "quantity": cols["Timmar"],
            "hours": cols["Timmar"],
        },
    )


EMPTY = KPI(
    "stadtest.tom",
    {"sv": "Tomt nyckeltal", "en": "Empty KPI"},
    "st",
    Direction.LOWER_IS_BETTER,
    "lokalvard",
    {"sv": "Har inget att säga.", "en": "Has nothing to say."},
    "Ingen",
)


def nothing(_ctx: MeasureContext) -> pl.DataFrame:
    return pl.DataFrame()


COST_PER_HOUR = KPI(
    "stadtest.kostnad_per_timme",
    {"sv": "Kostnad per städtimme", "en": "Cost per cleaning hour"},
    "kr",
    Direction.LOWER_IS_BETTER,
    "lokalvard",
    {
        "sv": "Kommunens kommunbidrag för lokalvården under nyckeln / dess städtimmar.",
        "en": "The member's contribution to cleaning under the key / its cleaning hours.",
    },
    "Fördelningen och städtimmarna",
)


def cost_per_hour(ctx: MeasureContext) -> pl.DataFrame:
    """What each member pays for cleaning per hour it used: read from the allocation."""
    if ctx.allocation is None or "lokalvard" not in ctx.allocation.areas:
        return pl.DataFrame()
    keyed = ctx.allocation.areas["lokalvard"]
    paid = (
        keyed.by_area()
        .filter(pl.col("kind") == "budget")
        .select("municipality", "amount_ore")
        .join(keyed.weights.select("municipality", "quantity"), on="municipality")
    )
    rows = paid.select(
        "municipality",
        period=pl.lit(str(ctx.period.year)),
        value=pl.col("amount_ore") / 100 / pl.col("quantity").cast(pl.Float64),
    )
    return as_observations(rows, COST_PER_HOUR.id, ctx.unit.id, "allocation", "Fördelningen")


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="stadtest.timmar",
            table="drivers",
            read=read_hours,
            title="Städtimmar",
            drivers={"stadtimmar": {"sv": "städtimmar", "en": "cleaning hours"}},
            extras={PASSES: SCHEMA},
            required={PASSES: ("lokal", "municipality")},
        )
    )


@hookimpl
def samverkan_register_kpis(*, register: Callable[[KPIType], None]) -> None:
    register(KPIType(EMPTY, nothing))
    register(KPIType(COST_PER_HOUR, cost_per_hour))


@hookimpl
def samverkan_register_highlights() -> None:
    CALLED.append("samverkan_register_highlights")

"""The canonical tables every reader emits and the core computes on, and their validation.

Readers turn what users have into these three long tables; the core never sees anything else.
Each row carries ``source`` (what the figure is, as a citation a reader can follow up) and
``origin`` (``file:line`` of the row it was read from), so every number stays traceable.
The schemas live here; :mod:`samverkan.read.validate` checks frames against them.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from samverkan.model.casts import QUANTITY, cast_exactly

KINDS = ("budget", "prognos", "utfall")


Kind = pl.Enum(list(KINDS))


SCOPES = ("drift", "investering")


Scope = pl.Enum(list(SCOPES))


LEDGER: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "area": pl.String(),
    "municipality": pl.String(),  # kommunkod; null = general (shared by all members)
    "line": pl.String(),  # result-statement line, for example "3"
    "account": pl.String(),  # null when the source is a result statement, not a ledger
    "object": pl.String(),
    "period": pl.String(),  # the period the amount belongs to: "2018", "2018-04"
    "kind": Kind,
    "forecast_month": pl.String(),  # the month a prognos was made; null for budget and utfall
    "amount_ore": pl.Int64(),
    "scope": Scope,  # drift (operations, default) or investering; only drift is a net cost
    "source": pl.String(),
    "origin": pl.String(),
}


OBSERVATIONS: dict[str, pl.DataType] = {
    "kpi_id": pl.String(),
    "unit": pl.String(),
    "municipality": pl.String(),  # null = the whole unit
    # What within the unit the value is about, as kind:value (prioritet:2, omrade:ekonomi;
    # jamforelsegrupp:median for a peer-group statistic): see samverkan.model.subjects.
    "subject": pl.String(),
    "period": pl.String(),
    "value": pl.Float64(),
    "source": pl.String(),
    "origin": pl.String(),
}


PEER_STATISTICS = ("median", "q1", "q3")
"""Statistics of a peer group a plugin may report: the median and the lower and upper quartile."""


DRIVERS: dict[str, pl.DataType] = {
    "driver": pl.String(),  # population, tickets, devices, employees, …
    "municipality": pl.String(),
    "reference_date": pl.String(),  # ISO date (2017-12-31) or period (2018-04)
    "quantity": QUANTITY,  # exact to six decimals: 1.5 hours, 312.75 m²
    "estimate": pl.Boolean(),  # true = not an official figure; the report labels it
    "source": pl.String(),
    "origin": pl.String(),
}


SCHEMAS = {"ledger": LEDGER, "observations": OBSERVATIONS, "drivers": DRIVERS}


REQUIRED = {
    "ledger": ("unit", "area", "line", "period", "kind", "amount_ore", "source", "origin"),
    "observations": ("kpi_id", "unit", "period", "value", "source", "origin"),
    "drivers": (
        "driver",
        "municipality",
        "reference_date",
        "quantity",
        "estimate",
        "source",
        "origin",
    ),
}


DEFAULTS = {"scope": "drift"}
"""Values optional columns take when a reader leaves them out."""


def sources(frame: pl.DataFrame | None) -> list[str]:
    """Each source of ``frame``'s rows once, sorted (none for no frame): what a KPI computed
    from the rows cites (joined by a semicolon), and what :meth:`ReportContext.cite` shows."""
    if frame is None:
        return []
    return sorted(frame.get_column("source").unique().drop_nulls().to_list())


def as_observations(
    frame: pl.DataFrame, kpi_id: str, unit: str, origin: str, source: str | None = None
) -> pl.DataFrame:
    """``frame``'s ``period`` and ``value`` as observations of ``kpi_id``, with its
    ``municipality``, ``subject`` and ``source`` columns where it has them (null for the
    whole unit and no subject; ``source`` given when the frame has no column for it)."""

    def column(name: str, given: str | None = None) -> pl.Expr:
        if name in frame.columns:
            return pl.col(name).cast(pl.String)
        return pl.lit(given, pl.String).alias(name)

    return frame.select(
        pl.lit(kpi_id).alias("kpi_id"),
        pl.lit(unit).alias("unit"),
        column("municipality"),
        column("subject"),
        pl.col("period").cast(pl.String),
        pl.col("value").cast(pl.Float64),
        column("source", source),
        pl.lit(origin).alias("origin"),
    )


def empty(table: str) -> pl.DataFrame:
    """An empty frame with the schema of ``table``."""
    return pl.DataFrame(schema=SCHEMAS[table])


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Add the optional columns a reader left out (as nulls) and order columns as the schema.

    Each column is brought to its type only if no value changes (a string ``kind`` becomes
    the enum, ``1`` becomes ``1.000000``); otherwise :class:`~samverkan.model.casts.LossyCast`
    names the column, the first value and its row."""
    schema = SCHEMAS[table]
    optional = [name for name in schema if name not in REQUIRED[table]]
    frame = frame.with_columns(
        pl.lit(DEFAULTS.get(name), schema[name]).alias(name)
        for name in optional
        if name not in frame.columns
    )
    return pl.DataFrame(
        [cast_exactly(frame, name, schema[name]) for name in schema if name in frame.columns]
    )


def concat(table: str, frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Stack frames of one table, or an empty frame of its schema when there are none."""
    frames = list(frames)
    return pl.concat(frames, how="vertical") if frames else empty(table)

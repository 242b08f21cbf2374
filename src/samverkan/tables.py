"""The canonical tables every reader emits and the core computes on, and their validation.

Readers turn what users have into these three long tables; the core never sees anything else.
Each row carries ``source`` (what the figure is, as a citation a reader can follow up) and
``origin`` (``file:line`` of the row it was read from), so every number stays traceable.
Validation reports every problem at once, each with the file, row and column it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from samverkan.errors import Problem
from samverkan.model import ServiceUnit

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
    # What within the unit the value is about (an area, a line …); for a statistic of the
    # unit's peer group (municipality null), PEER_SUBJECT with the statistic: see peer_subject.
    "subject": pl.String(),
    "period": pl.String(),
    "value": pl.Float64(),
    "source": pl.String(),
    "origin": pl.String(),
}

PEER_SUBJECT = "jämförelsegrupp"
PEER_STATISTICS = ("median", "q1", "q3")
"""Statistics of a peer group a plugin may report: the median and the lower and upper quartile."""


def peer_subject(statistic: str) -> str:
    """The ``subject`` of a peer-group statistic row: ``jämförelsegrupp: median``."""
    return f"{PEER_SUBJECT}: {statistic}"


DRIVERS: dict[str, pl.DataType] = {
    "driver": pl.String(),  # population, tickets, devices, employees, …
    "municipality": pl.String(),
    "reference_date": pl.String(),  # ISO date (2017-12-31) or period (2018-04)
    "quantity": pl.Int64(),
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
_MAX_PER_RULE = 100


def sources(frame: pl.DataFrame | None) -> list[str]:
    """Each source of ``frame``'s rows once, sorted (none for no frame): what a KPI computed
    from the rows cites (joined by ``; ``), and what :meth:`ReportContext.cite` shows."""
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
    """Add the optional columns a reader left out (as nulls) and order columns as the schema."""
    schema = SCHEMAS[table]
    optional = [name for name in schema if name not in REQUIRED[table]]
    frame = frame.with_columns(
        pl.lit(DEFAULTS.get(name), schema[name]).alias(name)
        for name in optional
        if name not in frame.columns
    )
    # Readers may return plain strings for enum columns such as ``kind``; a value outside the
    # enum becomes null here and validation reports it as missing, with the row's origin.
    return frame.select(
        pl.col(name).cast(schema[name], strict=False) for name in schema if name in frame.columns
    )


def _schema_problems(table: str, frame: pl.DataFrame, where: str) -> list[Problem]:
    problems = []
    for name, dtype in SCHEMAS[table].items():
        if name not in frame.columns:
            problems.append(Problem(f"tabellen {table} saknar kolumnen", where, None, name))
        elif frame.schema[name] != dtype:
            problems.append(
                Problem(
                    f"kolumnen har typen {frame.schema[name]}, väntade {dtype}", where, None, name
                )
            )
    return problems


def _row_problems(
    frame: pl.DataFrame, failing: pl.Expr, column: str, message: str
) -> list[Problem]:
    """One problem per failing row, located by the row's ``origin`` (``file:line``) and
    starting with the value found, so the reader sees what was wrong, not only where."""
    shown = pl.col(column).cast(pl.String) if column in frame.columns else pl.lit(None, pl.String)
    bad = frame.filter(failing).select("origin", shown.alias("_value")).head(_MAX_PER_RULE)
    problems = []
    for origin, value in bad.iter_rows():
        file, _, line = (origin or "?").rpartition(":")
        text = message if value is None else f"{value!r}: {message}"
        problems.append(
            Problem(text, file or origin, int(line) if line.isdigit() else None, column)
        )
    return problems


def _nulls(table: str, frame: pl.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    for name in REQUIRED[table]:
        out += _row_problems(frame, pl.col(name).is_null(), name, "värde saknas")
    return out


def _members(frame: pl.DataFrame, unit: ServiceUnit, nullable: bool) -> list[Problem]:
    codes = [m.kommunkod for m in unit.members]
    bad = ~pl.col("municipality").is_in(codes)
    if nullable:
        bad = bad & pl.col("municipality").is_not_null()
    return _row_problems(
        frame,
        bad,
        "municipality",
        f"kommunkoden är inte medlem i {unit.id} (medlemmar: {', '.join(codes)})",
    )


def validate_ledger(frame: pl.DataFrame, unit: ServiceUnit, where: str = "ledger") -> list[Problem]:
    """Every problem in a ledger frame for ``unit``; an empty list means it can be used."""
    problems = _schema_problems("ledger", frame, where)
    if problems:
        return problems
    areas = [a.id for a in unit.areas]
    problems += _nulls("ledger", frame)
    problems += _row_problems(
        frame, pl.col("unit") != unit.id, "unit", f"raden hör till en annan nämnd än {unit.id}"
    )
    problems += _row_problems(
        frame,
        ~pl.col("area").is_in(areas),
        "area",
        f"okänt verksamhetsområde; nämnden har {', '.join(areas)}",
    )
    problems += _members(frame, unit, nullable=True)
    problems += _row_problems(
        frame,
        (pl.col("kind") == "prognos") & pl.col("forecast_month").is_null(),
        "forecast_month",
        "en prognos måste ange prognosmånad",
    )
    return problems


def validate_drivers(
    frame: pl.DataFrame, unit: ServiceUnit, where: str = "drivers"
) -> list[Problem]:
    """Every problem in a drivers frame for ``unit``."""
    problems = _schema_problems("drivers", frame, where)
    if problems:
        return problems
    problems += _nulls("drivers", frame)
    problems += _members(frame, unit, nullable=False)
    problems += _row_problems(
        frame, pl.col("quantity") < 0, "quantity", "en fördelningsnyckel kan inte vara negativ"
    )
    key = ["driver", "municipality", "reference_date"]
    problems += _row_problems(
        frame,
        pl.struct(key).is_duplicated(),
        "quantity",
        "samma nyckel, kommun och datum förekommer mer än en gång",
    )
    return problems


def validate_observations(
    frame: pl.DataFrame, unit: ServiceUnit, where: str = "observations"
) -> list[Problem]:
    """Every problem in an observations frame for ``unit``."""
    problems = _schema_problems("observations", frame, where)
    if problems:
        return problems
    problems += _nulls("observations", frame)
    problems += _members(frame, unit, nullable=True)
    problems += _row_problems(frame, pl.col("value").is_nan(), "value", "värdet är inte ett tal")
    return problems


VALIDATORS = {
    "ledger": validate_ledger,
    "drivers": validate_drivers,
    "observations": validate_observations,
}


def concat(table: str, frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Stack frames of one table, or an empty frame of its schema when there are none."""
    frames = list(frames)
    return pl.concat(frames, how="vertical") if frames else empty(table)

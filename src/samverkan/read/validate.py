"""Validation of the canonical tables: every problem at once, each with its row's origin.

A reader's rows are checked against their table's schema and the service unit (members,
areas, required values); a problem names the file and line the row came from (``origin``)
and starts with the value found."""

from __future__ import annotations

import polars as pl

from samverkan.errors import Problem
from samverkan.model.period import DATE_HINT, reference_span
from samverkan.model.subjects import FORM
from samverkan.model.tables import REQUIRED, SCHEMAS
from samverkan.model.units import ServiceUnit

_MAX_PER_RULE = 100


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
    frame: pl.DataFrame, unit: ServiceUnit, where: str = "drivers", reader: str | None = None
) -> list[Problem]:
    """Every problem in a drivers frame for ``unit``; ``reader`` names the reader that gave it.

    The core checks every reader's ``reference_date`` itself (a plugin need not copy a check to
    be safe): a row the keys could not place in time would otherwise count nowhere."""
    problems = _schema_problems("drivers", frame, where)
    if problems:
        return problems
    problems += _nulls("drivers", frame)
    start, _ = reference_span(pl.col("reference_date"))
    given = f" (så gav läsaren {reader} den)" if reader else ""
    problems += _row_problems(
        frame,
        start.is_null() & pl.col("reference_date").str.strip_chars().ne(""),
        "reference_date",
        DATE_HINT.removeprefix("{value!r} är ") + given,
    )
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
    problems += _row_problems(
        frame,
        pl.col("subject").is_not_null() & ~pl.col("subject").str.contains(FORM),
        "subject",
        "ämnet ska skrivas typ:värde, till exempel prioritet:2 eller omrade:ekonomi",
    )
    return problems


VALIDATORS = {
    "ledger": validate_ledger,
    "drivers": validate_drivers,
    "observations": validate_observations,
}

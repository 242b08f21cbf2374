"""Validation of the canonical tables and of a reader's own tables: every problem at once,
each with its row's origin.

A reader's rows are checked against their table's schema and the service unit (members,
areas, required values); a problem names the file and line the row came from (``origin``),
the file's own column where the reader says which it read (:attr:`ReadResult.columns`), and
starts with the value found, as written when the reader kept the file's text."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import attrs
import polars as pl

from samverkan.errors import Problem
from samverkan.model.period import DATE_HINT, reference_span
from samverkan.model.subjects import FORM
from samverkan.model.tables import REQUIRED, SCHEMAS
from samverkan.model.units import ServiceUnit

_MAX_PER_RULE = 100
_WRITTEN = "_written."

Columns = Mapping[str, str]
"""A table's column → the file's own column it was read from (``quantity`` → ``Timmar``)."""


def written_as(column: str) -> str:
    """The name under which the read stage keeps ``column``'s text as the file wrote it,
    beside the parsed value, until the table's checks have quoted it."""
    return _WRITTEN + column


def without_written(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without the text kept for the checks' messages."""
    return frame.select(c for c in frame.columns if not c.startswith(_WRITTEN))


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


def _shown(frame: pl.DataFrame, column: str) -> pl.Expr:
    """What a message quotes of ``column``: the file's text where the reader kept it, else
    the value (a decimal without the zeros its type pads it with: ``-3``, not ``-3.000000``)."""
    if written_as(column) in frame.columns:
        return pl.col(written_as(column)).cast(pl.String)
    if column not in frame.columns:
        return pl.lit(None, pl.String)
    text = pl.col(column).cast(pl.String)
    if isinstance(frame.schema[column], pl.Decimal):
        return text.str.replace(r"\.?0+$", "")
    return text


def _row_problems(
    frame: pl.DataFrame,
    failing: pl.Expr,
    column: str,
    message: str,
    columns: Columns | None = None,
) -> list[Problem]:
    """One problem per failing row, located by the row's ``origin`` (``file:line``), named by
    the file's own column (``columns``) and starting with the value found, so the reader sees
    what was wrong, not only where."""
    bad = (
        frame.filter(failing)
        .select("origin", _shown(frame, column).alias("_value"))
        .head(_MAX_PER_RULE)
    )
    named = (columns or {}).get(column, column)
    problems = []
    for origin, value in bad.iter_rows():
        file, _, line = (origin or "?").rpartition(":")
        text = message if value is None else f"{value!r}: {message}"
        problems.append(Problem(text, file or origin, int(line) if line.isdigit() else None, named))
    return problems


def _nulls(frame: pl.DataFrame, required: Collection[str], columns: Columns) -> list[Problem]:
    out: list[Problem] = []
    for name in required:
        out += _row_problems(frame, pl.col(name).is_null(), name, "värde saknas", columns)
    return out


def _members(
    frame: pl.DataFrame, unit: ServiceUnit, nullable: bool, columns: Columns
) -> list[Problem]:
    codes = [m.kommunkod for m in unit.members]
    bad = ~pl.col("municipality").is_in(codes)
    if nullable:
        bad = bad & pl.col("municipality").is_not_null()
    return _row_problems(
        frame,
        bad,
        "municipality",
        f"kommunkoden är inte medlem i {unit.id} (medlemmar: {', '.join(codes)})",
        columns,
    )


def validate_ledger(
    frame: pl.DataFrame, unit: ServiceUnit, where: str = "ledger", *, columns: Columns | None = None
) -> list[Problem]:
    """Every problem in a ledger frame for ``unit``; an empty list means it can be used."""
    problems = _schema_problems("ledger", frame, where)
    if problems:
        return problems
    named = columns or {}
    areas = [a.id for a in unit.areas]
    problems += _nulls(frame, REQUIRED["ledger"], named)
    problems += _row_problems(
        frame,
        pl.col("unit") != unit.id,
        "unit",
        f"raden hör till en annan nämnd än {unit.id}",
        named,
    )
    problems += _row_problems(
        frame,
        ~pl.col("area").is_in(areas),
        "area",
        f"okänt verksamhetsområde; nämnden har {', '.join(areas)}",
        named,
    )
    problems += _members(frame, unit, True, named)
    problems += _row_problems(
        frame,
        (pl.col("kind") == "prognos") & pl.col("forecast_month").is_null(),
        "forecast_month",
        "en prognos måste ange prognosmånad",
        named,
    )
    return problems


def validate_drivers(
    frame: pl.DataFrame,
    unit: ServiceUnit,
    where: str = "drivers",
    reader: str | None = None,
    *,
    columns: Columns | None = None,
) -> list[Problem]:
    """Every problem in a drivers frame for ``unit``; ``reader`` names the reader that gave it.

    The core checks every reader's ``reference_date`` itself (a plugin need not copy a check to
    be safe): a row the keys could not place in time would otherwise count nowhere."""
    problems = _schema_problems("drivers", frame, where)
    if problems:
        return problems
    named = columns or {}
    problems += _nulls(frame, REQUIRED["drivers"], named)
    start, _ = reference_span(pl.col("reference_date"))
    given = f" (läst av {reader})" if reader else ""
    problems += _row_problems(
        frame,
        start.is_null() & pl.col("reference_date").str.strip_chars().ne(""),
        "reference_date",
        DATE_HINT.removeprefix("{value!r} är ") + given,
        named,
    )
    problems += _members(frame, unit, False, named)
    problems += _row_problems(
        frame,
        pl.col("quantity") < 0,
        "quantity",
        "en fördelningsnyckel kan inte vara negativ",
        named,
    )
    key = ["driver", "municipality", "reference_date"]
    # The clash is the date and member together: name both of the file's columns, not the value.
    clash = ", ".join(named.get(c, c) for c in ("reference_date", "municipality"))
    problems += [
        attrs.evolve(p, column=clash)
        for p in _row_problems(
            frame,
            pl.struct(key).is_duplicated(),
            "reference_date",
            "samma kommun och datum förekommer mer än en gång för nyckeln (en rad per nyckel, "
            "kommun och datum: summera raderna först)",
            named,
        )
    ]
    return problems


def validate_observations(
    frame: pl.DataFrame,
    unit: ServiceUnit,
    where: str = "observations",
    *,
    columns: Columns | None = None,
) -> list[Problem]:
    """Every problem in an observations frame for ``unit``."""
    problems = _schema_problems("observations", frame, where)
    if problems:
        return problems
    named = columns or {}
    problems += _nulls(frame, REQUIRED["observations"], named)
    problems += _members(frame, unit, True, named)
    problems += _row_problems(
        frame, pl.col("value").is_nan(), "value", "värdet är inte ett tal", named
    )
    problems += _row_problems(
        frame,
        pl.col("subject").is_not_null() & ~pl.col("subject").str.contains(FORM),
        "subject",
        "ämnet ska skrivas typ:värde, till exempel prioritet:2 eller omrade:ekonomi",
        named,
    )
    return problems


def validate_extra(
    frame: pl.DataFrame,
    required: Collection[str] = (),
    *,
    columns: Columns | None = None,
) -> list[Problem]:
    """Every problem in a reader's own table, already in its declared types: as the canonical
    tables', a row without a value its reader declares required (``source`` and ``origin``
    always) and a float that is no number (NaN). Its ``municipality`` may be any
    municipality's code (a peer's, beside the members'), so it is not held to the board."""
    named = columns or {}
    problems = _nulls(frame, dict.fromkeys(("source", "origin", *required)), named)
    for name, dtype in frame.schema.items():
        if dtype.is_float():
            problems += _row_problems(
                frame, pl.col(name).is_nan(), name, "värdet är inte ett tal", named
            )
    return problems


VALIDATORS: dict[str, Callable[..., list[Problem]]] = {
    "ledger": validate_ledger,
    "drivers": validate_drivers,
    "observations": validate_observations,
}

"""Service-desk ticket logs, as an ITSM tool exports them, into a checked ticket table.

Columns (renamable with ``columns = {opened = "Skapad", …}``): ``Ärende``, ``Registrerat``,
``Avslutat`` (empty while open), ``Prioritet`` (1–4), ``Kategori``, ``Kommun`` (kommunkod or
name), ``Förvaltning``, ``Enhet`` (one of the seven IT units), ``Löst i första linjen`` and
``Återöppnat`` (ja/nej). Timestamps may be ``2018-04-30 14:05``, ``2018-04-30T14:05:00`` or
carry a time zone (``…+02:00``, ``…Z``); those are converted to Swedish time and noted.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.api import (
    LINE,
    Check,
    InputError,
    Note,
    Noun,
    ReadContext,
    ReadResult,
    Source,
    cell_problems,
    first_row,
    fmt_count,
    member_code,
    read_source,
    require_filled,
    role_columns,
)

UNITS = (
    "växel/telefoni",
    "servicedesk",
    "leveransforum",
    "e-tjänster",
    "infrastruktur",
    "nät/service",
    "klient",
)
ROLES = {
    "id": "Ärende",
    "opened": "Registrerat",
    "closed": "Avslutat",
    "priority": "Prioritet",
    "category": "Kategori",
    "municipality": "Kommun",
    "forvaltning": "Förvaltning",
    "unit": "Enhet",
    "first_line": "Löst i första linjen",
    "reopened": "Återöppnat",
}
OPTIONAL = ("closed", "forvaltning", "first_line", "reopened")
TICKET_OPTIONS = ("columns", "separator", "sheet", "sla_hours")
SLA_HOURS = {1: 4, 2: 8, 3: 40, 4: 120}
"""Default resolution targets per priority, in hours; a definition sets its own with
``sla_hours = {"1" = 4, "2" = 8, "3" = 40, "4" = 120}``."""
TABLE = "it_vaxel.arenden"
TICKETS = Noun("ärende", "ärenden", "ticket", "tickets")
SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "opened": pl.Datetime("ms"),  # Swedish local time
    "closed": pl.Datetime("ms"),  # null: still open
    "priority": pl.Int8(),
    "category": pl.String(),
    "municipality": pl.String(),  # kommunkod; null: the whole board
    "forvaltning": pl.String(),
    "unit": pl.String(),
    "first_line": pl.Boolean(),
    "reopened": pl.Boolean(),
    "sla_hours": pl.Int64(),  # the resolution target for its priority
    "source": pl.String(),
    "origin": pl.String(),
}
"""The ticket log as the reader declares it (``context.extras[TABLE]``)."""
_NAIVE = "%Y-%m-%d %H:%M:%S"
"""The one form parsed; 2018-04-30 14:05 and 2018-04-30T14:05(:00) are brought to it first."""
_PLAIN = "%Y-%m-%d %H:%M"
_ZONED = r"(Z|[+-][0-9]{2}:?[0-9]{2})$"
_TRUE, _FALSE = ("ja", "j", "true", "1", "x", "yes"), ("nej", "n", "false", "0", "no")


def _timestamp(column: str, zones: bool = True) -> pl.Expr:
    """Swedish local time from any accepted format; null where none fits.

    The naive forms are brought to one (``T`` to a space, seconds added) and parsed once: a
    million timestamps are common, and trying each format in turn cost four parses each.
    Time zones are parsed only when ``zones`` says the column has any.
    """
    text = pl.col(column).str.strip_chars()
    spaced = text.str.replace("T", " ", literal=True)
    whole = pl.when(spaced.str.len_chars() == 16).then(spaced + ":00").otherwise(spaced)
    naive = whole.str.to_datetime(_NAIVE, strict=False, time_unit="ms")
    if not zones:
        return naive
    zoned = (
        text.str.replace("Z$", "+00:00")
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%z", strict=False, time_unit="ms")
        .dt.convert_time_zone("Europe/Stockholm")
        .dt.replace_time_zone(None)
    )
    return pl.when(text.str.contains(_ZONED)).then(zoned).otherwise(naive)


def _times(frame: pl.DataFrame, column: str) -> tuple[pl.Series, bool]:
    """(the column as Swedish local time, whether any value carried a time zone).

    Exports nearly always write ``2018-04-30 14:05``: that form alone is tried first, and the
    general :func:`_timestamp` (normalising, zones) runs only when some value did not fit.
    """
    text = frame[column]
    plain = text.str.to_datetime(_PLAIN, strict=False, time_unit="ms")
    if not (plain.is_null() & text.is_not_null()).any():
        return plain, False
    zoned = bool(text.str.contains(_ZONED).any())
    return frame.select(_timestamp(column, zoned).alias(column)).to_series(), zoned


def _flag(column: str | None) -> pl.Expr:
    if column is None:
        return pl.lit(None, pl.Boolean)
    value = pl.col(column).str.to_lowercase()
    return pl.when(value.is_in(_TRUE)).then(True).when(value.is_in(_FALSE)).then(False)


def read_tickets(source: Source, context: ReadContext) -> ReadResult:
    """The checked ticket table (as an extra), tickets per member and year as drivers, notes."""
    table = read_source(source)
    required = [r for r in ROLES if r not in OPTIONAL]
    col = role_columns(table, source.options.get("columns"), ROLES, required)
    # Avslutat is empty while a ticket is open; the other optional columns may be empty too.
    require_filled(table, table.frame, [col[r] for r in required])
    opened, zoned = _times(table.frame, col["opened"])
    frame = table.frame.with_columns(
        _opened=opened,
        _closed=_times(table.frame, col["closed"])[0]
        if "closed" in col
        else pl.lit(None, pl.Datetime("ms")),
        _priority=pl.col(col["priority"]).cast(pl.Int8, strict=False),
        _unit=pl.col(col["unit"]).str.to_lowercase(),
        _municipality=member_code(col["municipality"], context.unit),
    )
    time_format = "{value!r}: skriv tiden som 2018-04-30 14:05 (eller med tidszon)"
    checks: list[Check] = []
    if frame[col["id"]].n_unique() < frame.height:  # counting is cheaper than marking
        duplicate = pl.col(col["id"]).is_duplicated()
        checks.append((duplicate, col["id"], "ärende {value!r} förekommer mer än en gång"))
    checks += [
        (pl.col("_opened").is_null(), col["opened"], time_format),
        (
            ~pl.col("_priority").is_between(1, 4).fill_null(False),
            col["priority"],
            "okänd prioritet {value!r}; använd 1–4",
        ),
        (
            ~pl.col("_unit").is_in(UNITS),
            col["unit"],
            "okänd enhet {value!r}; enheterna är " + ", ".join(UNITS),
        ),
        (
            pl.col("_municipality").is_null(),
            col["municipality"],
            "{value!r} är ingen medlemskommun",
        ),
    ]
    if "closed" in col:
        closed = pl.col(col["closed"]).is_not_null() & pl.col("_closed").is_null()
        checks.append((closed, col["closed"], time_format))
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)
    return _result(frame, col, source, context, zoned)


def _sla(source: Source) -> dict[int, int]:
    option = source.options.get("sla_hours", {})
    if not isinstance(option, Mapping) or not all(
        str(k) in "1234" and isinstance(v, int) and v > 0 for k, v in option.items()
    ):
        raise InputError.at(
            'sla_hours ska vara {"1" = 4, "2" = 8, …}: timmar per prioritet',
            source.name,
            None,
            "sla_hours",
        )
    return {**SLA_HOURS, **{int(k): v for k, v in option.items()}}


def _result(
    frame: pl.DataFrame, col: dict[str, str], source: Source, context: ReadContext, zoned: bool
) -> ReadResult:
    notes = []
    end = pl.lit(context.period.end, pl.Datetime("ms"))
    later = frame.filter(pl.col("_opened") >= end)
    if later.height:
        notes.append(
            Note(
                {
                    "sv": f"{fmt_count(later.height, TICKETS, 'sv')} "
                    f"{'registrerat' if later.height == 1 else 'registrerade'} efter "
                    "periodens slut ingår inte i rapporten",
                    "en": f"{fmt_count(later.height, TICKETS, 'en')} opened after the period "
                    "left out of the report",
                },
                first_row(later, source.name),
            )
        )
        frame = frame.filter(pl.col("_opened") < end)
    # Seen from the period's end, a ticket closed later is still open.
    frame = frame.with_columns(_closed=pl.when(pl.col("_closed") < end).then(pl.col("_closed")))
    backwards = frame.filter(pl.col("_closed") < pl.col("_opened"))
    if backwards.height:
        ids = ", ".join(backwards[col["id"]].head(20).to_list())
        notes.append(
            Note(
                {
                    "sv": f"{backwards.height} ärenden avslutade före registrering "
                    f"räknas inte: {ids}",
                    "en": f"{backwards.height} tickets closed before they were opened "
                    f"are left out: {ids}",
                },
                first_row(backwards, source.name),
            )
        )
    with_zone = frame.filter(pl.col(col["opened"]).str.contains(_ZONED)) if zoned else frame.clear()
    if with_zone.height and with_zone.height < frame.height:
        ids = ", ".join(with_zone[col["id"]].head(20).to_list())
        notes.append(
            Note(
                {
                    "sv": f"{with_zone.height} ärenden hade tidszon i tidsstämpeln och "
                    f"räknades om till svensk tid: {ids}",
                    "en": f"{with_zone.height} tickets had a time zone and were converted "
                    f"to Swedish time: {ids}",
                },
                first_row(with_zone, source.name),
            )
        )
    tickets = frame.filter(~(pl.col("_closed") < pl.col("_opened")).fill_null(False)).select(
        pl.col(col["id"]).alias("id"),
        pl.col("_opened").alias("opened"),
        pl.col("_closed").alias("closed"),
        pl.col("_priority").alias("priority"),
        pl.col(col["category"]).alias("category"),
        pl.col("_municipality").alias("municipality"),
        (pl.col(col["forvaltning"]) if "forvaltning" in col else pl.lit(None, pl.String)).alias(
            "forvaltning"
        ),
        pl.col("_unit").alias("unit"),
        _flag(col.get("first_line")).alias("first_line"),
        _flag(col.get("reopened")).alias("reopened"),
        pl.col("_priority").replace_strict(_sla(source), return_dtype=pl.Int64).alias("sla_hours"),
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin"),
    )
    # Per month, so a key counts the tickets of the time it covers (an April report's year
    # to date is January–April, not the whole year's log).
    drivers = (
        tickets.group_by("municipality", pl.col("opened").dt.strftime("%Y-%m").alias("month"))
        .agg(pl.len().cast(pl.Int64).alias("quantity"), pl.col("origin").min())
        .select(
            pl.lit("tickets").alias("driver"),
            "municipality",
            pl.col("month").alias("reference_date"),
            "quantity",
            pl.lit(False).alias("estimate"),
            pl.format("{} (antal ärenden)", pl.lit(source.citation)).alias("source"),
            "origin",
        )
        .sort("reference_date", "municipality")
    )
    # Each column named as the file names it ('Registrerat', 'Kommun') in the core's refusals.
    columns = {name: col[name] for name in SCHEMA if name in col}
    columns["reference_date"] = col["opened"]
    return ReadResult(drivers, tuple(notes), {TABLE: tickets}, columns=columns)

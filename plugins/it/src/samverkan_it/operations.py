"""Switchboard statistics, the disturbance log and the project portfolio, as checked tables.

- ``it_vaxel.vaxel``: per hour (or day) ``Tid``, ``Inkommande``, ``Besvarade``, ``Tappade``,
  ``Medelväntetid`` (seconds) and optionally ``Besvarade inom 20 s``.
- ``it_vaxel.storningar``: ``Start``, ``Slut``, ``Omfattning`` and optionally ``Kommun``.
- ``it_vaxel.projekt``: ``Projekt``, ``Status``, ``Start``, ``Planerat slut``, ``Budget``,
  ``Prognos`` (tkr), optionally ``Kommun`` and ``Ägare``.

Each returns its own table (declared in :data:`SCHEMAS`, handed to KPIs and sections as
``context.extras``) and nothing in the canonical tables.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    LINE,
    Check,
    InputError,
    RawTable,
    ReadContext,
    ReadResult,
    Source,
    cell_problems,
    find_column,
    member_code,
    parse_amounts,
    read_source,
    require_columns,
    require_filled,
)

SWITCHBOARD, DISTURBANCES, PROJECTS = "it_vaxel.vaxel", "it_vaxel.storningar", "it_vaxel.projekt"
STATUSES = ("klart", "pågår", "ej påbörjat", "pausat")
TIME = pl.Datetime("ms")
TRACE = {"source": pl.String(), "origin": pl.String()}
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    SWITCHBOARD: {
        "time": TIME,
        "incoming": pl.Int64(),
        "answered": pl.Int64(),
        "abandoned": pl.Int64(),
        "wait_s": pl.Int64(),  # mean wait in seconds
        "within_20s": pl.Int64(),  # null where the export has no such column
        **TRACE,
    },
    DISTURBANCES: {
        "start": TIME,
        "end": TIME,
        "scope": pl.String(),
        "municipality": pl.String(),  # null: the whole board
        "minutes": pl.Int64(),
        **TRACE,
    },
    PROJECTS: {
        "project": pl.String(),
        "status": pl.String(),  # one of STATUSES
        "start": TIME,
        "planned_end": TIME,
        "budget_ore": pl.Int64(),
        "prognos_ore": pl.Int64(),
        "owner": pl.String(),
        "municipality": pl.String(),
        **TRACE,
    },
}
"""The table each reader gives, as it declares it to the core."""
OPTIONS = ("separator", "sheet")


def _time(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return pl.coalesce(
        [
            text.str.to_datetime(f, strict=False, time_unit="ms")
            for f in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
        ]
    )


def _check(table: RawTable, frame: pl.DataFrame, checks: list[Check]) -> None:
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)


def _table(source: Source) -> RawTable:
    return read_source(source)


def _origin(source: Source) -> pl.Expr:
    return pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin")


def read_switchboard(source: Source, context: ReadContext) -> ReadResult:
    """Calls per hour: the table behind answer rate, waiting time, abandonment and the heatmap."""
    table = _table(source)
    cols = require_columns(table, ["Tid", "Inkommande", "Besvarade", "Tappade", "Medelväntetid"])
    within = find_column(table, "Besvarade inom 20 s")
    member = find_column(table, "Kommun")
    counts = {k: cols[k] for k in ("Inkommande", "Besvarade", "Tappade", "Medelväntetid")}
    if within:
        counts["Inom"] = within
    require_filled(table, table.frame, [cols["Tid"], *counts.values()])  # Kommun: the board
    frame = parse_amounts(table, counts, 1).with_columns(
        _t=_time(cols["Tid"]),
        _member=member_code(member, context.unit, "?") if member else pl.lit(None, pl.String),
    )
    _check(
        table,
        frame,
        [
            (pl.col("_t").is_null(), cols["Tid"], "{value!r}: skriv tiden som 2018-04-30 14:00"),
            (
                pl.col("_Besvarade") + pl.col("_Tappade") > pl.col("_Inkommande"),
                cols["Besvarade"],
                "besvarade och tappade samtal är fler än de inkommande",
            ),
        ],
    )
    end = pl.lit(context.period.end, pl.Datetime("ms"))
    calls = frame.filter(pl.col("_t") < end).select(
        pl.col("_t").alias("time"),
        pl.col("_Inkommande").alias("incoming"),
        pl.col("_Besvarade").alias("answered"),
        pl.col("_Tappade").alias("abandoned"),
        pl.col("_Medelväntetid").alias("wait_s"),
        (pl.col("_Inom") if within else pl.lit(None, pl.Int64)).alias("within_20s"),
        pl.lit(source.citation).alias("source"),
        _origin(source),
    )
    named = {"time": "Tid", "incoming": "Inkommande", "answered": "Besvarade"}
    named |= {"abandoned": "Tappade", "wait_s": "Medelväntetid"}
    columns = {name: cols[header] for name, header in named.items()}
    return ReadResult(
        extras={SWITCHBOARD: calls},
        columns=columns | ({"within_20s": within} if within else {}),
    )


def read_disturbances(source: Source, context: ReadContext) -> ReadResult:
    """Disturbances with start, end, scope and (optionally) the member affected."""
    table = _table(source)
    cols = require_columns(table, ["Start", "Slut", "Omfattning"])
    require_filled(table, table.frame, cols.values())
    member = find_column(table, "Kommun")
    frame = table.frame.with_columns(
        _start=_time(cols["Start"]),
        _end=_time(cols["Slut"]),
        # blank: the whole board
        _member=member_code(member, context.unit, "?") if member else pl.lit(None, pl.String),
    )
    checks = [
        (pl.col("_start").is_null(), cols["Start"], "{value!r} är ingen tidpunkt"),
        (pl.col("_end").is_null(), cols["Slut"], "{value!r} är ingen tidpunkt"),
        (pl.col("_end") < pl.col("_start"), cols["Slut"], "{value!r} är före starten"),
    ]
    if member:
        checks.append((pl.col("_member") == "?", member, "{value!r} är ingen medlemskommun"))
    _check(table, frame, checks)
    events = frame.select(
        pl.col("_start").alias("start"),
        pl.col("_end").alias("end"),
        pl.col(cols["Omfattning"]).alias("scope"),
        pl.col("_member").alias("municipality"),
        ((pl.col("_end") - pl.col("_start")).dt.total_minutes()).alias("minutes"),
        pl.lit(source.citation).alias("source"),
        _origin(source),
    )
    columns = {"start": cols["Start"], "end": cols["Slut"], "scope": cols["Omfattning"]}
    return ReadResult(
        extras={DISTURBANCES: events},
        columns=columns | ({"municipality": member} if member else {}),
    )


def read_projects(source: Source, context: ReadContext) -> ReadResult:
    """Projects with status, dates, budget and forecast (tkr), checked row by row."""
    table = _table(source)
    cols = require_columns(
        table, ["Projekt", "Status", "Start", "Planerat slut", "Budget", "Prognos"]
    )
    owner, member = find_column(table, "Ägare"), find_column(table, "Kommun")
    require_filled(table, table.frame, cols.values())  # Ägare and Kommun may be empty
    frame = parse_amounts(
        table, {"budget": cols["Budget"], "prognos": cols["Prognos"]}, 100_000
    ).with_columns(
        _start=_time(cols["Start"]),
        _end=_time(cols["Planerat slut"]),
        _status=pl.col(cols["Status"]).str.to_lowercase(),
    )
    _check(
        table,
        frame,
        [
            (
                ~pl.col("_status").is_in(STATUSES),
                cols["Status"],
                "okänd status {value!r}; använd " + ", ".join(STATUSES),
            ),
            (pl.col("_start").is_null(), cols["Start"], "{value!r} är inget datum"),
            (pl.col("_end").is_null(), cols["Planerat slut"], "{value!r} är inget datum"),
        ],
    )
    projects = frame.select(
        pl.col(cols["Projekt"]).alias("project"),
        pl.col("_status").alias("status"),
        pl.col("_start").alias("start"),
        pl.col("_end").alias("planned_end"),
        pl.col("_budget").alias("budget_ore"),
        pl.col("_prognos").alias("prognos_ore"),
        (pl.col(owner) if owner else pl.lit(None, pl.String)).alias("owner"),
        (pl.col(member) if member else pl.lit(None, pl.String)).alias("municipality"),
        pl.lit(source.citation).alias("source"),
        _origin(source),
    )
    named = {"project": "Projekt", "status": "Status", "start": "Start"}
    named |= {"planned_end": "Planerat slut", "budget_ore": "Budget", "prognos_ore": "Prognos"}
    columns = {name: cols[header] for name, header in named.items()}
    columns |= {name: c for name, c in (("owner", owner), ("municipality", member)) if c}
    return ReadResult(extras={PROJECTS: projects}, columns=columns)


def project_state(period_end: pl.Expr) -> pl.Expr:
    """``klart``, ``försenat`` (past its planned end), ``risk`` (forecast over budget) or
    ``i tid``."""
    return (
        pl.when(pl.col("status") == "klart")
        .then(pl.lit("klart"))
        .when(pl.col("planned_end") < period_end)
        .then(pl.lit("försenat"))
        .when(pl.col("prognos_ore") > pl.col("budget_ore"))
        .then(pl.lit("risk"))
        .otherwise(pl.lit("i tid"))
    )

"""Reading a result statement as the controller exports it: one row per area and line.

The default columns are those of the board papers' table: ``Område``, ``Rad``, ``Radnamn``,
and any of ``Budget``, ``Prognos``, ``Avvikelse helår``, ``Förändring prognos`` and ``Utfall``;
a definition can rename them with ``columns = {budget = "Budget 2018", …}``. A file of
forecasts over several months has a ``Prognosmånad`` column; otherwise every prognos belongs
to ``forecast_month`` (default: the report period's last month). Amounts are in tkr unless
``unit`` says otherwise, and become integer öre here.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    LINE,
    ORE_PER,
    Granularity,
    InputError,
    Period,
    Problem,
    RawTable,
    ReadContext,
    ReadResult,
    Source,
    parse_amounts,
    read_source,
    require_filled,
    role_columns,
)
from samverkan_ekonomi import comments
from samverkan_ekonomi.lines import LINES

READER_OPTIONS = (
    "columns",
    "unit",
    "forecast_month",
    "municipality",
    "separator",
    "sheet",
    "analysis",
)
DEFAULT_COLUMNS = {
    "area": "Område",
    "line": "Rad",
    "line_name": "Radnamn",
    "budget": "Budget",
    "prognos": "Prognos",
    "deviation": "Avvikelse helår",
    "change": "Förändring prognos",
    "utfall": "Utfall",
    "forecast_month": "Prognosmånad",
    "comment": "Kommentar",
    "analysis": "Analys",
}
REQUIRED = ("area", "line", "line_name")
AMOUNTS = ("budget", "prognos", "deviation", "change", "utfall")


def forecast_month(source: Source, context: ReadContext) -> Period:
    """The ``forecast_month`` option (default: the report's last month), checked."""
    raw = source.options.get("forecast_month")
    if raw is None:
        return context.period.last_month
    try:
        month = Period.parse(str(raw))
    except ValueError as exc:
        raise InputError.at(str(exc), source.name, None, "forecast_month") from None
    if month.granularity is not Granularity.MONTH:
        raise InputError.at(
            "forecast_month ska vara en månad, till exempel 2018-04",
            source.name,
            None,
            "forecast_month",
        )
    return month


def _forecast_months(frame: pl.DataFrame, table: RawTable, column: str) -> pl.DataFrame:
    bad = frame.filter(~pl.col(column).str.contains(r"^\d{4}-(0[1-9]|1[0-2])$"))
    if bad.height:
        raise InputError(
            [
                Problem(f"{v!r} är ingen månad; skriv till exempel 2018-04", table.name, n, column)
                for n, v in bad.select(LINE, column).iter_rows()
            ]
        )
    return frame.rename({column: "_month"})


def _check_lines(table: RawTable, area: str, line: str, name: str, extra_key: list[str]) -> None:
    frame = table.frame
    known = ", ".join(f"{k} {v.sv}" for k, v in LINES.items())
    problems = [
        Problem(f"okänd rad {v!r}; kända rader: {known}", table.name, n, line)
        for n, v in frame.filter(~pl.col(line).is_in(list(LINES))).select(LINE, line).iter_rows()
    ]
    expected = pl.col(line).replace_strict(
        {k: v.sv.lower() for k, v in LINES.items()}, default=None
    )
    mismatch = frame.filter(
        pl.col(line).is_in(list(LINES)) & (pl.col(name).str.to_lowercase() != expected)
    )
    problems += [
        Problem(f"radnamnet {v!r} hör inte till rad {r} ({LINES[r].sv})", table.name, n, name)
        for n, r, v in mismatch.select(LINE, line, name).iter_rows()
    ]
    duplicated = frame.filter(pl.struct(area, line, *extra_key).is_duplicated())
    problems += [
        Problem(f"rad {r} förekommer mer än en gång för området", table.name, n, line)
        for n, r in duplicated.select(LINE, line).iter_rows()
    ]
    if problems:
        raise InputError(problems)


def _check_deviation(frame: pl.DataFrame, table: RawTable, header: str) -> None:
    wrong = frame.filter(pl.col("_deviation") != pl.col("_budget") - pl.col("_prognos"))
    if wrong.height:
        raise InputError(
            [
                Problem("avvikelsen ska vara Budget − Prognos", table.name, n, header)
                for n in wrong[LINE]
            ]
        )


def read_result_statement(source: Source, context: ReadContext) -> ReadResult:
    """Ledger rows (budget, prognos, earlier prognos, utfall) from a result-statement file,
    and the controller's comments (:mod:`samverkan_ekonomi.comments`) beside them."""
    table = read_source(source)
    col = role_columns(table, source.options.get("columns"), DEFAULT_COLUMNS, REQUIRED)
    roles = {**DEFAULT_COLUMNS, **source.options.get("columns", {})}  # for messages
    unit = str(source.options.get("unit", "tkr"))
    if unit not in ORE_PER:
        raise InputError.at(f"okänd enhet; använd {', '.join(ORE_PER)}", source.name, None, "unit")
    amounts = [r for r in AMOUNTS if r in col]
    if not {"budget", "prognos", "utfall"} & set(amounts):
        raise InputError.at(
            "filen har varken budget, prognos eller utfall "
            f"(väntade någon av kolumnerna {roles['budget']!r}, "
            f"{roles['prognos']!r}, {roles['utfall']!r})",
            source.name,
            1,
        )
    _check_lines(
        table,
        col["area"],
        col["line"],
        col["line_name"],
        [col["forecast_month"]] if "forecast_month" in col else [],
    )
    require_filled(
        table,
        table.frame,
        [col[r] for r in (*REQUIRED, *amounts, "forecast_month") if r in col],
        "skriv 0 för ett belopp som är noll",
    )
    frame = parse_amounts(table, {r: col[r] for r in amounts}, ORE_PER[unit])
    if "deviation" in col:
        _check_deviation(frame, table, col["deviation"])
    if "forecast_month" in col:
        frame = _forecast_months(frame, table, col["forecast_month"])
    month = forecast_month(source, context)
    words = pl.concat(
        [
            comments.from_columns(table, col, source, str(month)),
            comments.from_folder(source, context),
        ]
    )
    return ReadResult(
        _ledger_rows(frame, source, context, col, month), extras={comments.TABLE: words}
    )


def _ledger_rows(
    frame: pl.DataFrame, source: Source, context: ReadContext, col: dict[str, str], month: Period
) -> pl.DataFrame:
    municipality = source.options.get("municipality")
    members = [m.kommunkod for m in context.unit.members]
    if municipality is not None and municipality not in members:
        raise InputError.at(
            f"{municipality} är inte medlem i {context.unit.id} (medlemmar: {', '.join(members)})",
            source.name,
            None,
            "municipality",
        )
    base = {
        "unit": pl.lit(context.unit.id),
        "area": pl.col(col["area"]),
        "municipality": pl.lit(municipality, pl.String),
        "line": pl.col(col["line"]),
        "period": pl.lit(str(month.year)),
        "origin": pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)),
        "source": pl.lit(source.citation),
    }
    # A file of forecasts over several months names each row's month; otherwise all are one.
    row_month = pl.col("_month") if "_month" in frame.columns else pl.lit(str(month))

    def rows(kind: str, amount: pl.Expr, forecast: pl.Expr | None) -> pl.DataFrame:
        return frame.select(
            **base,
            kind=pl.lit(kind),
            amount_ore=amount,
            forecast_month=forecast if forecast is not None else pl.lit(None, pl.String),
        )

    parts = []
    if "budget" in col:
        parts.append(rows("budget", pl.col("_budget"), None))
    if "prognos" in col:
        parts.append(rows("prognos", pl.col("_prognos"), row_month))
    if "change" in col and "prognos" in col and "_month" not in frame.columns:
        # The file states the change against the previous forecast, which implies that
        # forecast: Prognos − Förändring prognos. Keeping it as rows lets every later stage
        # compute the change the same way, whether the earlier forecast was read or implied.
        parts.append(
            rows("prognos", pl.col("_prognos") - pl.col("_change"), pl.lit(str(month.previous())))
        )
    if "utfall" in col:
        parts.append(rows("utfall", pl.col("_utfall"), None).with_columns(period=row_month))
    return pl.concat(parts, how="diagonal").filter(pl.col("amount_ore").is_not_null())

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
    find_column,
    member_code,
    parse_amounts,
    read_source,
    require_filled,
    role_columns,
)
from samverkan_ekonomi import comments, headers, outcome
from samverkan_ekonomi.lines import TABLE
from samverkan_ekonomi.statement_rows import catalogue, check_lines, check_sums, is_line

READER_OPTIONS = (
    "columns",
    "unit",
    "forecast_month",
    "municipality",
    "separator",
    "sheet",
    "analysis",
    "header_row",
    "lines",
    "utfall",
    "ignore_columns",
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
    "municipality": "Kommun",
    "comment": "Kommentar",
    "analysis": "Analys",
}
REQUIRED = ("line", "line_name")
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
    bad = frame.filter(~pl.col(column).str.contains(r"^[0-9]{4}-(0[1-9]|1[0-2])$"))
    if bad.height:
        raise InputError(
            [
                Problem(f"{v!r} är ingen månad; skriv till exempel 2018-04", table.name, n, column)
                for n, v in bad.select(LINE, column).iter_rows()
            ]
        )
    return frame.rename({column: "_month"})


def _check_deviation(frame: pl.DataFrame, table: RawTable, header: str) -> None:
    wrong = frame.filter(pl.col("_deviation") != pl.col("_budget") - pl.col("_prognos"))
    if wrong.height:
        raise InputError(
            [
                Problem("avvikelsen ska vara Budget − Prognos", table.name, n, header)
                for n in wrong[LINE]
            ]
        )


def _area(table: RawTable, col: dict[str, str], context: ReadContext) -> RawTable:
    """A one-area board needs no ``Område`` column: its rows are the single area's."""
    if "area" in col:
        return table
    areas = [a.id for a in context.unit.areas]
    if len(areas) != 1:
        have = ", ".join(c for c in table.frame.columns if c != LINE)
        raise InputError.at(
            f"kolumnen saknas; nämnden har flera områden ({', '.join(areas)}), så varje rad "
            f"ska säga sitt (filen har: {have})",
            table.name,
            1,
            DEFAULT_COLUMNS["area"],
        )
    col["area"] = "_area"
    frame = table.frame.with_columns(_area=pl.lit(areas[0]))
    return RawTable(frame, table.name, table.decimal_mark, table.encoding)


def _municipalities(
    frame: pl.DataFrame, table: RawTable, col: dict[str, str], ctx: ReadContext
) -> pl.DataFrame:
    """The ``Kommun`` column: a line only one member pays (its kommunkod or name); blank for
    the board's shared costs."""
    if "municipality" not in col:
        return frame
    header = col["municipality"]
    frame = frame.with_columns(_municipality=member_code(header, ctx.unit, "?"))
    bad = frame.filter(pl.col("_municipality") == "?")
    if bad.height:
        members = ", ".join(f"{m.kommunkod} {m.name}" for m in ctx.unit.members)
        raise InputError(
            [
                Problem(f"{v!r} är ingen medlem (medlemmar: {members})", table.name, n, header)
                for n, v in bad.select(LINE, header).head(100).iter_rows()
            ]
        )
    return frame


def read_result_statement(source: Source, context: ReadContext) -> ReadResult:
    """Ledger rows (budget, prognos, earlier prognos, utfall) from a result-statement file,
    the lines as the file names them (:mod:`samverkan_ekonomi.lines`) and the controller's
    comments (:mod:`samverkan_ekonomi.comments`) beside them."""
    renamed = source.options.get("columns") or {}
    roles = {**DEFAULT_COLUMNS, **(renamed if isinstance(renamed, dict) else {})}
    table = read_source(source, [roles[r] for r in REQUIRED])
    col = role_columns(table, source.options.get("columns"), DEFAULT_COLUMNS, REQUIRED)
    table = _area(table, col, context)
    if "utfall" not in col and "utfall" not in renamed:
        found = find_column(table, outcome.YEAR_TO_DATE_HEADER)
        if found is not None:
            col["utfall"] = found
    headers.refuse_unknown(table, source, col, roles)
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
    month_key = [col["forecast_month"]] if "forecast_month" in col else []
    kommun_key = [col["municipality"]] if "municipality" in col else []
    lines_only = table.frame.filter(is_line(col))
    check_lines(table, col, catalogue(source), [*month_key, *kommun_key])
    require_filled(
        table,
        lines_only,
        [col[r] for r in (*REQUIRED, *amounts, "forecast_month") if r in col],
        "skriv 0 för ett belopp som är noll",
    )
    parsed = parse_amounts(table, {r: col[r] for r in amounts}, ORE_PER[unit])
    check_sums(parsed, table, col, amounts, unit)
    frame = _municipalities(parsed.filter(is_line(col)), table, col, context)
    if "deviation" in col:
        _check_deviation(frame, table, col["deviation"])
    if "forecast_month" in col:
        frame = _forecast_months(frame, table, col["forecast_month"])
    month = forecast_month(source, context)
    if "utfall" in col:
        frame = outcome.month_figures(frame, table, source, col, month)
    words = pl.concat(
        [
            comments.from_columns(table, col, source, str(month)),
            comments.from_folder(source, context),
        ]
    )
    lines = frame.select(
        area=pl.col(col["area"]),
        line=pl.col(col["line"]),
        name=pl.col(col["line_name"]),
        position=pl.col(LINE),
        source=pl.lit(source.citation),
        origin=pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)),
    ).unique(["area", "line"], keep="first", maintain_order=True)
    return ReadResult(
        _ledger_rows(frame, source, context, col, month),
        extras={comments.TABLE: words, TABLE: lines},
        year_to_date=outcome.across_files(source, col),
        columns=headers.file_columns(col),
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
    whole_file = pl.lit(municipality, pl.String)
    base = {
        "unit": pl.lit(context.unit.id),
        "area": pl.col(col["area"]),
        "municipality": (
            pl.col("_municipality").fill_null(whole_file)
            if "_municipality" in frame.columns
            else whole_file
        ),
        "line": pl.col(col["line"]),
        "period": pl.lit(str(month.year)),
        "origin": pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)),
        "source": pl.lit(source.citation),
    }
    # A file of forecasts over several months names each row's month; otherwise all are one.
    row_month = pl.col("_month") if "_month" in frame.columns else pl.lit(str(month))

    def rows(
        kind: str, amount: pl.Expr, forecast: pl.Expr | None, period: pl.Expr | None = None
    ) -> pl.DataFrame:
        return frame.select(
            **base | ({"period": period} if period is not None else {}),
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
        # The month's own figure; a year-to-date column is turned into months by the reader,
        # or of a {month} pattern's file by the read stage (ReadResult.year_to_date).
        parts.append(rows("utfall", pl.col("_utfall"), None, row_month))
    return pl.concat(parts, how="diagonal").filter(pl.col("amount_ore").is_not_null())

"""Reading a result statement as the controller exports it: one row per area and line.

The default columns are those of the board papers' table: ``Område``, ``Rad``, ``Radnamn``,
``Budget``, ``Prognos`` and optionally ``Avvikelse helår``, ``Förändring prognos`` and
``Utfall``; a definition can rename them with ``columns = {budget = "Budget 2018", …}``.
Amounts are in tkr unless ``unit`` says otherwise, and become integer öre here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from samverkan import InputError, Problem, Source
from samverkan.money import ORE_PER
from samverkan.period import Granularity, Period
from samverkan.registry import ReadContext
from samverkan.tabular import LINE, RawTable, parse_amounts, read_text_table, require_columns
from samverkan_ekonomi.lines import LINES

READER_OPTIONS = ("columns", "unit", "forecast_month", "municipality", "separator", "sheet")
DEFAULT_COLUMNS = {
    "area": "Område",
    "line": "Rad",
    "line_name": "Radnamn",
    "budget": "Budget",
    "prognos": "Prognos",
    "deviation": "Avvikelse helår",
    "change": "Förändring prognos",
    "utfall": "Utfall",
}
REQUIRED = ("area", "line", "line_name", "budget", "prognos")


def _columns(option: Any, name: str) -> dict[str, str]:
    if option is None:
        return dict(DEFAULT_COLUMNS)
    if not isinstance(option, Mapping) or not all(isinstance(v, str) for v in option.values()):
        raise InputError.at(
            'columns ska vara en tabell {budget = "Budget 2018", …}', name, None, "columns"
        )
    unknown = set(option) - set(DEFAULT_COLUMNS)
    if unknown:
        raise InputError.at(
            f"okända kolumnroller {sorted(unknown)}; tillåtna: {', '.join(DEFAULT_COLUMNS)}",
            name,
            None,
            "columns",
        )
    return {**DEFAULT_COLUMNS, **option}


def _forecast_month(source: Source, context: ReadContext) -> Period:
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


def _check_lines(table: RawTable, area: str, line: str, name: str) -> None:
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
    duplicated = frame.filter(pl.struct(area, line).is_duplicated())
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


def read_result_statement(source: Source, context: ReadContext) -> pl.DataFrame:
    """Ledger rows (budget, prognos, earlier prognos, utfall) from a result-statement file."""
    table = read_text_table(
        source.path, source.name, source.options.get("separator"), source.options.get("sheet")
    )
    roles = _columns(source.options.get("columns"), source.name)
    headers = {c.lower() for c in table.frame.columns}
    present = [r for r in roles if r in REQUIRED or roles[r].lower() in headers]
    found = require_columns(table, [roles[r] for r in present])
    col = {r: found[roles[r]] for r in present}
    unit = str(source.options.get("unit", "tkr"))
    if unit not in ORE_PER:
        raise InputError.at(f"okänd enhet; använd {', '.join(ORE_PER)}", source.name, None, "unit")
    _check_lines(table, col["area"], col["line"], col["line_name"])
    amounts = [r for r in ("budget", "prognos", "deviation", "change", "utfall") if r in col]
    frame = parse_amounts(table, {r: col[r] for r in amounts}, ORE_PER[unit])
    if "deviation" in col:
        _check_deviation(frame, table, col["deviation"])
    return _ledger_rows(frame, source, context, col, _forecast_month(source, context))


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
    }

    def rows(kind: str, amount: pl.Expr, forecast: Period | None) -> pl.DataFrame:
        return frame.select(
            **base,
            kind=pl.lit(kind),
            amount_ore=amount,
            forecast_month=pl.lit(str(forecast) if forecast else None, pl.String),
            source=pl.lit(source.citation),
        )

    parts = [rows("budget", pl.col("_budget"), None), rows("prognos", pl.col("_prognos"), month)]
    if "change" in col:
        # The file states the change against the previous forecast, which implies that
        # forecast: Prognos − Förändring prognos. Keeping it as rows lets every later stage
        # compute the change the same way, whether the earlier forecast was read or implied.
        parts.append(rows("prognos", pl.col("_prognos") - pl.col("_change"), month.previous()))
    if "utfall" in col:
        parts.append(
            rows("utfall", pl.col("_utfall"), None).with_columns(period=pl.lit(str(month)))
        )
    return pl.concat(parts, how="diagonal").filter(pl.col("amount_ore").is_not_null())

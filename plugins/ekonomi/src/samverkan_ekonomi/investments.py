"""Investments (investeringar): budget, prognos and utfall per project, and where it is budgeted.

Columns: ``Projekt``, ``Budgeterad i`` (a member's name or kommunkod; empty when the source does
not say), and any of ``Budget``, ``Prognos``, ``Förändring prognos`` (against the previous
forecast, which it implies) and ``Utfall`` (renamable with ``columns``), in tkr by default.
Projects become ledger rows on line ``I`` with the project as ``object``; a project budgeted in
one municipality is that municipality's (``municipality`` set).
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    LINE,
    ORE_PER,
    InputError,
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
from samverkan_ekonomi.lines import INVESTMENT_LINE
from samverkan_ekonomi.reader import forecast_month

INVESTMENT_OPTIONS = ("columns", "unit", "area", "forecast_month", "separator", "sheet")
ROLES = {
    "project": "Projekt",
    "municipality": "Budgeterad i",
    "budget": "Budget",
    "prognos": "Prognos",
    "change": "Förändring prognos",
    "utfall": "Utfall",
}


def _area(source: Source, context: ReadContext) -> str:
    areas = [a.id for a in context.unit.areas]
    area = source.options.get("area", areas[0] if len(areas) == 1 else None)
    if area not in areas:
        raise InputError.at(
            f"area ska vara ett av nämndens områden ({', '.join(areas)})", source.name, None, "area"
        )
    return str(area)


def read_investments(source: Source, context: ReadContext) -> ReadResult:
    """Ledger rows (line ``I``) for each project's budget, prognos and utfall, each column
    named by the file's own (``object`` → ``Projekt``) for the core's refusals."""
    area = _area(source, context)  # check the definition's options before reading the file
    table = read_source(source)
    col = role_columns(table, source.options.get("columns"), ROLES, ("project", "municipality"))
    amounts = [r for r in ("budget", "prognos", "change", "utfall") if r in col]
    # Budgeterad i is empty for a project the members share.
    require_filled(table, table.frame, [col["project"], *(col[r] for r in amounts)])
    unit = str(source.options.get("unit", "tkr"))
    if unit not in ORE_PER:
        raise InputError.at(f"okänd enhet; använd {', '.join(ORE_PER)}", source.name, None, "unit")
    frame = parse_amounts(table, {r: col[r] for r in amounts}, ORE_PER[unit])
    frame = frame.with_columns(_kommun=_municipality(frame, table, col["municipality"], context))
    period = forecast_month(source, context)
    month, year = str(period), str(period.year)
    base = {
        "unit": pl.lit(context.unit.id),
        "area": pl.lit(area),
        "municipality": pl.col("_kommun"),
        "line": pl.lit(INVESTMENT_LINE),
        "object": pl.col(col["project"]),
        "scope": pl.lit("investering"),
        "source": pl.lit(source.citation),
        "origin": pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)),
    }

    def rows(kind: str, amount: pl.Expr, forecast: str | None) -> pl.DataFrame:
        return frame.select(
            **base,
            period=pl.lit(year if kind != "utfall" else month),
            kind=pl.lit(kind),
            amount_ore=amount,
            forecast_month=pl.lit(forecast, pl.String),
        )

    parts = [
        rows(kind, pl.col(f"_{kind}"), month if kind == "prognos" else None)
        for kind in amounts
        if kind != "change"
    ]
    if "change" in col and "prognos" in col:
        # As in a result statement: the change states the forecast before this one.
        previous = pl.col("_prognos") - pl.col("_change")
        parts.append(rows("prognos", previous, str(period.previous())))
    ledger = pl.concat(parts, how="vertical").filter(pl.col("amount_ore").is_not_null())
    named = {"object": col["project"], "municipality": col["municipality"]}
    return ReadResult(ledger, columns=named)


def _municipality(
    frame: pl.DataFrame, table: RawTable, column: str, context: ReadContext
) -> pl.Expr:
    """Kommunkod from a member's name or code; unknown names are an error naming the row."""
    names = {m.name.lower(): m.kommunkod for m in context.unit.members}
    names |= {m.kommunkod: m.kommunkod for m in context.unit.members}
    lowered = pl.col(column).str.to_lowercase()
    bad = frame.filter(pl.col(column).is_not_null() & ~lowered.is_in(list(names)))
    if bad.height:
        raise InputError(
            [
                Problem(
                    f"{v!r} är ingen medlemskommun (medlemmar: "
                    f"{', '.join(m.name for m in context.unit.members)})",
                    table.name,
                    n,
                    column,
                )
                for n, v in bad.select(LINE, column).iter_rows()
            ]
        )
    return lowered.replace_strict(names, default=None, return_dtype=pl.String)

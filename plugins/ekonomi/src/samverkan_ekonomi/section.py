"""The section "Ekonomi: resultaträkning": the board papers' table per area, and a figure."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    Area,
    Block,
    Cell,
    Figure,
    Lang,
    ReportContext,
    Row,
    Table,
    Text,
    Texts,
    amount_cell,
    money_scale,
)
from samverkan_ekonomi import figures
from samverkan_ekonomi.comments import analysis_blocks, line_comments
from samverkan_ekonomi.lines import TOTAL, LineNames
from samverkan_ekonomi.statement import statement, totals, used_rows


def _cell(value: int | None, lang: Lang) -> str | Cell:
    return "–" if value is None else amount_cell(value, "tkr", lang=lang)


def _headers(ctx: ReportContext) -> tuple[str, ...]:
    year = ctx.period.year
    return Texts(
        (
            "RESULTATRÄKNING (tkr)",
            f"Budget {year}",
            f"Prognos {year}",
            "Avvikelse helår",
            "Förändring prognos",
        ),
        (
            "RESULT STATEMENT (SEK thousand)",
            f"Budget {year}",
            f"Forecast {year}",
            "Full-year deviation",
            "Change in forecast",
        ),
    )(ctx.lang)


def _table(ctx: ReportContext, area: Area, lines: pl.DataFrame, rows_used: pl.DataFrame) -> Table:
    lang = ctx.lang
    names = LineNames(ctx.extras, area.id)
    said = line_comments(ctx, area.id)  # the controller's comment per line, when written
    rows = [
        Row(
            (
                names.label(r["line"], lang),
                *(_cell(r[c], lang) for c in ("budget", "prognos", "avvikelse", "forandring")),
                *([said.get(r["line"], "")] if said else []),
            )
        )
        for r in lines.iter_rows(named=True)
    ]
    total = totals(lines)
    rows.append(
        Row(
            (TOTAL(lang), *(_cell(total[c], lang) for c in total), *([""] if said else [])),
            strong=True,
        )
    )
    headers = _headers(ctx) + ((Text("Kommentar", "Comment")(lang),) if said else ())
    note = Text(
        "Avvikelse helår = Budget − Prognos (positiv = överskott mot budget). Intäkter är "
        "negativa, kostnader positiva.",
        "Full-year deviation = Budget − Forecast (positive = surplus against budget). "
        "Revenues are negative, costs positive.",
    )(lang)
    return Table(
        caption=area.title(lang),
        columns=headers,
        rows=rows,
        source=ctx.cite(rows_used),
        note=note,
    )


def _figure(ctx: ReportContext, area: Area, lines: pl.DataFrame, rows_used: pl.DataFrame) -> Figure:
    lang = ctx.lang
    names = [LineNames(ctx.extras, area.id).label(line, lang) for line in lines["line"]]
    scale = money_scale(lines["budget"], lines["prognos"])
    caption = Text(
        f"{area.title(lang)}: budget och prognos per rad ({scale.label(lang)})",
        f"{area.title(lang)}: budget and forecast per line ({scale.label(lang)})",
    )(lang)
    return Figure(caption, figures.budget_and_forecast(names, lines), ctx.cite(rows_used))


def build_result_statement_section(ctx: ReportContext) -> Sequence[Block]:
    """One table as in the board papers and one Budget/Prognos figure per area with data."""
    blocks: list[Block] = []
    for area in ctx.unit.areas:
        if ctx.ledger.filter(pl.col("area") == area.id).height == 0:
            continue
        rows_used = used_rows(ctx.ledger, ctx.period, area.id)
        lines = LineNames(ctx.extras, area.id).sort(statement(ctx.ledger, ctx.period, area.id))
        title = Text(f"Analys: {area.title('sv')}", f"Analysis: {area.title('en')}")(ctx.lang)
        blocks += [
            _table(ctx, area, lines, rows_used),
            *analysis_blocks(ctx, area.id, title),
            _figure(ctx, area, lines, rows_used),
        ]
    return blocks

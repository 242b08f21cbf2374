"""The section "Ekonomi: resultaträkning": the board papers' table per area, and a figure."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from samverkan import Figure, Row, Table
from samverkan.blocks import Block
from samverkan.context import ReportContext
from samverkan.i18n import Lang
from samverkan.model import Area
from samverkan.render.format import fmt_amount, money_scale
from samverkan.render.theme import BUDGET_COLOR, FORECAST_COLOR
from samverkan_ekonomi.lines import LINES, TOTAL
from samverkan_ekonomi.statement import statement, totals


def _cell(value: int | None, lang: Lang) -> str:
    return "–" if value is None else fmt_amount(value, "tkr", lang=lang)


def _headers(ctx: ReportContext) -> tuple[str, ...]:
    year = ctx.period.year
    if ctx.lang == "sv":
        return (
            "RESULTATRÄKNING (tkr)",
            f"Budget {year}",
            f"Prognos {year}",
            "Avvikelse helår",
            "Förändring prognos",
        )
    return (
        "RESULT STATEMENT (SEK thousand)",
        f"Budget {year}",
        f"Forecast {year}",
        "Full-year deviation",
        "Change in forecast",
    )


def _table(ctx: ReportContext, area: Area, lines: pl.DataFrame, rows_used: pl.DataFrame) -> Table:
    lang = ctx.lang
    rows = [
        Row(
            (
                f"{r['line']} {LINES[r['line']](lang)}",
                *(_cell(r[c], lang) for c in ("budget", "prognos", "avvikelse", "forandring")),
            )
        )
        for r in lines.iter_rows(named=True)
    ]
    total = totals(lines)
    rows.append(Row((TOTAL(lang), *(_cell(total[c], lang) for c in total)), strong=True))
    note = (
        "Avvikelse helår = Budget − Prognos (positiv = överskott mot budget). Intäkter är "
        "negativa, kostnader positiva."
        if lang == "sv"
        else "Full-year deviation = Budget − Forecast (positive = surplus against budget). "
        "Revenues are negative, costs positive."
    )
    return Table(
        caption=area.title(lang),
        columns=_headers(ctx),
        rows=rows,
        source=ctx.cite(rows_used),
        note=note,
    )


def _figure(ctx: ReportContext, area: Area, lines: pl.DataFrame, rows_used: pl.DataFrame) -> Figure:
    lang = ctx.lang
    names = [f"{line} {LINES[line](lang)}" for line in lines["line"]]
    scale = money_scale(lines["budget"], lines["prognos"])
    fig = go.Figure()
    for column, label, color in (
        ("budget", "Budget", BUDGET_COLOR),
        ("prognos", "Prognos" if lang == "sv" else "Forecast", FORECAST_COLOR),
    ):
        fig.add_trace(
            go.Bar(
                name=label,
                x=names,
                y=scale.values(lines[column]),
                marker_color=color,
                hovertemplate="%{x}<br>" + label + ": " + scale.hover(lang) + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", yaxis_title=scale.label(lang), height=380)
    caption = (
        f"{area.title(lang)}: budget och prognos per rad ({scale.label(lang)})"
        if lang == "sv"
        else f"{area.title(lang)}: budget and forecast per line ({scale.label(lang)})"
    )
    return Figure(caption=caption, figure=fig.to_plotly_json(), source=ctx.cite(rows_used))


def build_result_statement_section(ctx: ReportContext) -> Sequence[Block]:
    """One table as in the board papers and one Budget/Prognos figure per area with data."""
    blocks: list[Block] = []
    for area in ctx.unit.areas:
        rows_used = ctx.ledger.filter(pl.col("area") == area.id)
        if rows_used.height == 0:
            continue
        lines = statement(ctx.ledger, ctx.period, area.id)
        blocks += [_table(ctx, area, lines, rows_used), _figure(ctx, area, lines, rows_used)]
    return blocks

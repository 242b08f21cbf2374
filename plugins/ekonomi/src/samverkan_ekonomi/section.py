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
    amount_cell,
    money_scale,
)
from samverkan_ekonomi import figures, followup
from samverkan_ekonomi.comments import analysis_blocks, line_comments
from samverkan_ekonomi.lines import TOTAL, LineNames
from samverkan_ekonomi.statement import (
    forecast_month,
    statement,
    totals,
    used_rows,
    with_outcome,
)


def _cell(value: int | None, lang: Lang) -> str | Cell:
    return "–" if value is None else amount_cell(value, "tkr", lang=lang)


def _headers(ctx: ReportContext, outcome: bool) -> tuple[str, ...]:
    year, lang = ctx.period.year, ctx.lang
    said = (Text(f"Utfall {year}", f"Outcome {year}")(lang),) if outcome else ()
    return (
        Text("RESULTATRÄKNING (tkr)", "RESULT STATEMENT (SEK thousand)")(lang),
        f"Budget {year}",
        Text(f"Prognos {year}", f"Forecast {year}")(lang),
        *said,
        Text("Avvikelse helår", "Full-year deviation")(lang),
        Text("Förändring prognos", "Change in forecast")(lang),
    )


def _note(ctx: ReportContext, outcome: bool, area: str) -> str:
    """What the deviation is: against the forecast during the year, against the outcome once
    the year has ended (the forecast column is then the year's last forecast, as the papers
    have it)."""
    signs = Text(
        "Intäkter är negativa, kostnader positiva.", "Revenues are negative, costs positive."
    )(ctx.lang)
    if not outcome:
        return (
            Text(
                "Avvikelse helår = Budget − Prognos (positiv = överskott mot budget). ",
                "Full-year deviation = Budget − Forecast (positive = surplus against budget). ",
            )(ctx.lang)
            + signs
        )
    made = forecast_month(ctx.ledger, ctx.period, area)
    month = "–" if made is None else made.name(ctx.lang)
    return (
        Text(
            f"Året är slut: Utfall {ctx.period.year} är årets bokförda utfall och Prognos "
            f"{ctx.period.year} den sista prognosen ({month}). Avvikelse "
            "helår = Budget − Utfall (positiv = överskott mot budget). ",
            f"The year has ended: Outcome {ctx.period.year} is the year's booked outcome and "
            f"Forecast {ctx.period.year} the last forecast ({month}). "
            "Full-year deviation = Budget − Outcome (positive = surplus against budget). ",
        )(ctx.lang)
        + signs
    )


def _table(ctx: ReportContext, area: Area, lines: pl.DataFrame, rows_used: pl.DataFrame) -> Table:
    lang = ctx.lang
    names = LineNames(ctx.extras, area.id)
    said = line_comments(ctx, area.id)  # the controller's comment per line, when written
    outcome = "utfall" in lines.columns
    rows = [
        Row(
            (
                names.label(r["line"], lang),
                *(_cell(r[c], lang) for c in lines.columns[1:]),
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
    headers = _headers(ctx, outcome) + ((Text("Kommentar", "Comment")(lang),) if said else ())
    return Table(
        caption=area.title(lang),
        columns=headers,
        rows=rows,
        source=ctx.cite(rows_used),
        note=_note(ctx, outcome, area.id),
    )


def _outcome_rows(ctx: ReportContext, area: str) -> pl.DataFrame:
    """The ledger rows of the year's outcome in ``area``: what the Utfall column cites."""
    year = pl.col("period").str.starts_with(str(ctx.period.year))
    chosen = (pl.col("area") == area) & (pl.col("kind") == "utfall") & year
    return ctx.ledger.filter(chosen & (pl.col("scope") == "drift"))


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
        known = followup.final_outcome(ctx.ledger, ctx.period, area.id) is not None
        shown = lines
        if known:  # the year's outcome beside December's forecast, the deviation against it
            shown = with_outcome(lines, followup.outcome_by_line(ctx.ledger, ctx.period, area.id))
            rows_used = pl.concat([rows_used, _outcome_rows(ctx, area.id)])
        title = Text(f"Analys: {area.title('sv')}", f"Analysis: {area.title('en')}")(ctx.lang)
        blocks += [
            _table(ctx, area, shown, rows_used),
            *analysis_blocks(ctx, area.id, title),
            _figure(ctx, area, lines, rows_used),
        ]
    return blocks

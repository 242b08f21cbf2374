"""The ekonomi plugin's follow-up sections: deviations, forecasts and municipalities."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    Block,
    Cell,
    Figure,
    Paragraph,
    ReportContext,
    Row,
    Table,
    Text,
    Texts,
    amount_cell,
    current_view,
    money_scale,
    pct_cell,
)
from samverkan_ekonomi import figures, followup
from samverkan_ekonomi.lines import TOTAL, LineNames
from samverkan_ekonomi.statement import statement, used_rows


def _areas(ctx: ReportContext) -> list[tuple[str, str, pl.DataFrame]]:
    """(area id, title, the area's operating rows) for each area with data."""
    out = []
    for area in ctx.unit.areas:
        rows = ctx.ledger.filter((pl.col("area") == area.id) & (pl.col("scope") == "drift"))
        if rows.height:
            out.append((area.id, area.title(ctx.lang), rows))
    return out


def build_deviation_section(ctx: ReportContext) -> Sequence[Block]:
    """Budget → Prognos per area as a waterfall: which lines move the forecast."""
    blocks: list[Block] = [
        Paragraph(
            Text(
                "Staplarna visar hur varje rad flyttar helårsprognosen från budget. För "
                "kostnader är "
                "lägre bättre: grönt minskar nettokostnaden, orange ökar den.",
                "The bars show how each line moves the full-year forecast away from the "
                "budget. For costs lower is better: green lowers the net cost, orange raises it.",
            )(ctx.lang)
        )
    ]
    for area, title, _rows in _areas(ctx):
        names = LineNames(ctx.extras, area)
        lines = names.sort(statement(ctx.ledger, ctx.period, area))
        scale = money_scale([int(lines["budget"].sum()), int(lines["prognos"].sum())])
        what = Text("från budget till prognos", "from budget to forecast")(ctx.lang)
        caption = f"{title}: {what} ({scale.label(ctx.lang)})"
        used = used_rows(ctx.ledger, ctx.period, area)
        blocks.append(Figure(caption, figures.waterfall(lines, names, ctx.lang), ctx.cite(used)))
    return blocks


def build_forecast_section(ctx: ReportContext) -> Sequence[Block]:
    """Each month's full-year forecast against budget and outcome, and prognossäkerhet."""
    blocks: list[Block] = []
    for area, title, rows in _areas(ctx):
        fc = followup.forecasts(ctx.ledger, ctx.period, area)
        outcome = followup.outcome_by_month(ctx.ledger, ctx.period, area)
        final = followup.final_outcome(ctx.ledger, ctx.period, area)
        total = followup.budget(ctx.ledger, ctx.period, area)
        scale = money_scale(fc["prognos"], outcome["ackumulerat"], [total, final])
        figure = figures.trajectory(fc, outcome, total, final)
        outcome_table = _outcome_table(ctx, area, title, rows)
        if outcome_table is not None:
            blocks.append(outcome_table)
        blocks.append(
            Figure(
                f"{title}: {Text('prognoser under året', 'forecasts')(ctx.lang)} "
                f"({scale.label(ctx.lang)})",
                figure,
                ctx.cite(rows),
            )
        )
        accuracy = followup.accuracy(ctx.ledger, ctx.period, area)
        if accuracy.height == 0:
            blocks.append(
                Paragraph(
                    Text(
                        f"{title}: prognossäkerheten kan beräknas när årets utfall är känt "
                        "(bokslut).",
                        f"{title}: forecast accuracy can be computed once the year's outcome "
                        "is known.",
                    )(ctx.lang),
                    "note",
                )
            )
            continue
        blocks.append(
            Table(
                caption=f"{title}: {Text('prognossäkerhet', 'forecast accuracy')(ctx.lang)}",
                columns=Texts(
                    (
                        "Prognosmånad",
                        "Prognos (tkr)",
                        "Utfall (tkr)",
                        "Avvikelse (tkr)",
                        "|Avvikelse| / budget",
                    ),
                    ("Forecast month", "Forecast", "Outcome", "Deviation", "|Deviation| / budget"),
                )(ctx.lang),
                rows=[
                    Row(
                        (
                            m,
                            amount_cell(p, lang=ctx.lang),
                            amount_cell(u, lang=ctx.lang),
                            amount_cell(d, lang=ctx.lang),
                            "–" if s is None else pct_cell(s / 100, 1, ctx.lang),
                        )
                    )
                    for m, p, u, d, s in accuracy.iter_rows()
                ],
                source=ctx.cite(rows),
                note=(
                    Text(
                        "Prognossäkerhet = |prognos − årets utfall| / |budget|. Lägre är bättre.",
                        "Forecast accuracy = |forecast − outcome| / |budget|; lower is better.",
                    )(ctx.lang)
                ),
            )
        )
    return blocks


def _outcome_table(ctx: ReportContext, area: str, title: str, rows: pl.DataFrame) -> Table | None:
    names = LineNames(ctx.extras, area)
    lines = names.sort(followup.outcome_by_line(ctx.ledger, ctx.period, area))
    if lines.filter(pl.col("ackumulerat") != 0).height == 0:
        return None
    month = ctx.period.last_month.name(ctx.lang)

    def tkr(value: int | None) -> str | Cell:
        return "–" if value is None else amount_cell(value, lang=ctx.lang)

    body = [
        Row((names.label(line, ctx.lang), tkr(b), tkr(m), tkr(a), tkr(d)))
        for line, b, m, a, d in lines.select(
            "line", "budget", "manad", "ackumulerat", "avvikelse"
        ).iter_rows()
    ]
    sums = [
        None if lines[c].null_count() else int(lines[c].sum())
        for c in ("budget", "manad", "ackumulerat", "avvikelse")
    ]
    body.append(Row((TOTAL(ctx.lang), *(tkr(v) for v in sums)), strong=True))
    return Table(
        caption=f"{title}: {Text('utfall (tkr)', 'outcome (SEK k)')(ctx.lang)}",
        columns=Texts(
            ("Rad", "Budget", f"Utfall {month}", "Utfall ackumulerat", "Budget − utfall"),
            ("Line", "Budget", f"Outcome {month}", "Outcome to date", "Budget − outcome"),
        )(ctx.lang),
        rows=body,
        source=ctx.cite(rows.filter(pl.col("kind").is_in(["budget", "utfall"]))),
        note=(
            Text(
                "Budget − utfall visas när året är slut; under året jämförs helårsbudgeten inte "
                "med ett delårsutfall.",
                "Budget − outcome is shown once the year is "
                "complete; during the year a full-year budget is not compared with part of it.",
            )(ctx.lang)
        ),
    )


def build_municipality_section(ctx: ReportContext) -> Sequence[Block]:
    """Per member: its share of each area's net cost, general and municipality-specific."""
    if ctx.allocation is None:
        return [
            Paragraph(
                Text(
                    "Definitionen har ingen fördelningsnyckel ([allocation]).",
                    "The definition has no allocation key ([allocation]).",
                )(ctx.lang),
                "warning",
            )
        ]
    every = ctx.allocation.by_area()
    # At the year end the outcome is split too (the settlement): show it, not the forecast.
    year_end = "utfall" in set(every["kind"])
    charges = every.filter(pl.col("kind") == ("utfall" if year_end else "prognos"))
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    titles = {a.id: a.title(ctx.lang) for a in ctx.unit.areas}
    rows = [
        Row(
            (
                names[code],
                titles[area],
                amount_cell(general, "kr", lang=ctx.lang),
                amount_cell(specific, "kr", lang=ctx.lang),
                amount_cell(total, "kr", lang=ctx.lang),
            ),
            member=code,
        )
        for code, area, general, specific, total in charges.sort("municipality", "area")
        .select("municipality", "area", "general_ore", "specific_ore", "amount_ore")
        .iter_rows()
    ]
    return [
        Table(
            caption=(
                Text(
                    "Utfall per kommun: gemensamt och kommunspecifikt (kr)",
                    "Outcome per municipality: shared and municipality-specific (SEK)",
                )
                if year_end
                else Text(
                    "Prognos per kommun: gemensamt och kommunspecifikt (kr)",
                    "Forecast per municipality: shared and municipality-specific (SEK)",
                )
            )(ctx.lang),
            columns=Texts(
                ("Kommun", "Område", "Andel av gemensamt", "Kommunspecifikt", "Summa"),
                ("Municipality", "Area", "Share of shared", "Own", "Total"),
            )(ctx.lang),
            rows=rows,
            source=ctx.cite(current_view(ctx.ledger, ctx.period)),
            note=(
                Text(
                    "Gemensamma kostnader fördelas med nyckeln under Kostnadsfördelning; "
                    "kommunspecifika bokförs direkt på sin kommun.",
                    "Shared costs are split by the key under Cost allocation; "
                    "municipality-specific costs go straight to their municipality.",
                )(ctx.lang)
            ),
        )
    ]

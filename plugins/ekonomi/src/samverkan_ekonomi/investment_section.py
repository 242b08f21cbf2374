"""The ekonomi plugin's investment section: budget, prognos and utfall per project, and the
municipality each is budgeted in."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    Allocation,
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
    money_scale,
    pct_cell,
)
from samverkan_ekonomi import figures
from samverkan_ekonomi.lines import INVESTMENT_LINE


def _investment_cells(
    budget: int | None, forecast: int | None, outcome: int | None, ctx: ReportContext
) -> tuple[Cell, ...]:
    """Budget, Prognos, Avvikelse, Utfall and Förbrukat for one project or the total."""

    def tkr(value: int | None) -> Cell:
        return amount_cell(value, lang=ctx.lang)

    deviation = None if budget is None or forecast is None else budget - forecast
    used = pct_cell(None if outcome is None or not budget else outcome / budget, 0, ctx.lang)
    return (tkr(budget), tkr(forecast), tkr(deviation), tkr(outcome), used)


def build_investment_section(ctx: ReportContext) -> Sequence[Block]:
    """Investments per project: budget, prognos, utfall, and where each is budgeted."""
    rows = ctx.ledger.filter(pl.col("line") == INVESTMENT_LINE)
    if rows.height == 0:
        return [
            Paragraph(
                Text("Underlaget har inga investeringar.", "The data holds no investments.")(
                    ctx.lang
                )
            )
        ]
    wide = rows.with_columns(pl.col("kind").cast(pl.String)).pivot(
        on="kind", index=["object", "municipality"], values="amount_ore", aggregate_function="sum"
    )
    for kind in ("budget", "prognos", "utfall"):
        if kind not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.Int64).alias(kind))
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    unknown = Text("ej angivet", "not stated")(ctx.lang)
    table_rows = [
        Row(
            (
                project,
                names.get(code, unknown) if code else unknown,
                *_investment_cells(b, p, u, ctx),
            ),
            member=code,
        )
        for project, code, b, p, u in wide.select(
            "object", "municipality", "budget", "prognos", "utfall"
        ).iter_rows()
    ]
    totals = [
        int(wide[k].sum()) if wide[k].is_not_null().any() else None
        for k in ("budget", "prognos", "utfall")
    ]
    table_rows.append(
        Row(
            (
                Text("Summa", "Total")(ctx.lang),
                "",
                *_investment_cells(totals[0], totals[1], totals[2], ctx),
            ),
            strong=True,
        )
    )
    blocks = _investment_blocks(ctx, rows, wide, table_rows)
    if ctx.allocation is not None and ctx.allocation.investments is not None:
        blocks.append(_investment_split(ctx, rows, ctx.allocation))
    return blocks


def _investment_split(ctx: ReportContext, rows: pl.DataFrame, allocation: Allocation) -> Table:
    """Who carries the investment budget: own projects directly, shared ones by the key (as
    the allocate stage split it, in the definition's rounding)."""
    split = allocation.investments
    assert split is not None
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    table_rows = [
        Row(
            (
                names[code],
                amount_cell(own, lang=ctx.lang),
                amount_cell(shared, lang=ctx.lang),
                amount_cell(total, lang=ctx.lang),
            ),
            member=code,
        )
        for code, own, shared, total in split.select(
            "municipality", "specific_ore", "general_ore", "amount_ore"
        ).iter_rows()
    ]
    return Table(
        caption=(
            Text(
                "Investeringsbudgeten per kommun: kommunspecifikt och gemensamt (tkr)",
                "Investment budget per municipality: own and shared (SEK thousand)",
            )(ctx.lang)
        ),
        columns=Texts(
            ("Kommun", "Kommunspecifikt", "Andel av gemensamt", "Summa"),
            ("Municipality", "Own", "Share of shared", "Total"),
        )(ctx.lang),
        rows=table_rows,
        source=ctx.cite(rows),
        note=(
            Text(
                f"Projekt budgeterade i en kommun är kommunens egna; övriga fördelas med nyckeln "
                f"{allocation.title(ctx.lang).lower()}.",
                f"Projects budgeted in one municipality are its own; the others are shared by "
                f"{allocation.title(ctx.lang).lower()}.",
            )(ctx.lang)
        ),
    )


def _investment_blocks(
    ctx: ReportContext, rows: pl.DataFrame, wide: pl.DataFrame, table_rows: list[Row]
) -> list[Block]:
    scale = money_scale(*(wide[k] for k in ("budget", "prognos", "utfall") if k in wide.columns))
    return [
        Table(
            caption=Text("Investeringar (tkr)", "Investments (SEK thousand)")(ctx.lang),
            columns=Texts(
                (
                    "Projekt",
                    "Budgeterad i",
                    "Budget",
                    "Prognos",
                    "Avvikelse",
                    "Utfall",
                    "Förbrukat",
                ),
                ("Project", "Budgeted in", "Budget", "Forecast", "Deviation", "Outcome", "Used"),
            )(ctx.lang),
            rows=table_rows,
            source=ctx.cite(rows),
            note=(
                Text(
                    "Ett projekt som är budgeterat i en kommun är den kommunens (VGA = "
                    "Vårgårda); de övriga delas enligt fördelningsnyckeln.",
                    "A project budgeted in one municipality is that municipality's own; the "
                    "others are shared by the key.",
                )(ctx.lang)
            ),
        ),
        Figure(
            f"{Text('Investeringar per projekt', 'Investments per project')(ctx.lang)} "
            f"({scale.label(ctx.lang)})",
            figures.investments(wide),
            ctx.cite(rows),
        ),
    ]

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
    in_sentence,
    money_scale,
    pct_cell,
)
from samverkan_ekonomi import figures
from samverkan_ekonomi.comments import analysis_blocks
from samverkan_ekonomi.lines import INVESTMENT_LINE

KINDS = ("budget", "prognos", "tidigare", "utfall")


def _investment_cells(
    amounts: tuple[int | None, ...], ctx: ReportContext, outcome_shown: bool
) -> tuple[Cell, ...]:
    """Budget, Prognos, Avvikelse helår and Förändring prognos for one project or the total,
    as the board papers show them; Utfall and Förbrukat too once there is an outcome."""
    budget, forecast, earlier, outcome = amounts

    def tkr(value: int | None) -> Cell:
        return amount_cell(value, lang=ctx.lang)

    deviation = None if budget is None or forecast is None else budget - forecast
    change = None if forecast is None or earlier is None else forecast - earlier
    cells = (tkr(budget), tkr(forecast), tkr(deviation), tkr(change))
    if not outcome_shown:
        return cells
    used = pct_cell(None if outcome is None or not budget else outcome / budget, 0, ctx.lang)
    return (*cells, tkr(outcome), used)


def _wide(ctx: ReportContext, rows: pl.DataFrame) -> pl.DataFrame:
    """Per project: the budget, the latest forecast, the one before it and the outcome."""
    months = sorted(
        rows.filter(
            (pl.col("kind") == "prognos") & (pl.col("forecast_month") <= str(ctx.period.last_month))
        )["forecast_month"]
        .unique()
        .to_list()
    )
    latest, earlier = (months[-1] if months else None), (months[-2] if len(months) > 1 else None)
    kind = (
        pl.when(pl.col("kind") != "prognos")
        .then(pl.col("kind").cast(pl.String))
        .when(pl.col("forecast_month").eq_missing(pl.lit(latest, pl.String)))
        .then(pl.lit("prognos"))
        .when(pl.col("forecast_month").eq_missing(pl.lit(earlier, pl.String)))
        .then(pl.lit("tidigare"))
    )
    wide = (
        rows.with_columns(kind.alias("kind"))
        .filter(pl.col("kind").is_not_null())
        .pivot(
            on="kind",
            index=["object", "municipality"],
            values="amount_ore",
            aggregate_function="sum",
        )
    )
    return wide.with_columns(
        pl.lit(None, pl.Int64).alias(k) for k in KINDS if k not in wide.columns
    )


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
    wide = _wide(ctx, rows)
    outcome = bool(wide["utfall"].is_not_null().any())
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    unknown = Text("ej angivet", "not stated")(ctx.lang)
    table_rows = [
        Row(
            (
                project,
                names.get(code, unknown) if code else unknown,
                *_investment_cells(tuple(amounts), ctx, outcome),
            ),
            member=code,
        )
        for project, code, *amounts in wide.select("object", "municipality", *KINDS).iter_rows()
    ]
    totals = tuple(int(wide[k].sum()) if wide[k].is_not_null().any() else None for k in KINDS)
    table_rows.append(
        Row(
            (
                Text("Summa", "Total")(ctx.lang),
                "",
                *_investment_cells(totals, ctx, outcome),
            ),
            strong=True,
        )
    )
    blocks = _investment_blocks(ctx, rows, wide, table_rows, outcome)
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
                f"{in_sentence(allocation.title(ctx.lang))}.",
                f"Projects budgeted in one municipality are its own; the others are shared by "
                f"{in_sentence(allocation.title(ctx.lang))}.",
            )(ctx.lang)
        ),
    )


def _investment_blocks(
    ctx: ReportContext,
    rows: pl.DataFrame,
    wide: pl.DataFrame,
    table_rows: list[Row],
    outcome: bool,
) -> list[Block]:
    scale = money_scale(*(wide[k] for k in ("budget", "prognos", "utfall")))
    year = ctx.period.year
    columns = Texts(
        (
            "Projekt",
            "Budgeterad i",
            f"Budget {year}",
            f"Prognos {year}",
            "Avvikelse helår",
            "Förändring prognos",
            *(("Utfall", "Förbrukat") if outcome else ()),
        ),
        (
            "Project",
            "Budgeted in",
            f"Budget {year}",
            f"Forecast {year}",
            "Full-year deviation",
            "Change in forecast",
            *(("Outcome", "Used") if outcome else ()),
        ),
    )(ctx.lang)
    title = Text("Analys: investeringar", "Analysis: investments")(ctx.lang)
    area = str(rows["area"][0])
    return [
        Table(
            caption=Text("Investeringar (tkr)", "Investments (SEK thousand)")(ctx.lang),
            columns=columns,
            rows=table_rows,
            source=ctx.cite(rows),
            note=(
                Text(
                    "Ett projekt som är budgeterat i en kommun är den kommunens; de övriga "
                    "delas enligt fördelningsnyckeln.",
                    "A project budgeted in one municipality is that municipality's own; the "
                    "others are shared by the key.",
                )(ctx.lang)
            ),
        ),
        *analysis_blocks(ctx, area, title, "investeringar"),
        Figure(
            f"{Text('Investeringar per projekt', 'Investments per project')(ctx.lang)} "
            f"({scale.label(ctx.lang)})",
            figures.investments(wide),
            ctx.cite(rows),
        ),
    ]

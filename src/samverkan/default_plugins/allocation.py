"""Built-in allocation methods (population, even) and the section "Kostnadsfördelning"."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import polars as pl

from samverkan.blocks import Block, Figure, Paragraph, Row, Table
from samverkan.context import AllocationContext, ReportContext
from samverkan.errors import InputError
from samverkan.hookspecs import hookimpl
from samverkan.registry import AllocationMethod, SectionType
from samverkan.render.format import fmt_amount, fmt_number, fmt_pct
from samverkan.render.theme import member_colors

KIND_TITLES = {
    "budget": {"sv": "Kommunbidrag (budget)", "en": "Contribution (budget)"},
    "prognos": {"sv": "Prognos", "en": "Forecast"},
}


def population_weights(context: AllocationContext) -> pl.DataFrame:
    """Each member's population on the definition's ``reference_date``."""
    date = context.options.get("reference_date")
    if not isinstance(date, str):
        raise InputError.at(
            'population kräver reference_date, till exempel "2017-12-31"',
            None,
            None,
            "allocation.reference_date",
        )
    rows = context.drivers.filter(
        (pl.col("driver") == "population") & (pl.col("reference_date") == date)
    )
    missing = sorted({m.kommunkod for m in context.unit.members} - set(rows["municipality"]))
    if missing:
        raise InputError.at(
            f"folkmängd per {date} saknas för {', '.join(missing)}; lägg till "
            "siffran (eller en märkt uppskattning) i befolkningsfilen",
            None,
            None,
            "allocation.reference_date",
        )
    return rows.select("municipality", pl.col("quantity").alias("weight"), "estimate", "source")


def even_weights(context: AllocationContext) -> pl.DataFrame:
    """The same weight for every member."""
    codes = [m.kommunkod for m in context.unit.members]
    return pl.DataFrame(
        {"municipality": codes, "weight": [1] * len(codes)},
        schema={"municipality": pl.String, "weight": pl.Int64},
    )


@hookimpl
def samverkan_register_allocation_methods(register: Callable[[AllocationMethod], None]) -> None:
    register(
        AllocationMethod(
            id="population",
            title={"sv": "Folkmängd", "en": "Population"},
            weights=population_weights,
            options=("reference_date",),
        )
    )
    register(
        AllocationMethod(
            id="even", title={"sv": "Lika delar", "en": "Equal shares"}, weights=even_weights
        )
    )


def _key_table(ctx: ReportContext, weights: pl.DataFrame, method_title: str) -> Table:
    lang, unit = ctx.lang, ctx.unit
    total = int(weights["weight"].sum())
    rows = []
    for code, weight, estimate in weights.select("municipality", "weight", "estimate").iter_rows():
        mark = f" ({ctx.phrase('estimate')})" if estimate else ""
        rows.append(
            Row(
                (
                    unit.member(code).name,
                    fmt_number(weight, lang=lang) + mark,
                    fmt_pct(weight / total, 2, lang),
                )
            )
        )
    rows.append(
        Row(
            (
                "Summa" if lang == "sv" else "Total",
                fmt_number(total, lang=lang),
                fmt_pct(1, 2, lang),
            ),
            strong=True,
        )
    )
    sources = sorted(set(weights["source"]))
    label = ctx.phrase("source" if len(sources) == 1 else "sources")
    return Table(
        caption=("Fördelningsnyckel: " if lang == "sv" else "Allocation key: ") + method_title,
        columns=(
            "Kommun" if lang == "sv" else "Municipality",
            method_title,
            "Andel" if lang == "sv" else "Share",
        ),
        rows=rows,
        source=f"{label}: {'; '.join(sources)}",
    )


def _charges_table(ctx: ReportContext, charges: pl.DataFrame) -> Table:
    lang, unit = ctx.lang, ctx.unit
    kinds = [k for k in ("budget", "prognos") if k in set(charges["kind"])]
    wide = charges.pivot(on="kind", index=["area", "municipality"], values="amount_ore")
    rows = []
    for area in unit.areas:
        part = wide.filter(pl.col("area") == area.id).sort("municipality")
        if part.height == 0:
            continue
        for row in part.iter_rows(named=True):
            rows.append(
                Row(
                    (
                        f"{area.title(lang)} – {unit.member(row['municipality']).name}",
                        *(fmt_amount(row[k], "kr", lang=lang) for k in kinds),
                    )
                )
            )
        rows.append(
            Row(
                (
                    f"{area.title(lang)}, {'summa' if lang == 'sv' else 'total'}",
                    *(fmt_amount(int(part[k].sum()), "kr", lang=lang) for k in kinds),
                ),
                strong=True,
            )
        )
    return Table(
        caption="Nettokostnad per kommun (kr)"
        if lang == "sv"
        else "Net cost per municipality (SEK)",
        columns=(
            "Område och kommun" if lang == "sv" else "Area and municipality",
            *(KIND_TITLES[k][lang] for k in kinds),
        ),
        rows=rows,
        source=ctx.cite(ctx.ledger),
        note=(
            "Avrundat till hela kronor med största-restmetoden (lika rest: lägst kommunkod "
            "först); delarna summerar exakt till områdets nettokostnad."
        )
        if lang == "sv"
        else (
            "Rounded to whole kronor by the largest-remainder method (ties: lowest kommunkod "
            "first); the parts sum exactly to the area's net cost."
        ),
    )


def _charges_figure(ctx: ReportContext, charges: pl.DataFrame) -> Figure:
    lang, unit = ctx.lang, ctx.unit
    colors = member_colors(unit)
    budget = charges.filter(pl.col("kind") == "budget")
    fig = go.Figure()
    for member in unit.members:
        part = budget.filter(pl.col("municipality") == member.kommunkod)
        by_area = dict(zip(part["area"], part["amount_ore"], strict=True))
        areas = [a for a in unit.areas if a.id in by_area]
        fig.add_trace(
            go.Bar(
                name=member.name,
                x=[a.title(lang) for a in areas],
                y=[by_area[a.id] / 100_000 for a in areas],
                marker_color=colors[member.kommunkod],
                hovertemplate="%{x}<br>" + member.name + ": %{y:,.1f} tkr<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", yaxis_title="tkr", height=420)
    return Figure(
        caption=(
            "Kommunbidrag per kommun och område (tkr)"
            if lang == "sv"
            else "Contribution per municipality and area (SEK thousand)"
        ),
        figure=fig.to_plotly_json(),
        source=ctx.cite(ctx.ledger),
    )


def build_allocation_section(ctx: ReportContext) -> Sequence[Block]:
    """Kostnadsfördelning: the key, each member's charge per area, and a stacked figure."""
    if ctx.allocation is None:
        raise InputError.at(
            "avsnittet allocation kräver en tabell [allocation] i definitionen",
            str(ctx.definition.path),
            None,
            "allocation",
        )
    charges, weights = ctx.allocation.charges, ctx.allocation.weights
    method_title = ctx.allocation.title(ctx.lang)
    params = json.loads(charges["params"][0]) if charges.height else {}
    date = params.get("reference_date")
    lead = (
        (
            f"Varje områdes nettokostnad fördelas mellan kommunerna efter {method_title.lower()}"
            + (f" per {date}" if date else "")
            + "."
        )
        if ctx.lang == "sv"
        else (
            f"Each area's net cost is shared between the municipalities by "
            f"{method_title.lower()}" + (f" on {date}" if date else "") + "."
        )
    )
    blocks: list[Block] = [
        Paragraph(lead),
        _key_table(ctx, weights, method_title),
        _charges_table(ctx, charges),
        _charges_figure(ctx, charges),
    ]
    return blocks


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="allocation",
            title={"sv": "Kostnadsfördelning", "en": "Cost allocation"},
            build=build_allocation_section,
        )
    )

"""Built-in allocation methods (population, even) and the section "Kostnadsfördelning"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

import polars as pl

from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.allocate.results import Allocation
from samverkan.api import Axis, Cell, Chart, Series, Text, current_view, number_cell, pct_cell
from samverkan.builtin.comparisons import comparison_blocks, gain_blocks, scenario_blocks
from samverkan.builtin.fair_shares import ROUNDING
from samverkan.builtin.settlement import settlement_blocks
from samverkan.compose.blocks import Block, Figure, Paragraph, Row, Table, amount_cell
from samverkan.compose.registry import ReportContext, SectionType
from samverkan.errors import InputError
from samverkan.hookspecs import hookimpl
from samverkan.model.format import money_scale
from samverkan.model.text import Lang, in_sentence

KIND_TITLES = {
    "budget": {"sv": "Kommunbidrag (budget)", "en": "Contribution (budget)"},
    "prognos": {"sv": "Prognos", "en": "Forecast"},
    "utfall": {"sv": "Utfall", "en": "Outcome"},
    "own": {"sv": "Varav egna kostnader (budget)", "en": "Of which own costs (budget)"},
}


def _require_members(rows: pl.DataFrame, context: AllocationContext, what: str, key: str) -> None:
    missing = sorted({m.kommunkod for m in context.unit.members} - set(rows["municipality"]))
    if missing:
        raise InputError.at(
            f"{what} saknas för {', '.join(missing)}; lägg till siffran (eller en "
            "märkt uppskattning) i nyckelfilen",
            None,
            None,
            key,
        )


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
    _require_members(rows, context, f"folkmängd per {date}", "allocation.reference_date")
    return rows.select("municipality", pl.col("quantity").alias("weight"), "estimate", "source")


def usage_weights(context: AllocationContext) -> pl.DataFrame:
    """Each member's use of a driver (``usage:tickets``), summed per member over the rows the
    core counts for the key (the year to date unless ``[allocation.periods]`` says otherwise).
    """
    driver = context.argument
    if not driver:
        raise InputError.at(
            "usage kräver en nyckel efter kolon, till exempel usage:tickets",
            None,
            None,
            "allocation.method",
        )
    rows = context.drivers.filter(pl.col("driver") == driver)
    _require_members(rows, context, f"nyckeln {driver}", "allocation.method")
    return rows.group_by("municipality").agg(
        pl.col("quantity").sum().alias("weight"),
        pl.col("estimate").any(),
        pl.col("source").unique().sort().str.join("; "),
    )


def fixed_weights(context: AllocationContext) -> pl.DataFrame:
    """Agreed percentages: ``shares = {"1466" = 45, "1442" = 55}``, or ``fixed`` driver rows."""
    shares = context.options.get("shares")
    if isinstance(shares, dict):
        parsed = {str(k): _share(v, f"allocation.shares.{k}") for k, v in shares.items()}
    elif shares is not None:
        raise InputError.at(
            'shares ska vara en tabell { "1466" = 45, "1442" = 55 }',
            None,
            None,
            "allocation.shares",
        )
    else:
        fixed = context.drivers.filter(pl.col("driver") == "fixed")
        parsed = {
            code: _share(quantity, f"fixed {code}")
            for code, quantity in fixed.select("municipality", "quantity").iter_rows()
        }
    rows = pl.DataFrame(
        {"municipality": list(parsed), "weight": list(parsed.values())},
        schema={"municipality": pl.String, "weight": pl.Int64},
    )
    _require_members(rows, context, "avtalad andel", "allocation.shares")
    weights = rows
    if weights["weight"].sum() != 100 * 10_000:
        raise InputError.at(
            "de avtalade andelarna ska summera till 100 %", None, None, "allocation.shares"
        )
    return weights


def _share(value: object, key: str) -> int:
    """A percentage with at most four decimals as an exact weight in 1/10 000 %."""
    wrong = InputError.at(
        f"{value!r} är ingen andel: skriv procent mellan 0 och 100, högst fyra decimaler "
        "(till exempel 45 eller 45,5 som 45.5)",
        None,
        None,
        key,
    )
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise wrong
    try:
        share = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise wrong from None
    if not share.is_finite() or not 0 <= share <= 100 or share != share.quantize(Decimal("0.0001")):
        raise wrong
    return int(share * 10_000)


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
            quantity="population",
        )
    )
    register(
        AllocationMethod(
            id="usage",
            title={"sv": "Nyttjande", "en": "Usage"},
            weights=usage_weights,
            quantity="{argument}",
        )
    )
    register(
        AllocationMethod(
            id="fixed",
            title={"sv": "Avtalade andelar", "en": "Agreed shares"},
            weights=fixed_weights,
            options=("shares",),
        )
    )
    register(
        AllocationMethod(
            id="even",
            title={"sv": "Lika delar", "en": "Equal shares"},
            weights=even_weights,
            equal=True,
        )
    )


def _decimals(quantities: Sequence[Decimal]) -> int:
    """The fewest decimals that show every quantity exactly (0 for whole numbers)."""
    return max((max(0, -int(q.normalize().as_tuple().exponent)) for q in quantities), default=0)


def _key_table(ctx: ReportContext, weights: pl.DataFrame, method_title: str) -> Table:
    lang, unit = ctx.lang, ctx.unit
    total = int(weights["weight"].sum())
    decimals = _decimals(weights["quantity"].to_list())
    rows = []
    columns = ("municipality", "quantity", "weight", "estimate")
    for code, quantity, weight, estimate in weights.select(columns).iter_rows():
        mark = f" ({ctx.phrase('estimate')})" if estimate else ""
        shown = number_cell(quantity if decimals else int(quantity), decimals, lang)
        rows.append(
            Row(
                (
                    unit.member(code).name,
                    Cell(f"{shown.text}{mark}", shown.value, decimals=decimals),
                    pct_cell(weight / total, 2, lang),
                ),
                member=code,
            )
        )
    whole = weights["quantity"].sum()
    rows.append(
        Row(
            (
                Text("Summa", "Total")(lang),
                number_cell(whole if decimals else int(whole), decimals, lang),
                pct_cell(1, 2, lang),
            ),
            strong=True,
        )
    )
    sources = sorted(set(weights["source"]))
    label = ctx.phrase("source" if len(sources) == 1 else "sources")
    return Table(
        caption=(Text("Fördelningsnyckel: ", "Allocation key: ")(lang)) + method_title,
        columns=(
            Text("Kommun", "Municipality")(lang),
            method_title,
            Text("Andel", "Share")(lang),
        ),
        rows=rows,
        source=f"{label}: {'; '.join(sources)}",
    )


def _kr(ore: int | None, lang: Lang) -> Cell:
    """An amount in kronor; a dash where an area has no such figure (a budget but no prognos)."""
    return amount_cell(ore, "kr", lang=lang)


def _used(ctx: ReportContext, kinds: Sequence[str]) -> pl.DataFrame:
    """The ledger rows the table shows: budget and the latest forecast, and at the year end
    the outcome, so its citation names only what it rests on."""
    used = current_view(ctx.ledger, ctx.period)
    if "utfall" in kinds:
        used = pl.concat([used, ctx.ledger.filter(pl.col("kind") == "utfall")])
    return used


def _charges_table(ctx: ReportContext, charges: pl.DataFrame) -> Table:
    lang, unit = ctx.lang, ctx.unit
    # At the year end the outcome takes the forecast's place: the settlement is against it.
    later = "utfall" if "utfall" in set(charges["kind"]) else "prognos"
    kinds = [k for k in ("budget", later) if k in set(charges["kind"])]
    wide = charges.pivot(on="kind", index=["area", "municipality"], values="amount_ore")
    # A member's own costs (charged to it alone, outside the key) shown apart, when there are.
    own = charges.filter(pl.col("kind") == "budget").select(
        "area", "municipality", pl.col("specific_ore").alias("own")
    )
    columns = [*kinds, *(["own"] if (own["own"] != 0).any() else [])]
    wide = wide.join(own, on=["area", "municipality"], how="left")
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
                        *(_kr(row[k], lang) for k in columns),
                    ),
                    member=row["municipality"],
                )
            )
        rows.append(
            Row(
                (
                    f"{area.title(lang)}, {Text('summa', 'total')(lang)}",
                    *(
                        _kr(None if part[k].is_null().all() else int(part[k].sum()), lang)
                        for k in columns
                    ),
                ),
                strong=True,
            )
        )
    note = Text(
        "Beloppen är avrundade till hela kronor så att delarna summerar exakt till områdets "
        "nettokostnad: ",
        "Amounts are rounded to whole kronor so that the parts sum exactly to the area's net "
        "cost: ",
    )(lang) + ROUNDING.meaning(lang)
    if "own" in columns:
        note += Text(
            " Egna kostnader är kostnader som bara gäller en kommun; de ingår i "
            "kommunbidraget och går till den kommunen ensam, utanför nyckeln.",
            " Own costs are costs of one member only; they are part of its contribution and "
            "go to that member alone, outside the key.",
        )(lang)
    return Table(
        caption=Text("Nettokostnad per kommun (kr)", "Net cost per municipality (SEK)")(lang),
        columns=(
            Text("Område och kommun", "Area and municipality")(lang),
            *(KIND_TITLES[k][lang] for k in columns),
        ),
        rows=rows,
        source=ctx.cite(_used(ctx, kinds)),
        note=note,
    )


def _charges_figure(ctx: ReportContext, charges: pl.DataFrame) -> Figure:
    lang, unit = ctx.lang, ctx.unit
    budget = charges.filter(pl.col("kind") == "budget")
    # Stacked: the axis must reach the largest member's total, not just its largest part.
    scale = money_scale(
        budget.group_by("municipality").agg(pl.col("amount_ore").sum())["amount_ore"]
    )
    series = []
    for member in unit.members:
        part = budget.filter(pl.col("municipality") == member.kommunkod)
        by_area = dict(zip(part["area"], part["amount_ore"], strict=True))
        areas = [a for a in unit.areas if a.id in by_area]
        series.append(
            Series(
                None,
                [a.title(lang) for a in areas],
                [by_area[a.id] for a in areas],
                member=member.kommunkod,
            )
        )
    return Figure(
        caption=(
            Text(
                f"Kommunbidrag per kommun och område ({scale.label(lang)})",
                f"Contribution per municipality and area ({scale.label(lang)})",
            )(lang)
        ),
        spec=Chart(series, y=Axis(format="money"), bars="stack", height=420),
        source=ctx.cite(current_view(ctx.ledger, ctx.period)),
    )


def _area_key(ctx: ReportContext, area: str, keyed: Allocation) -> list[Block]:
    """An area with a key of its own (``[allocation.areas]``): what it is, and its table."""
    title = keyed.title(ctx.lang)
    lead = Text(
        f"{area} fördelas i stället efter {in_sentence(title)}.",
        f"{area} is shared by {in_sentence(title)} instead.",
    )(ctx.lang)
    return [Paragraph(lead), _key_table(ctx, keyed.weights, f"{area}: {title}")]


def build_allocation_section(ctx: ReportContext) -> Sequence[Block]:
    """Kostnadsfördelning: the key, each member's charge per area, and a stacked figure."""
    if ctx.allocation is None:
        raise InputError.at(
            "avsnittet allocation kräver en tabell [allocation] i definitionen",
            str(ctx.definition.path),
            None,
            "allocation",
        )
    charges, weights = ctx.allocation.by_area(), ctx.allocation.weights
    method_title = ctx.allocation.title(ctx.lang)
    spec = ctx.definition.allocation
    # A usage key names the time its driver covers in its title; population its date here.
    dated = spec is not None and ctx.allocation.spec.argument is None
    date = spec.options.get("reference_date") if spec is not None and dated else None
    lead = Text(
        f"Varje områdes nettokostnad fördelas mellan kommunerna efter {in_sentence(method_title)}"
        + (f" per {date}" if date else "")
        + ".",
        f"Each area's net cost is shared between the municipalities by "
        f"{in_sentence(method_title)}" + (f" on {date}" if date else "") + ".",
    )(ctx.lang)
    main = ctx.allocation
    own = [
        block
        for area, keyed in main.areas.items()
        for block in _area_key(ctx, ctx.unit.area(area).title(ctx.lang), keyed)
    ]
    return [
        Paragraph(lead),
        _key_table(ctx, weights, method_title),
        *own,
        _charges_table(ctx, charges),
        ROUNDING.term(ctx.lang),
        _charges_figure(ctx, charges),
        *settlement_blocks(ctx, main),
        *comparison_blocks(ctx, main),
        *gain_blocks(ctx, main),
        *scenario_blocks(ctx, main),
    ]


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="allocation",
            title={"sv": "Kostnadsfördelning", "en": "Cost allocation"},
            build=build_allocation_section,
        )
    )

"""Blocks of the "Kostnadsfördelning" section beyond the key itself: other keys side by side
(the cross-subsidy between members), the cooperation gain, and a joining or leaving member."""

from __future__ import annotations

from samverkan.allocate.results import Allocation, budget_by_member
from samverkan.api import Axis, Cell, Chart, Series, Text, Texts, in_sentence, pct_cell
from samverkan.builtin.fair_shares import AGREED, METHODS, agree, methods_note
from samverkan.compose.blocks import Block, Figure, Paragraph, Row, Table, amount_cell
from samverkan.compose.registry import ReportContext
from samverkan.model.format import money_scale


def _kr(ore: int | None, ctx: ReportContext) -> Cell:
    return amount_cell(ore, "kr", lang=ctx.lang)


def _key_name(allocation: Allocation, ctx: ReportContext) -> str:
    return in_sentence(allocation.title(ctx.lang))


def _keys_source(ctx: ReportContext, allocations: tuple[Allocation, ...]) -> str:
    sources = sorted({s for a in allocations for s in a.weights["source"]})
    return f"{ctx.phrase('source' if len(sources) == 1 else 'sources')}: {'; '.join(sources)}"


def comparison_blocks(ctx: ReportContext, main: Allocation) -> list[Block]:
    """Each member's yearly budget charge under the definition's key and under each other key."""
    if not main.alternatives:
        return []
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    codes = list(names)
    today = budget_by_member(main)
    columns = [Text("Kommun", "Municipality")(ctx.lang), main.title(ctx.lang)]
    cells: dict[str, list[str | Cell]] = {
        code: [names[code], _kr(today[code], ctx)] for code in names
    }
    sentences = []
    for alt in main.alternatives:
        other = budget_by_member(alt)
        columns += [
            alt.title(ctx.lang),
            Text("Skillnad", "Difference")(ctx.lang),
        ]
        for code in codes:
            diff = other[code] - today[code]
            share = pct_cell(diff / today[code] if today[code] else None, 1, ctx.lang)
            # The workbook: the difference in kr and as a share, each a number of its own.
            cells[code] += [
                _kr(other[code], ctx),
                Cell(
                    f"{_kr(diff, ctx)} ({share})",
                    spread=(("", _kr(diff, ctx)), ("(%)", share)),
                ),
            ]
            if diff:
                word = Text("mer" if diff > 0 else "mindre", "more" if diff > 0 else "less")(
                    ctx.lang
                )
                who, much, other_key = names[code], _kr(abs(diff), ctx), _key_name(alt, ctx)
                sentences.append(
                    Paragraph(
                        Text(
                            f"{who} skulle betala {much} kr {word} per år med nyckeln "
                            f"{other_key} än med {_key_name(main, ctx)}.",
                            f"{who} would pay SEK {much} {word} a year under the {other_key} "
                            f"key than under {_key_name(main, ctx)}.",
                        )(ctx.lang),
                        member=code,
                    )
                )
    table = Table(
        caption=(
            Text(
                "Kommunbidrag per år med olika fördelningsnycklar (kr)",
                "Yearly contribution under different keys (SEK)",
            )(ctx.lang)
        ),
        columns=columns,
        rows=[Row(cells[c], member=c) for c in names],
        source=ctx.cite(ctx.drivers),
        note=(
            Text(
                "Skillnaden är vad kommunen skulle betala mer (+) eller mindre (−) med den andra "
                "nyckeln; med en nyttjandenyckel visar den korssubventioneringen mellan "
                "kommunerna i dag.",
                "The difference is what the municipality would pay more (+) or less (−) under the "
                "other key; under a usage key it shows today's cross-subsidy.",
            )(ctx.lang)
        ),
    )
    per_key = [budget_by_member(alloc) for alloc in (main, *main.alternatives)]
    scale = money_scale(*(charges.values() for charges in per_key))
    figure = Chart(
        [
            Series(
                _key_name(alloc, ctx),
                [names[c] for c in names],
                [charges[c] for c in names],
                members=list(names),  # a bar per member: the filter marks the chosen one's
            )
            for alloc, charges in zip((main, *main.alternatives), per_key, strict=True)
        ],
        y=Axis(format="money"),
    )
    return [
        table,
        *sentences,
        Figure(
            f"{Text('Kommunbidrag per nyckel', 'Contribution per key')(ctx.lang)} "
            f"({scale.label(ctx.lang)})",
            figure,
            ctx.cite(ctx.drivers),
        ),
    ]


def gain_blocks(ctx: ReportContext, main: Allocation) -> list[Block]:
    """Stand-alone estimates, the key's charges and the fair shares (one column where the three
    methods agree); rationality in words; the methods' formal names for the appendix."""
    gain = main.gain
    if gain is None:
        return []
    names = {m.kommunkod: m.name for m in ctx.unit.members}
    agreed = agree(gain.table)
    fair = METHODS[:1] if agreed else METHODS
    rows = [
        Row(
            (
                names[r["municipality"]],
                _kr(r["standalone"], ctx),
                _kr(r["key"], ctx),
                *(_kr(r[m.column], ctx) for m in fair),
                _kr(r["standalone"] - r["key"], ctx),
            ),
            member=r["municipality"],
        )
        for r in gain.table.iter_rows(named=True)
    ]
    checks = []
    for r in gain.table.iter_rows(named=True):
        name, diff = names[r["municipality"]], r["key"] - r["standalone"]
        if diff > 0:
            checks.append(
                Paragraph(
                    Text(
                        f"{name} betalar med {_key_name(main, ctx)}snyckeln {_kr(diff, ctx)} kr "
                        "mer än kommunen beräknas kosta på egen hand: med den nyckeln lönar sig "
                        f"samarbetet inte för {name}.",
                        f"Under the {_key_name(main, ctx)} key {name} pays SEK "
                        f"{_kr(diff, ctx)} more than it is estimated to cost alone: under that key "
                        f"the cooperation does not pay for {name}.",
                    )(ctx.lang),
                    "warning",
                    member=r["municipality"],
                )
            )
        else:
            checks.append(
                Paragraph(
                    Text(
                        f"{name} betalar {_kr(-diff, ctx)} kr mindre än på egen hand.",
                        f"{name} pays SEK {_kr(-diff, ctx)} less than alone.",
                    )(ctx.lang),
                    member=r["municipality"],
                )
            )
    lead = Paragraph(
        Text(
            f"Samarbetet beräknas spara {_kr(gain.saving, ctx)} kr per år jämfört med att varje "
            "kommun driver funktionen själv. Kostnaderna på egen hand är uppskattningar.",
            f"The cooperation is estimated to save SEK {_kr(gain.saving, ctx)} a year against "
            "each member running the function alone. Stand-alone costs are estimates.",
        )(ctx.lang),
        "note",
    )
    heads = [AGREED(ctx.lang)] if agreed else [m.name(ctx.lang) for m in METHODS]
    table = Table(
        caption=Text(
            "Samverkansvinst och rättvis fördelning (kr per år)",
            "Cooperation gain and fair shares (SEK a year)",
        )(ctx.lang),
        columns=(
            Text("Kommun", "Municipality")(ctx.lang),
            Text("På egen hand (uppskattning)", "Alone (estimate)")(ctx.lang),
            Text("Enligt nyckeln", "By the key")(ctx.lang),
            *heads,
            Text("Besparing enligt nyckeln", "Saving by the key")(ctx.lang),
        ),
        rows=rows,
        source=f"{ctx.phrase('source')}: {gain.source}",
        note=methods_note(agreed, len(names), ctx.lang),
    )
    return [lead, table, *checks, *(m.term(ctx.lang) for m in METHODS)]


def scenario_blocks(ctx: ReportContext, main: Allocation) -> list[Block]:
    """Each member's yearly budget charge today and in the join/leave scenario."""
    scenario = main.scenario
    if scenario is None:
        return []
    rows = [
        Row(
            (
                r["name"],
                _kr(r["today"], ctx),
                _kr(r["scenario"], ctx),
                "–"
                if r["today"] is None or r["scenario"] is None
                else _kr(r["scenario"] - r["today"], ctx),
            ),
            member=r["municipality"],
        )
        for r in scenario.table.iter_rows(named=True)
    ]
    note = Text(
        "Samma kostnader fördelade med samma nyckel; en ny medlem skulle i verkligheten "
        "också ändra kostnaderna.",
        "The same costs under the same key; a new member would in reality also change the costs.",
    )(ctx.lang)
    if scenario.estimate:
        note += Text(
            " Den nya medlemmens nyckeltal är en uppskattning.",
            " The new member's figures are an estimate.",
        )(ctx.lang)
    return [
        Table(
            caption=f"{scenario.title(ctx.lang)} {Text('(kr per år)', '(SEK per year)')(ctx.lang)}",
            columns=Texts(
                ("Kommun", "I dag", "I scenariot", "Skillnad"),
                ("Municipality", "Today", "Scenario", "Difference"),
            )(ctx.lang),
            rows=rows,
            source=ctx.cite(ctx.ledger),
            note=note,
        )
    ]

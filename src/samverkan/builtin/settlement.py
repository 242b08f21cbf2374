"""The year end's settlement (slutreglering): each member's share of the year's outcome against
the kommunbidrag it was charged in the budget, and what that means it pays in or is paid back.

Both sides are the allocate stage's charges under the board's key (a member's own costs
charged to it alone), so the shares of the outcome sum to the outcome to the öre and the
settlements to the board's result against its budget.
"""

from __future__ import annotations

import polars as pl

from samverkan.allocate.results import Allocation, Settlement, settlement, unsettled_areas
from samverkan.compose.blocks import Block, Row, Table, amount_cell
from samverkan.compose.registry import ReportContext
from samverkan.model.format import fmt_money, settlement_word
from samverkan.model.text import Lang, Text, Texts, in_sentence

COLUMNS = Texts(
    ("Kommun", "Kommunbidrag (budget)", "Andel av utfallet", "Slutreglering", "Innebär"),
    ("Municipality", "Contribution (budget)", "Share of the outcome", "Settlement", "Means"),
)


def settlement_phrase(item: Settlement, lang: Lang) -> str:
    """``andel av utfallet 6 888 tkr, tilläggsdebitering 89 tkr`` for the first screen, in
    tkr as the member's kommunbidrag before it in the same sentence (the table has kronor)."""
    outcome = fmt_money(item.outcome_ore, lang=lang)
    diff = item.difference_ore
    amount = f" {fmt_money(abs(diff), lang=lang)}" if diff else ""
    return Text(
        f"andel av utfallet {outcome}, {settlement_word(diff, lang)}{amount}",
        f"share of the outcome {outcome}, {settlement_word(diff, lang)}{amount}",
    )(lang)


def settlement_total(items: tuple[Settlement, ...], year: int, lang: Lang) -> str:
    """The board's settlement in one sentence: the outcome against the contributions."""
    budget = sum(s.budget_ore for s in items)
    outcome = sum(s.outcome_ore for s in items)
    diff = outcome - budget
    amount = fmt_money(abs(diff), "kr", lang=lang)
    if diff > 0:
        then = Text(
            f"kommunerna betalar in {amount} (tilläggsdebitering)",
            f"the members pay in {amount} (additional charge)",
        )
    elif diff < 0:
        then = Text(
            f"kommunerna får tillbaka {amount} (återbetalning)",
            f"the members are paid back {amount} (repayment)",
        )
    else:
        then = Text("ingen reglering behövs", "no settlement is needed")
    return Text(
        f"Slutreglering {year}: utfallet är {fmt_money(outcome, 'kr', lang=lang)} mot "
        f"kommunbidragen {fmt_money(budget, 'kr', lang=lang)}, så {then('sv')}.",
        f"Settlement {year}: the outcome is {fmt_money(outcome, 'kr', lang=lang)} against "
        f"contributions of {fmt_money(budget, 'kr', lang=lang)}, so {then('en')}.",
    )(lang)


def settlement_blocks(ctx: ReportContext, main: Allocation) -> list[Block]:
    """The settlement table at the year end; nothing before it."""
    items = settlement(main)
    if not items:
        return []
    lang, year = ctx.lang, ctx.period.year
    rows = [
        Row(
            (
                ctx.unit.member(s.municipality).name,
                amount_cell(s.budget_ore, "kr", 2, lang),
                amount_cell(s.outcome_ore, "kr", 2, lang),
                amount_cell(s.difference_ore, "kr", 2, lang),
                settlement_word(s.difference_ore, lang),
            ),
            member=s.municipality,
        )
        for s in items
    ]
    budget, outcome = sum(s.budget_ore for s in items), sum(s.outcome_ore for s in items)
    rows.append(
        Row(
            (
                Text("Summa", "Total")(lang),
                amount_cell(budget, "kr", 2, lang),
                amount_cell(outcome, "kr", 2, lang),
                amount_cell(outcome - budget, "kr", 2, lang),
                settlement_word(outcome - budget, lang),
            ),
            strong=True,
        )
    )
    missing = [a.title(lang) for a in ctx.unit.areas if a.id in unsettled_areas(main)]
    left_out = (
        Text(
            f" Områden utan årets utfall ingår inte: {', '.join(missing)}.",
            f" Areas without the year's outcome are left out: {', '.join(missing)}.",
        )(lang)
        if missing
        else ""
    )
    key = in_sentence(main.title(lang))
    used = ctx.ledger.filter(
        (pl.col("scope").cast(pl.String) == "drift")
        & pl.col("kind").cast(pl.String).is_in(["budget", "utfall"])
    )
    return [
        Table(
            caption=Text(
                f"Slutreglering {year} per kommun (kr)", f"Settlement {year} per municipality (SEK)"
            )(lang),
            columns=COLUMNS(lang),
            rows=rows,
            source=ctx.cite(used),
            numeric=(False, True, True, True, False),
            note=Text(
                f"Årets utfall fördelas med samma nyckel som kommunbidraget ({key}), och en "
                "kommuns egna kostnader går till den kommunen ensam. Slutreglering = andel av "
                "utfallet − kommunbidrag: ett positivt belopp tilläggsdebiteras kommunen, ett "
                "negativt återbetalas. Delarna summerar exakt till utfallet." + left_out,
                f"The year's outcome is split by the same key as the contribution ({key}), and a "
                "member's own costs go to that member alone. Settlement = share of the outcome − "
                "contribution: a positive amount is charged to the member in addition, a "
                "negative one is paid back. The parts sum exactly to the outcome." + left_out,
            )(lang),
        )
    ]

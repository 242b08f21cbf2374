"""The first screen's answer to what each member pays: the year's kommunbidrag, the key (or
keys, when an area has its own) that splits it, each member's charge and share, what it
would pay under each compared key and, at the year end, its settlement."""

from __future__ import annotations

from decimal import Decimal

import attrs
import polars as pl

from samverkan.allocate.results import Allocation, budget_by_member, key_population, settlement
from samverkan.builtin.settlement import settlement_phrase, settlement_total
from samverkan.compose.answers import Answer, Line
from samverkan.compose.registry import ReportContext
from samverkan.model.format import fmt_money, fmt_number, fmt_pct
from samverkan.model.text import Text, in_sentence, joined


@attrs.frozen
class _Part:
    """One key and what it splits: its areas' budget, shared (by the key) and own per member."""

    key: Allocation
    areas: tuple[str, ...]
    charges: dict[str, int]
    shared: dict[str, int]
    own: dict[str, int]


def _parts(main: Allocation, order: list[str]) -> list[_Part]:
    """The board's key with the areas that have none of their own, then each area's own key
    (an area whose own key is the board's, or another area's, joins that one's part)."""
    budget = main.by_area().filter(pl.col("kind") == "budget")
    keys: list[tuple[Allocation, list[str]]] = [(main, [])]
    known = {a: i for i, a in enumerate(order)}
    for area in sorted(budget["area"].unique(), key=lambda a: (known.get(a, len(order)), a)):
        keyed = main.areas.get(area, main)
        group = next((g for k, g in keys if k.spec == keyed.spec), None)
        if group is None:
            keys.append((keyed, [area]))
        else:
            group.append(area)
    parts = []
    for key, areas in (k for k in keys if k[1]):
        rows = budget.filter(pl.col("area").is_in(areas)).group_by("municipality")
        sums = rows.agg(pl.col("amount_ore", "general_ore", "specific_ore").sum())
        by = [dict(sums.select("municipality", c).iter_rows()) for c in sums.columns[1:]]
        parts.append(_Part(key, tuple(areas), *by))
    return parts


def _key_phrase(ctx: ReportContext, part: _Part) -> tuple[str, bool]:
    """``folkmängd (folkmängden 2017-12-31), 39 kr per invånare``: a key as the sum says it
    and whether it said what each member pays per inhabitant (under a population key every
    member pays the same per inhabitant of the shared costs: said once, for what it splits)."""
    lang, key = ctx.lang, part.key
    phrase = in_sentence(key.title(lang))
    allocation = ctx.definition.allocation
    date = allocation.options.get("reference_date") if allocation else None
    if key.method == "population" and date:  # which people: the key's date, by the sum
        phrase += Text(f" (folkmängden {date})", f" (population on {date})")(lang)
    people = key_population(key)
    if key.method != "population" or not all(people.get(c) for c in part.charges):
        return phrase, False
    if not sum(part.charges.values()):
        return phrase, True
    head = fmt_number(
        Decimal(sum(part.shared.values())) / 100 / sum(people[c] for c in part.charges), 0, lang
    )
    of = (
        Text(" av de gemensamma kostnaderna", " of the shared costs")(lang)
        if any(part.own.values())
        else ""
    )
    return phrase + Text(f", {head} kr per invånare{of}", f", SEK {head} per inhabitant{of}")(
        lang
    ), True


def _total_line(ctx: ReportContext, parts: list[_Part], total: int) -> tuple[Line, bool]:
    """The year's kommunbidrag and the key that splits it, or, when areas have keys of their
    own, how much each key splits and for which areas; and whether a key said it per head."""
    lang, year = ctx.lang, ctx.period.year
    amount = fmt_money(total, lang=lang)
    said = [_key_phrase(ctx, part) for part in parts]
    if len(parts) == 1:
        ((phrase, per_head),) = said
        return Line(
            Text(
                f"Kommunbidragen {year} är {amount}, fördelade efter {phrase}.",
                f"The {year} contributions are {amount}, shared by {phrase}.",
            )(lang)
        ), per_head
    pieces = []
    for part, (phrase, _) in zip(parts, said, strict=True):
        areas = joined([ctx.unit.area(a).title(lang) for a in part.areas], lang)
        share = fmt_money(sum(part.charges.values()), lang=lang)
        pieces.append(
            Text(
                f"{share} för {areas} fördelade efter {phrase}",
                f"{share} for {areas} shared by {phrase}",
            )(lang)
        )
    return Line(
        Text(
            f"Kommunbidragen {year} är {amount}: {'; '.join(pieces)}.",
            f"The {year} contributions are {amount}: {'; '.join(pieces)}.",
        )(lang)
    ), any(per_head for _, per_head in said)


def cost_answer(ctx: ReportContext) -> Answer | None:
    """Each member's charge for the year under the agreed key (each area's, when an area has
    its own), its share and per inhabitant (of the shared costs: a member's own costs are said
    apart), what it would pay under each compared key and, at the year end, its settlement
    against the outcome."""
    main = ctx.allocation
    if main is None:
        return None
    lang = ctx.lang
    charges = budget_by_member(main)
    shared = budget_by_member(main, "general_ore")
    own = budget_by_member(main, "specific_ore")
    total = sum(charges.values())
    people = key_population(main)
    parts = _parts(main, [a.id for a in ctx.unit.areas])
    first, per_head = _total_line(ctx, parts, total)
    lines = [first]
    settled = {s.municipality: s for s in settlement(main)}
    if settled:
        lines.append(Line(settlement_total(tuple(settled.values()), ctx.period.year, lang)))
    outside = (
        Text("utanför nyckeln", "outside the key")
        if len(parts) == 1
        else Text("utanför nycklarna", "outside the keys")
    )
    for member in ctx.unit.members:
        code = member.kommunkod
        charge = charges.get(code, 0)
        share = fmt_pct(charge / total, 1, lang) if total else "–"
        per = ""
        if people.get(code) and not per_head:
            amount = fmt_number(Decimal(shared.get(code, 0)) / 100 / people[code], 0, lang)
            per = Text(f", {amount} kr per invånare", f", SEK {amount} per inhabitant")(lang)
        if own.get(code):
            mine = fmt_money(own[code], lang=lang)
            per += Text(
                f", varav {mine} egna kostnader {outside.sv}",
                f", of which {mine} own costs {outside.en}",
            )(lang)
        then = f"; {settlement_phrase(settled[code], lang)}" if code in settled else ""
        lines.append(
            Line(
                Text(
                    f"{member.name}: {fmt_money(charge, lang=lang)} ({share}{per}){then}.",
                    f"{member.name}: {fmt_money(charge, lang=lang)} ({share}{per}){then}.",
                )(lang),
                member=code,
            )
        )
    lines += _compared(main, ctx)
    return Answer(tuple(lines), evidence="allocation")


def _compared(main: Allocation, ctx: ReportContext) -> list[Line]:
    lang, today = ctx.lang, budget_by_member(main)
    out = []
    for alt in main.alternatives:
        other = budget_by_member(alt)
        for member in ctx.unit.members:
            code = member.kommunkod
            diff = other.get(code, 0) - today.get(code, 0)
            change = Text(
                "lika mycket"
                if diff == 0
                else f"{fmt_money(abs(diff), lang=lang)} {'mer' if diff > 0 else 'mindre'}",
                "the same"
                if diff == 0
                else f"{fmt_money(abs(diff), lang=lang)} {'more' if diff > 0 else 'less'}",
            )(lang)
            out.append(
                Line(
                    Text(
                        f"{member.name} med nyckeln {in_sentence(alt.title('sv'))}: "
                        f"{fmt_money(other.get(code, 0), lang=lang)}, {change}.",
                        f"{member.name} under the key {in_sentence(alt.title('en'))}: "
                        f"{fmt_money(other.get(code, 0), lang=lang)}, {change}.",
                    )(lang),
                    member=code,
                )
            )
    return out

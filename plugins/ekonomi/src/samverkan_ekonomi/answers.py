"""The ekonomi plugin's answer on the first screen: the year's forecast against budget per
area and in total (the outcome, once the year has ended and it is known), each member's share
of it under the board's key, the change since the previous forecast, and the controller's
words."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.api import (
    Answer,
    AnswerType,
    Lang,
    Line,
    Period,
    ReportContext,
    Text,
    against_budget,
    fmt_money,
    hookimpl,
)
from samverkan_ekonomi import followup
from samverkan_ekonomi.comments import analysis_lead


def _month_name(month: str, lang: Lang) -> str:
    return Period.parse(month).name(lang)


KIND_WORDS = {
    "prognos": Text("prognos", "forecast"),
    "utfall": Text("utfall", "outcome"),
}
TOTAL_WORDS = {
    frozenset({"prognos"}): Text("Helårsprognosen", "The full-year forecast"),
    frozenset({"utfall"}): Text("Årets utfall", "The year's outcome"),
    frozenset({"prognos", "utfall"}): Text("Utfall och prognos", "Outcome and forecast"),
}
SHARE_WORDS = {
    frozenset({"prognos"}): Text("andel av prognosen", "share of the forecast"),
    frozenset({"utfall"}): Text("andel av utfallet", "share of the outcome"),
    frozenset({"prognos", "utfall"}): Text(
        "andel av utfall och prognos", "share of outcome and forecast"
    ),
}


def economy_answer(ctx: ReportContext) -> Answer | None:
    lang, period = ctx.lang, ctx.period
    lines: list[Line] = []
    totals = [0, 0]
    changes: list[int] = []
    followed: dict[str, str] = {}  # area → the kind its year is said by: prognos or utfall
    for area in ctx.unit.areas:
        budget = followup.budget(ctx.ledger, period, area.id)
        forecasts = followup.forecasts(ctx.ledger, period, area.id)
        outcome = followup.final_outcome(ctx.ledger, period, area.id)
        if forecasts.height == 0 and outcome is None:
            continue
        # Once the year has ended its outcome is known: say it, not December's forecast.
        kind = "prognos" if outcome is None else "utfall"
        figure = int(forecasts["prognos"][-1]) if outcome is None else outcome
        followed[area.id] = kind
        totals[0] += budget
        totals[1] += figure
        against, tone = against_budget(budget, figure, lang)
        word = KIND_WORDS[kind]
        sentence = Text(
            f"{area.title('sv')}: {word('sv')} {fmt_money(figure, lang=lang)} mot budget "
            f"{fmt_money(budget, lang=lang)}, {against}.",
            f"{area.title('en')}: {word('en')} {fmt_money(figure, lang=lang)} against a budget "
            f"of {fmt_money(budget, lang=lang)}, {against}.",
        )(lang)
        lines.append(Line(sentence, tone=tone))
        lead = analysis_lead(ctx, area.id)
        if lead:  # the controller's own words, quoted as written (in Swedish), on their own
            said = Text("Controllerns analys:", "The controller's analysis:")(lang)
            lines.append(Line(said, quote=lead))
        if forecasts.height > 1:
            changes.append(int(forecasts["prognos"][-1]) - int(forecasts["prognos"][-2]))
    if not lines:
        return None
    if len(lines) > 1:
        budget, forecast = totals
        against, tone = against_budget(budget, forecast, lang)
        total = TOTAL_WORDS[frozenset(followed.values())]
        lines.insert(
            0,
            Line(
                Text(
                    f"{total('sv')} är {fmt_money(forecast, lang=lang)} mot budget "
                    f"{fmt_money(budget, lang=lang)}: {against}.",
                    f"{total('en')} is {fmt_money(forecast, lang=lang)} against a "
                    f"budget of {fmt_money(budget, lang=lang)}: {against}.",
                )(lang),
                tone=tone,
            ),
        )
    lines += _members(ctx, followed)
    lines.append(Line(_change(ctx, changes)))
    return Answer(tuple(lines), evidence="ekonomi.resultatrakning")


def _members(ctx: ReportContext, followed: dict[str, str]) -> list[Line]:
    """Each member's share, under the board's key, of what the lines above say (the forecast,
    or the outcome once known) against its share of the budget (its kommunbidrag), summed
    over those areas: the member filter shows the chosen member's line."""
    allocation, lang = ctx.allocation, ctx.lang
    if allocation is None or not followed:
        return []
    said = pl.DataFrame(
        {"area": list(followed), "said": list(followed.values())},
        schema={"area": pl.String, "said": pl.String},
    )
    charges = allocation.by_area().join(said, on="area")
    if set(charges.filter(pl.col("kind") == pl.col("said"))["area"]) != set(followed):
        return []  # an area's figure is not split by the key: no member's share to say
    per_member = charges.group_by("municipality").agg(
        budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
        figure=pl.col("amount_ore").filter(pl.col("kind") == pl.col("said")).sum(),
    )
    amounts = {m: (int(b), int(f)) for m, b, f in per_member.iter_rows()}
    share = SHARE_WORDS[frozenset(followed.values())]
    lines = []
    for member in ctx.unit.members:
        if member.kommunkod not in amounts:
            continue
        budget, figure = amounts[member.kommunkod]
        against, tone = against_budget(budget, figure, lang)
        text = Text(
            f"{member.name}: {share('sv')} {fmt_money(figure, lang=lang)} mot budget "
            f"{fmt_money(budget, lang=lang)}, {against}.",
            f"{member.name}: {share('en')} {fmt_money(figure, lang=lang)} against a budget "
            f"of {fmt_money(budget, lang=lang)}, {against}.",
        )(lang)
        lines.append(Line(text, member=member.kommunkod, tone=tone))
    return lines


def _change(ctx: ReportContext, changes: list[int]) -> str:
    lang = ctx.lang
    if not changes:
        return Text(
            "Det är årets första prognos; det finns ingen tidigare att jämföra med.",
            "This is the year's first forecast; there is none before it to compare with.",
        )(lang)
    change = sum(changes)
    if change == 0:
        return Text(
            "Prognosen är oförändrad sedan förra månadens prognos.",
            "The forecast is unchanged since last month's forecast.",
        )(lang)
    signed = ("+" if change > 0 else "") + fmt_money(change, lang=lang)  # −2 tkr has its sign
    return Text(
        f"Sedan förra prognosen har helårsprognosen ändrats med {signed}.",
        f"Since the previous forecast the full-year forecast has changed by {signed}.",
    )(lang)


@hookimpl
def samverkan_register_answers(register: Callable[[AnswerType], None]) -> None:
    register(AnswerType("ekonomi.prognos", "ekonomi", economy_answer))

"""The ekonomi plugin's answer on the first screen: the year's forecast against budget per
area and in total, the change since the previous forecast, and the controller's words."""

from __future__ import annotations

from collections.abc import Callable

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


def economy_answer(ctx: ReportContext) -> Answer | None:
    lang, period = ctx.lang, ctx.period
    lines: list[Line] = []
    totals = [0, 0]
    changes: list[int] = []
    for area in ctx.unit.areas:
        budget = followup.budget(ctx.ledger, period, area.id)
        forecasts = followup.forecasts(ctx.ledger, period, area.id)
        if forecasts.height == 0:
            continue
        latest = int(forecasts["prognos"][-1])
        totals[0] += budget
        totals[1] += latest
        against, tone = against_budget(budget, latest, lang)
        sentence = Text(
            f"{area.title('sv')}: prognos {fmt_money(latest, lang=lang)} mot budget "
            f"{fmt_money(budget, lang=lang)}, {against}.",
            f"{area.title('en')}: forecast {fmt_money(latest, lang=lang)} against a budget of "
            f"{fmt_money(budget, lang=lang)}, {against}.",
        )(lang)
        lines.append(Line(sentence, tone=tone))
        lead = analysis_lead(ctx, area.id)
        if lead:  # the controller's own words, quoted as written (in Swedish), on their own
            said = Text("Controllerns analys:", "The controller's analysis:")(lang)
            lines.append(Line(said, quote=lead))
        if forecasts.height > 1:
            changes.append(latest - int(forecasts["prognos"][-2]))
    if not lines:
        return None
    if len(lines) > 1:
        budget, forecast = totals
        against, tone = against_budget(budget, forecast, lang)
        lines.insert(
            0,
            Line(
                Text(
                    f"Helårsprognosen är {fmt_money(forecast, lang=lang)} mot budget "
                    f"{fmt_money(budget, lang=lang)}: {against}.",
                    f"The full-year forecast is {fmt_money(forecast, lang=lang)} against a "
                    f"budget of {fmt_money(budget, lang=lang)}: {against}.",
                )(lang),
                tone=tone,
            ),
        )
    lines.append(Line(_change(ctx, changes)))
    return Answer(tuple(lines), evidence="ekonomi.resultatrakning")


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

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
    fmt_amount,
    fmt_pct,
    hookimpl,
)
from samverkan_ekonomi import followup
from samverkan_ekonomi.comments import analysis_lead


def _tkr(ore: int, lang: Lang) -> str:
    return f"{fmt_amount(ore, 'tkr', 0, lang)} {Text('tkr', 'SEK k')(lang)}"


def _against(budget: int, forecast: int, lang: Lang) -> str:
    """``400 tkr (3,9 %) under budget`` from a net budget and forecast (costs positive)."""
    diff = budget - forecast
    if diff == 0:
        return Text("i nivå med budget", "in line with the budget")(lang)
    share = fmt_pct(abs(diff) / abs(budget), 1, lang) if budget else "–"
    return Text(
        f"{_tkr(abs(diff), lang)} ({share}) {'under' if diff > 0 else 'över'} budget",
        f"{_tkr(abs(diff), lang)} ({share}) {'under' if diff > 0 else 'over'} budget",
    )(lang)


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
        sentence = Text(
            f"{area.title('sv')}: prognos {_tkr(latest, lang)} mot budget {_tkr(budget, lang)}, "
            f"{_against(budget, latest, lang)}.",
            f"{area.title('en')}: forecast {_tkr(latest, lang)} against a budget of "
            f"{_tkr(budget, lang)}, {_against(budget, latest, lang)}.",
        )(lang)
        lead = analysis_lead(ctx, area.id)
        if lead:  # the controller's own words, quoted as written (in Swedish)
            sentence += Text(" Controllerns analys:", " The controller's analysis:")(lang)
        lines.append(Line(sentence, tone=_tone(budget, latest), quote=lead))
        if forecasts.height > 1:
            changes.append(latest - int(forecasts["prognos"][-2]))
    if not lines:
        return None
    if len(lines) > 1:
        lines.insert(
            0,
            Line(
                Text(
                    f"Helårsprognosen är {_tkr(totals[1], lang)} mot budget "
                    f"{_tkr(totals[0], lang)}: {_against(totals[0], totals[1], lang)}.",
                    f"The full-year forecast is {_tkr(totals[1], lang)} against a budget of "
                    f"{_tkr(totals[0], lang)}: {_against(totals[0], totals[1], lang)}.",
                )(lang),
                tone=_tone(*totals),
            ),
        )
    lines.append(Line(_change(ctx, changes)))
    return Answer(tuple(lines), evidence="ekonomi.resultatrakning")


def _tone(budget: int, forecast: int) -> str:
    return "good" if forecast < budget else "bad" if forecast > budget else "plain"


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
    sign = "+" if change > 0 else "−"
    return Text(
        f"Sedan förra prognosen har helårsprognosen ändrats med {sign}{_tkr(abs(change), lang)}.",
        f"Since the previous forecast the full-year forecast has changed by "
        f"{sign}{_tkr(abs(change), lang)}.",
    )(lang)


@hookimpl
def samverkan_register_answers(register: Callable[[AnswerType], None]) -> None:
    register(AnswerType("ekonomi.prognos", "ekonomi", economy_answer))

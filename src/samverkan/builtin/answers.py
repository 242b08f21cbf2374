"""The built-in answers on the first screen: what each member pays, whether the goals are
met, and what the cooperation gains, each computed from the stages' results."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from samverkan.builtin.cost import cost_answer
from samverkan.compose.answers import Answer, AnswerType, Line
from samverkan.compose.registry import ReportContext
from samverkan.follow_up.status import STATUS_TEXT, Measured, Status, count_statuses
from samverkan.hookspecs import hookimpl
from samverkan.model.format import fmt_money
from samverkan.model.text import Text

# A sentence ends at . ! or ? followed by a capital: "1,5 mnkr" and "t.ex." do not end one.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def gain_answer(ctx: ReportContext) -> Answer | None:
    """The cooperation gain, as a headline only when the stand-alone costs are sourced facts."""
    main, lang = ctx.allocation, ctx.lang
    if main is None:
        return None
    gain = main.gain
    if gain is None:
        return Answer(
            (
                Text(
                    "Samverkansvinsten är inte beräknad. Den kräver vad varje kommun skulle "
                    "betala för funktionen på egen hand (fristående kostnader, [allocation] "
                    "coalitions).",
                    "The cooperation gain is not computed. It needs what each member would pay "
                    "for the service on its own (stand-alone costs, [allocation] coalitions).",
                )(lang),
            )
        )
    saving = fmt_money(gain.saving, lang=lang)
    if gain.estimated:
        sentence = Text(
            f"Enligt uppskattade fristående kostnader skulle samarbetet spara {saving} per år. "
            "Uppskattningarna är inga uppgifter om vad kommunerna faktiskt skulle betala, så "
            "siffran visar metoden, inte samarbetets verkliga vinst.",
            f"By estimated stand-alone costs the cooperation would save {saving} a year. The "
            "estimates are not figures of what the members would actually pay, so the number "
            "shows the method, not the cooperation's real gain.",
        )
    else:
        sentence = Text(
            f"Samarbetet sparar {saving} per år mot att varje kommun driver funktionen själv.",
            f"The cooperation saves {saving} a year against each member running the service alone.",
        )
    return Answer((Line(sentence(lang)),), evidence="allocation", example_data=gain.estimated)


def goals_answer(ctx: ReportContext) -> Answer | None:
    """How many indicators are met, partly, not met or without data; the ones not met by
    name, with the comment written for them."""
    goals, lang = ctx.definition.goals, ctx.lang
    if goals is None:
        return Answer(
            (
                Text(
                    "Nämnden har inga målvärden satta: utvärderingens första fråga, ”Finns det "
                    "tydliga målvärden?”, har ännu inget ja.",
                    "The board has set no target values: the evaluation's first question, "
                    "“Are there clear target values?”, has no yes yet.",
                )(lang),
            )
        )
    measured = ctx.measured
    listed = count_statuses(Counter(m.status for m in measured), lang)
    example = Text(" (exempelmål, inte beslutade målvärden)", " (example targets, not decided)")
    which = example(lang) if goals.example else ""
    lines = [
        Line(
            Text(
                f"Av {len(measured)} indikatorer{which} är {listed}.",
                f"Of {len(measured)} indicators{which}, {listed}.",
            )(lang)
        )
    ]
    titles = {g.id: g.title(lang) for p in goals.purposes for g in p.goals}
    for m in measured:
        if m.status is Status.NOT_MET:
            text, comment = _not_met(ctx, m, titles[m.goal_id])
            if comment:
                text += f" {Text('Kommentar:', 'Comment:')(lang)}"
            lines.append(Line(text, m.indicator.municipality, "bad", comment))
        elif m.indicator.key:
            lines.append(_key_indicator(ctx, m))
    return Answer(tuple(lines), evidence="maluppfyllelse", example_data=goals.example)


def _key_indicator(ctx: ReportContext, m: Measured) -> Line:
    """A key indicator (``key = true`` in the goals file) that is not red: shown with its
    value and status, so the board sees its chosen measures even when they are on track."""
    lang, kpi = ctx.lang, m.kpi
    about = f", {ctx.subject(m.indicator.subject, kpi)}" if m.indicator.subject else ""
    value = "–" if m.value is None else kpi.shown(m.value, lang)
    target = "" if m.target is None else m.rule(lang)
    status = STATUS_TEXT[m.status](lang)
    text = Text(
        f"Nyckelindikator {kpi.title(lang)}{about}: {value}"
        + (f", målet är {target}" if target else "")
        + f" ({status}).",
        f"Key indicator {kpi.title(lang)}{about}: {value}"
        + (f", the target is {target}" if target else "")
        + f" ({status}).",
    )(lang)
    tone = "good" if m.status is Status.MET else "plain"
    return Line(text, m.indicator.municipality, tone)


def _not_met(ctx: ReportContext, m: Measured, goal: str) -> tuple[str, str | None]:
    """The sentence for an indicator not met, and the first sentence of its comment."""
    lang, kpi = ctx.lang, m.kpi
    about = f", {ctx.subject(m.indicator.subject, kpi)}" if m.indicator.subject else ""
    value = "–" if m.value is None else kpi.shown(m.value, lang)
    target = "–" if m.target is None else m.rule(lang)
    text = Text(
        f"Ej uppfyllt: {goal} – {kpi.title(lang)}{about} är {value}, målet är {target}.",
        f"Not met: {goal} – {kpi.title(lang)}{about} is {value}, the target is {target}.",
    )(lang)
    goals = ctx.definition.goals
    comment = None if goals is None else goals.comment(str(ctx.period), m.goal_id, kpi.id)
    comment = comment or (None if goals is None else goals.comment(str(ctx.period), m.goal_id))
    return text, None if comment is None else lead(comment.text)


def lead(markdown: str) -> str:
    """A comment's first sentence as plain text (after the line saying it is an example, which
    is kept), for one sentence on the first screen; the rest is in the goals section."""
    paragraphs = [" ".join(p.split()) for p in markdown.split("\n\n") if p.strip()]
    plain = [
        p.replace("**", "").replace("__", "").replace("*", "").lstrip("# ") for p in paragraphs
    ]
    if not plain:
        return ""
    marker = ""
    if len(plain) > 1 and plain[0].upper().startswith("EXEMPEL"):
        marker, plain = plain[0] + " ", plain[1:]
    return marker + SENTENCE_END.split(plain[0], maxsplit=1)[0]


@hookimpl
def samverkan_register_answers(register: Callable[[AnswerType], None]) -> None:
    register(AnswerType("kommunernas_kostnad", "kostnad", cost_answer))
    register(AnswerType("malen", "mal", goals_answer))
    register(AnswerType("samverkansvinst", "vinst", gain_answer))

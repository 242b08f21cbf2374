"""Built-in section "Utvärderingens frågor": the evaluation's five questions answered from data.

The 2018 evaluation of the cooperation asked: are there clear target values, has good
governance been established (inner efficiency), how is the service perceived (outer
effectiveness), does the present match the intended state, what has been learnt. samverkan
answers each from what the report holds (the goals file, the indicators measured, the action
plan, the comments, the effects register) and says what the answer rests on and what is
missing. Nothing here knows an area: inner and outer are the indicators' own ``kind``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from samverkan.api import Noun, Text, fmt_count
from samverkan.builtin.enkat import SATISFACTION
from samverkan.builtin.evaluation_governance import governance_answer
from samverkan.compose.blocks import Block, Paragraph, Row, Table
from samverkan.compose.registry import ReportContext, SectionType
from samverkan.follow_up.status import Measured, Status, count_statuses, roll_up
from samverkan.hookspecs import hookimpl
from samverkan.model.text import Lang, joined
from samverkan.read.goals import KINDS, Goals

_NONE = Text("inget", "nothing")
_DECIDED = Text(
    "målvärden beslutade av nämnden (målen är exempel)",
    "targets decided by the board (the goals are examples)",
)

Answer = tuple[str, str, str]
"""What the data says, what it rests on, what is missing."""


def _targets(goals: Goals, measured: Sequence[Measured], lang: Lang) -> Answer:
    indicators = [i for _, i in goals.indicators()]
    valued = sum(1 for m in measured if m.value is not None)
    relative = sum(1 for i in indicators if isinstance(i.target, str))
    empty = [p.title(lang) for p in goals.purposes if not p.goals]
    said = Text(
        f"{len(indicators)} indikatorer med målvärde, utgångsläge, ansvarig och källa under "
        f"{sum(len(p.goals) for p in goals.purposes)} mål och {len(goals.purposes)} syften; "
        f"{valued} av dem har ett värde i rapporten.",
        f"{len(indicators)} indicators with target, baseline, owner and source under "
        f"{sum(len(p.goals) for p in goals.purposes)} goals and {len(goals.purposes)} purposes; "
        f"{valued} of them have a value in the report.",
    )(lang)
    if relative:
        said += Text(
            f" {relative} mäts mot jämförbara kommuner i stället för ett fast värde.",
            f" {relative} are measured against similar municipalities instead of a fixed value.",
        )(lang)
    if goals.example:
        said = (
            Text("Inte ännu: målvärdena är exempel. ", "Not yet: the targets are examples. ")(lang)
            + said
        )
    missing = []
    if goals.example:
        missing.append(_DECIDED(lang))
    if valued < len(indicators):
        missing.append(
            Text(
                f"värden för {len(indicators) - valued} indikatorer",
                f"values for {len(indicators) - valued} indicators",
            )(lang)
        )
    if empty:
        missing.append(Text("mål för ", "goals for ")(lang) + ", ".join(empty))
    rests = Text("målfilen", "the goals file")(lang)
    return said, rests, joined(missing, lang) or _NONE(lang)


def _by_kind(kind: str, measured: Sequence[Measured], ctx: ReportContext) -> Answer:
    lang = ctx.lang
    chosen = [m for m in measured if m.indicator.kind == kind]
    if not chosen:
        return (
            Text("Kan inte besvaras ur data.", "Cannot be answered from the data.")(lang),
            _NONE(lang),
            Text(
                f"indikatorer för {KINDS[kind]('sv')} i målfilen",
                f"indicators of {KINDS[kind]('en')} in the goals file",
            )(lang),
        )
    said = (
        Text("Av", "Of")(lang)
        + f" {len(chosen)}: "
        + count_statuses(Counter(m.status for m in chosen), lang)
    )
    weak = [m for m in chosen if m.status is Status.NOT_MET]
    if weak:
        names = joined([m.kpi.title(lang) for m in weak], lang)
        said += Text(f". Ej uppfyllt: {names}.", f". Not met: {names}.")(lang)
    else:
        said += "."
    rests = joined(sorted({m.kpi.title(lang) for m in chosen}), lang)
    missing = [
        Text("värden för ", "values for ")(lang) + ", ".join(none)
        for none in [[m.kpi.title(lang) for m in chosen if m.value is None]]
        if none
    ]
    if len({m.kpi.id for m in chosen}) == 1:
        missing.append(
            Text(
                "mer än en indikator (svaret vilar på en enda)",
                "more than one indicator (the answer rests on one)",
            )(lang)
        )
    if kind == "yttre" and not any(m.kpi.id == SATISFACTION.id for m in chosen):
        missing.append(Text("en användarenkät", "a user survey")(lang))
    if ctx.definition.goals is not None and ctx.definition.goals.example:
        missing.append(_DECIDED(lang))
    return said, rests, joined(missing, lang) or _NONE(lang)


def _purposes(goals: Goals, measured: Sequence[Measured], lang: Lang) -> Answer:
    statuses = []
    for purpose in goals.purposes:
        ids = {g.id for g in purpose.goals}
        statuses.append(roll_up(m.status for m in measured if m.goal_id in ids))
    said = Text("Syftena: ", "The purposes: ")(lang) + count_statuses(Counter(statuses), lang) + "."
    rests = Text(
        "samverkansavtalets syften i målfilen, med målens status",
        "the agreement's purposes in the goals file, with their goals' status",
    )(lang)
    open_ = statuses.count(Status.NO_DATA)
    missing = (
        [Text(f"värden för {open_} syften", f"values for {open_} purposes")(lang)] if open_ else []
    )
    if goals.example:
        missing.append(_DECIDED(lang))
    return said, rests, joined(missing, lang) or _NONE(lang)


_COMMENT = Noun("kommentar", "kommentarer", "comment", "comments")
_ACTIVITY = Noun("aktivitet", "aktiviteter", "activity", "activities")
_DONE = Noun("klar", "klara", "done", "done")
_LATE = Noun("försenad", "försenade", "late", "late")
_POSITIVE = Noun("positiv", "positiva", "positive", "positive")
_NEGATIVE = Noun("negativ", "negativa", "negative", "negative")


def _lessons(goals: Goals, ctx: ReportContext) -> Answer:
    lang, on = ctx.lang, ctx.definition.data_date  # as the action plan counts overdue
    comments = [c for c in goals.comments if c.period == str(ctx.period)]
    done = sum(1 for a in goals.activities if a.status == "klar")
    late = sum(1 for a in goals.activities if a.overdue(on))
    positive = sum(1 for e in goals.effects if e.positive)
    negative = len(goals.effects) - positive
    # Each count agrees with its own word: "1 klar och 2 försenade", "1 comment".
    said = (
        f"{fmt_count(len(comments), _COMMENT, lang)} "
        + Text("för perioden; handlingsplanen har ", "for the period; the action plan has ")(lang)
        + f"{fmt_count(len(goals.activities), _ACTIVITY, lang)}, "
        + f"{fmt_count(done, _DONE, lang)} {Text('och', 'and')(lang)} "
        + f"{fmt_count(late, _LATE, lang)}; "
        + Text("effektregistret har ", "the effects register has ")(lang)
        + f"{fmt_count(positive, _POSITIVE, lang)} {Text('och', 'and')(lang)} "
        + f"{fmt_count(negative, _NEGATIVE, lang)} "
        + Noun("effekt", "effekter", "effect", "effects")(positive + negative, lang)
        + "."
    )
    missing = [
        text(lang)
        for absent, text in (
            (not goals.activities, Text("en handlingsplan", "an action plan")),
            (not goals.effects, Text("ett effektregister", "an effects register")),
            (not comments, Text("kommentarer för perioden", "comments for the period")),
        )
        if absent
    ]
    rests = Text(
        "kommentarerna, handlingsplanen och effektregistret i målfilen",
        "the comments, the action plan and the effects register in the goals file",
    )(lang)
    return said, rests, joined(missing, lang) or _NONE(lang)


QUESTIONS = (
    Text("Finns det tydliga målvärden?", "Are there clear target values?"),
    Text(
        "Har en god styrning etablerats (roller, mandat, formell styrning)?",
        "Has good governance been established (roles, mandates, formal steering)?",
    ),
    Text(
        "Hur uppfattas servicen (yttre effektivitet)?",
        "How is the service perceived (external effectiveness)?",
    ),
    Text("Motsvarar nuläget målbilden?", "Does the present match the intended state?"),
    Text("Vilka erfarenheter har gjorts?", "What has been learnt?"),
)


def build_evaluation_section(ctx: ReportContext) -> Sequence[Block]:
    goals, lang = ctx.definition.goals, ctx.lang
    if goals is None:
        return [
            Paragraph(
                Text(
                    "Utvärderingens frågor kan inte besvaras: rapportdefinitionen anger ingen "
                    "målfil med målvärden ([report] goals). Den första frågan, ”Finns det "
                    "tydliga målvärden?”, har därmed svaret nej.",
                    "The evaluation's questions cannot be answered: the report definition names "
                    "no goals file with targets ([report] goals). The first question, “Are "
                    "there clear target values?”, is therefore answered no.",
                )(lang),
                kind="warning",
            )
        ]
    measured = ctx.measured
    answers = (
        _targets(goals, measured, lang),
        governance_answer(ctx),
        _by_kind("yttre", measured, ctx),
        _purposes(goals, measured, lang),
        _lessons(goals, ctx),
    )
    cited = ctx.definition.governance.sources() if ctx.definition.governance else []
    goals_line = f"{ctx.phrase('source')}: {Text('mål', 'goals')(lang)}: {goals.path.name}"
    governance_line = f"{ctx.phrase('sources' if len(cited) > 1 else 'source')}: {'; '.join(cited)}"
    example = Text(
        " Målen är exempelmål, så svaren visar metoden, inte nämndens läge.",
        " The goals are example goals, so the answers show the method, not the board's state.",
    )
    return [
        Paragraph(
            Text(
                "Utvärderingen av samarbetet ställde fem frågor. Här besvaras de ur rapportens "
                "uppgifter, med vad svaret bygger på och vad som saknas.",
                "The evaluation of the cooperation asked five questions. They are answered "
                "here from the report's data, with what each answer rests on and what is "
                "missing.",
            )(lang)
            + (example(lang) if goals.example else "")
        ),
        Table(
            caption=Text("Utvärderingens frågor", "The evaluation's questions")(lang),
            columns=(
                Text("Fråga", "Question")(lang),
                Text("Svar ur data", "Answer from the data")(lang),
                Text("Bygger på", "Rests on")(lang),
                Text("Saknas", "Missing")(lang),
            ),
            # Each row cites what it rests on: the goals file, or the governance papers.
            rows=[
                Row((q(lang), *a), source=goals_line if i != 1 or not cited else governance_line)
                for i, (q, a) in enumerate(zip(QUESTIONS, answers, strict=True))
            ],
            numeric=(False, False, False, False),
            source=f"{ctx.phrase('sources' if cited else 'source')}: "
            + "; ".join([f"{Text('mål', 'goals')(lang)}: {goals.path.name}", *cited]),
        ),
    ]


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="utvardering",
            title={"sv": "Utvärderingens frågor", "en": "The evaluation's questions"},
            build=build_evaluation_section,
        )
    )

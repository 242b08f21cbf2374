"""The questions the report's first screen answers, and what a plugin answers them with.

A kommunchef has two minutes: how are the finances going, what does each member pay, are
the goals met, what does the cooperation gain, what has changed. The core asks the questions
(:data:`QUESTIONS`); plugins answer them through ``samverkan_register_answers`` from what
they computed, so the core knows no area. An answer is a few sentences, each about the whole
board or one member (the member filter follows them), and the section that holds the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from samverkan.compose.registry import ReportContext
from samverkan.model.text import Text
from samverkan.model.units import identifier


@attrs.frozen
class Question:
    """One of the summary's questions, and what it says when nobody answers it."""

    id: str
    title: Text
    unanswered: Text


QUESTIONS = (
    Question(
        "ekonomi",
        Text("Hur går ekonomin?", "How are the finances going?"),
        Text(
            "Rapporten har ingen budget eller prognos att följa upp.",
            "The report has no budget or forecast to follow up.",
        ),
    ),
    Question(
        "kostnad",
        Text("Vad betalar varje kommun?", "What does each member pay?"),
        Text(
            "Rapporten fördelar inga kostnader: definitionen har ingen fördelningsnyckel.",
            "The report splits no costs: the definition has no allocation key.",
        ),
    ),
    Question(
        "mal",
        Text("Når nämnden sina mål?", "Is the board meeting its goals?"),
        Text(
            "Nämnden har inga målvärden satta, så måluppfyllelsen kan inte följas upp.",
            "The board has set no target values, so goal attainment cannot be followed up.",
        ),
    ),
    Question(
        "vinst",
        Text("Vad ger samarbetet?", "What does the cooperation gain?"),
        Text(
            "Samverkansvinsten är inte beräknad.",
            "The cooperation gain is not computed.",
        ),
    ),
    Question(
        "andringar",
        Text("Vad har ändrats sedan förra rapporten?", "What changed since the last report?"),
        Text(
            "Inga jämförbara förändringar sedan förra rapporten.",
            "No comparable changes since the last report.",
        ),
    ),
)
"""The summary's questions, in the order the first screen asks them."""
QUESTION_IDS = tuple(q.id for q in QUESTIONS)


TONES = ("good", "bad", "plain")


@attrs.frozen
class Line:
    """One sentence of an answer."""

    text: str
    member: str | None = None
    """Kommunkod of the member it is about; the member filter hides it when another is chosen."""
    tone: str = attrs.field(default="plain", validator=attrs.validators.in_(TONES))
    """``good``, ``bad`` or ``plain``: shown with a symbol as well as a colour."""
    quote: str | None = None
    """Someone's own words after ``text`` (a controller's analysis, a comment), quoted as
    written: in Swedish, marked so in a report in another language."""


def _lines(value: Iterable[Line | str]) -> tuple[Line, ...]:
    return tuple(v if isinstance(v, Line) else Line(v) for v in value)


@attrs.frozen
class Answer:
    """A plugin's answer to one question: sentences, and where the figures behind them are."""

    lines: tuple[Line, ...] = attrs.field(converter=_lines)
    evidence: str | None = None
    """The id of the section that shows the figures (``ekonomi.resultatrakning``); the
    summary links to it when the report has that section."""
    example_data: bool = False
    """True when the answer rests on generated example data: the summary marks it so."""


@attrs.frozen
class AnswerType:
    """What a plugin registers: which question it answers and how."""

    id: str = attrs.field(validator=identifier)
    question: str = attrs.field(validator=attrs.validators.in_(QUESTION_IDS))
    """One of :data:`QUESTIONS`: ``ekonomi``, ``kostnad``, ``mal``, ``vinst`` or ``andringar``."""
    answer: Callable[[ReportContext], Answer | None]
    """The answer from the report's context, or None when the plugin has nothing to say."""
    order: int = 100
    """Answers to one question are shown by ``order``, then ``id``."""

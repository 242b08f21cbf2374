"""The report's first screen: the five questions answered (Sammanfattning).

Every plugin's answers are gathered per question, in order; a question nobody answers says
so plainly. The changes since the last report come from the highlights hook. Each answer
links to the section with its figures when the report has that section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from samverkan.compose.answers import QUESTIONS, Answer, AnswerType, Line
from samverkan.compose.registry import Highlight, ReportContext
from samverkan.compose.rendered import RenderedSection
from samverkan.errors import SamverkanError, tolerated
from samverkan.model.notes import Note


@attrs.frozen
class SummaryItem:
    """One question on the first screen with everything said in answer to it."""

    id: str
    question: str
    lines: tuple[Line, ...]
    links: tuple[tuple[str, str], ...] = ()
    """(anchor, section title) of the sections holding the figures."""
    example_data: bool = False
    answered: bool = True

    @property
    def lead(self) -> tuple[Line, ...]:
        """What the first screen says before the answers: the first line, and for what each
        member pays each member's first line (its charge, at the year end its settlement)."""
        if self.id not in LEAD_MEMBERS:
            return self.lines[:1]
        seen: dict[str, Line] = {}
        for line in self.lines[1:]:
            if line.member is not None:
                seen.setdefault(line.member, line)
        return (self.lines[0], *seen.values())


LEAD_MEMBERS = frozenset({"kostnad"})
"""The questions whose lead names each member's line: what each member pays."""


def _changes(highlights: Sequence[Highlight]) -> Answer | None:
    if not highlights:
        return None
    tones = {True: "good", False: "bad", None: "plain"}
    return Answer(tuple(Line(h.text, tone=tones[h.better]) for h in highlights))


def summary(
    context: ReportContext,
    answers: Mapping[str, tuple[str, AnswerType]],
    highlights: Sequence[Highlight],
    sections: Sequence[RenderedSection],
) -> tuple[list[SummaryItem], tuple[Note, ...]]:
    """The five questions with their answers, and a note for each answer that failed (left
    out unless ``strict``, when the failure stops the build)."""
    anchors = {s.anchor: s.title for s in sections if s.error is None}
    failed: list[Note] = []
    given: dict[str, list[Answer]] = {q.id: [] for q in QUESTIONS}
    ordered = sorted(answers.items(), key=lambda item: (item[1][1].order, item[0]))
    for _, (plugin, kind) in ordered:

        def note(exc: SamverkanError, kind: AnswerType = kind, plugin: str = plugin) -> None:
            failed.append(
                Note(
                    {
                        "sv": f"Sammanfattningens svar {kind.id} kunde inte beräknas: {exc}",
                        "en": f"The summary's answer {kind.id} could not be computed: {exc}",
                    },
                    f"plugin {plugin}",
                )
            )

        found = tolerated(
            context.strict, note, plugin, "samverkan_register_answers", kind.answer, context
        )
        if found is not None:
            given[kind.question].append(found)
    changes = _changes(highlights)
    if changes is not None:
        given["andringar"].insert(0, changes)
    items = []
    for question in QUESTIONS:
        said = given[question.id]
        title = question.title(context.lang)
        if not said:
            items.append(
                SummaryItem(
                    question.id, title, (Line(question.unanswered(context.lang)),), answered=False
                )
            )
            continue
        links = []
        for answer in said:
            anchor = (answer.evidence or "").replace(".", "-")
            if anchor in anchors and (anchor, anchors[anchor]) not in links:
                links.append((anchor, anchors[anchor]))
        items.append(
            SummaryItem(
                question.id,
                title,
                tuple(line for answer in said for line in answer.lines),
                tuple(links),
                any(a.example_data for a in said),
            )
        )
    return items, tuple(failed)

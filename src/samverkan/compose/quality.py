"""The "Datakvalitet" appendix: every note a reader made, so nothing read is dropped silently."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from samverkan.compose.blocks import Paragraph, Row, Table, amount_cell
from samverkan.compose.rendered import RenderedSection
from samverkan.model.notes import Note
from samverkan.model.text import Lang, Text, Texts, phrase
from samverkan.read.definition import ReportDefinition
from samverkan.read.registry import Source

QUALITY_SOURCE = Text("samverkan, vid inläsningen av källorna", "samverkan, reading the sources")
"""What the notes table cites: samverkan's own reading, a real account of the sources read."""

_LINE = Text("rad", "line")


def note_source(note: Note, definition: ReportDefinition) -> Source | None:
    """The definition's source a note is about (its ``origin`` is ``file:line`` of the file)."""
    return next((s for s in definition.sources if note.origin.startswith(s.name)), None)


def _place(note: Note, source: Source | None, label: str, lang: Lang) -> str:
    """Where a note is, in words: ``huvudboken, rad 509``. The file is named under Källor (the
    table cites the source), never in the text; a note about no source keeps its origin."""
    if source is None:
        return note.origin
    line = note.origin[len(source.name) :].lstrip(":")
    return f"{label}, {_LINE(lang)} {line}" if line.isdigit() else label


def quality_section(
    notes: Sequence[Note],
    lang: Lang,
    definition: ReportDefinition,
    label: Callable[[Source], str],
) -> RenderedSection:
    """A section listing ``notes`` with where they come from and the amount involved."""
    found = [note_source(note, definition) for note in notes]
    rows = [
        Row(
            (
                note.message(lang),
                _place(note, source, label(source) if source else "", lang),
                "–" if note.amount_ore is None else amount_cell(note.amount_ore, "kr", lang=lang),
            )
        )
        for note, source in zip(notes, found, strict=True)
    ]
    cited = dict.fromkeys([QUALITY_SOURCE(lang), *(s.citation for s in found if s is not None)])
    table = Table(
        caption=Text("Anmärkningar från inläsningen", "Notes from reading the data")(lang),
        columns=Texts(("Anmärkning", "Var", "Belopp (kr)"), ("Note", "Where", "Amount (SEK)"))(
            lang
        ),
        rows=rows,
        numeric=(False, False, True),
        source=f"{phrase('source' if len(cited) == 1 else 'sources', lang)}: {'; '.join(cited)}",
    )
    lead = Paragraph(
        Text(
            "Uppgifterna nedan lästes men ingår inte i rapportens siffror som de är. Rätta "
            "mappningen i rapportdefinitionen eller källfilen så försvinner anmärkningen.",
            "The figures below were read but are not part of the report's figures as they stand. "
            "Correct the mapping in the definition or the source file to resolve a note.",
        )(lang),
        "note",
    )
    return RenderedSection("datakvalitet", phrase("quality", lang), (lead, table))

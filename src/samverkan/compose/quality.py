"""The "Datakvalitet" appendix: every note a reader made, so nothing read is dropped silently."""

from __future__ import annotations

from collections.abc import Sequence

from samverkan.compose.blocks import Paragraph, Row, Table, amount_cell
from samverkan.compose.rendered import RenderedSection
from samverkan.model.notes import Note
from samverkan.model.text import Lang, Text, Texts, phrase

QUALITY_SOURCE = Text("samverkan, vid inläsningen av källorna", "samverkan, reading the sources")
"""What the notes table cites: samverkan's own reading, a real account of the sources read."""


def quality_section(notes: Sequence[Note], lang: Lang) -> RenderedSection:
    """A section listing ``notes`` with where they come from and the amount involved."""
    rows = [
        Row(
            (
                note.message(lang),
                note.origin,
                "–" if note.amount_ore is None else amount_cell(note.amount_ore, "kr", lang=lang),
            )
        )
        for note in notes
    ]
    table = Table(
        caption=Text("Anmärkningar från inläsningen", "Notes from reading the data")(lang),
        columns=Texts(("Anmärkning", "Var", "Belopp (kr)"), ("Note", "Where", "Amount (SEK)"))(
            lang
        ),
        rows=rows,
        numeric=(False, False, True),
        source=QUALITY_SOURCE(lang),
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

"""The "Datakvalitet" appendix: every note a reader made, so nothing read is dropped silently."""

from __future__ import annotations

from collections.abc import Sequence

from samverkan.compose.blocks import Paragraph, Row, Table
from samverkan.compose.rendered import RenderedSection
from samverkan.model.format import fmt_amount
from samverkan.model.notes import Note
from samverkan.model.text import Lang, phrase


def quality_section(notes: Sequence[Note], lang: Lang) -> RenderedSection:
    """A section listing ``notes`` with where they come from and the amount involved."""
    sv = lang == "sv"
    rows = [
        Row(
            (
                note.message(lang),
                note.origin,
                "–" if note.amount_ore is None else fmt_amount(note.amount_ore, "kr", lang=lang),
            )
        )
        for note in notes
    ]
    table = Table(
        caption="Anmärkningar från inläsningen" if sv else "Notes from reading the data",
        columns=("Anmärkning", "Var", "Belopp (kr)") if sv else ("Note", "Where", "Amount (SEK)"),
        rows=rows,
        numeric=(False, False, True),
        source="samverkan, vid inläsningen av källorna" if sv else "samverkan, reading the sources",
    )
    lead = Paragraph(
        "Uppgifterna nedan lästes men ingår inte i rapportens siffror som de är. Rätta "
        "mappningen i rapportdefinitionen eller källfilen så försvinner anmärkningen."
        if sv
        else "The figures below were read but are not part of the report's figures as they stand. "
        "Correct the mapping in the definition or the source file to resolve a note.",
        "note",
    )
    return RenderedSection("datakvalitet", phrase("quality", lang), (lead, table))

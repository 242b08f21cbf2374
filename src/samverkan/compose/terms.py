"""The appendix *Metoder och begrepp*: the methods and words the sections use under plain names,
with the names they have where they come from. A section says what a method does in one line
where it shows it; a reader who wants the formal name or the literature finds it here."""

from __future__ import annotations

from collections.abc import Sequence

from samverkan.compose.blocks import Block, Paragraph, Term
from samverkan.compose.rendered import RenderedSection
from samverkan.model.text import Lang, Text

TITLE = Text("Bilaga: metoder och begrepp", "Appendix: methods and terms")
ANCHOR = "metoder"


def without_terms(blocks: Sequence[Block]) -> tuple[tuple[Block, ...], tuple[Term, ...]]:
    """A section's blocks apart from its terms, and its terms."""
    shown = tuple(b for b in blocks if not isinstance(b, Term))
    return shown, tuple(b for b in blocks if isinstance(b, Term))


def terms_section(terms: Sequence[Term], lang: Lang) -> RenderedSection | None:
    """Every term once, in the order the report first uses it; None when no section has any."""
    unique = list(dict.fromkeys(terms))
    if not unique:
        return None
    lead = Text(
        "Rapporten kallar metoderna nedan vid namn som säger vad de gör. Här står vad de heter "
        "i litteraturen.",
        "The report calls the methods below by names that say what they do. Here is what "
        "they are called in the literature.",
    )(lang)
    called = Text("kallas", "is known as")(lang)
    return RenderedSection(
        ANCHOR,
        TITLE(lang),
        (
            Paragraph(lead),
            *(Paragraph(f"{t.name} {called} {t.formal}: {t.meaning}") for t in unique),
        ),
    )

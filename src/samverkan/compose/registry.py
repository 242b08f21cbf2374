"""What the compose stage gives a section and takes back: the report's context, section types
and first-screen highlights."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import polars as pl

from samverkan.allocate.results import Allocation
from samverkan.compose.blocks import Block
from samverkan.follow_up.status import Measured
from samverkan.measure.registry import MeasureContext
from samverkan.model.notes import Note
from samverkan.model.subjects import describe_subject
from samverkan.model.tables import sources
from samverkan.model.text import Lang, Text, phrase, text
from samverkan.model.units import KPI, identifier


@attrs.frozen
class ReportContext(MeasureContext):
    """Everything a section may use; tables are validated and never change during a build.

    The measure stage's context (definition, tables, KPIs, extras) and what the later stages
    computed: every KPI's values in ``observations``, the allocation, the goals measured."""

    lang: Lang = "sv"
    allocation: Allocation | None = attrs.field(default=None, eq=False, repr=False)
    """The allocate stage's result; ``None`` when the definition has no ``[allocation]``."""
    notes: tuple[Note, ...] = ()
    """Data-quality notes from the readers (the report lists them in an appendix)."""
    measured: tuple[Measured, ...] = ()
    """Every goal indicator with its value, status and trend, measured once (follow-up)."""

    def phrase(self, key: str) -> str:
        """One of the house's fixed words in the report's language: ``source`` → *Källa* /
        *Source*, ``sources``, ``estimate`` … (the keys of ``samverkan.model.text.PHRASES``);
        an unknown key is an error, so no report shows a key instead of a word."""
        return phrase(key, self.lang)

    def subject(self, subject: str, kpi: KPI) -> str:
        """One of ``kpi``'s subjects (``prioritet:2``) as the report's language names it
        (``prioritet 2`` / ``priority 2``), by the kinds the KPI declares."""
        areas = {area.id: area.title(self.lang) for area in self.unit.areas}
        return describe_subject(subject, kpi.subjects, areas, self.lang)

    def cite(self, frame: pl.DataFrame) -> str:
        """The citation line for the rows of ``frame``: ``Källa: …`` with each source once."""
        cited = sources(frame)
        label = self.phrase("source" if len(cited) == 1 else "sources")
        return f"{label}: {'; '.join(cited)}"


@attrs.frozen
class SectionType:
    """A report section a plugin can build."""

    id: str = attrs.field(validator=identifier)
    """Referenced in a definition's ``sections`` list."""
    title: Text = attrs.field(converter=text)
    build: Callable[[ReportContext], Sequence[Block]]
    appendix: bool = False
    """A long listing the board does not decide on (every KPI row): folded on screen, left
    out of the printed report, complete in the workbook."""


@attrs.frozen
class Highlight:
    """One thing that changed since the previous report, for the report's first screen."""

    text: str
    """In the report's language, for example "IT – Övriga kostnader: prognosen +2 000 tkr"."""
    magnitude: float
    """How large the change is, comparable across plugins (kronor); the largest three show."""
    better: bool | None = None
    """True when the change is good news (polarity-aware), False when bad, None when neither."""


@attrs.frozen
class HighlightType:
    """A plugin's source of first-screen highlights."""

    id: str = attrs.field(validator=identifier)
    compute: Callable[[ReportContext], Sequence[Highlight]]

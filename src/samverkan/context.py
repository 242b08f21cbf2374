"""What section builders and allocation methods receive: frozen views of the validated data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from samverkan.i18n import Lang, phrase, subject_text
from samverkan.model import KPI, ServiceUnit
from samverkan.period import Period
from samverkan.tables import sources

if TYPE_CHECKING:
    from samverkan.allocation import Allocation
    from samverkan.definition import ReportDefinition
    from samverkan.registry import Note


@attrs.frozen
class AllocationContext:
    """Input to an allocation method's ``weights``."""

    unit: ServiceUnit
    period: Period
    drivers: pl.DataFrame = attrs.field(eq=False, repr=False)
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """The ``[allocation]`` table's keys other than ``method`` and ``rounding``."""
    argument: str | None = None
    """What follows the method's name: ``tickets`` in ``usage:tickets``."""


@attrs.frozen
class ReportContext:
    """Everything a section may use; tables are validated and never change during a build."""

    definition: ReportDefinition
    lang: Lang
    ledger: pl.DataFrame = attrs.field(eq=False, repr=False)
    drivers: pl.DataFrame = attrs.field(eq=False, repr=False)
    observations: pl.DataFrame = attrs.field(eq=False, repr=False)
    allocation: Allocation | None = attrs.field(eq=False, repr=False)
    """The allocate stage's result; ``None`` when the definition has no ``[allocation]``."""
    notes: tuple[Note, ...] = ()
    """Data-quality notes from the readers (the report lists them in an appendix)."""
    kpis: tuple[KPI, ...] = ()
    """Every registered KPI, in id order (their values are in ``observations``)."""
    extras: Mapping[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)
    """Plugin-owned tables from readers (see :class:`samverkan.registry.ReadResult`)."""
    strict: bool = False
    """``samverkan report --strict``: a section may then fail on what it otherwise flags."""

    @property
    def unit(self) -> ServiceUnit:
        return self.definition.unit

    @property
    def period(self) -> Period:
        return self.definition.period

    def phrase(self, key: str) -> str:
        return phrase(key, self.lang)

    def subject(self, subject: str) -> str:
        """A KPI subject in the report's language: an area's title (the ekonomi KPIs name
        their area) or a subject word from :data:`samverkan.i18n.SUBJECT_WORDS_EN`."""
        titles = {area.title("sv"): area.title("en") for area in self.unit.areas}
        return subject_text(subject, self.lang, titles)

    def cite(self, frame: pl.DataFrame) -> str:
        """The citation line for the rows of ``frame``: ``Källa: …`` with each source once."""
        cited = sources(frame)
        label = self.phrase("source" if len(cited) == 1 else "sources")
        return f"{label}: {'; '.join(cited)}"

"""One explicit pipeline: every stage in order, each taking frozen inputs and returning new
values, shared by ``samverkan report`` and ``samverkan validate``.

``prepare`` runs read → allocate → measure → follow up and returns :class:`Prepared`; the
report's context is made from it once, and :mod:`samverkan.render.report` composes and renders
it. Nothing reaches back: every file is read in the read stage (the coalition costs too), KPIs
are computed once, the allocation (one rounding rule, the definition's) comes from the
allocate stage only, and goals are measured once, their status travelling in the context.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs
import polars as pl

from samverkan.allocate.registry import AllocationMethod
from samverkan.allocate.results import Allocation
from samverkan.allocate.stage import allocate
from samverkan.compose.answers import AnswerType
from samverkan.compose.references import check_references
from samverkan.compose.registry import HighlightType, ReportContext, SectionType
from samverkan.errors import InputError
from samverkan.follow_up.status import Measured, measure
from samverkan.measure.registry import KPIType, MeasureContext
from samverkan.measure.stage import compute_kpis
from samverkan.model.notes import Note
from samverkan.model.period import Period
from samverkan.model.text import Lang
from samverkan.model.units import KPI
from samverkan.read import files
from samverkan.read.definition import ReportDefinition, load_definition
from samverkan.read.registry import Reader
from samverkan.read.stage import Progress, Tables, _quiet, read_tables
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits


@attrs.frozen
class Registered:
    """What the plugins declared, by id, each with the plugin that declared it: what the
    stages call (they never see the plugin manager)."""

    readers: Mapping[str, tuple[str, Reader]]
    kpis: Mapping[str, tuple[str, KPIType]]
    methods: Mapping[str, tuple[str, AllocationMethod]]
    sections: Mapping[str, tuple[str, SectionType]]
    highlights: Mapping[str, tuple[str, HighlightType]]
    answers: Mapping[str, tuple[str, AnswerType]] = attrs.field(factory=dict)


@attrs.frozen
class Prepared:
    """A definition taken through read, allocate, measure and follow up."""

    definition: ReportDefinition
    tables: Tables
    observations: pl.DataFrame = attrs.field(eq=False, repr=False)
    """Read and computed: every KPI's values."""
    allocation: Allocation | None
    measured: tuple[Measured, ...]
    notes: tuple[Note, ...]
    """The readers' notes and those of KPIs that could not be computed."""
    strict: bool = False

    def context(self, registered: Registered, lang: Lang | None = None) -> ReportContext:
        """The report's context: what every section and highlight receives."""
        return ReportContext(
            self.definition,
            self.tables["ledger"],
            self.tables["drivers"],
            self.observations,
            _kpis(registered),
            extras=self.tables.extras,
            strict=self.strict,
            lang=lang or self.definition.language,
            allocation=self.allocation,
            notes=self.notes,
            measured=self.measured,
        )


def _kpis(registered: Registered) -> tuple[KPI, ...]:
    return tuple(k.kpi for _, (_, k) in sorted(registered.kpis.items()))


def prepare(
    path: Path,
    registered: Registered,
    *,
    strict: bool = False,
    progress: Progress = _quiet,
    allow_outside: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
    period: Period | None = None,
) -> Prepared:
    """Read, check, allocate, measure and follow up one definition (of a year's definition,
    the report of ``period``, by default its latest month with data)."""
    progress(f"läser definitionen {path}")
    # The definition's folder is a boundary for every file read on its behalf.
    with files.within(None if allow_outside else path.parent, path):
        definition = load_definition(
            path, period=period, allow_outside=allow_outside, limits=limits
        )
        problems = check_references(
            definition,
            readers=registered.readers,
            sections=registered.sections,
            kpis=registered.kpis,
            methods=registered.methods,
        )
        if problems:
            raise InputError(problems)
        tables = read_tables(definition, registered.readers, progress, strict=strict)
    # The allocation before the KPIs, so a KPI may read it (a member's cost per m² under
    # the key); no allocation method reads a KPI.
    progress("fördelar kostnader")
    allocation = allocate(definition, registered.methods, tables)
    progress("beräknar nyckeltal")
    measured_context = MeasureContext(
        definition,
        tables["ledger"],
        tables["drivers"],
        tables["observations"],
        _kpis(registered),
        extras=tables.extras,
        strict=strict,
        allocation=allocation,
    )
    observations, failed = compute_kpis(measured_context, registered.kpis)
    goals = definition.goals
    kpis = {k.id: k for k in _kpis(registered)}
    measured = () if goals is None else tuple(measure(goals, observations, kpis, definition.period))
    return Prepared(
        definition,
        tables,
        observations,
        allocation,
        measured,
        (*tables.notes, *failed),
        strict,
    )

"""What the measure stage gives a KPI and takes back: the context, and the KPI type.

A plugin registers a :class:`KPIType`; the core computes every KPI once per report, from the
read and validated tables, and checks the rows it returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs
import polars as pl

from samverkan.allocate.results import Allocation
from samverkan.model.period import Period
from samverkan.model.units import KPI, ServiceUnit
from samverkan.read.definition import ReportDefinition


@attrs.frozen
class MeasureContext:
    """What a KPI's ``compute`` receives: the definition and the validated tables."""

    definition: ReportDefinition
    ledger: pl.DataFrame = attrs.field(eq=False, repr=False)
    drivers: pl.DataFrame = attrs.field(eq=False, repr=False)
    observations: pl.DataFrame = attrs.field(eq=False, repr=False)
    """The observations read from files (a report's context: every KPI's values too)."""
    kpis: tuple[KPI, ...] = ()
    """Every registered KPI, in id order."""
    extras: Mapping[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)
    """Plugin-owned tables from readers (see :class:`samverkan.api.ReadResult`)."""
    strict: bool = False
    """``samverkan report --strict``: a plugin may then fail on what it otherwise flags."""
    allocation: Allocation | None = attrs.field(default=None, eq=False, repr=False)
    """The allocate stage's result (each member's charges under the key, per area), which
    runs before the KPIs; None when the definition has no ``[allocation]``."""

    @property
    def unit(self) -> ServiceUnit:
        """The board the report is about (``definition.unit``): its members and areas."""
        return self.definition.unit

    @property
    def period(self) -> Period:
        """The report's period (``definition.period``): a KPI's values are for it, or for
        its year (``str(period.year)``) where the KPI is yearly."""
        return self.definition.period


@attrs.frozen
class KPIType:
    """A KPI a plugin provides and how to compute it from the report's data."""

    kpi: KPI
    compute: Callable[[MeasureContext], pl.DataFrame]
    """Returns rows of the ``observations`` table for this KPI (``kpi_id`` = ``kpi.id``).
    May return an empty frame when the data needed is not there (for example no outcome yet)."""

    @property
    def id(self) -> str:
        return self.kpi.id

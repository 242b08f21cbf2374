"""What the measure stage gives a KPI and takes back: the context, and the KPI type.

A plugin registers a :class:`KPIType`; the core computes every KPI once per report, from the
read and validated tables, and checks the rows it returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs
import polars as pl

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

    @property
    def unit(self) -> ServiceUnit:
        return self.definition.unit

    @property
    def period(self) -> Period:
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

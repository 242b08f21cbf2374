"""The measure stage: every registered KPI computed once from the read tables, its rows checked.

A KPI whose plugin fails is left out with a note saying why (:func:`samverkan.errors.tolerated`);
under ``strict`` the failure stops the build instead."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.errors import PluginError, SamverkanError, guarded, tolerated
from samverkan.measure.registry import KPIType, MeasureContext
from samverkan.model.casts import LossyCast
from samverkan.model.notes import Note
from samverkan.model.subjects import unknown_kinds
from samverkan.model.tables import concat, conform, empty
from samverkan.read.validate import validate_observations


def compute_kpis(
    context: MeasureContext, kpis: Mapping[str, tuple[str, KPIType]]
) -> tuple[pl.DataFrame, tuple[Note, ...]]:
    """Every registered KPI's observations added to those read, and a note per KPI that
    failed."""
    parts, failed = [context.observations], []
    for kpi_id, (plugin, kpi) in sorted(kpis.items()):

        def note(exc: SamverkanError, kpi_id: str = kpi_id, plugin: str = plugin) -> None:
            failed.append(
                Note(
                    {
                        "sv": f"Nyckeltalet {kpi_id} kunde inte beräknas: {exc}",
                        "en": f"The KPI {kpi_id} could not be computed: {exc}",
                    },
                    f"plugin {plugin}",
                )
            )

        hook = "samverkan_register_kpis"
        rows = tolerated(
            context.strict, note, plugin, hook, _kpi_rows, context, plugin, kpi_id, kpi
        )
        if rows is not None:
            parts.append(rows)
    return concat("observations", parts), tuple(failed)


def _kpi_rows(context: MeasureContext, plugin: str, kpi_id: str, kpi: KPIType) -> pl.DataFrame:
    frame = guarded(plugin, "samverkan_register_kpis", kpi.compute, context)
    if frame.height == 0:
        # Nothing to say (no data for this board or period): ``pl.DataFrame()`` is as good as
        # an empty frame of the schema, since every KPI runs for every report.
        return empty("observations")
    try:
        frame = conform("observations", frame)
    except LossyCast as exc:
        raise PluginError(plugin, "samverkan_register_kpis", f"{kpi_id}: {exc}") from None
    problems = validate_observations(frame, context.unit, kpi_id)
    wrong = frame.filter(pl.col("kpi_id") != kpi_id).height
    if problems or wrong:
        detail = f"{wrong} rader har ett annat kpi_id" if wrong else str(problems[0])
        raise PluginError(plugin, "samverkan_register_kpis", f"{kpi_id}: {detail}")
    undeclared = unknown_kinds(frame["subject"].unique().to_list(), kpi.kpi.subjects)
    if undeclared:
        raise PluginError(
            plugin,
            "samverkan_register_kpis",
            f"{kpi_id}: ämnet {undeclared[0]!r} har en typ som nyckeltalet inte deklarerar "
            f"(KPI.subjects: {', '.join(k.id for k in kpi.kpi.subjects) or 'inga'})",
        )
    return frame

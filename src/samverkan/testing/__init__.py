"""Fixtures for plugin authors' tests: opt in with ``pytest_plugins = ["samverkan.testing"]``.

- ``samverkan_plugins(*plugins)``: a plugin manager with the built-in plugins and yours, without
  the installed entry points (so a test sees exactly what it registers).
- ``tiny_unit``: a two-member board (Herrljunga and Vårgårda) with one area, ``demo``.
- ``tiny_tables``: small canonical tables for that unit (ledger, drivers, observations).
- ``build_report_from``: write a definition and data files into a temporary folder, build the
  report with given plugins and return the HTML file.
- ``tiny_board``: the definition text of a report on ``tiny_unit`` (sections, sources and an
  ``[allocation]`` of your choosing), for ``build_report_from``.

And functions a test calls directly:

- :func:`read_context` and :func:`measure_context`: what a reader and a KPI receive;
- :func:`read_one`: one reader on one file, its rows and tables through the core's checks (the
  declared types, every value kept, and the table's validation: members, dates, required
  values), as the read stage does;
- :func:`get_plugins` (every installed plugin, or ``extra=[(name, module)]`` beside them) and
  :func:`load_definition` (a definition file, checked), as ``samverkan report`` uses them;
- :func:`prepared`: a definition read, allocated, measured and followed up, as ``samverkan
  report`` does before it composes the report;
- :func:`table_rows`: a frame as rows of a canonical table, in its types and (given the
  board) checked as the read stage checks a reader's rows;
- :func:`report_html`: a definition built into its report's HTML, as ``samverkan report``
  builds it (nothing written);
- :func:`run_cli`: ``samverkan ARGS`` in the test's process, its exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import polars as pl

from samverkan.cli.app import main
from samverkan.compose.prepare import Prepared, prepare
from samverkan.errors import InputError
from samverkan.measure.registry import MeasureContext
from samverkan.model import tables
from samverkan.model.period import Period
from samverkan.model.units import ServiceUnit
from samverkan.plugins import Plugins, get_plugins
from samverkan.read.checked import checked
from samverkan.read.definition import ReportDefinition, load_definition
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source, TableName
from samverkan.read.stage import read_tables
from samverkan.read.validate import VALIDATORS
from samverkan.render.report import build_report
from samverkan.testing.fixtures import (
    build_report_from,
    samverkan_plugins,
    tiny_board,
    tiny_tables,
    tiny_unit,
)

__all__ = [
    "Plugins",
    "build_report_from",
    "get_plugins",
    "load_definition",
    "measure_context",
    "prepared",
    "read_context",
    "read_one",
    "report_html",
    "run_cli",
    "samverkan_plugins",
    "table_rows",
    "tiny_board",
    "tiny_tables",
    "tiny_unit",
]


def read_context(unit: ServiceUnit | ReportDefinition, period: str = "2018-04") -> ReadContext:
    """What a reader receives for ``unit`` (or a definition's unit and period)."""
    if isinstance(unit, ReportDefinition):
        return ReadContext(unit.unit, unit.period)
    return ReadContext(unit, Period.parse(period))


def read_one(
    reader: Reader,
    path: Path,
    context: ReadContext,
    *,
    citation: str = "testdata",
    plugin: str = "test",
    **options: Any,
) -> ReadResult:
    """``reader`` on the one file ``path`` (its ``options`` as a ``[[sources]]`` table gives
    them), with what it returns checked as the read stage checks it: a value that would
    change on its way into the table's types is the :class:`~samverkan.api.PluginError` the
    report would give, a row the table's validation refuses an
    :class:`~samverkan.api.InputError` naming file and row. Returns the checked rows."""
    source = Source(reader.id, Path(path), Path(path).name, citation, options)
    raw = reader.read(source, context)
    result = raw if isinstance(raw, ReadResult) else ReadResult(raw)
    rows, own, problems = checked(plugin, reader, result, source, context.unit)
    if problems:
        raise InputError(problems)
    return attrs.evolve(result, frame=rows, extras=own)


def prepared(definition: Path, plugins: Plugins, *, strict: bool = True) -> Prepared:
    """``definition`` read, allocated, measured and followed up (the tables, the allocation,
    every KPI's observations), under ``--strict`` unless asked otherwise."""
    return prepare(Path(definition), plugins.registered(), strict=strict)


def measure_context(
    definition: Path, plugins: Plugins, *, allocated: bool = True
) -> MeasureContext:
    """What a KPI's ``compute`` receives for ``definition``: its tables and its allocation;
    ``allocated=False``: its tables only (read, not allocated, faster), for a KPI that reads
    no allocation."""
    if not allocated:
        loaded = load_definition(Path(definition))
        read = read_tables(loaded, plugins.readers())
        return MeasureContext(
            loaded, read["ledger"], read["drivers"], read["observations"], extras=read.extras
        )
    done = prepared(definition, plugins, strict=False)
    data = done.tables
    return MeasureContext(
        done.definition,
        data["ledger"],
        data["drivers"],
        data["observations"],
        tuple(kpi.kpi for _, kpi in sorted(plugins.kpis().values(), key=lambda p: p[1].id)),
        extras=data.extras,
        allocation=done.allocation,
    )


def table_rows(
    table: TableName, frame: pl.DataFrame, unit: ServiceUnit | None = None
) -> pl.DataFrame:
    """``frame`` as rows of the canonical ``table``: the optional columns it lacks added as
    nulls and every column in the table's type where no value changes (a string ``kind``
    becomes the enum, ``1`` hour ``1.000000``; a value that would change raises a
    ``ValueError`` naming the column, the value and its row). Given ``unit``, the rows are
    checked as the read stage checks a reader's: every problem (a member, a date, a missing
    value) in one :class:`~samverkan.api.InputError`."""
    rows = tables.conform(table, frame)
    problems = [] if unit is None else VALIDATORS[table](rows, unit, "test")
    if problems:
        raise InputError(problems)
    return rows


def report_html(definition: Path, plugins: Plugins | None = None, *, strict: bool = True) -> str:
    """The HTML of the report ``definition`` builds with ``plugins`` (every installed one when
    None), under ``--strict`` unless asked otherwise; nothing is written. Bad input raises
    :class:`~samverkan.api.InputError` as ``samverkan report`` would refuse it."""
    return build_report(Path(definition), plugins or get_plugins(), strict=strict).html


def run_cli(*args: str) -> int:
    """``samverkan ARGS`` in the test's own process, with the installed plugins: its exit
    code (0, or 2 for bad input with the message on stderr, which ``capsys`` reads)."""
    return main(list(args))

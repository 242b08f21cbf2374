"""What a reader returns, checked as the read stage checks every reader's result: its rows
and its own tables brought to their declared types with every value kept (what does not fit
is the plugin's fault), and every row checked against its table's rules and the service unit
(what does not hold is the input's fault, named with the file's own column and its text)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import polars as pl

from samverkan.errors import PluginError, Problem
from samverkan.model.casts import LossyCast, SchemaMismatch, conform_to
from samverkan.model.tables import conform
from samverkan.model.units import ServiceUnit
from samverkan.read.overlap import declared_kinds
from samverkan.read.registry import Reader, ReadResult, Source
from samverkan.read.validate import (
    VALIDATORS,
    validate_drivers,
    validate_extra,
    without_written,
    written_as,
)


def checked(
    plugin: str, reader: Reader, result: ReadResult, source: Source, unit: ServiceUnit
) -> tuple[pl.DataFrame | None, dict[str, pl.DataFrame], list[Problem]]:
    """What ``reader`` gave for ``source``, checked as every reader's result is: its rows and
    its own tables in their declared types (what does not fit is the plugin's fault), the rows
    of the kinds the source declares, and every problem of the rows and tables, named by the
    file's own columns and quoting the file's text where the reader kept it."""
    rows, own = _typed(plugin, reader, result)
    if source.kinds is not None:
        if reader.table != "ledger":
            return None, {}, [kinds_without_ledger(source, reader)]
        rows = declared_kinds(rows, source) if rows is not None else None
    named = result.columns
    problems = (
        []
        if rows is None
        else validate_drivers(
            rows, unit, source.name, f"{reader.id}, insticksmodulen {plugin}", columns=named
        )
        if reader.table == "drivers"
        else VALIDATORS[str(reader.table)](rows, unit, source.name, columns=named)
    )
    for name, extra in own.items():
        problems += validate_extra(extra, reader.required.get(name, ()), columns=named)
    kept = {name: without_written(extra) for name, extra in own.items()}
    return None if rows is None else without_written(rows), kept, problems


def _as_written(
    frame: pl.DataFrame, columns: Mapping[str, str], schema: Collection[str]
) -> list[pl.Series]:
    """The file's text of each of ``schema``'s columns, where the frame keeps the file's column
    it was read from beside the parsed one (under the file's name, as text)."""
    return [
        frame.get_column(file).alias(written_as(name))
        for name, file in columns.items()
        if name in schema
        and file not in schema
        and file in frame.columns
        and frame.schema[file] == pl.String
    ]


def _typed(
    plugin: str, reader: Reader, result: ReadResult
) -> tuple[pl.DataFrame | None, dict[str, pl.DataFrame]]:
    """The reader's rows and its own tables in their declared types, every value kept; what
    does not fit is the plugin's fault, named with the reader. The file's text of a column
    stays beside it (:func:`_as_written`) for the checks' messages."""

    def fault(message: str) -> PluginError:
        return PluginError(plugin, "samverkan_register_readers", f"läsaren {reader.id}: {message}")

    rows = None
    if reader.table is None:
        if result.frame is not None and result.frame.height:
            raise fault("gav rader men har ingen tabell (table=None); lägg dem i extras")
    elif not isinstance(result.frame, pl.DataFrame):
        raise fault(f"returnerade {type(result.frame).__name__}, väntade en DataFrame")
    else:
        try:
            rows = conform(reader.table, result.frame)
        except LossyCast as exc:
            raise fault(str(exc)) from None
        rows = rows.with_columns(_as_written(result.frame, result.columns, rows.columns))
    own = {}
    files = set(result.columns.values())
    for name, extra in result.extras.items():
        if name not in reader.extras:
            declared = ", ".join(reader.extras) or "inga"
            raise fault(f"gav tabellen {name}, som den inte deklarerar (Reader.extras: {declared})")
        if not isinstance(extra, pl.DataFrame):
            raise fault(f"tabellen {name} är {type(extra).__name__}, väntade en DataFrame")
        schema = reader.extras[name]
        try:
            typed = conform_to(schema, extra.drop(files - set(schema), strict=False))
        except (LossyCast, SchemaMismatch) as exc:
            raise fault(f"tabellen {name}: {exc}") from None
        own[name] = typed.with_columns(_as_written(extra, result.columns, schema))
    return rows, own


def kinds_without_ledger(source: Source, reader: Reader) -> Problem:
    """``kinds`` chooses ledger rows; a reader of another table has none to choose."""
    return Problem(
        f"kinds gäller källor till huvudboken (ledger); läsaren {reader.id} ger {reader.table}",
        source.name,
        None,
        "kinds",
    )

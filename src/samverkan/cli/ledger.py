"""``samverkan ledger``: any supported input into the canonical ledger table, for checking.

A controller runs it on an export to see exactly what samverkan reads from it, row by row,
before a report uses the file. A mapping file (TOML) may name the reader, the service unit
(``[unit]``, as in a report definition, to validate areas and members) and the reader's
options (``[options]``); without ``[unit]`` the rows are read but not checked against a unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import polars as pl

from samverkan.errors import InputError, PluginError, Problem
from samverkan.model import tables
from samverkan.model.notes import Note
from samverkan.model.period import Period
from samverkan.model.units import Area, Municipality, ServiceUnit
from samverkan.plugins import Plugins
from samverkan.read import files
from samverkan.read.definition import _unit
from samverkan.read.keys import KeyReader
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source
from samverkan.read.validate import validate_ledger
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits
from samverkan.render import sheets
from samverkan.render.publish import written

UNCHECKED = ServiceUnit(
    "huvudbok",
    "Huvudbok",
    Municipality("0000", "okänd"),
    [Municipality("0000", "okänd")],
    [Area("okant", "Okänt område")],
)
"""The unit rows are read for when the mapping names none (nothing is checked against it)."""


@attrs.frozen
class Mapping:
    reader: str | None
    unit: ServiceUnit | None
    options: dict[str, Any]
    period: Period
    folder: Path
    """Where file names in ``options`` are relative to: the mapping file's folder."""
    limits: ReadLimits = DEFAULT_LIMITS


def load_mapping(path: Path | None, limits: ReadLimits = DEFAULT_LIMITS) -> Mapping:
    """Read a mapping file; every problem is reported with the file and key."""
    if path is None:
        today = Period.parse(str(dt.date.today().year))
        return Mapping(None, None, {}, today, Path.cwd(), limits)
    raw = files.read_toml(path, str(path))
    r = KeyReader(str(path), path.parent.resolve())
    r.unknown(raw, "", {"reader", "unit", "options", "period"})
    reader = r.get(raw, "", "reader", str, default=None)
    options = r.get(raw, "", "options", dict, default={})
    period_raw = r.get(raw, "", "period", str, default=str(dt.date.today().year))
    period = r.convert("period", Period.parse, period_raw)
    unit = _unit(raw["unit"], r) if "unit" in raw else None
    if r.problems or period is None:
        raise InputError(r.problems)
    return Mapping(reader, unit, options, period, path.parent.resolve(), limits)


def pick_reader(path: Path, mapping: Mapping, plugins: Plugins) -> tuple[str, Reader]:
    """The mapping's reader, else the one ledger reader that claims the file's ending."""
    readers = {i: pr for i, pr in plugins.readers().items() if pr[1].table == "ledger"}
    if mapping.reader is not None:
        if mapping.reader not in readers:
            raise InputError.at(
                f"okänd läsare {mapping.reader!r}; läsare för huvudböcker: "
                f"{', '.join(sorted(readers))}",
                "mapping",
                None,
                "reader",
            )
        return readers[mapping.reader]
    suffix = path.suffix.lower()
    claiming = [pr for pr in readers.values() if suffix in pr[1].extensions]
    if len(claiming) != 1:
        raise InputError.at(
            f"kan inte välja läsare för {suffix or 'filen'}: "
            f"{'ingen' if not claiming else 'flera'} läsare passar; ange "
            'reader = "…" i en mappningsfil (--mapping)',
            path,
        )
    return claiming[0]


def read_ledger(
    inputs: Sequence[Path], mapping: Mapping, plugins: Plugins
) -> tuple[pl.DataFrame, list[Note]]:
    """Every row of every input, in file order: the ledger rows a report would use (validated
    when the mapping names a unit) and, with their ``reason``, the rows it would not use."""
    unit = mapping.unit or UNCHECKED
    context = ReadContext(unit, mapping.period)
    frames: list[pl.DataFrame] = []
    notes: list[Note] = []
    problems: list[Problem] = []
    for path in inputs:
        plugin, reader = pick_reader(path, mapping, plugins)
        source = Source(
            reader.id,
            path.resolve(),
            str(path),
            f"samverkan ledger {path.name}",
            mapping.options,
            folder=mapping.folder,
            limits=mapping.limits,
        )
        try:
            result = plugins.call(
                plugin, "samverkan_register_readers", reader.read, source, context
            )
        except InputError as exc:
            problems += exc.problems
            continue
        if not isinstance(result, ReadResult):
            result = ReadResult(result)
        if not isinstance(result.frame, pl.DataFrame):
            raise PluginError(plugin, "samverkan_register_readers", "returnerade ingen tabell")
        notes += result.notes
        frame = tables.conform("ledger", result.frame)
        if mapping.unit is not None:
            problems += validate_ledger(frame, unit, str(path))
        frames.append(frame.with_columns(reason=pl.lit(None, pl.String)))
        if result.unused is not None and result.unused.height:
            frames.append(_unused(result.unused))
    if problems:
        raise InputError(problems)
    if not frames:
        return tables.empty("ledger").with_columns(reason=pl.lit(None, pl.String)), notes
    return _in_file_order(pl.concat(frames, how="vertical")), notes


def _unused(frame: pl.DataFrame) -> pl.DataFrame:
    """Unused rows in the ledger's columns (what they lack left null) and their reason."""
    columns = [
        pl.col(name).cast(dtype, strict=False)
        if name in frame.columns
        else pl.lit(tables.DEFAULTS.get(name), dtype).alias(name)
        for name, dtype in tables.LEDGER.items()
    ]
    return frame.select(*columns, pl.col("reason").cast(pl.String))


def _in_file_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Sorted by file and line of ``origin``, so the output reads like the input."""
    file, line = pl.col("origin").str.extract(r"^(.*):"), pl.col("origin").str.extract(r":(\d+)$")
    return frame.sort(file, line.cast(pl.Int64), maintain_order=True, nulls_last=True)


def write_ledger(frame: pl.DataFrame, out: Path) -> None:
    """CSV (comma, UTF-8) or Parquet by the file's ending, written atomically."""
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise InputError.at("utfilen ska sluta på .csv eller .parquet", out)
    with written(out) as tmp:
        if out.suffix.lower() == ".parquet":
            frame.write_parquet(tmp)
        else:
            text = frame.with_columns(pl.col("kind", "scope").cast(pl.String))
            tmp.write_text(sheets.inert_frame(text).write_csv(), "utf-8")

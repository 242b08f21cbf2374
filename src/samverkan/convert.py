"""``samverkan ledger``: any supported input into the canonical ledger table, for checking.

A controller runs it on an export to see exactly what samverkan reads from it, row by row,
before a report uses the file. A mapping file (TOML) may name the reader, the service unit
(``[unit]``, as in a report definition, to validate areas and members) and the reader's
options (``[options]``); without ``[unit]`` the rows are read but not checked against a unit.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import polars as pl

from samverkan import tables
from samverkan.definition import _Reader, _unit
from samverkan.errors import InputError, PluginError, Problem
from samverkan.model import Area, Municipality, ServiceUnit
from samverkan.period import Period
from samverkan.plugins import Plugins
from samverkan.registry import Note, ReadContext, Reader, ReadResult, Source
from samverkan.render.html import write_atomic

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


def load_mapping(path: Path | None) -> Mapping:
    """Read a mapping file; every problem is reported with the file and key."""
    if path is None:
        return Mapping(None, None, {}, Period.parse(str(dt.date.today().year)), Path.cwd())
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError.at(f"mappningsfilen kan inte läsas: {exc}", path) from None
    r = _Reader(str(path), path.parent.resolve())
    r.unknown(raw, "", {"reader", "unit", "options", "period"})
    reader = r.get(raw, "", "reader", str, default=None)
    options = r.get(raw, "", "options", dict, default={})
    period_raw = r.get(raw, "", "period", str, default=str(dt.date.today().year))
    period = r.convert("period", Period.parse, period_raw)
    unit = _unit(raw["unit"], r) if "unit" in raw else None
    if r.problems or period is None:
        raise InputError(r.problems)
    return Mapping(reader, unit, options, period, path.parent.resolve())


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
    """Every input as ledger rows (validated when the mapping names a unit) and the notes."""
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
        )
        try:
            result = plugins.call(
                plugin, "samverkan_register_readers", reader.read, source, context
            )
        except InputError as exc:
            problems += exc.problems
            continue
        if isinstance(result, ReadResult):
            notes += result.notes
            result = result.frame
        if not isinstance(result, pl.DataFrame):
            raise PluginError(plugin, "samverkan_register_readers", "returnerade ingen tabell")
        frame = tables.conform("ledger", result)
        if mapping.unit is not None:
            problems += tables.validate_ledger(frame, unit, str(path))
        frames.append(frame)
    if problems:
        raise InputError(problems)
    return tables.concat("ledger", frames), notes


def write_ledger(frame: pl.DataFrame, out: Path) -> None:
    """CSV (comma, UTF-8) or Parquet by the file's ending, written atomically."""
    if out.suffix.lower() == ".parquet":
        tmp = out.with_name(f".{out.name}.tmp")
        out.parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(tmp)
        tmp.replace(out)
    elif out.suffix.lower() == ".csv":
        write_atomic(
            out,
            frame.with_columns(
                pl.col("kind").cast(pl.String), pl.col("scope").cast(pl.String)
            ).write_csv(),
        )
    else:
        raise InputError.at("utfilen ska sluta på .csv eller .parquet", out)

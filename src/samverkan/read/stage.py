"""The read stage: every source read by its reader, every table validated, every problem of
every source reported at once; the allocation's coalition file is read here too."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs
import polars as pl

from samverkan.errors import InputError, PluginError, Problem, guarded
from samverkan.model.casts import LossyCast
from samverkan.model.notes import Note
from samverkan.model.tables import SCHEMAS, concat, conform
from samverkan.read.coalitions import read_coalitions
from samverkan.read.definition import ReportDefinition
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source
from samverkan.read.validate import VALIDATORS

Progress = Callable[[str], None]


def _quiet(_step: str) -> None:
    return None


@attrs.frozen
class Tables:
    """The validated canonical tables and the data-quality notes the readers made."""

    frames: dict[str, pl.DataFrame] = attrs.field(eq=False, repr=False)
    notes: tuple[Note, ...] = ()
    extras: dict[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)
    coalitions: dict[frozenset[str], int] | None = None
    """The stand-alone cost of each coalition of members, when the definition names them."""

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]


def read_tables(
    definition: ReportDefinition,
    readers: Mapping[str, tuple[str, Reader]],
    progress: Progress = _quiet,
    *,
    strict: bool = False,
) -> Tables:
    """Read every source and validate each table; raise one error listing every problem.

    A source that gives the report nothing (no rows, or for a ledger no row of the report's
    year) is an error naming it, with the reader's notes saying why; under ``strict`` so is
    every note a reader marks :attr:`~samverkan.api.Note.strict_error`."""
    context = ReadContext(definition.unit, definition.period)
    frames: dict[str, list[pl.DataFrame]] = {name: [] for name in SCHEMAS}
    problems: list[Problem] = []
    notes: list[Note] = []
    extras: dict[str, list[pl.DataFrame]] = {}
    for source in definition.sources:
        progress(f"läser {source.name}")
        plugin, reader = readers[source.reader]
        try:
            frame = guarded(plugin, "samverkan_register_readers", reader.read, source, context)
        except InputError as exc:
            problems += exc.problems
            continue
        result = frame if isinstance(frame, ReadResult) else ReadResult(frame)
        if not isinstance(result.frame, pl.DataFrame):
            raise PluginError(
                plugin,
                "samverkan_register_readers",
                f"läsaren {reader.id} returnerade {type(result.frame).__name__}",
            )
        notes += result.notes
        for name, extra in result.extras.items():
            extras.setdefault(name, []).append(extra)
        try:
            frame = conform(reader.table, result.frame)
        except LossyCast as exc:
            hook = "samverkan_register_readers"
            raise PluginError(plugin, hook, f"läsaren {reader.id}: {exc}") from None
        found = VALIDATORS[reader.table](frame, definition.unit, source.name)
        problems += found or _nothing_read(reader.table, frame, result, source, definition)
        frames[reader.table].append(frame)
    if strict:
        problems += [strict_problem(note) for note in notes if note.strict_error]
    if problems:
        raise InputError(problems)
    merged = {name: concat(name, parts) for name, parts in frames.items()}
    stacked = {name: pl.concat(parts, how="diagonal_relaxed") for name, parts in extras.items()}
    return Tables(merged, tuple(notes), stacked, _coalitions(definition))


def _coalitions(definition: ReportDefinition) -> dict[frozenset[str], int] | None:
    """The stand-alone estimates the definition names, read here with every other file."""
    spec = definition.allocation
    if spec is None or spec.coalitions is None:
        return None
    try:
        return read_coalitions(spec.coalitions)
    except InputError as exc:
        raise exc.located_in(spec.coalitions_name or str(spec.coalitions)) from None


def _nothing_read(
    table: str,
    frame: pl.DataFrame,
    result: ReadResult,
    source: Source,
    definition: ReportDefinition,
) -> list[Problem]:
    """A problem when ``source`` gives the report nothing at all."""
    year = str(definition.period.year)
    if table == "ledger":
        if frame.filter(pl.col("period").str.starts_with(year)).height:
            return []
        what = f"inga rader för rapportens år {year}"
    elif frame.height or any(e.height for e in result.extras.values()):
        return []
    else:
        what = "inga rader"
    why = "; ".join(f"{n.message('sv')} ({n.origin})" for n in result.notes[:5])
    return [Problem(f"källan ger {what}" + (f": {why}" if why else ""), source.name)]


def strict_problem(note: Note) -> Problem:
    """A note ``--strict`` refuses, as the problem it then is (``file:line`` split again)."""
    file, _, line = note.origin.rpartition(":")
    message = f"{note.message('sv')} (--strict)"
    return Problem(message, file or note.origin, int(line) if line.isdigit() else None)

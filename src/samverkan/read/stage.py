"""The read stage: every source read by its reader, every table validated, every problem of
every source reported at once; the allocation's coalition file is read here too."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs
import polars as pl

from samverkan.errors import InputError, Problem, guarded
from samverkan.model.notes import Note
from samverkan.model.provenance import Origin, Provenance, least_real
from samverkan.model.tables import SCHEMAS, concat
from samverkan.model.text import Text
from samverkan.read import monthly
from samverkan.read.checked import checked
from samverkan.read.coalitions import CoalitionCosts, read_coalitions
from samverkan.read.definition import ReportDefinition
from samverkan.read.overlap import overlapping
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source

Progress = Callable[[str], None]


def _quiet(_step: str) -> None:
    return None


@attrs.frozen
class Tables:
    """The validated canonical tables and the data-quality notes the readers made."""

    frames: dict[str, pl.DataFrame] = attrs.field(eq=False, repr=False)
    notes: tuple[Note, ...] = ()
    extras: dict[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)
    coalitions: CoalitionCosts | None = None
    """The stand-alone cost of each coalition of members, when the definition names them."""
    driver_titles: dict[str, Text] = attrs.field(factory=dict)
    """The titles the readers used give their drivers (:attr:`Reader.drivers`)."""
    provenance: dict[str, Provenance] = attrs.field(factory=dict)
    """Every citation a row carries (its ``source``) → the origin of what it cites: the
    declaring source's, or an estimate for a driver row marked ``estimate``."""

    columns: dict[str, Mapping[str, str]] = attrs.field(factory=dict)
    """Each source's file (as messages name it) → the file's own column each column of its
    rows was read from (:attr:`ReadResult.columns`): a later stage's refusal of a row is
    named as the file names the column (:meth:`InputError.named_as`)."""

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
    every note a reader marks :attr:`~samverkan.api.Note.strict_error`.

    A monthly file of a year's definition is read as for its own month's report, and the
    ledger rows of the files of one ``{month}`` pattern are combined so that every figure
    counts once (:mod:`samverkan.read.monthly`)."""
    frames: dict[str, list[pl.DataFrame]] = {name: [] for name in SCHEMAS}
    ledgers: list[tuple[Source, pl.DataFrame, bool]] = []
    problems: list[Problem] = []
    notes: list[Note] = list(definition.notes)
    extras: dict[str, list[pl.DataFrame]] = {}
    titles: dict[str, Text] = {}
    registry: dict[str, Provenance] = {}
    file_columns: dict[str, Mapping[str, str]] = {}
    for source in definition.sources:
        progress(f"läser {source.name}")
        plugin, reader = readers[source.reader]
        titles |= reader.drivers
        context = ReadContext(definition.unit, source.month or definition.period)
        try:
            frame = guarded(plugin, "samverkan_register_readers", reader.read, source, context)
        except InputError as exc:
            problems += exc.problems
            continue
        result = frame if isinstance(frame, ReadResult) else ReadResult(frame)
        rows, own, found = checked(plugin, reader, result, source, definition.unit)
        if result.columns:
            file_columns[source.name] = result.columns
        notes += result.notes
        for name, extra in own.items():
            extras.setdefault(name, []).append(extra)
        problems += found or _nothing_read(reader.table, rows, own, result, source, definition)
        if rows is not None and reader.table == "ledger":
            ledgers.append((source, rows, result.year_to_date))
        elif rows is not None:
            frames[str(reader.table)].append(rows)
        _register(registry, source, [rows, *own.values()])
    named, combined, unknown = monthly.counted_once(ledgers)
    frames["ledger"] = [rows for _, rows in named]
    notes += combined
    problems += unknown
    problems += overlapping(named, monthly.names)
    if strict:
        problems += [strict_problem(note) for note in notes if note.strict_error]
    if problems:
        raise InputError(problems)
    merged = {name: concat(name, parts) for name, parts in frames.items()}
    stacked = {name: pl.concat(parts, how="vertical") for name, parts in extras.items()}
    return Tables(
        merged, tuple(notes), stacked, _coalitions(definition), titles, registry, file_columns
    )


def _register(
    registry: dict[str, Provenance], source: Source, frames: Sequence[pl.DataFrame | None]
) -> None:
    """The origins of what ``source`` gave: its citation and every citation of its rows."""
    cited: dict[str, Provenance] = {source.citation: source.provenance}
    for frame in frames:
        if frame is None or "source" not in frame.columns:
            continue
        for citation in frame.get_column("source").drop_nulls().unique().to_list():
            cited[citation] = source.provenance
        if "estimate" in frame.columns:
            estimated = frame.filter(pl.col("estimate")).get_column("source").drop_nulls()
            for citation in estimated.unique().to_list():
                cited[citation] = Provenance(Origin.ESTIMATE, citation)
    for citation, found in cited.items():
        registry[citation] = least_real(registry.get(citation, found), found)


def _coalitions(definition: ReportDefinition) -> CoalitionCosts | None:
    """The stand-alone estimates the definition names, read here with every other file."""
    spec = definition.allocation
    if spec is None or spec.coalitions is None:
        return None
    try:
        return read_coalitions(spec.coalitions)
    except InputError as exc:
        raise exc.located_in(spec.coalitions_name or str(spec.coalitions)) from None


def _nothing_read(  # noqa: PLR0917 (what the source gave, and what for)
    table: str | None,
    rows: pl.DataFrame | None,
    own: Mapping[str, pl.DataFrame],
    result: ReadResult,
    source: Source,
    definition: ReportDefinition,
) -> list[Problem]:
    """A problem when ``source`` gives the report nothing at all."""
    year = str(definition.period.year)
    if table == "ledger" and rows is not None:
        if rows.filter(pl.col("period").str.starts_with(year)).height:
            return []
        what = f"inga rader för rapportens år {year}"
    elif (rows is not None and rows.height) or any(e.height for e in own.values()):
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

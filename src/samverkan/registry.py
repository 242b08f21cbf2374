"""What plugins register through the hooks: readers, sections and allocation methods.

Plugins declare these values; the core checks them, remembers which plugin gave each one, and
calls them itself, so any failure can be traced to its plugin and hook.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
import polars as pl

from samverkan.errors import InputError
from samverkan.i18n import Text, text
from samverkan.model import KPI
from samverkan.workbook import DEFAULT_LIMITS, ReadLimits

if TYPE_CHECKING:
    from samverkan.blocks import Block
    from samverkan.context import AllocationContext, ReportContext
    from samverkan.model import ServiceUnit
    from samverkan.period import Period

TableName = Literal["ledger", "drivers", "observations"]
_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _check_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _ID.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r}: use lower-case ASCII, digits, _ and .")


@attrs.frozen
class Source:
    """One ``[[sources]]`` entry of a report definition, resolved, as a reader receives it."""

    reader: str
    path: Path
    """Absolute path of the file."""
    name: str
    """The path as written in the definition, for messages."""
    citation: str
    """Where the figures come from, printed under every table and figure using them."""
    options: Mapping[str, Any] = attrs.field(factory=dict)
    example_data: bool = False
    """True when the file holds generated example data (the report says so)."""
    folder: Path | None = None
    """The folder of the file that named this source (the definition or mapping file); file
    names in ``options`` are relative to it. None: relative to the data file's folder."""

    allow_outside: bool = False
    """``--allow-outside``: option files may lie outside ``folder``."""
    limits: ReadLimits = DEFAULT_LIMITS
    """How large a workbook may be before it is refused unread (``--max-xlsx-mb`` …)."""

    def option_path(self, key: str) -> Path:
        """The file an option names, resolved as the person who wrote it meant; one outside
        the naming file's folder (symlinks resolved) is refused unless allowed."""
        folder = (self.folder or self.path.parent).resolve()
        full = (folder / str(self.options[key])).resolve()
        if not self.allow_outside and not full.is_relative_to(folder):
            raise InputError.at(
                f"{self.options[key]!r} leder utanför mappen {folder}; flytta filen dit eller "
                "tillåt det med --allow-outside",
                self.name,
                None,
                key,
            )
        return full


@attrs.frozen
class ReadContext:
    """What a reader may know about the report it reads for."""

    unit: ServiceUnit
    period: Period


@attrs.frozen
class Note:
    """A data-quality remark: something read but not used as it stands, with its amount.

    Unmapped accounts and cost centres, rows outside the period and the like are never dropped
    silently: readers return them as notes and the report lists them under "Datakvalitet".
    """

    message: Text = attrs.field(converter=text)
    """Swedish, or ``{"sv": …, "en": …}`` for both report languages."""
    origin: str
    """``file:line`` (or the file) the remark is about."""
    amount_ore: int | None = None
    strict_error: bool = False
    """True for a fault the report can be built around but ``--strict`` refuses: a file
    that disagrees with itself (vouchers against the totals it states)."""


@attrs.frozen
class ReadResult:
    """What a reader may return instead of a bare frame: the rows and the notes about them."""

    frame: pl.DataFrame = attrs.field(eq=False, repr=False)
    notes: tuple[Note, ...] = ()
    extras: Mapping[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)
    """The plugin's own tables (a ticket log, a switchboard log …), named ``<plugin>.<table>``.
    The core passes them to KPIs and sections as ``context.extras`` without interpreting them;
    readers of the same name are stacked."""
    unused: pl.DataFrame | None = attrs.field(default=None, eq=False, repr=False)
    """Rows read but not used, in the table's columns (those it could not fill left null)
    and ``reason``: ``samverkan ledger`` lists them beside the used rows, so a controller sees
    every row of the file; a report leaves them out (the notes say why, with amounts)."""


@attrs.frozen
class Reader:
    """Turns one kind of input file into rows of a canonical table."""

    id: str = attrs.field(validator=_check_id)
    """Referenced as ``reader = "…"`` in a definition's ``[[sources]]``."""
    table: TableName = attrs.field(
        validator=attrs.validators.in_(("ledger", "drivers", "observations"))
    )
    read: Callable[[Source, ReadContext], pl.DataFrame | ReadResult]
    """Returns the rows (and optionally notes); raise :class:`samverkan.errors.InputError`
    for bad input."""
    title: Text = attrs.field(converter=text)
    options: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Extra keys a ``[[sources]]`` entry may set for this reader."""
    extensions: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """File endings (``.se``) by which ``samverkan ledger`` picks this reader unasked."""


@attrs.frozen
class Command:
    """A ``samverkan`` subcommand a plugin adds (``samverkan kolada fetch …``)."""

    id: str = attrs.field(validator=_check_id)
    """The subcommand's name on the command line."""
    help: Text = attrs.field(converter=text)
    configure: Callable[[argparse.ArgumentParser], None]
    """Adds the subcommand's arguments (and its own subcommands) to its parser."""
    run: Callable[[argparse.Namespace], int]
    """Runs it and returns the exit code; raise :class:`samverkan.errors.InputError` for bad
    input, which the command line reports with exit code 2."""


@attrs.frozen
class SectionType:
    """A report section a plugin can build."""

    id: str = attrs.field(validator=_check_id)
    """Referenced in a definition's ``sections`` list."""
    title: Text = attrs.field(converter=text)
    build: Callable[[ReportContext], Sequence[Block]]


@attrs.frozen
class AllocationMethod:
    """A key by which the members share costs (see the allocation explanation in the docs)."""

    id: str = attrs.field(validator=_check_id)
    title: Text = attrs.field(converter=text)
    weights: Callable[[AllocationContext], pl.DataFrame]
    """Returns ``municipality`` and ``weight`` (non-negative Int64), one row per member."""
    options: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Extra keys the definition's ``[allocation]`` table may set for this method."""


@attrs.frozen
class KPIType:
    """A KPI a plugin provides and how to compute it from the report's data."""

    kpi: KPI
    compute: Callable[[ReportContext], pl.DataFrame]
    """Returns rows of the ``observations`` table for this KPI (``kpi_id`` = ``kpi.id``).
    May return an empty frame when the data needed is not there (for example no outcome yet)."""

    @property
    def id(self) -> str:
        return self.kpi.id


@attrs.frozen
class Highlight:
    """One thing that changed since the previous report, for the report's first screen."""

    text: str
    """In the report's language, for example "IT – Övriga kostnader: prognosen +2 000 tkr"."""
    magnitude: float
    """How large the change is, comparable across plugins (kronor); the largest three show."""
    better: bool | None = None
    """True when the change is good news (polarity-aware), False when bad, None when neither."""


@attrs.frozen
class HighlightType:
    """A plugin's source of first-screen highlights."""

    id: str = attrs.field(validator=_check_id)
    compute: Callable[[ReportContext], Sequence[Highlight]]

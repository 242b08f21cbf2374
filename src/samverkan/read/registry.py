"""What the read stage hands a reader and takes back: the source, the context, the result.

A plugin registers a :class:`Reader`; the core calls its ``read(source, context)`` for every
``[[sources]]`` entry naming it and checks what comes back."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import polars as pl

from samverkan.errors import InputError
from samverkan.model.notes import Note
from samverkan.model.period import Period
from samverkan.model.text import Text, text
from samverkan.model.units import ServiceUnit
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits

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
    """Returns the rows (and optionally notes); raise :class:`samverkan.api.InputError`
    for bad input."""
    title: Text = attrs.field(converter=text)
    options: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Extra keys a ``[[sources]]`` entry may set for this reader."""
    extensions: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """File endings (``.se``) by which ``samverkan ledger`` picks this reader unasked."""

"""What plugins register through the hooks: readers, sections and allocation methods.

Plugins declare these values; the core checks them, remembers which plugin gave each one, and
calls them itself, so any failure can be traced to its plugin and hook.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
import polars as pl

from samverkan.i18n import Text, text

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


@attrs.frozen
class ReadContext:
    """What a reader may know about the report it reads for."""

    unit: ServiceUnit
    period: Period


@attrs.frozen
class Reader:
    """Turns one kind of input file into rows of a canonical table."""

    id: str = attrs.field(validator=_check_id)
    """Referenced as ``reader = "…"`` in a definition's ``[[sources]]``."""
    table: TableName = attrs.field(
        validator=attrs.validators.in_(("ledger", "drivers", "observations"))
    )
    read: Callable[[Source, ReadContext], pl.DataFrame]
    """Returns the rows; raise :class:`samverkan.errors.InputError` for bad input."""
    title: Text = attrs.field(converter=text)
    options: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Extra keys a ``[[sources]]`` entry may set for this reader."""


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

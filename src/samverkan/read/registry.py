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
from samverkan.model.provenance import EXAMPLE, REAL, Provenance
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
    label: Text | None = None
    """What a reader of the report calls these figures (``ärendeloggen``), for the sentence
    under the header that says which figures are real and which are example data."""
    kinds: tuple[str, ...] | None = None
    """``kinds = ["prognos", "utfall"]``: the ledger kinds this source contributes (the read
    stage leaves out its other rows); None: all it holds. A monthly export that repeats the
    year's budget gives it once this way instead of once per month."""
    month: Period | None = None
    """The month this file is the export of, when a year's definition names its files by a
    ``{month}`` pattern (:mod:`samverkan.read.monthly`): it is read as for that month's report,
    so its forecast is that month's forecast and its outcome that month's outcome."""
    pattern: str | None = None
    """The ``{month}`` pattern this file was found by (as written); the ledger rows of the
    files of one pattern are combined so that every figure counts once."""
    provenance: Provenance = attrs.field(
        default=attrs.Factory(lambda s: EXAMPLE if s.example_data else REAL, takes_self=True)
    )
    """The source's origin (``real``, ``estimate`` with how, ``example``); ``example_data =
    true`` in a definition is the same as ``origin = "example"``."""
    unchanged_months: tuple[Period, ...] = ()
    """``unchanged_months = ["2019-04"]``: months of a ``{month}`` pattern whose file may state
    the same figures as an earlier month's (:mod:`samverkan.read.copies` refuses it otherwise)."""

    @provenance.validator
    def _agrees(self, _a: attrs.Attribute[Provenance], value: Provenance) -> None:
        if self.example_data != value.example:
            raise ValueError("example_data and origin disagree")

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

    frame: pl.DataFrame | None = attrs.field(default=None, eq=False, repr=False)
    """Rows of the reader's :attr:`Reader.table`; None for a reader that gives only extras."""
    notes: tuple[Note, ...] = ()
    extras: Mapping[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)
    """The plugin's own tables (a ticket log, a switchboard log …), each declared with its
    schema in :attr:`Reader.extras`. The core checks them against it and passes them to KPIs
    and sections as ``context.extras``; tables of the same name from several sources are
    stacked."""
    unused: pl.DataFrame | None = attrs.field(default=None, eq=False, repr=False)
    """Rows read but not used, in the table's columns (those it could not fill left null)
    and ``reason``: ``samverkan ledger`` lists them beside the used rows, so a controller sees
    every row of the file; a report leaves them out (the notes say why, with amounts)."""
    year_to_date: bool = False
    """True when the ``utfall`` rows of :attr:`frame` are the year to date through their
    period (``Utfall ack.``) rather than the month's own figure: the read stage makes each the
    month's own from the figure of the month before, in the file of that month of the same
    ``{month}`` pattern (or in the same source), and refuses one whose month before is
    unknown (:mod:`samverkan.read.year_to_date`)."""
    columns: Mapping[str, str] = attrs.field(factory=dict)
    """The file's own column each column of :attr:`frame` and :attr:`extras` was read from
    (``{"quantity": "Timmar", "reference_date": "Månad"}``): a value the core refuses is named
    by the file's column, not the table's. A frame that also keeps that column of the file,
    as text under the file's name, has the refusal quote the text as written (``'-3'``, not
    the parsed ``'-3.000000'``)."""


def _schemas(
    value: Mapping[str, Mapping[str, pl.DataType]],
) -> dict[str, dict[str, pl.DataType]]:
    # ``pl.String`` and ``pl.String()`` both mean the type; keep instances.
    return {
        name: {c: t() if isinstance(t, type) else t for c, t in schema.items()}
        for name, schema in value.items()
    }


def _required(value: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    # ``"lokal"`` alone is one column, not five letters.
    return {
        str(name): (columns,) if isinstance(columns, str) else tuple(columns)
        for name, columns in value.items()
    }


def _check_required(
    reader: Reader,
    _a: attrs.Attribute[Mapping[str, tuple[str, ...]]],
    value: Mapping[str, tuple[str, ...]],
) -> None:
    for name, columns in value.items():
        if name not in reader.extras:
            raise ValueError(f"läsaren {reader.id}: required nämner {name}, som extras saknar")
        unknown = [c for c in columns if c not in reader.extras[name]]
        if unknown:
            raise ValueError(
                f"läsaren {reader.id}: required {name} nämner {', '.join(unknown)}, "
                "som tabellens schema saknar"
            )


def _titles(value: Mapping[str, object]) -> dict[str, Text]:
    return {str(k): text(v) for k, v in value.items()}  # type: ignore[arg-type]


def _check_extras(
    reader: Reader,
    _a: attrs.Attribute[Mapping[str, Mapping[str, pl.DataType]]],
    value: Mapping[str, Mapping[str, pl.DataType]],
) -> None:
    namespace = reader.id.split(".")[0]
    for name, schema in value.items():
        if not _ID.fullmatch(name) or name.split(".")[0] != namespace or "." not in name:
            raise ValueError(
                f"läsaren {reader.id}: extratabellen {name!r} ska heta {namespace}.<namn>"
            )
        for column in ("source", "origin"):
            if schema.get(column) != pl.String:
                raise ValueError(
                    f"läsaren {reader.id}: extratabellen {name} saknar kolumnen {column} (String)"
                )
        for column, dtype in schema.items():
            if not isinstance(dtype, pl.DataType):
                raise ValueError(
                    f"läsaren {reader.id}: {name}.{column} ska vara en polars-typ, inte {dtype!r}"
                )


@attrs.frozen
class Reader:
    """Turns one kind of input file into rows of a canonical table."""

    id: str = attrs.field(validator=_check_id)
    """Referenced as ``reader = "…"`` in a definition's ``[[sources]]``."""
    table: TableName | None = attrs.field(
        validator=attrs.validators.in_(("ledger", "drivers", "observations", None))
    )
    """The canonical table its rows go to; None for a reader that gives only its own
    :attr:`extras` (a switchboard log)."""
    read: Callable[[Source, ReadContext], pl.DataFrame | ReadResult]
    """Returns the rows (and optionally notes); raise :class:`samverkan.api.InputError`
    for bad input."""
    title: Text = attrs.field(converter=text)
    options: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Extra keys a ``[[sources]]`` entry may set for this reader."""
    extensions: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """File endings (``.se``) by which ``samverkan ledger`` picks this reader unasked."""
    extras: Mapping[str, Mapping[str, pl.DataType]] = attrs.field(
        factory=dict, converter=_schemas, validator=_check_extras
    )
    """The schema of every table of its own the reader may return in
    :attr:`ReadResult.extras`, by name: ``{"it_vaxel.vaxel": {"time": pl.Datetime("ms"), …}}``.
    A name starts with the reader's namespace (the part of its id before the first dot), and
    every schema has ``source`` and ``origin`` (String), so every row stays traceable."""

    drivers: Mapping[str, Text] = attrs.field(factory=dict, converter=_titles)
    """The title of each driver its rows give (``{"payslips": {"sv": "lönebesked", "en":
    "payslips"}}``): a report names ``usage:payslips`` as ``Nyttjande (lönebesked)``."""

    required: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_required, validator=_check_required
    )
    """The columns of each of :attr:`extras` that hold a value in every row
    (``{"lokalvard.besok": ("datum", "timmar")}``); ``source`` and ``origin`` always do. The
    core refuses a row without one, with its file and row, as it refuses a canonical row
    without a required value."""

    def __attrs_post_init__(self) -> None:
        if self.table is None and not self.extras:
            raise ValueError(f"läsaren {self.id} ger varken en tabell (table) eller extras")

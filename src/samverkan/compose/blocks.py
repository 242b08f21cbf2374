"""What a report section is made of: tables, figures and text, described apart from HTML.

A section plugin returns these values; the renderer alone decides how they look. Text and
numbers arrive already in the report's language and Swedish number format (see
:mod:`samverkan.model.format`); the renderer escapes every string.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from samverkan.compose.figures import FigureSpec
from samverkan.model.format import fmt_amount, fmt_number, fmt_pct
from samverkan.model.money import ORE_PER
from samverkan.model.text import Lang


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _bools(value: Iterable[bool]) -> tuple[bool, ...]:
    return tuple(value)


def _rows(value: Iterable[Row]) -> tuple[Row, ...]:
    return tuple(value)


@attrs.frozen
class Cell:
    """A table cell: what it shows and, for a number, the value behind it.

    The workbook writes ``value`` (exact: öre in the cell's unit), never the display text
    parsed back; the member filter hides a cell about another ``member`` than the one chosen.
    A plain string in a :class:`Row` is a cell of text."""

    text: str
    value: Decimal | int | float | None = None
    unit: str | None = None
    """``tkr``, ``kr``, ``%`` or the KPI's unit: the workbook's number format."""
    decimals: int = 0
    member: str | None = None
    quoted: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Parts of ``text`` that are Swedish data (a finding quoted, a source's title), each as it
    stands in ``text``, in order: an English report marks them ``lang="sv"``."""
    spread: tuple[tuple[str, Cell], ...] = ()
    """What the workbook writes instead of ``text`` when the text holds more than one thing
    (``11,0 per 1 000 (2017)``, ``minst 0,0 %``): each part in a column of its own, named by
    the column's header and the part's name (``Utgångsläge: år``; an empty name is the header
    itself, one in parentheses follows it: ``Skillnad (%)``), so every number is a number."""

    @quoted.validator
    def _in_text(self, _a: attrs.Attribute[tuple[str, ...]], quoted: tuple[str, ...]) -> None:
        at = 0
        for part in quoted:
            found = self.text.find(part, at)
            if not part or found < 0:
                raise ValueError(f"{part!r} står inte i cellens text {self.text!r}")
            at = found + len(part)

    def __str__(self) -> str:
        return self.text

    def parts(self) -> list[tuple[str, bool]]:
        """The text in pieces, each with whether it is quoted Swedish data."""
        out, at = [], 0
        for part in self.quoted:
            found = self.text.find(part, at)
            out += [(self.text[at:found], False), (part, True)]
            at = found + len(part)
        return [(piece, quoted) for piece, quoted in [*out, (self.text[at:], False)] if piece]


def _cells(value: Iterable[str | Cell]) -> tuple[Cell, ...]:
    return tuple(c if isinstance(c, Cell) else Cell(c) for c in value)


def swedish_cell(text: str) -> Cell:
    """A cell of Swedish data (a name or a finding from a Swedish file), marked as Swedish in a
    report in another language."""
    return Cell(text, quoted=(text,) if text else ())


def amount_cell(ore: int | None, unit: str = "tkr", decimals: int = 0, lang: Lang = "sv") -> Cell:
    """An öre amount shown in ``unit`` (``10 307``), holding the exact amount; ``–`` for None."""
    if ore is None:
        return Cell("–")
    return Cell(fmt_amount(ore, unit, decimals, lang), Decimal(ore) / ORE_PER[unit], unit, decimals)


def number_cell(
    value: float | int | Decimal | None,
    decimals: int = 0,
    lang: Lang = "sv",
    unit: str | None = None,
) -> Cell:
    """A number shown the Swedish way (``12,5``), holding the number; ``–`` for None."""
    if value is None:
        return Cell("–")
    return Cell(fmt_number(value, decimals, lang), value, unit, decimals)


def pct_cell(share: float | Decimal | None, decimals: int = 1, lang: Lang = "sv") -> Cell:
    """A share (0.123) shown as ``12,3 %``, holding the percentage (12.3); ``–`` for None."""
    if share is None:
        return Cell("–")
    return Cell(fmt_pct(share, decimals, lang), Decimal(str(share)) * 100, "%", decimals)


@attrs.frozen
class Row:
    """One table row of cells; ``strong`` marks totals such as Nettokostnad."""

    cells: tuple[Cell, ...] = attrs.field(converter=_cells)
    strong: bool = False
    member: str | None = None
    """Kommunkod of the member the row is about; the report's member filter hides it when
    another member is chosen. None for rows about the whole board."""
    anchor: str | None = None
    """An id a link can land on (``mal-inom_budget``: the dashboard links a goal's row)."""
    source: str = ""
    """The row's own citation line where a table mixes sources of different origins: the
    row is then marked by what it cites (empty: the row is the table's)."""


@attrs.frozen
class Table:
    """A table with a caption and the source of its figures printed under it."""

    caption: str
    columns: tuple[str, ...] = attrs.field(converter=_strings)
    rows: tuple[Row, ...] = attrs.field(converter=_rows)
    source: str
    numeric: tuple[bool, ...] = attrs.field(default=(), converter=_bools)
    """Per column: right-align as a number. Defaults to every column but the first."""
    note: str = ""
    anchor: str | None = None
    """An id a link can land on (``syfte-gemensam_resurs``)."""

    @rows.validator
    def _same_width(self, _a: attrs.Attribute[object], rows: tuple[Row, ...]) -> None:
        for row in rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"raden {row.cells} har {len(row.cells)} celler, "
                    f"tabellen {len(self.columns)} kolumner"
                )

    def is_numeric(self, index: int) -> bool:
        return self.numeric[index] if self.numeric else index > 0


@attrs.frozen
class Figure:
    """A figure with its caption and source: what it shows described as a figure spec
    (:mod:`samverkan.compose.figures`), drawn by the renderer with the house look."""

    caption: str
    spec: FigureSpec = attrs.field(eq=False, repr=False)
    source: str


@attrs.frozen
class Paragraph:
    """A paragraph of plain text (escaped, never interpreted as HTML)."""

    text: str
    kind: str = "text"
    """``text``, ``note`` (a highlighted remark) or ``warning`` (data quality, estimates)."""
    member: str | None = None
    """The kommunkod of the member the paragraph is about: the member filter hides it when
    another member is chosen."""


@attrs.frozen
class Markdown:
    """Text its author wrote in Markdown (a comment on a goal): headings, lists, emphasis and
    links are kept; raw HTML in it is shown as text, never interpreted."""

    title: str
    text: str
    source: str
    """Where the text comes from (the comment's file)."""


def _cards(value: Iterable[Card]) -> tuple[Card, ...]:
    return tuple(value)


@attrs.frozen
class Card:
    """One KPI card: its latest value and how it moved since the period before."""

    title: str
    value: str
    unit: str
    period: str
    trend: str
    """``better``, ``worse``, ``same``, ``moved`` (a KPI with no better direction changed),
    ``partial`` (the year so far, not compared with a full year) or ``new`` (no earlier
    value to compare with)."""
    change: str
    compared: str = ""
    """The period the change is measured against (``2018-03``), named beside the trend."""
    arrow: str = "●"
    """Which way the number moved: ``▲`` up, ``▼`` down, ``■`` unchanged, ``◌`` not compared,
    ``●`` first value. The word and the colour say whether it is better (:attr:`trend`)."""
    better: str = ""
    """``higher`` or ``lower`` (which way is better for the KPI), empty when neither is."""
    member: str | None = None
    """The kommunkod of the member whose value it shows; None for the whole board."""
    members: tuple[Card, ...] = attrs.field(default=(), converter=_cards)
    """The same KPI's card for each member it can be split by (each with its ``member``):
    the member filter shows the chosen member's instead of this one. A whole board's card
    without them stays, and says so, when a member is chosen."""


@attrs.frozen
class Cards:
    """A row of KPI cards, like the report's first screen: value, trend and, for a goal
    indicator, its status in symbol and words."""

    caption: str
    cards: tuple[Card, ...] = attrs.field(converter=_cards)
    source: str


@attrs.frozen
class Term:
    """A method or word a section uses under a plain name, said in one line where it is shown and
    named formally in the report's appendix *Metoder och begrepp*: the section returns it among
    its blocks and the compose stage moves it there (:func:`samverkan.compose.terms.terms_section`).
    """

    name: str
    """As the report calls it: ``Genomsnittligt tillskott``."""
    formal: str
    """The name it has where it comes from: ``Shapley-värdet (Shapley 1953)``."""
    meaning: str
    """One line of plain words: what it does."""


Block = Table | Figure | Paragraph | Markdown | Cards | Term

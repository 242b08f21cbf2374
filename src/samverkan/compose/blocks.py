"""What a report section is made of: tables, figures and text, described apart from HTML.

A section plugin returns these values; the renderer alone decides how they look. Text and
numbers arrive already in the report's language and Swedish number format (see
:mod:`samverkan.model.format`); the renderer escapes every string.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from samverkan.compose.figures import FigureSpec


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _bools(value: Iterable[bool]) -> tuple[bool, ...]:
    return tuple(value)


def _rows(value: Iterable[Row]) -> tuple[Row, ...]:
    return tuple(value)


@attrs.frozen
class Row:
    """One table row of display strings; ``strong`` marks totals such as Nettokostnad."""

    cells: tuple[str, ...] = attrs.field(converter=_strings)
    strong: bool = False
    member: str | None = None
    """Kommunkod of the member the row is about; the report's member filter hides it when
    another member is chosen. None for rows about the whole board."""


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


@attrs.frozen
class Markdown:
    """Text its author wrote in Markdown (a comment on a goal): headings, lists, emphasis and
    links are kept; raw HTML in it is shown as text, never interpreted."""

    title: str
    text: str
    source: str
    """Where the text comes from (the comment's file)."""


@attrs.frozen
class Card:
    """One KPI card: its latest value and how it moved since the period before."""

    title: str
    value: str
    unit: str
    period: str
    trend: str
    """``better``, ``worse``, ``same`` or ``new`` (no earlier value to compare with)."""
    change: str
    status: str | None = None
    """For a goal indicator: ``uppfyllt``, ``delvis``, ``ej`` or ``saknas`` (the card's colour)."""
    status_text: str = ""
    """The status as symbol and words, with the target: colour is never the only signal."""


def _cards(value: Iterable[Card]) -> tuple[Card, ...]:
    return tuple(value)


@attrs.frozen
class Cards:
    """A row of KPI cards, like the report's first screen: value, trend and, for a goal
    indicator, its status in symbol and words."""

    caption: str
    cards: tuple[Card, ...] = attrs.field(converter=_cards)
    source: str


Block = Table | Figure | Paragraph | Markdown | Cards

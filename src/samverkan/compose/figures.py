"""Figures described, not built: what a figure shows, for :mod:`samverkan.render.figures` to
draw with the house look.

A section says *what* to draw (series of points, whose they are, in which unit and format);
the renderer decides *how*: colours (one per member everywhere, house colours for budget,
forecast and outcome), Swedish tick labels with a thousands separator and a precision that
fits the values, month names, margins wide enough for every label, a legend that matches.
No plugin builds a Plotly figure.

Values are in their natural unit: money in öre (the renderer picks tkr or mnkr for the whole
figure), percentages as 0–100, counts and hours as numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from samverkan.model.text import Text, text

Format = Literal["money", "number", "percent"]
"""How a value axis reads: ``money`` (öre shown in tkr or mnkr), ``number`` or ``percent``."""
Role = Literal[
    "budget", "forecast", "outcome", "muted", "quiet", "peer", "better", "worse", "neutral"
]
"""House colours for what a series is (a member's series takes the member's colour)."""
XKind = Literal["category", "month", "year", "date"]
"""``month`` values are ``2018-04`` (shown as ``apr 2018``), ``date`` values are dates or
times; ``category`` and ``year`` are shown as written."""


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _text_or_none(value: Text | str | None) -> Text | None:
    return None if value is None else text(value)


def _labelled(value: tuple[Text | str, float]) -> tuple[Text, float]:
    return text(value[0]), value[1]


@attrs.frozen
class Axis:
    """A value axis: its unit (shown as its title) and how its values read."""

    unit: Text | None = attrs.field(default=None, converter=_text_or_none)
    """The axis title: ``ärenden``, ``% av ordinarie arbetstid`` (money axes get tkr/mnkr)."""
    format: Format = "number"
    decimals: int = 0
    """Decimals in hover labels (ticks take the precision the values need)."""
    log: bool = False
    from_zero: bool = False


@attrs.frozen
class Series:
    """One series of points (a trace): what it is, and whose."""

    name: Text | None = attrs.field(converter=_text_or_none)
    """Its legend entry; None for a member's series: the member's name."""
    x: tuple[Any, ...] = attrs.field(converter=_tuple)
    y: tuple[Any, ...] = attrs.field(converter=_tuple)
    """Numbers (money in öre); a category for markers on a category axis."""
    kind: Literal["bar", "line", "step", "markers", "band"] = "bar"
    """``band`` is drawn from ``low`` to ``y`` (the interquartile range of a peer group)."""
    member: str | None = None
    """The kommunkod of the member it is about: its colour, and the member filter."""
    members: tuple[str | None, ...] = attrs.field(default=(), converter=_tuple)
    """The kommunkod each point is about (None: the whole board's), where one series holds
    several members' points (a bar per member, a project budgeted in one member): the
    member filter marks the chosen member's points and fades the other members'."""
    role: Role | None = None
    colors: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """A colour per point (a status), where one colour does not say enough."""
    dashed: bool = False
    secondary: bool = False
    """Drawn against the figure's second value axis (``Chart.y2``)."""
    sizes: tuple[float, ...] = attrs.field(default=(), converter=_tuple)
    """Marker sizes (``markers`` only)."""
    low: tuple[float | None, ...] = attrs.field(default=(), converter=_tuple)
    hover: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """A text per point shown on hover instead of the value (a duration, a status)."""
    faded: bool = False


@attrs.frozen
class Chart:
    """Series against a shared x axis: bars, lines, markers, bands, mixed as needed."""

    series: tuple[Series, ...] = attrs.field(converter=_tuple)
    y: Axis = Axis()
    y2: Axis | None = None
    x: XKind = "category"
    x_title: Text | None = attrs.field(default=None, converter=_text_or_none)
    bars: Literal["group", "stack", "overlay"] = "group"
    horizontal: bool = False
    """Bars along y (long category names read best down the side)."""
    height: int = 380
    legend: bool = True
    size_key: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=_tuple)
    """Reference bubble sizes with their labels (``("300 min", 15)``, in the units of the
    series' ``sizes``), drawn as the legend, so a bubble's size can be read."""
    marker: dt.date | None = None
    """A dotted line at this date (the report date on a time axis)."""


@attrs.frozen
class Waterfall:
    """From a start through signed steps to a total (budget → changes → forecast)."""

    start: tuple[Text, float] = attrs.field(converter=_labelled)
    steps: tuple[tuple[str, float], ...] = attrs.field(converter=_tuple)
    total: tuple[Text, float] = attrs.field(converter=_labelled)
    y: Axis = Axis(format="money")
    increase: Role = "worse"
    """What an increase is (for costs, worse)."""
    height: int = 380


@attrs.frozen
class Heatmap:
    """A value per (row, column): calls per weekday and hour."""

    x: tuple[str, ...] = attrs.field(converter=_tuple)
    y: tuple[str, ...] = attrs.field(converter=_tuple)
    z: tuple[tuple[float, ...], ...] = attrs.field(converter=_tuple)
    x_title: Text | None = attrs.field(default=None, converter=_text_or_none)
    height: int = 340


@attrs.frozen
class Tree:
    """A hierarchy coloured by status: purposes → goals → indicators."""

    ids: tuple[str, ...] = attrs.field(converter=_tuple)
    labels: tuple[str, ...] = attrs.field(converter=_tuple)
    parents: tuple[str, ...] = attrs.field(converter=_tuple)
    statuses: tuple[str, ...] = attrs.field(converter=_tuple)
    """``uppfyllt``, ``delvis``, ``ej`` or ``saknas`` per node."""
    hover: tuple[str, ...] = attrs.field(converter=_tuple)
    height: int = 560


@attrs.frozen
class Timeline:
    """Activities from start to end, coloured by state, with the report date marked."""

    items: tuple[tuple[str, dt.date, dt.date, str, str], ...] = attrs.field(converter=_tuple)
    """(label, start, end, state, hover) per activity."""
    states: tuple[tuple[str, Text, str], ...] = attrs.field(converter=_tuple)
    """(state, legend name, colour role or status) in legend order."""
    marker: dt.date | None = None


FigureSpec = Chart | Waterfall | Heatmap | Tree | Timeline

"""Every figure's numbers as a table: the text alternative a screen reader and a keyboard reach.

A figure is a picture of numbers; under the accessibility law (WCAG 2.1 AA) its content must
be reachable without seeing it. Each figure spec is turned here into the rows and columns it
draws, and the report shows them folded under the figure (*Visa siffrorna*). Money is shown
in the unit the figure is drawn in; nothing is computed that the figure does not show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from samverkan.compose.figures import Axis, Chart, FigureSpec, Heatmap, Timeline, Tree, Waterfall
from samverkan.follow_up.status import STATUS_SYMBOL, STATUS_TEXT, Status
from samverkan.model.format import MoneyScale, fmt_amount, fmt_number, money_scale
from samverkan.model.text import Lang, Texts


@attrs.frozen
class FigureData:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    column_members: tuple[str | None, ...] = ()
    """Per column, the kommunkod of the member whose series it is (None: not one member's):
    the member filter hides the other members' columns, as it hides their rows."""
    row_members: tuple[str | None, ...] = ()
    """Per row, the kommunkod of the member the row is about (a point of a series of several
    members' points, or a point of one member's series where a row names its series)."""


def _number(value: Any, axis: Axis, scale: MoneyScale | None, lang: Lang) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):  # a category drawn along the value axis
        return value
    if scale is not None:
        return fmt_amount(int(value), scale.unit, scale.decimals, lang)
    return fmt_number(value, axis.decimals, lang)


def _header(axis: Axis, scale: MoneyScale | None, lang: Lang) -> str:
    if scale is not None:
        return scale.label(lang)
    return axis.unit(lang) if axis.unit is not None else ""


def _chart(chart: Chart, lang: Lang, names: Mapping[str, str]) -> FigureData:
    """One row per category and a column per series; when a series has several points at
    one x (events on the same day), one row per point instead, naming its series."""
    headers, cells = [], []
    for series in chart.series:
        axis = chart.y2 if series.secondary and chart.y2 is not None else chart.y
        scale = _money(axis, series.y)
        unit = _header(axis, scale, lang)
        name = series.name(lang) if series.name else names.get(series.member or "", "")
        headers.append((name, unit))
        cells.append(_cells(series, axis, scale, lang))
    first = chart.x_title(lang) if chart.x_title else ""
    if any(len(set(s.x)) < len(s.x) for s in chart.series):
        rows = tuple(
            (_x(x), name, cell)
            for (name, _), series, column in zip(headers, chart.series, cells, strict=True)
            for x, cell in zip(series.x, column, strict=True)
        )
        whose = tuple(
            _point_member(series, i) for series in chart.series for i in range(len(series.x))
        )
        return FigureData((first, "", ""), rows, (False, False, False), (), whose)
    keys: list[Any] = []
    for series in chart.series:
        keys += [x for x in series.x if x not in keys]
    values = [
        dict(zip(s.x, column, strict=True)) for s, column in zip(chart.series, cells, strict=True)
    ]
    columns = [first, *(f"{n} ({u})" if n and u else n or u for n, u in headers)]
    rows = tuple((_x(k), *(v.get(k, "–") for v in values)) for k in keys)
    return FigureData(
        tuple(columns),
        rows,
        (False, *(True for _ in values)),
        (None, *(s.member for s in chart.series)),
        tuple(_row_member(chart, k) for k in keys),
    )


def _point_member(series: Any, i: int) -> str | None:
    """Whose point ``i`` of ``series`` is: its own member's, else the point's member."""
    if series.member is not None:
        return str(series.member)
    return series.members[i] if i < len(series.members) else None


def _row_member(chart: Chart, key: Any) -> str | None:
    """The member a row of one category is about: the one member all the series' points at
    ``key`` that name a member name (a bar per member); None when none or several do."""
    found = {
        s.members[i]
        for s in chart.series
        for i, x in enumerate(s.x)
        if x == key and i < len(s.members) and s.members[i] is not None
    }
    return found.pop() if len(found) == 1 else None


def _cells(series: Any, axis: Axis, scale: MoneyScale | None, lang: Lang) -> list[str]:
    """Each point of a series as the figure shows it: a value, a band's low – high, or a
    category with the size its marker is drawn at."""
    if series.kind == "band":
        return [
            f"{_number(lo, axis, scale, lang)} – {_number(hi, axis, scale, lang)}"
            for lo, hi in zip(series.low, series.y, strict=False)
        ]
    shown = [_number(v, axis, scale, lang) for v in series.y]
    if series.sizes:
        shown = [
            f"{s} ({fmt_number(z, 0, lang)})" for s, z in zip(shown, series.sizes, strict=True)
        ]
    return shown


def _money(axis: Axis, ys: Sequence[Any]) -> MoneyScale | None:
    if axis.format != "money":
        return None
    return money_scale([int(v) for v in ys if isinstance(v, int | float)])


def _x(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _waterfall(spec: Waterfall, lang: Lang) -> FigureData:
    amounts = [spec.start[1], *(v for _, v in spec.steps), spec.total[1]]
    scale = _money(spec.y, amounts)
    labels = [spec.start[0](lang), *(name for name, _ in spec.steps), spec.total[0](lang)]
    unit = _header(spec.y, scale, lang)
    rows = tuple(
        (label, _number(v, spec.y, scale, lang)) for label, v in zip(labels, amounts, strict=True)
    )
    return FigureData(("", unit), rows, (False, True))


def _heatmap(spec: Heatmap, lang: Lang) -> FigureData:
    rows = tuple(
        (y, *(fmt_number(v, 0, lang) for v in line)) for y, line in zip(spec.y, spec.z, strict=True)
    )
    return FigureData(("", *spec.x), rows, (False, *(True for _ in spec.x)))


def _tree(spec: Tree, lang: Lang) -> FigureData:
    names = dict(zip(spec.ids, spec.labels, strict=True))

    def status(code: str) -> str:
        known = Status(code)
        return f"{STATUS_SYMBOL[known]} {STATUS_TEXT[known](lang)}"

    rows = tuple(
        (label, names.get(parent, ""), status(code))
        for label, parent, code in zip(spec.labels, spec.parents, spec.statuses, strict=True)
    )
    columns = Texts(("Del", "Ingår i", "Status"), ("Part", "Part of", "Status"))
    return FigureData(columns(lang), rows, (False, False, False))


def _timeline(spec: Timeline, lang: Lang) -> FigureData:
    states = {key: title(lang) for key, title, _ in spec.states}
    rows = tuple(
        (label, start.isoformat(), end.isoformat(), states.get(state, state))
        for label, start, end, state, _ in spec.items
    )
    columns = Texts(("Aktivitet", "Start", "Slut", "Läge"), ("Activity", "Start", "End", "State"))
    return FigureData(columns(lang), rows, (False,) * 4)


def figure_data(spec: FigureSpec, lang: Lang, names: Mapping[str, str]) -> FigureData:
    """The rows and columns the figure draws; ``names``: kommunkod → name, for series that are
    one member's."""
    if isinstance(spec, Chart):
        return _chart(spec, lang, names)
    if isinstance(spec, Waterfall):
        return _waterfall(spec, lang)
    if isinstance(spec, Heatmap):
        return _heatmap(spec, lang)
    if isinstance(spec, Tree):
        return _tree(spec, lang)
    if isinstance(spec, Timeline):
        return _timeline(spec, lang)
    raise TypeError(f"okänd figurtyp {type(spec).__name__}")

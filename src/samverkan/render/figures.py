"""Figure specs into Plotly figures: the one place a figure is built, with the house look.

Every figure gets: one colour per member (the same in every figure), house colours for
budget, forecast and outcome, Swedish (or English) tick labels with a thousands separator
and a precision that fits the values (``,~f``: an axis from 19 to 22 reads 19, 19,5, 20 …,
never 22, 22, 21), money drawn in tkr or mnkr as its amounts need, month names for months,
automatic margins so that no category label is cut, and a legend that matches the colours.
A member's series carries its kommunkod as ``meta``, which the report's member filter reads;
a series of several members' points carries a kommunkod (or null) per point.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from samverkan.compose.figures import (
    Axis,
    Chart,
    FigureSpec,
    Heatmap,
    Role,
    Series,
    Timeline,
    Tree,
    Waterfall,
)
from samverkan.follow_up.status import STATUS_SYMBOL, STATUS_TEXT, Status
from samverkan.model.format import MoneyScale, money_scale
from samverkan.model.period import SHORT_MONTHS_SV
from samverkan.model.text import Lang, Texts
from samverkan.model.units import Municipality
from samverkan.render.theme import PALETTE, member_colors

ROLE_COLORS: dict[Role, str] = {
    "budget": "#7f8c99",
    "forecast": "#0072B2",
    "outcome": "#000000",
    "muted": "#c9d6e3",
    "quiet": "#9fb3c8",
    "peer": "#555555",
    "better": "#009E73",
    "worse": "#D55E00",
    "neutral": "#BBBBBB",
}
STATUS_COLORS = {"uppfyllt": "#009E73", "delvis": "#E69F00", "ej": "#D55E00", "saknas": "#BBBBBB"}
"""Okabe–Ito: told apart by colour-blind readers; symbols and words say it again."""

SHORT_MONTHS_EN = tuple(dt.date(2000, m, 1).strftime("%b") for m in range(1, 13))  # Jan … Dec
TICKS = ",~f"
"""Thousands separated, and as many decimals as the tick needs (none for whole numbers)."""


def tick_format(values: Sequence[Any]) -> str:
    """Thousands separated, with the decimals the ticks' step can need and no more (``,.1~f``
    for an axis from 19 to 22: 19, 19,5, 20), never the six digits plotly writes for a tick
    it did not choose itself."""
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    span = (max(numbers) - min(numbers)) if numbers else 0.0
    step = max(span, max((abs(v) for v in numbers), default=0.0)) / 8
    decimals = 0 if step >= 1 or step == 0 else min(3, math.ceil(-math.log10(step)) + 1)
    return f",.{decimals}~f"


def month_label(month: str, lang: Lang) -> str:
    """``2018-04`` → ``apr 2018`` (sv) or ``Apr 2018`` (en); other text as it is."""
    if len(month) == 7 and month[4] == "-" and month[5:].isdigit() and 1 <= int(month[5:]) <= 12:
        names = Texts(SHORT_MONTHS_SV, SHORT_MONTHS_EN)(lang)
        return f"{names[int(month[5:]) - 1]} {month[:4]}"
    return month


class _Renderer:
    def __init__(self, lang: Lang, members: Sequence[Municipality]) -> None:
        self.lang = lang
        self.names = {m.kommunkod: m.name for m in members}
        self.colors = member_colors_of(members)

    def color(self, series: Series, index: int) -> str:
        if series.member is not None:
            return self.colors.get(series.member, PALETTE[index % len(PALETTE)])
        if series.role is not None:
            return ROLE_COLORS[series.role]
        return PALETTE[(index + 2) % len(PALETTE)]

    def name(self, series: Series) -> str:
        if series.name is not None:
            return series.name(self.lang)
        return self.names.get(series.member or "", series.member or "")

    def axis_title(self, axis: Axis, scale: MoneyScale | None) -> str | None:
        unit = axis.unit(self.lang) if axis.unit is not None else None
        if scale is None:
            return unit
        return f"{unit}, {scale.label(self.lang)}" if unit else scale.label(self.lang)

    def value(self, axis: Axis, scale: MoneyScale | None, which: str) -> str:
        """The hover template of one value on ``axis``."""
        if scale is not None:
            return scale.hover(self.lang, which)
        suffix = (
            "\u00a0%"
            if axis.format == "percent" and self.lang == "sv"
            else ("%" if axis.format == "percent" else "")
        )
        return f"%{{{which}:,.{axis.decimals}f}}{suffix}"


def member_colors_of(members: Sequence[Municipality]) -> dict[str, str]:
    """Kommunkod → colour, in kommunkod order (as :func:`samverkan.render.theme.member_colors`)."""
    return {m.kommunkod: PALETTE[i % len(PALETTE)] for i, m in enumerate(sorted(members))}


def _scale(axis: Axis | None, series: Sequence[Series], secondary: bool) -> MoneyScale | None:
    if axis is None or axis.format != "money":
        return None
    chosen = [s for s in series if s.secondary == secondary]
    if any(s.kind == "bar" for s in chosen) and len([s for s in chosen if s.kind == "bar"]) > 1:
        stacked_totals: dict[Any, float] = {}
        for s in chosen:
            for x, y in zip(s.x, s.y, strict=True):
                stacked_totals[x] = stacked_totals.get(x, 0) + abs(y or 0)
        values: list[int | None] = [int(v) for s in chosen for v in s.y if v is not None]
        values += [int(v) for v in stacked_totals.values()]
        return money_scale(values)
    return money_scale([int(v) for s in chosen for v in s.y if v is not None])


def _trace(r: _Renderer, s: Series, i: int, chart: Chart, scale: MoneyScale | None) -> Any:
    color = r.color(s, i)
    axis = chart.y2 if s.secondary and chart.y2 is not None else chart.y
    ys: list[Any] = list(
        scale.values([None if v is None else int(v) for v in s.y]) if scale else s.y
    )
    xs: list[Any] = [month_label(str(x), r.lang) for x in s.x] if chart.x == "month" else list(s.x)
    if chart.horizontal:
        xs, ys = ys, xs
    which = "x" if chart.horizontal else "y"
    shown = "%{customdata}" if s.hover else r.value(axis, scale, which)
    label = "%{y}" if chart.horizontal else "%{x}"
    extra = r.name(s)
    common: dict[str, Any] = {
        "name": r.name(s),
        "x": xs,
        "y": ys,
        "hovertemplate": f"{label}: {shown}<extra>{extra}</extra>",
        "legendgroup": s.member or r.name(s),
    }
    if s.member is not None:
        common["meta"] = s.member
    elif s.members:  # a member per point: the filter marks the chosen member's points
        common["meta"] = list(s.members)
    if s.hover:
        common["customdata"] = list(s.hover)
    if s.secondary:
        common["yaxis"] = "y2"
    if s.kind == "bar":
        marker = {"color": [*s.colors] if s.colors else color}
        return go.Bar(
            **common,
            marker=marker,
            orientation="h" if chart.horizontal else "v",
            opacity=0.55 if s.faded else None,
        )
    if s.kind == "markers":
        sizes = [marker_size(v) for v in s.sizes] if s.sizes else 9
        return go.Scatter(
            **common,
            mode="markers",
            marker={"color": color, "size": sizes},
            showlegend=chart.legend,
        )
    line: dict[str, Any] = {"color": color, "width": 3 if s.kind == "line" else 2}
    if s.dashed:
        line["dash"] = "dash"
    if s.kind == "step":
        line["shape"] = "hv"
    return go.Scatter(**common, mode="lines", line=line)


def _band(r: _Renderer, s: Series, chart: Chart) -> list[Any]:
    """The lower edge, invisible, then the upper edge filled down to it."""
    xs = [month_label(str(x), r.lang) for x in s.x] if chart.x == "month" else list(s.x)
    return [
        go.Scatter(x=xs, y=list(s.low), mode="lines", line={"width": 0}, hoverinfo="skip",
                   showlegend=False),
        go.Scatter(name=r.name(s), x=xs, y=list(s.y), mode="lines", line={"width": 0},
                   fill="tonexty", fillcolor="rgba(120, 120, 120, 0.18)", hoverinfo="skip"),
    ]  # fmt: skip


def _category_axis(r: _Renderer, chart: Chart) -> dict[str, Any]:
    axis: dict[str, Any] = {"automargin": True}
    if chart.x in ("category", "month", "year"):
        axis["type"] = "category"
    elif chart.x == "date":
        axis["type"] = "date"
    if chart.x == "month":
        axis["nticks"] = 12
    if chart.x in ("month", "date"):
        axis["ticklabelstandoff"] = 8  # a turned first month clears the y axis's 0
    if chart.x_title is not None:
        axis["title"] = chart.x_title(r.lang)
    return axis


def _size_key(chart: Chart) -> list[Any]:
    """Markers of reference sizes in the legend: what a bubble's size means."""
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label,
            legendgroup="size",
            marker={
                "color": "rgba(0, 0, 0, 0)",
                "size": marker_size(size),
                "line": {"width": 1.5, "color": "#555555"},
            },
            hoverinfo="skip",
        )
        for label, size in chart.size_key
    ]


def marker_size(size: float) -> float:
    """A bubble's diameter in pixels: large enough to see, never covering its neighbours."""
    return max(6.0, min(30.0, size))


def _chart(r: _Renderer, chart: Chart) -> go.Figure:
    scale = _scale(chart.y, chart.series, False)
    scale2 = _scale(chart.y2, chart.series, True)
    traces: list[Any] = []
    for i, s in enumerate(chart.series):
        if s.kind == "band":
            traces += _band(r, s, chart)
        else:
            traces.append(_trace(r, s, i, chart, scale2 if s.secondary else scale))
    figure = go.Figure(traces + _size_key(chart))
    value_axis: dict[str, Any] = {
        "title": r.axis_title(chart.y, scale),
        "tickformat": tick_format(_plotted(traces, "x" if chart.horizontal else "y", "y")),
        "automargin": True,
    }
    if chart.y.log:
        value_axis["type"] = "log"
    if chart.y.from_zero:
        value_axis["rangemode"] = "tozero"
    category_axis = _category_axis(r, chart)
    layout: dict[str, Any] = {
        "barmode": chart.bars,
        "height": chart.height,
        "showlegend": chart.legend or bool(chart.size_key),
        "xaxis": value_axis if chart.horizontal else category_axis,
        "yaxis": category_axis if chart.horizontal else value_axis,
    }
    if chart.horizontal:
        layout["yaxis"] = {**category_axis, "autorange": "reversed"}
    if chart.y2 is not None:
        layout["yaxis2"] = {
            "title": r.axis_title(chart.y2, scale2),
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            # Its own round ticks: plotly would put them at the first axis's grid lines
            # ("sync"), 20 214,950542 hours; the grid stays the first axis's.
            "tickmode": "auto",
            "showgrid": False,
            "tickformat": tick_format(_plotted(traces, "y", "y2")),
            "automargin": True,
        }
    figure.update_layout(**layout)
    if chart.marker is not None:
        figure.add_vline(x=chart.marker.isoformat(), line_dash="dot", line_color="#000000")
    return figure


def _plotted(traces: Sequence[Any], values: str, axis: str) -> list[Any]:
    """The values drawn against one value axis (``y`` or ``y2``)."""
    return [
        v
        for t in traces
        if (getattr(t, "yaxis", None) or "y") == axis
        for v in (getattr(t, values, None) or ())
    ]


def _waterfall(r: _Renderer, spec: Waterfall) -> go.Figure:
    values = [spec.start[1], *(v for _, v in spec.steps), spec.total[1]]
    scale = money_scale([int(v) for v in values]) if spec.y.format == "money" else None
    shown = scale.values([int(v) for v in values]) if scale else values
    worse, better = ROLE_COLORS["worse"], ROLE_COLORS["better"]
    up, down = (worse, better) if spec.increase == "worse" else (better, worse)
    figure = go.Figure(
        go.Waterfall(
            x=[spec.start[0](r.lang), *(label for label, _ in spec.steps), spec.total[0](r.lang)],
            y=shown,
            measure=["absolute"] + ["relative"] * len(spec.steps) + ["total"],
            increasing={"marker": {"color": up}},
            decreasing={"marker": {"color": down}},
            totals={"marker": {"color": ROLE_COLORS["forecast"]}},
            connector={"line": {"color": "#999"}},
            texttemplate=scale.number() if scale else "%{y:,~f}",
            textposition="outside",
            hovertemplate="%{x}: " + r.value(spec.y, scale, "y") + "<extra></extra>",
        )
    )
    figure.update_layout(
        yaxis={"title": r.axis_title(spec.y, scale), "tickformat": TICKS, "automargin": True},
        xaxis={"automargin": True},
        showlegend=False,
        height=spec.height,
    )
    return figure


def _heatmap(r: _Renderer, spec: Heatmap) -> go.Figure:
    figure = go.Figure(
        go.Heatmap(
            z=[list(row) for row in spec.z],
            x=list(spec.x),
            y=list(spec.y),
            colorscale="Blues",
            hovertemplate="%{y} %{x}: %{z:,.0f}<extra></extra>",
            colorbar={"tickformat": TICKS},
        )
    )
    xaxis: dict[str, Any] = {"automargin": True}
    if spec.x_title is not None:
        xaxis["title"] = spec.x_title(r.lang)
    figure.update_layout(
        height=spec.height, yaxis={"autorange": "reversed", "automargin": True}, xaxis=xaxis
    )
    return figure


def _tree(r: _Renderer, spec: Tree) -> go.Figure:
    figure = go.Figure(
        go.Sunburst(
            ids=list(spec.ids),
            labels=list(spec.labels),
            parents=list(spec.parents),
            marker={
                "colors": [STATUS_COLORS[s] for s in spec.statuses],
                "line": {"color": "#ffffff", "width": 1},
            },
            customdata=list(spec.hover),
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            insidetextorientation="radial",
        )
    )
    shown = [s for s in Status if s.value in spec.statuses]  # best first, as the tables
    for status in shown:  # a legend of the statuses it shows
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"{STATUS_SYMBOL[status]} {STATUS_TEXT[status](r.lang)}",
                marker={"color": STATUS_COLORS[status.value], "size": 12, "symbol": "square"},
                hoverinfo="skip",
            )
        )
    hidden = {"visible": False}
    figure.update_layout(
        height=spec.height,
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        # A label too small to read is left out (the hover and the table below say it all).
        uniformtext={"minsize": 11, "mode": "hide"},
        showlegend=True,
        xaxis=hidden,
        yaxis=hidden,
    )
    return figure


LABEL_WIDTH = 24
"""Characters per line of a long category label: a phone's figure keeps room for its bars."""


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """A long label on lines of ``width`` characters (``<br>`` between), so that it is never
    clipped at the figure's edge on a narrow screen."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def _timeline(r: _Renderer, spec: Timeline) -> go.Figure:
    day_ms = 86_400_000
    lines = max((wrapped(label).count("<br>") + 1 for label, *_ in spec.items), default=1)
    figure = go.Figure()
    for state, name, role in spec.states:
        chosen = [item for item in spec.items if item[3] == state]
        if not chosen:
            continue
        figure.add_trace(
            go.Bar(
                name=name(r.lang),
                orientation="h",
                y=[wrapped(label) for label, *_ in chosen],
                base=[start.isoformat() for _, start, *_ in chosen],
                x=[((end - start).days + 1) * day_ms for _, start, end, *_ in chosen],
                marker_color=ROLE_COLORS.get(role) or STATUS_COLORS.get(role, "#999"),  # type: ignore[call-overload]
                customdata=[hover for *_, hover in chosen],
                hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            )
        )
    if spec.marker is not None:
        figure.add_vline(x=spec.marker.isoformat(), line_dash="dot", line_color="#000000")
    figure.update_layout(
        xaxis={"type": "date", "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
        # Each row as tall as its label's lines need (a line is about 17 px at 13 px type).
        height=140 + len(spec.items) * max(32, 17 * lines + 12),
        barmode="overlay",
    )
    return figure


def render(spec: FigureSpec, lang: Lang, members: Sequence[Municipality]) -> dict[str, Any]:
    """The Plotly figure of ``spec``, as its JSON-able dict."""
    r = _Renderer(lang, members)
    builders = {
        Chart: _chart,
        Waterfall: _waterfall,
        Heatmap: _heatmap,
        Tree: _tree,
        Timeline: _timeline,
    }
    figure: go.Figure = builders[type(spec)](r, spec)  # type: ignore[operator]
    json: dict[str, Any] = figure.to_plotly_json()
    return json


__all__ = ["member_colors", "month_label", "render"]

"""Margins from the figure itself, so that Plotly lays each figure out once.

Plotly's ``automargin`` measures the tick labels after a figure is drawn and, when they need
more room than the margin gives, draws the whole figure again: 45 of the examples' 56
figures were drawn twice (or three times) at 1280 px, about 1.7× the time of one drawing.
Here the room the axes need is worked out before: category labels as they are written, value
ticks as Plotly chooses them (the same step rule) in the axis's number format, each label as
wide as DejaVu Sans draws it (the widest font the house font stack comes to: another system's
font needs less). A figure's margin is at least that; ``automargin`` stays on, so a label that
still needs more (a phone's narrow figure turning its labels) gets its room as before, in a
second pass. Legends and colour bars are left to Plotly: it makes room for them without
drawing the figure again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from samverkan.render import ticks
from samverkan.render.ticks import text_width

FIGURE_WIDTH = 1052
"""A figure's width on a wide screen: the report's 1100 px column less its padding."""
PAD = 12
"""Plotly's room beyond anything that pushes a margin."""
LABEL_GAP = 3
"""From a tick label to the plot's edge, and a little for rounding."""
TITLE_DEPTH = 17
"""What a y axis title adds beside its tick labels (its 16 px line and its standoff)."""
SIN30, COS30 = 0.5, math.sqrt(3) / 2


def fitted(layout: Mapping[str, Any], data: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``layout`` with its left, right and bottom margins wide enough for the axes' labels."""
    margin = dict(layout.get("margin") or {})
    axes = [k for k in layout if re.fullmatch(r"[xy]axis\d*", k)]
    if not axes or any(layout[k].get("visible") is False for k in axes):
        return dict(layout)
    size = float((layout.get("font") or {}).get("size", 12))
    need = {"l": 0.0, "r": 0.0, "b": 0.0}
    plot_width = FIGURE_WIDTH - float(margin.get("l", 80)) - float(margin.get("r", 80))
    for key in axes:
        axis = layout[key]
        letter, name = key[0], key[0] + key[5:]
        traces = [t for t in data if (t.get(f"{letter}axis") or letter) == name]
        found = _labels(axis, traces, letter, layout)
        if found is None:
            continue
        labels, categories = found
        widest = max((text_width(s, size) for s in labels), default=0.0)
        if letter == "y":
            title = TITLE_DEPTH if _title(axis) else 0
            side = "r" if axis.get("side") == "right" else "l"
            need[side] = max(need[side], PAD + widest + LABEL_GAP + title)
        elif categories:
            bars = any(t.get("type") in ("bar", "waterfall") for t in traces)
            _bottom(need, axis, labels, bars=bars, plot_width=plot_width, size=size)
    out = dict(layout)
    out["margin"] = {
        **margin,
        **{s: math.ceil(max(float(margin.get(s, 0)), v)) for s, v in need.items() if v},
    }
    return out


def _bottom(
    need: dict[str, float],
    axis: Mapping[str, Any],
    labels: Sequence[str],
    *,
    bars: bool,
    plot_width: float,
    size: float,
) -> None:
    """An x axis at the bottom: its end labels past the plot's sides, and the depth of
    category labels turned because they would touch."""
    if not labels:
        return
    n = len(labels)
    span = n if bars else max(1, n - 1)  # bars: each category ±0.5 wide; lines: end to end
    every = math.ceil(span / int(axis["nticks"])) if axis.get("nticks") else 1
    shown = labels[::every]
    spacing = plot_width / span
    inset = spacing / 2 if bars else 0.0
    line = size * 1.3
    widest = max(text_width(s, size) for s in shown)
    if widest + 8 > spacing * every:
        # Plotly turns labels that would touch by 30°: deeper, and the last one leans right.
        depth = widest * SIN30 + line * COS30 + float(axis.get("ticklabelstandoff", 0))
        title = line * 1.5 if _title(axis) else 0
        need["b"] = max(need["b"], PAD + depth + LABEL_GAP + title)
        lean = text_width(shown[-1], size) * COS30 + line * SIN30
        need["r"] = max(need["r"], PAD + lean - inset)
        return
    last = labels[(n - 1) // every * every]
    need["l"] = max(need["l"], PAD + text_width(shown[0], size) / 2 - inset)
    if (n - 1) % every == 0:
        need["r"] = max(need["r"], PAD + text_width(last, size) / 2 - inset)


def _title(axis: Mapping[str, Any]) -> bool:
    title = axis.get("title")
    text = title.get("text") if isinstance(title, Mapping) else title
    return bool(text)


def _labels(
    axis: Mapping[str, Any],
    traces: Sequence[Mapping[str, Any]],
    letter: str,
    layout: Mapping[str, Any],
) -> tuple[list[str], bool] | None:
    """The tick labels the axis can show and whether they are categories, or None when they
    cannot be told beforehand."""
    values = [v for t in traces for v in _values(t, letter)]
    if axis.get("type") == "date" or any(_is_date(v) for v in values):
        return [], False  # dates: Plotly writes them short and keeps them within the plot
    if axis.get("type") == "category" or any(isinstance(v, str) for v in values):
        return list(dict.fromkeys(str(v) for v in values if v is not None)), True
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    numbers += _stacked(traces, letter, layout)
    if not numbers:
        return None
    if any(t.get("type") in ("bar", "waterfall") for t in traces) or axis.get("rangemode") == (
        "tozero"
    ):
        numbers.append(0.0)
    height = float(layout.get("height") or 450)
    length = height - 100 if letter == "y" else FIGURE_WIDTH * 0.7
    labels = ticks.value_labels(
        numbers,
        length,
        40 if letter == "y" else 80,
        log=axis.get("type") == "log",
        tickformat=str(axis.get("tickformat") or ""),
        separators=str(layout.get("separators") or ".,"),
    )
    return labels, False


def _values(trace: Mapping[str, Any], letter: str) -> Iterable[Any]:
    if trace.get("type") == "waterfall" and letter == "y":
        return _waterfall(trace)
    if trace.get("type") == "bar" and trace.get("base") is not None and letter == "x":
        return []  # a timeline's durations: its date axis is told from the bases
    values = trace.get(letter)
    return values if isinstance(values, list | tuple) else []


def _waterfall(trace: Mapping[str, Any]) -> list[float]:
    """The running totals a waterfall draws its bars between."""
    total, out = 0.0, []
    for value, measure in zip(trace.get("y") or [], trace.get("measure") or [], strict=False):
        total = float(value) if measure == "absolute" else total
        total = total + float(value) if measure == "relative" else total
        out.append(total)
    return out


def _stacked(
    traces: Sequence[Mapping[str, Any]], letter: str, layout: Mapping[str, Any]
) -> list[float]:
    """Stacked bars reach their sums: each category's positive and negative totals."""
    if layout.get("barmode") not in ("stack", "relative"):
        return []
    across = "y" if letter == "x" else "x"
    up: dict[Any, float] = {}
    down: dict[Any, float] = {}
    for t in traces:
        if t.get("type") != "bar":
            continue
        for where, v in zip(t.get(across) or [], t.get(letter) or [], strict=False):
            if isinstance(v, int | float):
                side = up if v >= 0 else down
                side[str(where)] = side.get(str(where), 0.0) + float(v)
    return [*up.values(), *down.values()]


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", value) is not None

"""The dashboard's small figure of a board's year: budget against every forecast and the
outcome, as inline SVG.

The dashboard must paint at once and fetch nothing, so its figures are a few SVG elements
written here rather than plotly.js (the reports' figures stay in
:mod:`samverkan.render.figures`). A point of example data is drawn hollow and says so in its
title; the legend under the figure says what hollow means, so colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from markupsafe import Markup, escape

WIDTH, HEIGHT = 300, 110
_LEFT, _RIGHT, _TOP, _BOTTOM = 8, 8, 10, 20


@attrs.frozen
class Point:
    month: int
    """1–12."""
    amount_ore: int
    example: bool
    label: str
    """What the point is, said in its title (``prognos mars: 15 199 tkr``)."""


def _scale(values: Sequence[int]) -> tuple[int, int]:
    low, high = min(values), max(values)
    pad = max((high - low) // 8, abs(high) // 50, 1)
    return low - pad, high + pad


def trajectory_svg(
    budget: int | None,
    forecasts: Sequence[Point],
    outcome: Point | None,
    label: str,
    month_names: Sequence[str],
) -> Markup:
    """A figure 300 × 110: the budget as a dashed line, forecasts as a line of dots, the
    outcome as a square; ``label`` is its text alternative (the same in words)."""
    values = [p.amount_ore for p in forecasts] + ([budget] if budget is not None else [])
    values += [outcome.amount_ore] if outcome is not None else []
    if not values:
        return Markup("")
    low, high = _scale(values)

    def x(month: int) -> float:
        return _LEFT + (month - 1) * (WIDTH - _LEFT - _RIGHT) / 11

    def y(amount: int) -> float:
        return _TOP + (high - amount) * (HEIGHT - _TOP - _BOTTOM) / (high - low)

    parts = [
        f'<svg class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
    ]
    for month in (1, 4, 8, 12):
        parts.append(
            f'<text x="{x(month):.1f}" y="{HEIGHT - 5}" class="tick" text-anchor="middle">'
            f"{escape(month_names[month - 1])}</text>"
        )
    if budget is not None:
        parts.append(
            f'<line class="budget" x1="{_LEFT}" x2="{WIDTH - _RIGHT}" '
            f'y1="{y(budget):.1f}" y2="{y(budget):.1f}"/>'
        )
    if len(forecasts) > 1:
        line = " ".join(f"{x(p.month):.1f},{y(p.amount_ore):.1f}" for p in forecasts)
        parts.append(f'<polyline class="forecast" points="{line}"/>')
    for p in forecasts:
        kind = "example" if p.example else "real"
        parts.append(
            f'<circle class="point {kind}" cx="{x(p.month):.1f}" cy="{y(p.amount_ore):.1f}" '
            f'r="3.5"><title>{escape(p.label)}</title></circle>'
        )
    if outcome is not None:
        kind = "example" if outcome.example else "real"
        parts.append(
            f'<rect class="outcome {kind}" x="{x(outcome.month) - 4:.1f}" '
            f'y="{y(outcome.amount_ore) - 4:.1f}" width="8" height="8">'
            f"<title>{escape(outcome.label)}</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))

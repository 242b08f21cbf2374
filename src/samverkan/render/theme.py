"""The house look of every figure: Swedish separators, an accessible palette, member colours."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import plotly.graph_objects as go
import polars as pl

from samverkan.i18n import Lang
from samverkan.model import Municipality, ServiceUnit
from samverkan.period import MONTHS_SV, SHORT_MONTHS_SV

# Okabe–Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BUDGET_COLOR = "#7f8c99"
FORECAST_COLOR = "#0072B2"


def member_colors(unit: ServiceUnit) -> dict[str, str]:
    """Kommunkod → colour, the same in every figure of a report (members in kommunkod order)."""
    return {m.kommunkod: PALETTE[i % len(PALETTE)] for i, m in enumerate(unit.members)}


def per_member(
    unit: ServiceUnit, frame: pl.DataFrame, sort: str | None = "period"
) -> Iterator[tuple[Municipality, pl.DataFrame, str]]:
    """Each member with its rows of ``frame`` (by ``municipality``) and its colour, in the
    unit's order: one trace each, with the kommunkod as ``meta`` for the member filter."""
    colors = member_colors(unit)
    for member in unit.members:
        part = frame.filter(pl.col("municipality") == member.kommunkod)
        yield member, part.sort(sort) if sort else part, colors[member.kommunkod]


Trace = TypeVar("Trace", go.Bar, go.Scatter)


def member_trace(
    kind: type[Trace],
    member: Municipality,
    color: str,
    *,
    x: Iterable[Any],
    y: Iterable[Any],
    value: str,
    name: str | None = None,
    **style: Any,
) -> Trace:
    """A bar or line trace about one member: named after it (unless ``name``), in its colour,
    with its kommunkod as ``meta`` for the member filter, hovering ``x: value`` over its name
    (``value`` as Plotly formats it, for example ``%{y:.1f} %``)."""
    if kind is go.Bar:
        style["marker_color"] = color
    else:
        style["line"] = {"color": color, **style.get("line", {})}
    return kind(
        name=name or member.name,
        meta=member.kommunkod,
        x=list(x),
        y=list(y),
        hovertemplate=f"%{{x}}: {value}<extra>{member.name}</extra>",
        **style,
    )


def layout(lang: Lang) -> dict[str, Any]:
    """Layout defaults merged under every figure's own layout."""
    return {
        "separators": ",\u00a0" if lang == "sv" else ".,",
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "colorway": list(PALETTE),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 60, "r": 20, "t": 40, "b": 60},
        "hoverlabel": {"namelength": -1},
        "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#999", "tickformat": ",.0f"},
        "xaxis": {"gridcolor": "#e5e5e5"},
    }


def locale_script() -> str:
    """JavaScript registering a Swedish Plotly locale (plotly.py ships no locale files)."""
    days = ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"]
    return (
        "Plotly.register({moduleType:'locale',name:'sv',dictionary:{},format:{"
        f"months:{list(MONTHS_SV)!r},shortMonths:{list(SHORT_MONTHS_SV)!r},"
        f"days:{days!r},shortDays:{[d[:3] for d in days]!r},"
        "decimal:',',thousands:'\\u00a0',date:'%Y-%m-%d'}});"
    ).replace("'", '"')

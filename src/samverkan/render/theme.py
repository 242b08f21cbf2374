"""The house look of every figure: Swedish separators, an accessible palette, member colours."""

from __future__ import annotations

from typing import Any

from samverkan.model.period import MONTHS_SV, SHORT_MONTHS_SV
from samverkan.model.text import Lang, Text
from samverkan.model.units import ServiceUnit

# Okabe–Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BUDGET_COLOR = "#7f8c99"
FORECAST_COLOR = "#0072B2"


def member_colors(unit: ServiceUnit) -> dict[str, str]:
    """Kommunkod → colour, the same in every figure of a report (members in kommunkod order)."""
    return {m.kommunkod: PALETTE[i % len(PALETTE)] for i, m in enumerate(unit.members)}


def layout(lang: Lang) -> dict[str, Any]:
    """Layout defaults merged under every figure's own layout."""
    return {
        "separators": Text(",\u00a0", ".,")(lang),
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "colorway": list(PALETTE),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 60, "r": 20, "t": 40, "b": 60},
        "hoverlabel": {"namelength": -1},
        # Above the plot: below it, the legend met turned month labels and long categories.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
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

"""Figures of the ekonomi sections, described as Plotly figures (the core renders them)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from samverkan.i18n import Lang
from samverkan.period import SHORT_MONTHS_SV
from samverkan.render.format import MoneyScale
from samverkan.render.theme import BUDGET_COLOR, FORECAST_COLOR
from samverkan_ekonomi.lines import LINES

WORSE, BETTER = "#D55E00", "#009E73"  # for costs, lower is better (polarity-aware colours)
OUTCOME_COLOR = "#000000"


def _month_label(month: str, lang: Lang) -> str:
    number = int(month[5:7])
    return f"{SHORT_MONTHS_SV[number - 1]} {month[:4]}" if lang == "sv" else month


def waterfall(lines: pl.DataFrame, scale: MoneyScale, lang: Lang) -> go.Figure:
    """Budget, each line's change to the forecast, Prognos: where the deviation comes from."""
    sv = lang == "sv"
    changes = lines.filter(pl.col("prognos") != pl.col("budget"))
    labels = (
        ["Budget"]
        + [f"{line} {LINES[line](lang)}" for line in changes["line"]]
        + ["Prognos" if sv else "Forecast"]
    )
    values = scale.values(
        [int(lines["budget"].sum())]
        + [p - b for p, b in changes.select("prognos", "budget").iter_rows()]
        + [int(lines["prognos"].sum())]
    )
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=["absolute"] + ["relative"] * changes.height + ["total"],
            increasing={"marker": {"color": WORSE}},
            decreasing={"marker": {"color": BETTER}},
            totals={"marker": {"color": FORECAST_COLOR}},
            connector={"line": {"color": "#999"}},
            texttemplate=scale.number(),
            textposition="outside",
            hovertemplate="%{x}: " + scale.hover(lang) + "<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title=scale.label(lang), showlegend=False, height=380)
    return fig


def trajectory(
    forecasts: pl.DataFrame,
    outcome: pl.DataFrame,
    budget: int,
    final: int | None,
    *,
    scale: MoneyScale,
    lang: Lang,
) -> go.Figure:
    """Each month's forecast of the year's net cost, the budget, outcome so far and final."""
    sv = lang == "sv"
    fig = go.Figure()
    months = [_month_label(m, lang) for m in outcome["month"]]
    fig.add_trace(
        go.Bar(
            x=months,
            y=scale.values(outcome["ackumulerat"]),
            name="Utfall ackumulerat" if sv else "Outcome to date",
            marker_color="#c9d6e3",
            hovertemplate="%{x}: " + scale.hover(lang) + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[_month_label(m, lang) for m in forecasts["forecast_month"]],
            y=scale.values(forecasts["prognos"]),
            mode="lines+markers",
            name="Prognos för helåret" if sv else "Full-year forecast",
            line={"color": FORECAST_COLOR, "width": 3},
            hovertemplate="%{x}: " + scale.hover(lang) + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=months,
            y=[scale.value(budget)] * len(months),
            mode="lines",
            name="Budget",
            line={"color": BUDGET_COLOR, "dash": "dot"},
            hovertemplate="Budget: " + scale.hover(lang) + "<extra></extra>",
        )
    )
    if final is not None:
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[scale.value(final)] * len(months),
                mode="lines",
                name="Årets utfall" if sv else "Year's outcome",
                line={"color": OUTCOME_COLOR, "dash": "dash"},
                hovertemplate=scale.hover(lang) + "<extra></extra>",
            )
        )
    fig.update_layout(yaxis_title=scale.label(lang), height=400, xaxis={"type": "category"})
    return fig


def investments(rows: pl.DataFrame, scale: MoneyScale, lang: Lang) -> go.Figure:
    """Budget, prognos and (where known) utfall per project."""
    sv = lang == "sv"
    fig = go.Figure()
    for kind, label, color in (
        ("budget", "Budget", BUDGET_COLOR),
        ("prognos", "Prognos" if sv else "Forecast", FORECAST_COLOR),
        ("utfall", "Utfall" if sv else "Outcome", OUTCOME_COLOR),
    ):
        if kind in rows.columns and rows[kind].is_not_null().any():
            fig.add_trace(
                go.Bar(
                    x=rows["object"].to_list(),
                    y=scale.values(rows[kind]),
                    name=label,
                    marker_color=color,
                    hovertemplate="%{x}<br>" + label + ": " + scale.hover(lang) + "<extra></extra>",
                )
            )
    fig.update_layout(barmode="group", yaxis_title=scale.label(lang), height=420)
    return fig

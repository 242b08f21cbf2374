"""Figures of the ekonomi sections, described as figure specs (the core draws them)."""

from __future__ import annotations

import polars as pl

from samverkan.api import Axis, Chart, Lang, Series, Text, Waterfall
from samverkan_ekonomi.lines import LineNames

MONEY = Axis(format="money")


def waterfall(lines: pl.DataFrame, names: LineNames, lang: Lang) -> Waterfall:
    """Budget, each line's change to the forecast, Prognos: where the deviation comes from."""
    changes = lines.filter(pl.col("prognos") != pl.col("budget"))
    return Waterfall(
        start=("Budget", int(lines["budget"].sum())),
        steps=[
            (names.label(line, lang), p - b)
            for line, p, b in changes.select("line", "prognos", "budget").iter_rows()
        ],
        total=(Text("Prognos", "Forecast"), int(lines["prognos"].sum())),
        increase="worse",  # for costs, lower is better
    )


def trajectory(
    forecasts: pl.DataFrame, outcome: pl.DataFrame, budget: int, final: int | None
) -> Chart:
    """Each month's forecast of the year's net cost, the budget, outcome so far and final."""
    months = outcome["month"].to_list()
    series = [
        Series(
            Text("Utfall ackumulerat", "Outcome to date"),
            months,
            outcome["ackumulerat"],
            kind="bar",
            role="muted",
        ),
        Series(
            Text("Prognos för helåret", "Full-year forecast"),
            forecasts["forecast_month"],
            forecasts["prognos"],
            kind="line",
            role="forecast",
        ),
        Series("Budget", months, [budget] * len(months), kind="step", role="budget", dashed=True),
    ]
    if final is not None:
        series.append(
            Series(
                Text("Årets utfall", "Year's outcome"),
                months,
                [final] * len(months),
                kind="step",
                role="outcome",
                dashed=True,
            )
        )
    return Chart(series, y=MONEY, x="month", height=400)


def investments(rows: pl.DataFrame) -> Chart:
    """Budget, prognos and (where known) utfall per project; a project budgeted in one
    member is that member's (the filter marks the chosen member's and the shared ones)."""
    series = [
        Series(
            label,
            rows["object"],
            rows[kind],
            role=role,  # type: ignore[arg-type]
            members=rows["municipality"],
        )
        for kind, label, role in (
            ("budget", "Budget", "budget"),
            ("prognos", Text("Prognos", "Forecast"), "forecast"),
            ("utfall", Text("Utfall", "Outcome"), "outcome"),
        )
        if kind in rows.columns and rows[kind].is_not_null().any()
    ]
    return Chart(series, y=MONEY, height=420)


def budget_and_forecast(names: list[str], lines: pl.DataFrame) -> Chart:
    """Budget and forecast per line of the result statement."""
    return Chart(
        [
            Series("Budget", names, lines["budget"], role="budget"),
            Series(Text("Prognos", "Forecast"), names, lines["prognos"], role="forecast"),
        ],
        y=MONEY,
    )

"""Forecast trajectory, outcome to date and prognossäkerhet on a small ledger built by hand."""

from __future__ import annotations

import polars as pl
import pytest

from samverkan.api import Period
from samverkan.testing import table_rows
from samverkan_ekonomi import followup


def ledger(rows: list[tuple[str, str, str | None, str, int]]) -> pl.DataFrame:
    """``(kind, period, forecast_month, line, amount_ore)`` rows for area ekonomi."""
    return table_rows(
        "ledger",
        pl.DataFrame(
            [
                ("sn", "ekonomi", None, line, period, kind, month, amount, "s", f"f:{i}")
                for i, (kind, period, month, line, amount) in enumerate(rows, start=2)
            ],
            schema=[
                "unit",
                "area",
                "municipality",
                "line",
                "period",
                "kind",
                "forecast_month",
                "amount_ore",
                "source",
                "origin",
            ],
            orient="row",
        ),
    )


LEDGER = ledger(
    [
        ("budget", "2018", None, "3", 1200),
        ("budget", "2018", None, "1", -200),
        ("prognos", "2018", "2018-01", "3", 1300),
        ("prognos", "2018", "2018-01", "1", -200),
        ("prognos", "2018", "2018-06", "3", 1150),
        ("prognos", "2018", "2018-06", "1", -200),
        ("prognos", "2018", "2018-12", "3", 1110),
        ("prognos", "2018", "2018-12", "1", -200),
        *[("utfall", f"2018-{m:02d}", None, "3", 95) for m in range(1, 13)],
        ("utfall", "2018-12", None, "1", -200),
    ]
)


def test_forecasts_stop_at_the_report_month() -> None:
    april = followup.forecasts(LEDGER, Period.parse("2018-04"), "ekonomi")
    assert april.rows() == [("2018-01", 1100)]
    assert followup.forecasts(LEDGER, Period.parse("2018-12"), "ekonomi").rows() == [
        ("2018-01", 1100),
        ("2018-06", 950),
        ("2018-12", 910),
    ]


def test_outcome_to_date_is_cumulative_by_month() -> None:
    months = followup.outcome_by_month(LEDGER, Period.parse("2018-T1"), "ekonomi")
    assert months.rows() == [
        ("2018-01", 95, 95),
        ("2018-02", 95, 190),
        ("2018-03", 95, 285),
        ("2018-04", 95, 380),
    ]


def test_final_outcome_is_known_only_at_year_end() -> None:
    assert followup.final_outcome(LEDGER, Period.parse("2018-11"), "ekonomi") is None
    assert followup.final_outcome(LEDGER, Period.parse("2018-12"), "ekonomi") == 940
    assert followup.final_outcome(LEDGER, Period.parse("2018"), "ekonomi") == 940


def test_accuracy_is_the_distance_to_the_outcome_over_the_budget() -> None:
    assert followup.accuracy(LEDGER, Period.parse("2018-06"), "ekonomi").height == 0
    rows = followup.accuracy(LEDGER, Period.parse("2018-12"), "ekonomi").rows()
    assert [r[:4] for r in rows] == [
        ("2018-01", 1100, 940, 160),
        ("2018-06", 950, 940, 10),
        ("2018-12", 910, 940, -30),
    ]
    assert [r[4] for r in rows] == pytest.approx([16.0, 1.0, 3.0])


def test_investments_are_not_a_net_cost() -> None:
    with_investment = pl.concat(
        [
            LEDGER,
            table_rows(
                "ledger",
                LEDGER.head(1).with_columns(
                    line=pl.lit("I"),
                    scope=pl.lit("investering"),
                    amount_ore=pl.lit(10**9, pl.Int64),
                ),
            ),
        ]
    )
    assert followup.budget(with_investment, Period.parse("2018-12"), "ekonomi") == 1000


def test_outcome_per_line_by_month_to_date_and_against_budget() -> None:
    may = followup.outcome_by_line(LEDGER, Period.parse("2018-05"), "ekonomi")
    assert may.rows() == [("1", -200, 0, 0, None), ("3", 1200, 95, 475, None)]
    december = followup.outcome_by_line(LEDGER, Period.parse("2018-12"), "ekonomi")
    assert december.rows() == [("1", -200, -200, -200, 0), ("3", 1200, 95, 1140, 60)]

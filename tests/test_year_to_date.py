"""A year of monthly exports whose ``Utfall ack.`` is the year to date, checked by hand.

The board is :mod:`newboard`'s (Svenljunga, Tranemo, Ulricehamn) fed as controllers usually
export a month: Budget, Prognos helår and the outcome of the year so far. Personalkostnader's
year to date is written out below with its month figures worked out by hand, including a
correction in March (the year to date falls by 20 tkr) and half a tkr in February; the other
lines' outcome is the same every month.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from newboard import LINES, YEAR, init_board
from samverkan.cli.app import main
from samverkan.compose.prepare import prepare
from samverkan.model.period import Period
from samverkan.plugins import Plugins

STAFF_YTD = ("1 180", "2 390,5", "2 370,5", "3 550,5", "4 730,5", "5 910,5", "7 090,5")
STAFF_YTD += ("8 270,5", "9 450,5", "10 630,5", "11 810,5", "13 050,5")
"""Personalkostnader's ``Utfall ack.`` in each month's file, tkr."""
STAFF_MONTH_ORE = {1: 118_000_000, 2: 121_050_000, 3: -2_000_000, 12: 124_000_000}
STAFF_MONTH_ORE |= dict.fromkeys(range(4, 12), 118_000_000)
"""Its month figures: 1 180, 2 390,5 − 1 180 = 1 210,5, 2 370,5 − 2 390,5 = −20 (the
correction), 1 180 a month April–November, 13 050,5 − 11 810,5 = 1 240 in December."""
OTHER_MONTH_TKR = {"1": -33, "4": 75, "5": 280, "6": 29}
"""The other lines' outcome each month, tkr; their year to date is the month number times it."""


def _export(month: int, header: str = "Utfall ack.") -> str:
    rows = [f"Område;Rad;Radnamn;Budget;Prognos helår;{header};Exempeldata"]
    for line, (name, budget) in LINES.items():
        ytd = STAFF_YTD[month - 1] if line == "3" else str(OTHER_MONTH_TKR[line] * month)
        rows.append(f"lon;{line};{name};{budget};{budget};{ytd.replace('-', '−')};ja")
    return "".join(r + "\n" for r in rows)


def _board(folder: Path, months: list[int], january: str = "Utfall ack.") -> Path:
    definition = init_board(folder)
    for month in months:
        header = january if month == 1 else "Utfall ack."
        path = folder / "data" / f"resultatrakning-{YEAR}-{month:02d}.csv"
        path.write_text(_export(month, header), "utf-8")
    return definition


def _outcome(definition: Path, plugins: Plugins, month: int) -> pl.DataFrame:
    prepared = prepare(definition, plugins.registered(), period=Period.parse(f"{YEAR}-{month:02d}"))
    ledger = prepared.tables["ledger"]
    # Budget and the month's Prognos helår read once (18 400 tkr), beside the outcome.
    budget = ledger.filter(pl.col("kind") == "budget")
    forecast = ledger.filter(pl.col("forecast_month") == f"{YEAR}-{month:02d}")
    assert budget["amount_ore"].sum() == forecast["amount_ore"].sum() == 18_400 * 100_000
    return ledger.filter(pl.col("kind") == "utfall").sort("line", "period")


@pytest.mark.parametrize("january", ["Utfall ack.", "Utfall"])
def test_each_month_is_its_year_to_date_less_the_month_before(
    tmp_path: Path, plugins: Plugins, january: str
) -> None:
    # January's export may name its column plain Utfall: its year to date is its own month.
    definition = _board(tmp_path, list(range(1, 13)), january)
    outcome = _outcome(definition, plugins, 12)
    staff = outcome.filter(pl.col("line") == "3")
    assert dict(zip(staff["period"], staff["amount_ore"], strict=True)) == {
        f"{YEAR}-{m:02d}": ore for m, ore in sorted(STAFF_MONTH_ORE.items())
    }
    for line, tkr in OTHER_MONTH_TKR.items():
        assert (
            outcome.filter(pl.col("line") == line)["amount_ore"].to_list() == [tkr * 100_000] * 12
        )
    # The year's outcome is December's year to date: 13 050,5 + 12 × (−33 + 75 + 280 + 29).
    assert outcome["amount_ore"].sum() == 1_305_050_000 + 12 * 351 * 100_000
    # Each month's figure comes from its own file.
    assert staff["origin"].to_list() == [
        f"data/resultatrakning-{YEAR}-{m:02d}.csv:3" for m in range(1, 13)
    ]


def test_the_report_shows_the_month_and_the_year_to_date(tmp_path: Path) -> None:
    definition = _board(tmp_path / "board", [1, 2, 3])
    out = tmp_path / "out"
    assert main(["report", str(definition), "--out", str(out), "--period", f"{YEAR}-03"]) == 0
    html = (out / f"lonenamnden-sjuharad-{YEAR}-03.html").read_text("utf-8")
    # Personalkostnader in March: −20 tkr this month, 2 370,5 tkr to date (March's file).
    row = html[html.index("Personalkostnader", html.index("Utfall mars")) :][:600]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)[:3]
    assert cells == ["14\xa0200", "−20", "2\xa0371"]  # budget, March, to date (rounded)


def test_a_missing_month_before_is_refused_naming_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = _board(tmp_path, [1, 2, 4])
    assert (
        main(["report", str(definition), "--out", str(tmp_path / "out"), "--period", f"{YEAR}-02"])
        == 0
    )
    capsys.readouterr()
    assert (
        main(["report", str(definition), "--out", str(tmp_path / "out"), "--period", f"{YEAR}-04"])
        == 2
    )
    error = capsys.readouterr().err
    assert f"data/resultatrakning-{YEAR}-04.csv" in error
    assert f"data/resultatrakning-{YEAR}-03.csv finns inte" in error
    assert "ackumulerat t.o.m. april" in error

"""The workbook of the second board (:mod:`newboard`) holds numbers where the report shows a
number beside a word: the baseline and its period, the target's bounds beside its rule, and the
key comparison's difference in kr and as a share, each a number in a column of its own."""

from __future__ import annotations

from pathlib import Path

import fastexcel
import polars as pl
import pytest

from newboard import REPORT_ID, YEAR, year_board
from samverkan.cli.app import main

ALLOCATION = 'method = "population"       #'


def _sheet(workbook: Path, word: str) -> pl.DataFrame:
    book = fastexcel.read_excel(str(workbook))
    name = next(n for n in book.sheet_names if word in n)
    return book.load_sheet_by_name(name, header_row=2).to_polars()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("board")
    definition = year_board(folder, months=[1])
    text = definition.read_text("utf-8")
    assert text.count(ALLOCATION) == 1
    # An even split beside the population key: the key comparison's table.
    definition.write_text(text.replace(ALLOCATION, 'compare = ["even"]\n' + ALLOCATION), "utf-8")
    out = folder / "out"
    assert main(["report", str(definition), "--out", str(out), "--xlsx"]) == 0
    return out / f"{REPORT_ID}-{YEAR}-01.xlsx"


def test_the_baseline_and_the_target_are_numbers_beside_their_words(workbook: Path) -> None:
    goals = _sheet(workbook, "gemensam resurs")
    row = goals.row(0, named=True)
    # The goals file: target 0 (minst), partly −1, baseline 0 measured 2018; Excel's percent.
    assert row["Målvärde"].startswith("minst 0,0")
    assert row["Målvärde: från"] == 0.0
    assert row["Målvärde: till"] is None
    assert row["Målvärde: delvis från"] == pytest.approx(-0.01)
    assert row["Utgångsläge"] == 0.0
    assert row["Utgångsläge: period"] == "2018"
    assert goals.schema["Utgångsläge"] == pl.Float64


def test_the_key_comparisons_difference_is_kr_and_a_share(workbook: Path) -> None:
    keys = _sheet(workbook, "Kommunbidrag per år")
    assert keys.schema["Skillnad"] == keys.schema["Skillnad (%)"] == pl.Float64
    today, even = keys.columns[1], keys.columns[2]
    for row in keys.iter_rows(named=True):
        if row[today] is None:  # the sheet's source line
            continue
        assert row["Skillnad"] == row[even] - row[today]
        assert row["Skillnad (%)"] == pytest.approx(row["Skillnad"] / row[today], abs=5e-4)

"""A year's monthly files as a controller leaves them, on the second board (:mod:`newboard`):
a month's export that is a copy of another month's, and months saved as CSV or as xlsx."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from newboard import YEAR, export_rows, year_board
from samverkan.cli.app import main
from samverkan.compose.prepare import prepare
from samverkan.errors import InputError
from samverkan.model.period import Period
from samverkan.plugins import Plugins
from samverkan.read.definition import definition_periods, load_definition

READER = 'reader = "ekonomi.resultatrakning"\n'


def _file(folder: Path, month: int, suffix: str = "csv") -> Path:
    return folder / "data" / f"resultatrakning-{YEAR}-{month:02d}.{suffix}"


def _xlsx(path: Path, rows: Sequence[Sequence[object]]) -> None:
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)


MIXED = {1: "csv", 2: "xlsx", 3: "csv"}


def _declare(definition: Path, line: str) -> None:
    text = definition.read_text("utf-8")
    assert text.count(READER) == 1
    definition.write_text(text.replace(READER, READER + line + "\n"), "utf-8")


def test_a_month_saved_from_an_earlier_month_is_refused_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path, months=[1, 2, 3, 4])
    shutil.copyfile(_file(tmp_path, 2), _file(tmp_path, 4))  # February's export saved as April's
    capsys.readouterr()
    assert main(["validate", str(definition)]) == 2
    captured = capsys.readouterr()
    assert [line.split(":")[0] for line in captured.out.splitlines()] == [
        f"{definition} {YEAR}-0{m}" for m in (1, 2, 3)
    ]
    [error] = captured.err.strip().splitlines()
    assert error.startswith(
        f"Felaktig indata: {YEAR}-04: data/resultatrakning-{YEAR}-04.csv: har samma belopp som "
        f"data/resultatrakning-{YEAR}-02.csv på varje rad"
    )
    assert "april 2019 får då samma utfall som februari 2019 på varje rad" in error
    assert f'unchanged_months = ["{YEAR}-04"]' in error
    # A month that really repeats an earlier one is declared, and then read as it stands.
    _declare(definition, f'unchanged_months = ["{YEAR}-04"]')
    assert main(["validate", str(definition)]) == 0


def _year_to_date(folder: Path, month: int, staff: str) -> None:
    # Budget, Prognos helår and the year to date; the other lines' outcome 10 tkr a month.
    rows = ["Område;Rad;Radnamn;Budget;Prognos helår;Utfall ack.;Exempeldata"]
    rows += [f"lon;3;Personalkostnader;14 200;14 200;{staff};ja"]
    rows += [f"lon;5;Övriga kostnader;4 200;4 200;{10 * month};ja"]
    _file(folder, month).write_text("".join(r + "\n" for r in rows), "utf-8")


def test_a_year_to_date_that_stands_still_is_a_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path, months=[])
    for month, staff in ((1, "1 180"), (2, "2 390"), (3, "3 570")):
        _year_to_date(tmp_path, month, staff)
    assert main(["validate", str(definition)]) == 0
    shutil.copyfile(_file(tmp_path, 3), _file(tmp_path, 4))
    capsys.readouterr()
    assert main(["validate", str(definition), "--period", f"{YEAR}-04"]) == 2
    error = capsys.readouterr().err
    assert f"data/resultatrakning-{YEAR}-04.csv: har samma belopp som" in error
    assert f"data/resultatrakning-{YEAR}-03.csv" in error
    assert "april 2019 får då utfallet 0 på varje rad" in error


def test_unchanged_months_belong_to_a_pattern_of_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path, months=[1])
    _declare(definition, 'unchanged_months = ["2018-04"]')
    capsys.readouterr()
    assert main(["validate", str(definition)]) == 2
    assert "unchanged_months': väntade en lista av månader 2019" in capsys.readouterr().err


def test_months_saved_as_csv_or_xlsx_are_each_read_by_their_own_suffix(
    tmp_path: Path, plugins: Plugins
) -> None:
    definition = year_board(tmp_path, months=[1, 2, 3])
    _file(tmp_path, 2).unlink()
    _xlsx(_file(tmp_path, 2, "xlsx"), export_rows(2))  # February exported as a workbook
    # With the pattern's .csv, February's workbook is named, never taken as a missing month.
    with pytest.raises(InputError) as caught:
        definition_periods(definition)
    [problem] = caught.value.problems
    assert f"data/resultatrakning-{YEAR}-02.xlsx finns, men path = " in problem.message
    assert f'skriv path = "data/resultatrakning-{YEAR}-{{month}}.{{ext}}"' in problem.message
    text = definition.read_text("utf-8")
    definition.write_text(text.replace("{month}.csv", "{month}.{ext}"), "utf-8")
    assert definition_periods(definition) == tuple(Period.parse(f"{YEAR}-0{m}") for m in (1, 2, 3))
    prepared = prepare(definition, plugins.registered(), period=Period.parse(f"{YEAR}-03"))
    ledger = prepared.tables["ledger"]
    files = {re.sub(r":\d+$", "", o) for o in ledger["origin"]}
    assert files == {f"data/resultatrakning-{YEAR}-0{m}.{s}" for m, s in MIXED.items()}
    # The same figures as three CSV files: February's forecast and outcome from its workbook.
    forecast = ledger.filter(pl.col("forecast_month") == f"{YEAR}-02")["amount_ore"].sum()
    assert forecast == sum(row[4] for row in export_rows(2)[1:]) * 100_000
    outcome = ledger.filter((pl.col("kind") == "utfall") & (pl.col("period") == f"{YEAR}-02"))
    assert outcome["amount_ore"].sum() == sum(row[5] for row in export_rows(2)[1:]) * 100_000


def test_a_month_saved_both_as_csv_and_xlsx_is_refused_naming_both(tmp_path: Path) -> None:
    definition = year_board(tmp_path, months=[1, 2])
    _xlsx(_file(tmp_path, 2, "xlsx"), export_rows(2))
    text = definition.read_text("utf-8")
    definition.write_text(text.replace("{month}.csv", "{month}.{ext}"), "utf-8")
    with pytest.raises(InputError) as caught:
        load_definition(definition, period=Period.parse(f"{YEAR}-02"))
    message = str(caught.value)
    assert f"data/resultatrakning-{YEAR}-02.csv och data/resultatrakning-{YEAR}-02.xlsx" in message
    assert "finns båda" in message

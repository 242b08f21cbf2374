"""A year's monthly files as a controller leaves them, on the second board (:mod:`newboard`):
a month's export that is a copy of another month's, and months saved as CSV or as xlsx."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newboard import YEAR, year_board
from samverkan.cli.app import main

READER = 'reader = "ekonomi.resultatrakning"\n'


def _file(folder: Path, month: int, suffix: str = "csv") -> Path:
    return folder / "data" / f"resultatrakning-{YEAR}-{month:02d}.{suffix}"


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

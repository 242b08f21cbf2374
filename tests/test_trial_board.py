"""A controller's natural mistakes with a year of monthly exports, on the second board.

Each is found on Lönenämnden Sjuhärad (tests/newboard.py), not the bundled example: a misspelt
header, a month's file that is another month's, and what ``validate`` says over a year.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newboard import YEAR, year_board
from samverkan.cli.app import main

READER = 'reader = "ekonomi.resultatrakning"\n'


def _month_file(folder: Path, month: int) -> Path:
    return folder / "data" / f"resultatrakning-{YEAR}-{month:02d}.csv"


def _rename_header(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    head, rest = text.split("\n", 1)
    assert old in head
    path.write_text(head.replace(old, new) + "\n" + rest, "utf-8")


@pytest.mark.parametrize(("written", "meant"), [("Budegt", "Budget"), ("Prognso", "Prognos")])
def test_a_misspelt_header_is_refused_with_what_was_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, meant: str
) -> None:
    definition = year_board(tmp_path, months=[1, 2])
    _rename_header(_month_file(tmp_path, 2), meant, written)
    assert main(["validate", str(definition)]) == 2
    err = capsys.readouterr().err
    assert f"data/resultatrakning-{YEAR}-02.csv" in err
    assert f"kolumnen {written!r} i rubrikraden känns inte igen; menade du {meant!r}?" in err
    assert "Kolumner som läses: Område, Rad, Radnamn, Budget, Prognos" in err


def test_a_column_declared_ignored_is_left_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path, months=[1])
    path = _month_file(tmp_path, 1)
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(f"{line};intern" for line in lines) + "\n", "utf-8")
    _rename_header(path, ";intern", ";Anteckning")
    assert main(["validate", str(definition)]) == 2
    assert "'Anteckning' i rubrikraden känns inte igen" in capsys.readouterr().err
    text = definition.read_text("utf-8")
    definition.write_text(
        text.replace(READER, READER + 'ignore_columns = ["Anteckning"]\n', 1), "utf-8"
    )
    assert main(["validate", str(definition)]) == 0


def test_validate_over_a_year_says_each_problem_once_with_its_months(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path, months=[1, 2, 3, 4])
    _rename_header(_month_file(tmp_path, 2), "Budget", "Budegt")
    _rename_header(_month_file(tmp_path, 4), "Prognos", "Prognso")
    capsys.readouterr()
    assert main(["validate", str(definition)]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"{definition} {YEAR}-01: OK (2 källor, 7 avsnitt)"]
    errors = captured.err.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(
        f"Felaktig indata: {YEAR}-02–{YEAR}-04: data/resultatrakning-{YEAR}-02.csv"
    )
    assert errors[1].startswith(f"Felaktig indata: {YEAR}-04: data/resultatrakning-{YEAR}-04.csv")

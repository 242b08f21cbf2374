"""A year's months are published as one set: a refused month leaves the folder as it was.

The second board (:mod:`newboard`: Svenljunga, Tranemo, Ulricehamn) gets a year whose July
export is damaged after its January report was published; the year's build is refused, names
July's file, row and column, and the folder is the same, byte for byte, as before it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newboard import REPORT_ID, YEAR, year_board
from samverkan.cli.app import main


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_damaged_july_publishes_none_of_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path / "board", months=range(1, 8))
    out = tmp_path / "out"
    assert main(["report", str(definition), "--out", str(out), "--period", f"{YEAR}-01"]) == 0
    before = _snapshot(out)
    assert f"{REPORT_ID}-{YEAR}-01.html" in before
    july = tmp_path / "board" / "data" / f"resultatrakning-{YEAR}-07.csv"
    text = july.read_text("utf-8")
    assert text.count(";1 180;ja") == 1
    july.write_text(text.replace(";1 180;ja", ";1 18O;ja"), "utf-8")
    capsys.readouterr()
    assert main(["report", str(definition), "--out", str(out)]) == 2
    assert _snapshot(out) == before  # neither January–June nor a new index
    assert not [p.name for p in out.parent.iterdir() if ".samverkan-" in p.name]  # no stage
    error = capsys.readouterr().err
    assert f"{YEAR}-07: data/resultatrakning-{YEAR}-07.csv, rad 3, kolumn/nyckel 'Utfall'" in error
    assert f"inte heller för {YEAR}-01–{YEAR}-06" in error


def test_a_month_given_twice_is_said_once_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path, months=[1, 2, 3])
    february = f"data/resultatrakning-{YEAR}-02.csv"
    with definition.open("a", encoding="utf-8") as text:
        text.write(
            f'\n[[sources]]\nreader = "ekonomi.resultatrakning"\npath = "{february}"\n'
            'source = "Resultaträkning februari"\nexample_data = true\n'
        )
    capsys.readouterr()
    assert main(["validate", str(definition)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1  # one line for the three months and fifteen figures
    assert lines[0].startswith(f"Felaktig indata: {YEAR}-01–{YEAR}-03: {february}, rad 2")
    assert (
        f"{february} är en av månadsfilerna som data/resultatrakning-{YEAR}-{{month}}.csv"
        in (lines[0])
    )
    assert "och 14 belopp till" in lines[0]

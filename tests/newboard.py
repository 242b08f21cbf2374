"""A second, different board for the tests: set up by ``samverkan init``, fed a year of exports.

Lönenämnden Sjuhärad is an invented payroll and HR board of Svenljunga (1465), Tranemo (1452)
and Ulricehamn (1491), hosted by Ulricehamn. Its population is SCB's (2017 and 2018, copied with
the citations from ``/work/shared/data/population-peers.csv`` into ``tests/data``); its result
statement is invented and labelled example data, in the files (``Exempeldata``) and through
``example_data = true`` in the report. Each month's export is written as a controller's finance
system writes it, one file per month by the definition's ``{month}`` pattern.

The figures are chosen so that a person can check them by hand (``tests/test_year.py`` does):
the budget is 18 400 tkr in every file, the forecast moves only on Personalkostnader, and the
year's outcome is 18 420 tkr. Tests that add to this board (a line of the host's own, the
settlement at year end) extend :data:`LINES` and :func:`export_rows` through their arguments.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from samverkan.cli.app import main

NAME = "Lönenämnden Sjuhärad"
MEMBERS = "1465:Svenljunga,1452:Tranemo,1491:Ulricehamn"
HOST = "1491"
YEAR = 2019
AREA = "lon:Lön och personal"
REPORT_ID = "lonenamnden-sjuharad"
DEFINITION = f"{REPORT_ID}-{YEAR}.toml"
POPULATION = Path(__file__).parent / "data" / "folkmangd-svenljunga-tranemo-ulricehamn.csv"

LINES: Mapping[str, tuple[str, int]] = {
    "1": ("Intäkter", -400),
    "3": ("Personalkostnader", 14_200),
    "4": ("Lokalkostnader", 900),
    "5": ("Övriga kostnader", 3_350),
    "6": ("Kapitalkostnad", 350),
}
"""Line → name and the year's budget in tkr (18 400 in all)."""

STAFF_FORECAST = (14_200, 14_200, 14_250, 14_250, 14_250, 14_300, 14_300, 14_250, 14_250)
STAFF_FORECAST += (14_220, 14_220, 14_220)
"""The forecast of Personalkostnader made in each month, tkr; the other lines stay at budget."""

OUTCOME: Mapping[str, tuple[int, int]] = {
    "1": (-33, -37),
    "3": (1_180, 1_240),
    "4": (75, 75),
    "5": (280, 270),
    "6": (29, 31),
}
"""Line → the month's outcome January–November and in December, tkr (18 420 for the year)."""
SHIFT: Mapping[str, int] = {"4": 1, "5": -1}
"""January–November, Lokalkostnader and Övriga kostnader move (month − 6) tkr between them
(January 69 and 286, November 80 and 275): their sum stays 355 a month and the year's outcome
of each line as above, but no two months' exports are alike, as no two real months are (a
month's file that repeats another's is refused as a copy)."""


def export_rows(month: int, lines: Mapping[str, tuple[str, int]] = LINES) -> list[list[object]]:
    """The month's export: the year's budget, the forecast made in the month, its outcome."""
    rows: list[list[object]] = [
        ["Område", "Rad", "Radnamn", "Budget", "Prognos", "Utfall", "Exempeldata"]
    ]
    for line, (name, budget) in lines.items():
        forecast = STAFF_FORECAST[month - 1] if line == "3" else budget
        outcome = OUTCOME.get(line, (0, 0))[month == 12]
        outcome += SHIFT.get(line, 0) * (month - 6) if month < 12 else 0
        rows.append(["lon", line, name, budget, forecast, outcome, "ja"])
    return rows


def _csv(rows: Sequence[Sequence[object]]) -> str:
    # Swedish Excel's CSV: semicolons, a space between thousands, the minus sign U+2212.
    def cell(value: object) -> str:
        if isinstance(value, int):
            return f"{value:,}".replace(",", " ").replace("-", "−")
        return str(value)

    return "".join(";".join(cell(v) for v in row) + "\n" for row in rows)


def init_board(folder: Path) -> Path:
    """``samverkan init`` for the board, with SCB's population instead of the example's;
    returns the definition."""
    code = main(
        [
            "init",
            str(folder),
            "--name",
            NAME,
            "--members",
            MEMBERS,
            "--host",
            HOST,
            "--year",
            str(YEAR),
            "--area",
            AREA,
        ]
    )
    assert code == 0
    shutil.copyfile(POPULATION, folder / "data" / "folkmangd.csv")
    definition = folder / DEFINITION
    text = definition.read_text("utf-8")
    example = (
        'source = "Folkmängd per kommun, exempeldata (påhittade tal från samverkan init)"\n'
        'label = { sv = "folkmängden", en = "the population" }\n'
        "example_data = true"
    )
    assert text.count(example) == 1, "the init template's population source changed"
    real = example.replace("exempeldata (påhittade tal från samverkan init)", "SCB (källa per rad)")
    definition.write_text(text.replace(example, real.replace("= true", "= false")), "utf-8")
    return definition


def write_months(folder: Path, months: Iterable[int] = range(1, 13)) -> list[Path]:
    """The monthly exports, one file per month as the definition's pattern names them."""
    written = []
    for month in months:
        path = folder / "data" / f"resultatrakning-{YEAR}-{month:02d}.csv"
        path.write_text(_csv(export_rows(month)), "utf-8")
        written.append(path)
    return written


def year_board(folder: Path, months: Iterable[int] = range(1, 13)) -> Path:
    """The board from ``samverkan init`` with its exports of ``months``; the definition."""
    definition = init_board(folder)
    write_months(folder, months)
    return definition

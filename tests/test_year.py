"""A new board from ``samverkan init`` through a year of monthly exports, checked by hand.

The board (:mod:`newboard`) has three members whose population on 2018-12-31 is SCB's:
Svenljunga 10 683, Tranemo 11 874, Ulricehamn 24 445, together 47 002. Its budget is 18 400 tkr
in each of the twelve files; the figures below are worked out by hand from the exports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newboard import (
    DEFINITION,
    REPORT_ID,
    YEAR,
    export_rows,
    init_board,
    write_months,
    year_board,
)
from samverkan.cli.app import main
from samverkan.compose.prepare import prepare
from samverkan.errors import InputError
from samverkan.model.period import Period
from samverkan.plugins import Plugins
from samverkan.read.definition import definition_periods, load_definition
from samverkan.read.tabular import read_text_table

BUDGET_ORE = 18_400 * 100_000
FORECAST_TKR = {1: 18_400, 2: 18_400, 3: 18_450, 4: 18_450, 5: 18_450, 6: 18_500, 7: 18_500}
FORECAST_TKR |= {8: 18_450, 9: 18_450, 10: 18_420, 11: 18_420, 12: 18_420}
"""Each month's forecast of the net cost: the budget plus the change on Personalkostnader."""
OUTCOME_TKR = {m: 1_531 * m for m in range(1, 12)} | {12: 1_531 * 11 + 1_579}
"""The outcome up to each month: 1 531 tkr a month (−33 + 1 180 + 75 + 280 + 29, Lokalkostnader
and Övriga kostnader moving month − 6 tkr between them), December 1 579 (−37 + 1 240 + 75 + 270
+ 31): 18 420 tkr for the year."""
BUDGET_SPLIT_KR = {"1452": 4_648_347, "1465": 4_182_104, "1491": 9_569_549}
"""Each line is split by population to the krona (largest remainder), and a member pays the sum
of its lines. Budget, Tranemo / Svenljunga / Ulricehamn: Intäkter −400 000 kr as −101 051,
−90 915, −208 034 (exact −101 051,02, −90 915,28, −208 033,70); Personalkostnader 14 200 000 kr
as 3 587 311, 3 227 493, 7 385 196 (3 587 311,18, 3 227 492,45, 7 385 196,37); Lokalkostnader
900 000 kr as 227 365, 204 559, 468 076; Övriga kostnader 3 350 000 kr as 846 302, 761 416,
1 742 282; Kapitalkostnad 350 000 kr as 88 420, 79 551, 182 029. Together 18 400 000 kr."""
FORECAST_SPLIT_KR = {
    18_400: BUDGET_SPLIT_KR,
    18_450: {"1452": 4_660_978, "1465": 4_193_468, "1491": 9_595_554},
    18_500: {"1452": 4_673_610, "1465": 4_204_832, "1491": 9_621_558},
    18_420: {"1452": 4_653_400, "1465": 4_186_649, "1491": 9_579_951},
}
"""The forecast split: the other lines as in the budget, Personalkostnader 14 250 000 kr as
3 599 942, 3 238 857, 7 411 201 (3 599 942,56, 3 238 856,86, 7 411 200,59); 14 300 000 kr as
3 612 574, 3 250 221, 7 437 205; 14 220 000 kr as 3 592 364, 3 232 038, 7 395 598."""

DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""The last day of each month of 2019: each period's data date."""


def _meta(out: Path, month: int) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        (out / f"{REPORT_ID}-{YEAR}-{month:02d}.meta.json").read_text("utf-8")
    )
    return loaded


@pytest.mark.slow
def test_a_new_board_through_a_whole_year(tmp_path: Path, plugins: Plugins) -> None:
    definition = year_board(tmp_path / "board")
    out = tmp_path / "out"
    assert main(["report", str(definition), "--out", str(out)]) == 0
    months = range(1, 13)
    assert sorted(p.name for p in out.glob("*.html")) == sorted(
        ["index.html", *(f"{REPORT_ID}-{YEAR}-{m:02d}.html" for m in months)]
    )
    for month in months:
        meta = _meta(out, month)
        headline = meta["headline"]
        assert isinstance(headline, dict)
        period = Period.parse(f"{YEAR}-{month:02d}")
        assert meta["period"] == period.name("sv")
        assert meta["data_date"] == f"{YEAR}-{month:02d}-{DAYS[month - 1]}"
        assert headline["example_data"] is True  # the invented result statement
        # The budget once, though every file up to the month states it again.
        assert headline["budget_ore"] == BUDGET_ORE
        assert headline["prognos_ore"] == FORECAST_TKR[month] * 100_000
        members = {m["kommunkod"]: m for m in headline["members"]}
        split = FORECAST_SPLIT_KR[FORECAST_TKR[month]]
        assert {k: m["budget_ore"] for k, m in members.items()} == {
            k: kr * 100 for k, kr in BUDGET_SPLIT_KR.items()
        }
        assert {k: m["prognos_ore"] for k, m in members.items()} == {
            k: kr * 100 for k, kr in split.items()
        }
        assert sum(m["prognos_ore"] for m in members.values()) == headline["prognos_ore"]
    # The year end settles: each member's share of the outcome (18 420 tkr) against the
    # kommunbidrag of the budget, the difference to pay in (20 000 kr over the budget in all).
    december = _meta(out, 12)["headline"]
    assert isinstance(december, dict)
    assert december["utfall_ore"] == 18_420 * 100_000
    assert december["settlement_ore"] == 20_000 * 100
    settled = {m["kommunkod"]: m for m in december["members"]}
    assert sum(m["utfall_ore"] for m in settled.values()) == december["utfall_ore"]
    people = {"1452": 11_874, "1465": 10_683, "1491": 24_445}
    for code, member in settled.items():
        assert member["settlement_ore"] == member["utfall_ore"] - member["budget_ore"]
        share = december["utfall_ore"] * people[code] / sum(people.values())
        assert abs(member["utfall_ore"] - share) <= 5 * 100  # each of five lines to the krona
    index = (out / "index.html").read_text("utf-8")
    for month in months:
        assert f"{REPORT_ID}-{YEAR}-{month:02d}.html" in index


@pytest.mark.parametrize("month", [1, 4, 12])
def test_each_month_reads_only_its_own_and_earlier_files(
    tmp_path: Path, plugins: Plugins, month: int
) -> None:
    definition = year_board(tmp_path)
    prepared = prepare(definition, plugins.registered(), period=Period.parse(f"{YEAR}-{month:02d}"))
    ledger = prepared.tables["ledger"]
    files = {re.sub(r":\d+$", "", o) for o in ledger["origin"]}
    assert files == {f"data/resultatrakning-{YEAR}-{m:02d}.csv" for m in range(1, month + 1)}
    assert prepared.definition.id == f"{REPORT_ID}-{YEAR}-{month:02d}"
    kinds = {k: ledger.filter(ledger["kind"] == k) for k in ("budget", "prognos", "utfall")}
    assert kinds["budget"]["amount_ore"].sum() == BUDGET_ORE
    # Every month's forecast is kept, each from its own file, for the forecast history.
    forecasts = kinds["prognos"]
    by_month = {
        m: forecasts.filter(forecasts["forecast_month"] == f"{YEAR}-{m:02d}")["amount_ore"].sum()
        for m in range(1, month + 1)
    }
    assert by_month == {m: FORECAST_TKR[m] * 100_000 for m in range(1, month + 1)}
    assert kinds["utfall"]["amount_ore"].sum() == OUTCOME_TKR[month] * 100_000
    assert set(kinds["utfall"]["period"]) == {f"{YEAR}-{m:02d}" for m in range(1, month + 1)}


def test_period_builds_one_month_and_validate_checks_every_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = year_board(tmp_path / "board", months=[1, 2, 3])
    out = tmp_path / "out"
    assert main(["report", str(definition), "--out", str(out), "--period", f"{YEAR}-02"]) == 0
    assert sorted(p.name for p in out.glob(f"{REPORT_ID}*")) == [
        f"{REPORT_ID}-{YEAR}-02.html",
        f"{REPORT_ID}-{YEAR}-02.meta.json",
    ]
    capsys.readouterr()
    assert main(["validate", str(definition)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        f"{definition} {YEAR}-{m}" for m in ("01", "02", "03")
    ]
    assert main(["report", str(definition), "--out", str(out), "--period", f"{YEAR}-05"]) == 2
    error = capsys.readouterr().err
    assert f"data/resultatrakning-{YEAR}-05.csv" in error


def test_a_month_missing_in_the_middle_is_named(tmp_path: Path) -> None:
    definition = year_board(tmp_path, months=[1, 2, 4, 5])
    assert definition_periods(definition) == tuple(
        Period.parse(f"{YEAR}-{m}") for m in ("01", "02", "04", "05")
    )
    assert load_definition(definition, period=Period.parse(f"{YEAR}-02")).notes == ()
    notes = load_definition(definition).notes  # the latest month with data: May
    assert [n.message("sv").split(":")[0] for n in notes] == [
        f"data/resultatrakning-{YEAR}-03.csv finns inte"
    ]
    with pytest.raises(InputError, match=f"resultatrakning-{YEAR}-03.csv"):
        load_definition(definition, period=Period.parse(f"{YEAR}-03"))


def test_init_refuses_to_overwrite_naming_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init_board(tmp_path)
    (tmp_path / "mal-2019.toml").write_text("# mine\n", "utf-8")
    capsys.readouterr()
    assert main(["init", str(tmp_path), "--year", str(YEAR)]) == 2
    error = capsys.readouterr().err
    assert "mal-2019.toml" in error
    assert "folkmangd.xlsx" in error
    assert (tmp_path / "mal-2019.toml").read_text("utf-8") == "# mine\n"


def test_init_builds_a_report_from_its_labelled_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "b"), "--year", "2024"]) == 0
    written = capsys.readouterr().out.split()
    definition = Path(written[0])
    assert definition.name == "gemensam-namnd-2024.toml"
    assert {Path(p).name for p in written} >= {
        "resultatrakning.csv",
        "resultatrakning.xlsx",
        "folkmangd.csv",
        "folkmangd.xlsx",
        "mal-2024.toml",
    }
    assert main(["report", str(definition), "--out", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "gemensam-namnd-2024-01.html").read_text("utf-8")
    assert "Alla uppgifter i rapporten är genererade exempeldata." in html
    assert "Exempeldata" in (tmp_path / "b" / "data" / "resultatrakning-2024-01.csv").read_text(
        "utf-8"
    )


def test_monthly_patterns_need_a_year_and_a_year_needs_a_pattern(tmp_path: Path) -> None:
    definition = init_board(tmp_path)
    write_months(tmp_path, [1])
    text = definition.read_text("utf-8")
    one_period = tmp_path / "period.toml"
    one_period.write_text(text.replace(f"year = {YEAR} ", f'period = "{YEAR}-01" '), "utf-8")
    with pytest.raises(InputError, match=r"\{month\} i path kräver \[report\] year"):
        load_definition(one_period)
    no_pattern = tmp_path / "nopattern.toml"
    no_pattern.write_text(text.replace("{month}", "01"), "utf-8")
    with pytest.raises(InputError, match="minst en källa vars path innehåller"):
        load_definition(no_pattern)
    assert definition.name == DEFINITION


def test_the_templates_are_the_same_in_csv_and_xlsx(tmp_path: Path) -> None:
    init_board(tmp_path)
    exported = export_rows(1)[0][:-1]  # the monthly export's header, without Exempeldata
    for name in ("resultatrakning", "folkmangd"):
        as_csv = read_text_table(tmp_path / "mallar" / f"{name}.csv", name).frame
        as_xlsx = read_text_table(tmp_path / "mallar" / f"{name}.xlsx", name).frame
        assert as_xlsx.columns == as_csv.columns
        assert as_xlsx.rows() == as_csv.rows()
    assert as_csv["kommunkod"].to_list() == ["1452", "1465", "1491"]
    header = read_text_table(tmp_path / "mallar" / "resultatrakning.xlsx", "r").frame.columns
    assert [c for c in header if not c.startswith("_")] == exported

"""The year end settles what each member pays (slutreglering), and a member's own costs stay
its own: on the December examples and on a second, three-member board with a host-only
licence, checked against figures computed by hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest

from conftest import EXAMPLES
from htmltables import tables
from samverkan.builtin.settlement import COLUMNS
from samverkan.compose.prepare import prepare
from samverkan.plugins import Plugins
from samverkan.render.report import build_report, write_report

IT_DECEMBER = "servicenamnd-it-vaxel-telefoni-2018-12"
EP_DECEMBER = "servicenamnd-ekonomi-personal-2018-12"
# SCB's population of the three members (31 December 2017 and 2018), with its sources.
POPULATION = Path(__file__).parent / "data" / "folkmangd-svenljunga-tranemo-ulricehamn.csv"


def kronor(cell: str) -> int:
    """A table cell in kronor with öre (``6 887 899,76``) as öre."""
    digits = cell.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", "")
    return int(digits)


def table(html: str, caption: str) -> list[list[str]]:
    found = next(t for t in tables(html) if str(t["caption"]).startswith(caption))
    rows = found["rows"]
    assert isinstance(rows, list)
    return rows


def _outcome_ore(definition: Path, plugins: Plugins) -> int:
    """The year's operating outcome straight from the ledger the readers gave."""
    ledger = prepare(definition, plugins.registered()).tables["ledger"]
    rows = ledger.filter((pl.col("kind") == "utfall") & (pl.col("scope") == "drift"))
    return int(rows["amount_ore"].sum())


@pytest.mark.parametrize(
    ("report", "budget_ore", "word"),
    [
        (IT_DECEMBER, 15_199_000_00, "tilläggsdebitering"),
        (EP_DECEMBER, 23_816_000_00, "återbetalning"),
    ],
)
def test_the_december_examples_settle_each_members_share_of_the_outcome(
    built_reports: dict[str, Path], plugins: Plugins, report: str, budget_ore: int, word: str
) -> None:
    html = built_reports[report].read_text("utf-8")
    rows = table(html, "Slutreglering 2018 per kommun (kr)")
    assert rows[0] == list(COLUMNS("sv"))
    members, total = rows[1:-1], rows[-1]
    outcome = _outcome_ore(next(d for d in EXAMPLES if d.stem == report), plugins)
    assert kronor(total[1]) == budget_ore == sum(kronor(r[1]) for r in members)
    assert kronor(total[2]) == outcome == sum(kronor(r[2]) for r in members)  # to the öre
    for _, budget, share, settled, means in members:
        assert kronor(settled) == kronor(share) - kronor(budget)
        assert means == word
    # The outcome is split by the same key as the budget: each share within a krona per line
    # of the exact population share.
    key = {r[0]: r[2] for r in table(html, "Fördelningsnyckel")[1:-1]}
    for name, budget, share, *_ in members:
        exact = kronor(budget) * outcome / budget_ore
        assert abs(kronor(share) - exact) < 8 * 100, (name, key[name])
    # December shows the outcome per member, not the forecast.
    charges = table(html, "Nettokostnad per kommun (kr)")
    assert "Utfall" in charges[0]
    assert "Prognos" not in charges[0]
    assert "Utfall per kommun: gemensamt och kommunspecifikt" in html


def test_april_has_no_settlement(built_reports: dict[str, Path]) -> None:
    for name, path in built_reports.items():
        if name.endswith("-04"):
            html = path.read_text("utf-8")
            assert "Slutreglering" not in html
            assert "Prognos per kommun: gemensamt och kommunspecifikt" in html


def test_the_summary_and_the_meta_carry_the_settlement(tmp_path: Path, plugins: Plugins) -> None:
    definition = next(d for d in EXAMPLES if d.stem == IT_DECEMBER)
    write_report(build_report(definition, plugins), tmp_path)
    html = (tmp_path / f"{IT_DECEMBER}.html").read_text("utf-8")
    meta: dict[str, Any] = json.loads((tmp_path / f"{IT_DECEMBER}.meta.json").read_text("utf-8"))
    head = meta["headline"]
    rows = {r[0]: r for r in table(html, "Slutreglering 2018 per kommun (kr)")[1:-1]}
    for member in head["members"]:
        row = rows[member["name"]]
        assert member["utfall_ore"] == kronor(row[2])
        assert (
            member["settlement_ore"]
            == kronor(row[3])
            == member["utfall_ore"] - member["budget_ore"]
        )
    assert head["settlement_ore"] == sum(m["settlement_ore"] for m in head["members"])
    assert head["utfall_ore"] - head["budget_ore"] == head["settlement_ore"] > 0
    html = html.replace("\u00a0", " ")  # the sentences' thousands separators, as read
    assert "Slutreglering 2018: utfallet är 15 397 790 kr mot kommunbidragen 15 199 000 kr" in html
    assert (
        # SCB's population 2017-12-31: 11 490 of 20 975 (54,8 %); 8 434 832 − 8 325 937 kr,
        # in one unit: tkr, as the member's kommunbidrag.
        "Vårgårda: 8 326 tkr (54,8 %); andel av utfallet 8 435 tkr, tilläggsdebitering "
        "109 tkr." in html
    )
    # The dashboard's tile says it beside what each member pays.
    index = (tmp_path / "index.html").read_text("utf-8").replace("\u00a0", " ")
    row = re.search(r'<tr data-member="1442".*?</tr>', index, re.S)
    assert row is not None
    assert "tilläggsdebitering 108 895 kr" in row[0]


# A second board: payroll and HR for Svenljunga, Tranemo and Ulricehamn, hosted by Ulricehamn,
# with a 350 tkr licence only the host pays. Budget and outcome are invented for the test;
# the population is SCB's (31 December 2018).
STATEMENT = """Område;Rad;Radnamn;Budget;Utfall
lon;1;Intäkter;-600;-650
lon;3;Personalkostnader;14 000;13 800
lon;4;Lokalkostnader;1 200;1 200
lon;5;Övriga kostnader;2 900;2 750
lon;6;Kapitalkostnad;550;550
"""
LICENCE = """Område;Rad;Radnamn;Budget;Utfall
lon;5;Övriga kostnader;350;350
"""
MEMBERS = {"1465": "Svenljunga", "1452": "Tranemo", "1491": "Ulricehamn"}


def three_member_board(folder: Path, period: str = "2018-12", lang: str = "sv") -> Path:
    (folder / "rr.csv").write_text(STATEMENT, "utf-8")
    (folder / "licens.csv").write_text(LICENCE, "utf-8")
    shutil.copy(POPULATION, folder / "folkmangd.csv")
    members = ", ".join(f'{{ kommunkod = "{k}", name = "{v}" }}' for k, v in MEMBERS.items())
    definition = folder / "lon-hr.toml"
    definition.write_text(
        f"""
[report]
id = "lon-hr-{period}"
title = {{ sv = "Bokslut 2018 (testdata)", en = "Year-end 2018 (test data)" }}
period = "{period}"
language = "{lang}"
data_date = "2018-12-31"
sections = ["allocation", "ekonomi.kommuner"]

[unit]
id = "lon_hr"
name = {{ sv = "Lönenämnden", en = "Payroll board" }}
host = "1491"
members = [{members}]
areas = [{{ id = "lon", title = {{ sv = "Lön och HR", en = "Payroll and HR" }} }}]

[[sources]]
reader = "ekonomi.resultatrakning"
path = "rr.csv"
source = "Resultaträkning 2018, testdata"
example_data = true

[[sources]]
reader = "ekonomi.resultatrakning"
path = "licens.csv"
source = "Lönesystemets licens, Ulricehamns egen, testdata"
municipality = "1491"
example_data = true

[[sources]]
reader = "population"
path = "folkmangd.csv"
source = "Folkmängd per kommun, SCB"

[allocation]
method = "population"
reference_date = "2018-12-31"
rounding = "krona"
""",
        "utf-8",
    )
    return definition


# By hand (the population on 2018-12-31: Svenljunga 10 683, Tranemo 11 874, Ulricehamn
# 24 445, together 47 002): each line's shared cost split in whole kronor by largest
# remainders, the licence (350 000 kr) added to Ulricehamn alone. Shared budget 18 050 000 kr,
# 384,03 kr per inhabitant (391 kr if the licence were counted in); shared outcome
# 17 650 000 kr.
BUDGET = {"1465": 4_102_553, "1452": 4_559_928, "1491": 9_737_519}
OUTCOME = {"1465": 4_011_637, "1452": 4_458_876, "1491": 9_529_487}


def test_a_three_member_board_settles_by_hand_computed_figures(
    tmp_path: Path, plugins: Plugins
) -> None:
    report = build_report(three_member_board(tmp_path), plugins)
    html = report.html
    rows = {r[0]: r for r in table(html, "Slutreglering 2018 per kommun (kr)")[1:]}
    for code, name in MEMBERS.items():
        _, budget, share, settled, means = rows[name]
        assert kronor(budget) == BUDGET[code] * 100
        assert kronor(share) == OUTCOME[code] * 100
        assert kronor(settled) == (OUTCOME[code] - BUDGET[code]) * 100 < 0
        assert means == "återbetalning"
    assert kronor(rows["Summa"][1]) == 18_400_000_00
    assert kronor(rows["Summa"][2]) == 18_000_000_00
    assert kronor(rows["Summa"][3]) == -400_000_00
    # The host's licence is its own, outside the key, and said apart.
    charges = {r[0]: r for r in table(html, "Nettokostnad per kommun (kr)")}
    assert charges["Område och kommun"][-1] == "Varav egna kostnader (budget)"
    assert charges["Lön och HR – Ulricehamn"][-1] == "350\u00a0000"
    assert charges["Lön och HR – Svenljunga"][-1] == "0"
    own = {r[0]: r for r in table(html, "Utfall per kommun: gemensamt och kommunspecifikt")}
    assert own["Ulricehamn"][3] == "350\u00a0000"
    assert own["Tranemo"][3] == "0"


def test_per_inhabitant_counts_the_shared_costs_only(tmp_path: Path, plugins: Plugins) -> None:
    html = build_report(three_member_board(tmp_path, "2018-04"), plugins).html.replace(
        "\u00a0", " "
    )
    assert "384 kr per invånare av de gemensamma kostnaderna" in html
    assert "391 kr per invånare" not in html
    assert "Ulricehamn: 9 738 tkr (52,9 %, varav 350 tkr egna kostnader utanför nyckeln)." in html
    assert "Tranemo: 4 560 tkr (24,8 %)." in html
    assert "Slutreglering" not in html  # April: the year is not over


def test_the_settlement_in_english(tmp_path: Path, plugins: Plugins) -> None:
    html = build_report(three_member_board(tmp_path, lang="en"), plugins).html
    rows = table(html, "Settlement 2018 per municipality (SEK)")
    assert rows[0] == list(COLUMNS("en"))
    assert rows[0][2] == "Share of the outcome"
    assert {r[-1] for r in rows[1:]} == {"repayment"}
    assert "the members are paid back 400,000 SEK (repayment)" in html.replace("\u00a0", " ")
    assert "SEK 384 per inhabitant of the shared costs" in html


def test_the_three_member_boards_workbook_holds_numbers(tmp_path: Path, plugins: Plugins) -> None:
    out = tmp_path / "out"
    write_report(build_report(three_member_board(tmp_path), plugins), out, xlsx=True)
    book = fastexcel.read_excel(str(out / "lon-hr-2018-12.xlsx"))
    assert all(len(n) <= 31 and "  " not in n for n in book.sheet_names)
    name = next(n for n in book.sheet_names if "Slutreglering" in n)
    sheet = book.load_sheet(name, header_row=2, n_rows=4).to_polars()
    assert sheet["Slutreglering"].to_list() == [-101_052.0, -90_916.0, -208_032.0, -400_000.0]
    assert sheet["Andel av utfallet"].to_list() == [4_458_876.0, 4_011_637.0, 9_529_487.0, 18e6]
    key = book.load_sheet(0, header_row=2, n_rows=4).to_polars()
    assert key["Folkmängd"].to_list() == [11_874.0, 10_683.0, 24_445.0, 47_002.0]
    assert key["Andel"].to_list() == pytest.approx(
        [11_874 / 47_002, 10_683 / 47_002, 24_445 / 47_002, 1.0]
    )

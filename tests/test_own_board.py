"""A board that is not the example, fed the way its controller exports: monthly files as their
own sources, its own eight lines, a licence only the host pays.

Lönenämnden for Svenljunga (1465), Tranemo (1452) and Ulricehamn (1491, host), one area.
The figures are invented for the test; the population is SCB's of 31 December 2018.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from samverkan.compose.blocks import Table
from samverkan.compose.prepare import prepare
from samverkan.errors import InputError
from samverkan.plugins import Plugins
from samverkan_ekonomi.section import build_result_statement_section

POPULATION = {"1465": 10683, "1452": 11874, "1491": 24445}
LINES = [
    ("1", "Intäkter", "", -1200),
    ("2", "Personalkostnader", "", 9800),
    ("3", "Lokalkostnader", "", 1100),
    ("4", "Lönesystem licens", "1491", 350),
    ("5", "IT-kostnader", "", 2400),
    ("6", "Köpta tjänster", "", 3900),
    ("7", "Övriga kostnader", "", 1250),
    ("8", "Kapitalkostnad", "", 800),
]
"""Line, name, the member who alone pays it, the year's budget in tkr (18 400 in all)."""
FORECAST_CHANGE = {"2019-01": 0, "2019-02": 100}
"""How much above budget Personalkostnader is forecast in each month's export (tkr)."""
OUTCOME = {"2019-01": 1500, "2019-02": 1600}
"""Each month's own outcome, the same on every line (tkr)."""


def export(folder: Path, month: str) -> str:
    """One month's export as the finance system writes it: a title, the header, a Summa row."""
    rows = ["Resultatrapport Lönenämnden;;;;;", ";;;;;", "Rad;Radnamn;Kommun;Budget;Prognos;Utfall"]
    for line, name, member, budget in LINES:
        prognos = budget + (FORECAST_CHANGE[month] if line == "2" else 0)
        rows.append(f"{line};{name};{member};{budget};{prognos};{OUTCOME[month]}")
    total = sum(b for *_, b in LINES)
    rows.append(f";Summa;;{total};{total + FORECAST_CHANGE[month]};{OUTCOME[month] * 8}")
    name = f"rr-{month}.csv"
    (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return name


def definition(folder: Path, kinds: dict[str, str]) -> Path:
    population = ["kommunkod,reference_date,population,estimate,source"] + [
        f"{code},2018-12-31,{people},nej,SCB Folkmängd 31 december 2018"
        for code, people in POPULATION.items()
    ]
    (folder / "folkmangd.csv").write_text("\n".join(population) + "\n", encoding="utf-8")
    sources = "".join(
        f"""
[[sources]]
reader = "ekonomi.resultatrakning"
path = "{export(folder, month)}"
source = "Resultatrapport {month}, ekonomisystemet (testdata)"
forecast_month = "{month}"
{kinds.get(month, "")}
"""
        for month in FORECAST_CHANGE
    )
    path = folder / "lon-hr-2019-02.toml"
    path.write_text(
        f"""
[report]
id = "lon-hr-2019-02"
period = "2019-02"
data_date = "2019-02-28"
sections = ["ekonomi.resultatrakning", "ekonomi.prognoser", "ekonomi.kommuner"]

[unit]
id = "lon_hr"
name = "Lönenämnden"
host = "1491"
members = [
    {{ kommunkod = "1465", name = "Svenljunga" }},
    {{ kommunkod = "1452", name = "Tranemo" }},
    {{ kommunkod = "1491", name = "Ulricehamn" }},
]
areas = [{{ id = "lon_hr", title = "Lön och HR" }}]
{sources}
[[sources]]
reader = "population"
path = "folkmangd.csv"
source = "SCB Folkmängd 31 december 2018"

[allocation]
method = "two-step:population"
reference_date = "2018-12-31"
rounding = "krona"
""",
        encoding="utf-8",
    )
    return path


DECLARED = {"2019-02": 'kinds = ["prognos", "utfall"]'}
"""January's export gives the budget; February's only its forecast and outcome."""


def test_monthly_exports_as_sources_without_kinds_are_refused_naming_both(
    tmp_path: Path, plugins: Plugins
) -> None:
    with pytest.raises(InputError) as caught:
        prepare(definition(tmp_path, {}), plugins.registered())
    problems = caught.value.problems
    assert len(problems) == 1  # each line's budget, given by both files, said once
    first = problems[0]
    assert (first.file, first.row, first.column) == ("rr-2019-02.csv", 4, "kind")
    assert (
        "rad 1, budget 2019, och 7 belopp till, finns i två källor: rr-2019-01.csv:4 och "
        "rr-2019-02.csv:4"
    ) in first.message


def test_declared_kinds_count_the_budget_once_and_each_month(
    tmp_path: Path, plugins: Plugins
) -> None:
    prepared = prepare(definition(tmp_path, DECLARED), plugins.registered(), strict=True)
    ledger = prepared.tables["ledger"]
    amounts = ledger.group_by("kind").agg(pl.col("amount_ore").sum()).sort("kind")
    tkr = {k: v // 100_000 for k, v in amounts.rows()}
    assert tkr["budget"] == 18_400
    assert tkr["utfall"] == (1500 + 1600) * 8
    forecasts = ledger.filter(pl.col("kind") == "prognos").group_by("forecast_month")
    assert dict(
        forecasts.agg(pl.col("amount_ore").sum() // 100_000).sort("forecast_month").rows()
    ) == {
        "2019-01": 18_400,
        "2019-02": 18_500,
    }


def test_the_hosts_licence_is_charged_to_the_host_alone(tmp_path: Path, plugins: Plugins) -> None:
    prepared = prepare(definition(tmp_path, DECLARED), plugins.registered())
    assert prepared.allocation is not None
    budget = prepared.allocation.charges.filter(pl.col("kind") == "budget")
    licence = budget.filter(pl.col("line") == "4").select("municipality", "amount_ore")
    assert licence.rows() == [("1491", 35_000_000)]  # 350 tkr, Ulricehamn's alone
    # The shared 18 050 tkr by population (47 002 people): Svenljunga 18 050 000 kr ×
    # 10 683 / 47 002 = 4 102 552,02 kr, Tranemo 4 559 927,24 kr, Ulricehamn 9 387 520,74 kr;
    # whole kronor, the one left over to the largest remainder (Ulricehamn's), and
    # Ulricehamn's licence on top.
    per_member = budget.group_by("municipality").agg(pl.col("amount_ore").sum())
    assert dict(per_member.rows()) == {
        "1465": 410_255_200,
        "1452": 455_992_700,
        "1491": 938_752_100 + 35_000_000,
    }


def test_the_result_statement_shows_the_boards_own_lines(tmp_path: Path, plugins: Plugins) -> None:
    registered = plugins.registered()
    prepared = prepare(definition(tmp_path, DECLARED), registered)
    (table, *_) = build_result_statement_section(prepared.context(registered))
    assert isinstance(table, Table)
    labels = [str(getattr(row.cells[0], "text", row.cells[0])) for row in table.rows]
    assert labels == [
        "1 Intäkter",
        "2 Personalkostnader",
        "3 Lokalkostnader",
        "4 Lönesystem licens",
        "5 IT-kostnader",
        "6 Köpta tjänster",
        "7 Övriga kostnader",
        "8 Kapitalkostnad",
        "Nettokostnad/Kommunbidrag",
    ]

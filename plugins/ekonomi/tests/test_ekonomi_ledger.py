"""From SIE, forecast and investment files to ledger rows, and what cannot be mapped."""

from __future__ import annotations

from pathlib import Path

import attrs
import polars as pl
import pytest

from samverkan.api import Area, InputError, Municipality, Period, ReadContext, ServiceUnit, Source
from samverkan.testing import table_rows
from samverkan_ekonomi.accounts import default_mapping, map_accounts
from samverkan_ekonomi.investments import read_investments
from samverkan_ekonomi.reader import read_result_statement
from samverkan_ekonomi.sie_ledger import read_sie_ledger

MEMBERS = [Municipality("1466", "Herrljunga"), Municipality("1442", "Vårgårda")]
UNIT = ServiceUnit(
    "sn", "Servicenämnd", MEMBERS[0], MEMBERS, [Area("ekonomi", "Ekonomi"), Area("it_vaxel", "IT")]
)
CONTEXT = ReadContext(UNIT, Period.parse("2018-04"))
SIE = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20180101 20181231
#PBUDGET 0 201801 5011 {1 "1100"} 1000.00
#VER A 1 20180131 "Lön"
{
#TRANS 5011 {1 "1100"} 800.00
#TRANS 6841 {1 "1310"} 200.00 20180205
#TRANS 3511 {1 "1310"} -200.00
#TRANS 8411 {1 "1100"} -1.50
#TRANS 6412 {1 "1999"} 49.95
#TRANS 2441 {} -848.45
}
#VER A 2 20170615 "Fel år"
{
#TRANS 5011 {1 "1100"} 10
#TRANS 2441 {} -10
}
"""


def source(path: Path, name: str, reader: str, **options: object) -> Source:
    return Source(reader, path, name, f"Test {name}", options)


@pytest.fixture
def sie(tmp_path: Path) -> Path:
    path = tmp_path / "hb.se"
    path.write_bytes(SIE.encode("cp437"))
    return path


def test_kommunbas_groups_map_accounts_to_lines() -> None:
    frame = pl.DataFrame({"account": ["3011", "5611", "6011", "6412", "7991", "8411", "9999"]})
    lines = map_accounts(frame, default_mapping())["line"].to_list()
    assert lines == ["1", "3", "4", "5", "6", None, None]


def test_longest_prefix_wins() -> None:
    mapping = pl.DataFrame({"prefix": ["6", "64", "6412"], "line": ["5", "4", "3"]})
    frame = pl.DataFrame({"account": ["6011", "6411", "6412"]})
    assert map_accounts(frame, mapping)["line"].to_list() == ["5", "4", "3"]


def test_sie_ledger_maps_areas_members_and_notes_the_rest(sie: Path) -> None:
    result = read_sie_ledger(
        source(
            sie,
            "hb.se",
            "ekonomi.sie",
            areas={"1100": "ekonomi", "1310": "it_vaxel"},
            municipalities={"1310": "1442"},
        ),
        CONTEXT,
    )
    ledger = table_rows("ledger", result.frame, UNIT)  # (the rows pass the read stage's checks)
    got = (
        ledger.select(
            "area", "municipality", "line", "account", "period", "kind", "amount_ore", "origin"
        )
        .sort("kind", "account")
        .rows()
    )
    assert got == [
        ("ekonomi", None, "3", "5011", "2018-01", "budget", 100_000, "hb.se:5"),
        ("it_vaxel", "1442", "1", "3511", "2018-01", "utfall", -20_000, "hb.se:10"),
        ("ekonomi", None, "3", "5011", "2018-01", "utfall", 80_000, "hb.se:8"),
        ("it_vaxel", "1442", "5", "6841", "2018-02", "utfall", 20_000, "hb.se:9"),
    ]
    notes = {(n.message("sv"), n.origin, n.amount_ore) for n in result.notes}
    assert all(n.message("en") != n.message("sv") for n in result.notes)
    assert notes == {
        (
            "2 rader på balanskonton (konton som börjar på 1 eller 2: tillgångar, skulder och "
            "eget kapital) ingår inte i resultaträkningen",
            "hb.se:13",
            -85_845,
        ),
        ("1 rad med datum utanför räkenskapsåret 2018", "hb.se:17", 1_000),
        (
            "konto 8411 finns inte i kontomappningen, som säger vilken rad i resultaträkningen "
            "ett konto hör till (1 rad)",
            "hb.se:11",
            -150,
        ),
        (
            "ansvar 1999 hör inte till något av nämndens områden i rapportdefinitionen (1 rad)",
            "hb.se:12",
            4_995,
        ),
    }


def test_an_own_account_mapping_is_read_relative_to_the_file_that_names_it(
    sie: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "definitioner"
    folder.mkdir()
    (folder / "konton.csv").write_text("konto;rad\n50;5\n84;5\n", encoding="utf-8")
    areas = {"1100": "ekonomi", "1310": "it_vaxel"}
    own = attrs.evolve(
        source(sie, "hb.se", "ekonomi.sie", areas=areas, accounts="konton.csv"), folder=folder
    )
    result = read_sie_ledger(own, CONTEXT)
    lines = dict(result.frame.filter(pl.col("kind") == "utfall").select("account", "line").rows())
    # The file replaces the default: 5011 moves to line 5, 8411 (unmapped by Kommun-Bas 13)
    # gets one, and 3511 and 6841, which it leaves out, get none.
    assert lines == {"5011": "5", "8411": "5"}
    (folder / "konton.csv").write_text("konto;rad\n50;5\n84;9\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_sie_ledger(own, CONTEXT)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("konton.csv", 3, "rad")


def test_sie_budget_can_be_left_out_and_areas_are_required(sie: Path) -> None:
    result = read_sie_ledger(
        source(
            sie, "hb.se", "ekonomi.sie", budget=False, areas={"1100": "ekonomi", "1310": "it_vaxel"}
        ),
        CONTEXT,
    )
    assert set(result.frame["kind"]) == {"utfall"}
    with pytest.raises(InputError, match="areas saknas"):
        read_sie_ledger(source(sie, "hb.se", "ekonomi.sie"), CONTEXT)
    with pytest.raises(InputError, match="okända värden"):
        read_sie_ledger(source(sie, "hb.se", "ekonomi.sie", areas={"1100": "juridik"}), CONTEXT)


def test_a_forecast_file_holds_many_months(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Område;Rad;Radnamn;Prognosmånad;Prognos\n"
        "ekonomi;3;Personalkostnader;2018-01;8 000\n"
        "ekonomi;3;Personalkostnader;2018-02;7 900\n",
        "utf-8",
    )
    frame = read_result_statement(source(path, "p.csv", "ekonomi.resultatrakning"), CONTEXT).frame
    assert frame.select("kind", "forecast_month", "amount_ore").rows() == [
        ("prognos", "2018-01", 800_000_000),
        ("prognos", "2018-02", 790_000_000),
    ]
    path.write_text(
        "Område;Rad;Radnamn;Prognosmånad;Prognos\nekonomi;3;Personalkostnader;2018-13;1\n", "utf-8"
    )
    with pytest.raises(InputError, match=r"rad 2.*'2018-13' är ingen månad"):
        read_result_statement(source(path, "p.csv", "ekonomi.resultatrakning"), CONTEXT)


def test_investments_belong_to_the_municipality_they_are_budgeted_in(tmp_path: Path) -> None:
    path = tmp_path / "inv.csv"
    path.write_text(
        "Projekt;Budgeterad i;Budget 2018;Prognos 2018\n"
        "Wifi VGA;Vårgårda;1 400;1 400\nServrar;;2 000;1 500\n"
        "Nät;1466;500;500\n",
        "utf-8",
    )
    result = read_investments(
        source(path, "inv.csv", "ekonomi.investeringar", area="it_vaxel"), CONTEXT
    )
    assert result.columns == {"object": "Projekt", "municipality": "Budgeterad i"}
    frame = result.frame
    assert frame is not None
    rows = (
        frame.filter(pl.col("kind") == "prognos")
        .select("object", "municipality", "scope", "line", "amount_ore")
        .rows()
    )
    assert rows == [
        ("Wifi VGA", "1442", "investering", "I", 140_000_000),
        ("Servrar", None, "investering", "I", 150_000_000),
        ("Nät", "1466", "investering", "I", 50_000_000),
    ]
    path.write_text("Projekt;Budgeterad i;Budget\nX;Borås;1\n", "utf-8")
    with pytest.raises(InputError, match=r"rad 2.*'Borås' är ingen medlemskommun"):
        read_investments(source(path, "inv.csv", "ekonomi.investeringar", area="it_vaxel"), CONTEXT)
    with pytest.raises(InputError, match="area ska vara"):
        read_investments(source(path, "inv.csv", "ekonomi.investeringar"), CONTEXT)

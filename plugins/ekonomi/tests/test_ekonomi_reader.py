from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import samverkan_ekonomi
from samverkan.api import Area, InputError, Municipality, Period, ReadContext, ServiceUnit, Source
from samverkan.testing import get_plugins, read_context, read_one, table_rows
from samverkan_ekonomi.reader import read_result_statement
from samverkan_ekonomi.statement import statement, totals

UNIT = ServiceUnit(
    "sn",
    "Servicenämnd",
    Municipality("1466", "Herrljunga"),
    [Municipality("1466", "Herrljunga"), Municipality("1442", "Vårgårda")],
    [Area("ekonomi", "Ekonomi"), Area("it_vaxel", "IT")],
)
CONTEXT = ReadContext(UNIT, Period.parse("2018-04"))
HEADER = "Område;Rad;Radnamn;Budget;Prognos;Avvikelse helår;Förändring prognos\n"


def source(tmp_path: Path, text: str, encoding: str = "utf-8", **options: object) -> Source:
    path = tmp_path / "rr.csv"
    path.write_bytes(text.encode(encoding))
    return Source("ekonomi.resultatrakning", path, "rr.csv", "Nämndens handling", options)


def test_rows_become_budget_prognos_and_the_implied_earlier_prognos(tmp_path: Path) -> None:
    text = (
        HEADER
        + "ekonomi;1;Intäkter;0;-150;150;-50\nekonomi;3;Personalkostnader;8 097;7 847;250;0\n"
    )
    ledger = read_result_statement(source(tmp_path, text), CONTEXT).frame
    got = (
        ledger.select("line", "kind", "forecast_month", "amount_ore")
        .sort("kind", "forecast_month", "line", nulls_last=False)
        .rows()
    )
    assert got == [
        ("1", "budget", None, 0),
        ("3", "budget", None, 809_700_000),
        ("1", "prognos", "2018-03", -10_000_000),
        ("3", "prognos", "2018-03", 784_700_000),
        ("1", "prognos", "2018-04", -15_000_000),
        ("3", "prognos", "2018-04", 784_700_000),
    ]
    assert set(ledger["origin"]) == {"rr.csv:2", "rr.csv:3"}
    assert set(ledger["source"]) == {"Nämndens handling"}


def test_statement_recomputes_deviation_and_change(tmp_path: Path) -> None:
    text = (
        HEADER
        + "ekonomi;1;Intäkter;0;-150;150;-50\nekonomi;3;Personalkostnader;8 097;7 847;250;0\n"
    )
    ledger = table_rows("ledger", read_result_statement(source(tmp_path, text), CONTEXT).frame)
    lines = statement(ledger, CONTEXT.period, "ekonomi")
    assert lines.rows() == [
        ("1", 0, -15_000_000, 15_000_000, -5_000_000),
        ("3", 809_700_000, 784_700_000, 25_000_000, 0),
    ]
    assert totals(lines) == {
        "budget": 809_700_000,
        "prognos": 769_700_000,
        "avvikelse": 40_000_000,
        "forandring": -5_000_000,
    }


def test_without_an_earlier_forecast_the_change_is_unknown(tmp_path: Path) -> None:
    text = "Område;Rad;Radnamn;Budget;Prognos\nekonomi;1;Intäkter;0;-150\n"
    ledger = read_result_statement(source(tmp_path, text), CONTEXT).frame
    lines = statement(table_rows("ledger", ledger), CONTEXT.period, "ekonomi")
    assert lines["forandring"].to_list() == [None]
    assert totals(lines)["forandring"] is None


def test_cp1252_export_with_renamed_columns(tmp_path: Path) -> None:
    text = "Område;Rad;Radnamn;Budget 2018;Prognos 2018\nit_vaxel;5;Övriga kostnader;7 582;9 582\n"
    src = source(
        tmp_path, text, "cp1252", columns={"budget": "Budget 2018", "prognos": "Prognos 2018"}
    )
    ledger = read_result_statement(src, CONTEXT).frame
    assert ledger.filter(pl.col("kind") == "prognos")["amount_ore"].to_list() == [958_200_000]


def test_a_deviation_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    text = HEADER + "ekonomi;3;Personalkostnader;8 097;7 847;205;0\n"
    with pytest.raises(InputError) as caught:
        read_result_statement(source(tmp_path, text), CONTEXT)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("rr.csv", 2, "Avvikelse helår")


CATALOGUE = {"1": "Intäkter", "3": "Personalkostnader", "5": "Övriga kostnader"}


def test_a_declared_catalogue_lists_unknown_lines_wrong_names_and_duplicates(
    tmp_path: Path,
) -> None:
    text = HEADER + (
        "ekonomi;2;Bidrag;1;1;0;0\nekonomi;3;Lokalkostnader;1;1;0;0\n"
        "ekonomi;5;Övriga kostnader;1;1;0;0\nekonomi;5;Övriga kostnader;1;1;0;0\n"
    )
    with pytest.raises(InputError) as caught:
        read_result_statement(source(tmp_path, text, lines=CATALOGUE), CONTEXT)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "Rad"),
        (3, "Radnamn"),
        (4, "Rad"),
        (5, "Rad"),
    ]


def test_missing_columns_and_bad_options(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="varken budget, prognos eller utfall"):
        read_result_statement(source(tmp_path, "Område;Rad;Radnamn\nekonomi;1;Intäkter\n"), CONTEXT)
    with pytest.raises(InputError, match="'Radnamn'"):
        read_result_statement(source(tmp_path, "Område;Rad;Budget\nekonomi;1;0\n"), CONTEXT)
    text = HEADER + "ekonomi;1;Intäkter;0;-150;150;0\n"
    with pytest.raises(InputError, match="okända kolumnroller"):
        read_result_statement(source(tmp_path, text, columns={"budgt": "B"}), CONTEXT)
    with pytest.raises(InputError, match="okänd enhet"):
        read_result_statement(source(tmp_path, text, unit="kkr"), CONTEXT)
    with pytest.raises(InputError, match="en månad"):
        read_result_statement(source(tmp_path, text, forecast_month="2018"), CONTEXT)


def test_amounts_in_kronor_and_municipality_specific_rows(tmp_path: Path) -> None:
    text = HEADER + "ekonomi;1;Intäkter;0;-150,50;150,50;0\n"
    ledger = read_result_statement(
        source(tmp_path, text, unit="kr", municipality="1442"), CONTEXT
    ).frame
    assert set(ledger["municipality"]) == {"1442"}
    assert -15_050 in ledger["amount_ore"].to_list()


def test_xlsx_export(tmp_path: Path) -> None:
    path = tmp_path / "rr.xlsx"
    pl.DataFrame(
        {
            "Område": ["ekonomi"],
            "Rad": ["3"],
            "Radnamn": ["Personalkostnader"],
            "Budget": [8097],
            "Prognos": [7847.5],
        }
    ).write_excel(path)
    src = Source("ekonomi.resultatrakning", path, "rr.xlsx", "Export", {})
    ledger = read_result_statement(src, CONTEXT).frame
    assert sorted(ledger["amount_ore"].to_list()) == [784_750_000, 809_700_000]


def test_an_area_the_board_lacks_is_refused_in_the_files_own_column(tmp_path: Path) -> None:
    """The core refuses the area (the reader leaves that check to it) and names the file's
    column, renamed or not, as the reader declares it (ReadResult.columns)."""
    plugins = get_plugins(load_entrypoints=False, extra=[("ekonomi", samverkan_ekonomi)])
    statement_reader = plugins.readers()["ekonomi.resultatrakning"][1]
    path = tmp_path / "rr.csv"
    path.write_text("Verksamhet;Rad;Radnamn;Budget\nlokalvard;3;Personalkostnader;1 000\n", "utf-8")
    with pytest.raises(InputError, match=r"rad 2, kolumn/nyckel 'Verksamhet': 'lokalvard': okänt"):
        read_one(statement_reader, path, read_context(UNIT), columns={"area": "Verksamhet"})

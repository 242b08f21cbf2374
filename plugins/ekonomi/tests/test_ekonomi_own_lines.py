"""A board's own result statement, as its finance system exports it (a second board, not the
example: Lön och HR for Svenljunga, Tranemo and Ulricehamn, one area, eight lines of its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from samverkan.api import Area, InputError, Municipality, Period, ReadContext, ServiceUnit, Source
from samverkan_ekonomi.lines import TABLE
from samverkan_ekonomi.reader import read_result_statement

HOST = Municipality("1491", "Ulricehamn")
UNIT = ServiceUnit(
    "lon_hr",
    "Lönenämnden",
    HOST,
    [Municipality("1465", "Svenljunga"), Municipality("1452", "Tranemo"), HOST],
    [Area("lon_hr", "Lön och HR")],
)
CONTEXT = ReadContext(UNIT, Period.parse("2019-02"))
HEADER = ["Rad", "Radnamn", "Kommun", "Budget 2019", "Prognos 2019"]
LINES: list[list[Any]] = [
    ["1", "Intäkter", "", -1200, -1200],
    ["3", "Lokalkostnader", "", 1100, 1100],
    ["2", "Personalkostnader", "", 9800, 9900],
    ["4", "Lönesystem licens", "Ulricehamn", 350, 350],
    ["5", "IT-kostnader", "", 2400, "2 450,5"],
    ["6", "Köpta tjänster", "", 3900, 3900],
    ["7", "Övriga kostnader", "", 1250, 1200],
    ["8", "Kapitalkostnad", "", 800, 800],
]
"""Eight lines in the board's own order (3 before 2), the host's licence marked with Kommun."""
SUM = ["", "Summa", "", 18400, "18 500,5"]


def workbook(path: Path, rows: list[list[Any]], sum_row: list[Any] = SUM) -> Path:
    """A workbook as Raindance or Visma writes one: a merged title, a blank row, the header
    on row 3, a blank row between the lines, a Summa row below them."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Resultaträkning")
    sheet.merge_range(0, 0, 0, 4, "Resultaträkning Lön och HR, februari 2019")
    sheet.write_row(2, 0, HEADER)
    at = 3
    for i, row in enumerate(rows):
        if i == 4:
            at += 1  # a blank row
        sheet.write_row(at, 0, row)
        at += 1
    sheet.write_row(at, 0, sum_row)
    book.close()
    return path


def csv(path: Path, rows: list[list[Any]], sum_row: list[Any] = SUM) -> Path:
    def line(cells: list[Any]) -> str:
        return ";".join(str(c) for c in cells)

    body = [line(r) for r in rows[:4]] + [""] + [line(r) for r in rows[4:]] + [line(sum_row)]
    title = "Resultaträkning Lön och HR, februari 2019;;;;"
    path.write_text("\n".join([title, "", line(HEADER), *body]) + "\n", encoding="utf-8")
    return path


def source(path: Path, **options: object) -> Source:
    return Source("ekonomi.resultatrakning", path, path.name, "Ekonomisystemets export", options)


@pytest.fixture(params=["csv", "xlsx"])
def export(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    write = workbook if request.param == "xlsx" else csv
    return write(tmp_path / f"rr.{request.param}", LINES)


def test_the_boards_own_lines_are_read_in_the_files_order(export: Path) -> None:
    result = read_result_statement(source(export, forecast_month="2019-02"), CONTEXT)
    names = result.extras[TABLE]
    assert names["line"].to_list() == ["1", "3", "2", "4", "5", "6", "7", "8"]
    assert names["name"][4] == "IT-kostnader"
    budget = result.frame.filter(pl.col("kind") == "budget")
    assert budget["amount_ore"].sum() == 18_400 * 100_000  # the Summa row is not a line
    it = result.frame.filter((pl.col("line") == "5") & (pl.col("kind") == "prognos"))
    assert it["amount_ore"].to_list() == [245_050_000]  # "2 450,5" tkr, text in the workbook
    assert set(result.frame["area"]) == {"lon_hr"}  # one area: no Område column needed


def test_the_host_only_licence_carries_its_municipality(export: Path) -> None:
    frame = read_result_statement(source(export), CONTEXT).frame
    own = frame.filter(pl.col("municipality").is_not_null())
    assert set(own["line"]) == {"4"}
    assert set(own["municipality"]) == {"1491"}


def test_rows_keep_the_spreadsheets_numbers_after_title_and_blank_rows(export: Path) -> None:
    # Row 9 of the file (after the title, a blank row, the header, four lines and a blank
    # row) is IT-kostnader; its origin and its messages say row 9, not the row above.
    frame = read_result_statement(source(export), CONTEXT).frame
    assert frame.filter(pl.col("line") == "5")["origin"][0] == f"{export.name}:9"
    rows = [r[:] for r in LINES]
    rows[4][3] = "tvåtusen"
    broken = (workbook if export.suffix == ".xlsx" else csv)(export, rows)
    with pytest.raises(InputError) as caught:
        read_result_statement(source(broken), CONTEXT)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (9, "Budget 2019")


def test_a_sum_row_that_disagrees_with_the_lines_is_refused_by_its_row(tmp_path: Path) -> None:
    for path in (
        csv(tmp_path / "rr.csv", LINES, ["", "Summa", "", 18300, "18 500,5"]),
        workbook(tmp_path / "rr.xlsx", LINES, ["", "Summa", "", 18300, "18 500,5"]),
    ):
        with pytest.raises(InputError) as caught:
            read_result_statement(source(path), CONTEXT)
        (problem,) = caught.value.problems
        assert (problem.row, problem.column) == (13, "Budget 2019")
        assert "18\u00a0300 tkr står, raderna ger 18\u00a0400 tkr" in problem.message


def test_subtotals_and_a_net_total_both_agree(tmp_path: Path) -> None:
    rows = [
        *LINES[:1],
        ["", "Summa intäkter", "", -1200, -1200],
        *LINES[1:],
        ["", "Summa kostnader", "", 19600, "19 700,5"],
    ]
    path = csv(tmp_path / "rr.csv", rows, ["", "Nettokostnad", "", 18400, "18 500,5"])
    frame = read_result_statement(source(path), CONTEXT).frame
    assert frame.filter(pl.col("kind") == "budget")["amount_ore"].sum() == 18_400 * 100_000


def test_a_header_row_option_chooses_the_header(tmp_path: Path) -> None:
    path = csv(tmp_path / "rr.csv", LINES)
    frame = read_result_statement(source(path, header_row=3), CONTEXT).frame
    assert frame.filter(pl.col("kind") == "budget").height == 8
    with pytest.raises(InputError, match="header_row"):
        read_result_statement(source(path, header_row=0), CONTEXT)


def test_a_declared_catalogue_is_enforced(export: Path) -> None:
    catalogue = {"1": "Intäkter", "2": "Personalkostnader", "3": "Lokalkostnader"}
    with pytest.raises(InputError) as caught:
        read_result_statement(source(export, lines=catalogue), CONTEXT)
    assert {p.message.split(";")[0] for p in caught.value.problems} == {
        f"okänd rad {n!r}" for n in "45678"
    }


def test_one_line_number_with_two_names_is_refused(tmp_path: Path) -> None:
    rows = [*LINES[:7], ["7", "Kapitalkostnad", "", 800, 800]]
    path = csv(tmp_path / "rr.csv", rows, ["", "Summa", "", 18400, "18 500,5"])
    with pytest.raises(InputError, match="rad 7 heter 'Övriga kostnader'"):
        read_result_statement(source(path), CONTEXT)


def test_a_municipality_that_is_no_member_is_refused(tmp_path: Path) -> None:
    rows = [r[:] for r in LINES]
    rows[3][2] = "Borås"
    with pytest.raises(InputError, match="'Borås' är ingen medlem") as caught:
        read_result_statement(source(csv(tmp_path / "rr.csv", rows)), CONTEXT)
    assert caught.value.problems[0].row == 7


def test_two_areas_need_the_area_column(tmp_path: Path) -> None:
    two = ReadContext(
        ServiceUnit("x", "X", HOST, UNIT.members, [Area("lon", "Lön"), Area("hr", "HR")]),
        CONTEXT.period,
    )
    with pytest.raises(InputError, match="flera områden"):
        read_result_statement(source(csv(tmp_path / "rr.csv", LINES)), two)


def test_a_misspelt_column_name_names_the_key_and_the_files_columns(tmp_path: Path) -> None:
    path = csv(tmp_path / "rr.csv", LINES)
    for role in ("budget", "prognos", "utfall", "change"):
        with pytest.raises(InputError) as caught:
            read_result_statement(source(path, columns={role: "Budgte 2019"}), CONTEXT)
        (problem,) = caught.value.problems
        assert problem.column == f"columns.{role}"
        assert "'Budgte 2019' finns inte" in problem.message
        assert "Radnamn, Kommun, Budget 2019, Prognos 2019" in problem.message


MONTHS = "Rad;Radnamn;Prognosmånad;Prognos;{utfall}\n"


def months_file(tmp_path: Path, utfall: str, rows: list[str]) -> Path:
    path = tmp_path / "manader.csv"
    path.write_text(MONTHS.format(utfall=utfall) + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_utfall_beside_a_forecast_month_column_is_each_months_outcome(tmp_path: Path) -> None:
    path = months_file(
        tmp_path,
        "Utfall",
        ["2;Personalkostnader;2019-01;9800;800", "2;Personalkostnader;2019-02;9900;820"],
    )
    frame = read_result_statement(source(path), CONTEXT).frame.filter(pl.col("kind") == "utfall")
    assert frame.select("period", "amount_ore").sort("period").rows() == [
        ("2019-01", 80_000_000),
        ("2019-02", 82_000_000),
    ]


@pytest.mark.parametrize(
    ("header", "options"),
    [
        ("Utfall ack", {}),
        ("Ackumulerat utfall", {}),
        ("Utfall jan–feb", {}),
        ("Utfall", {"utfall": "ackumulerat"}),
    ],
)
def test_a_year_to_date_outcome_becomes_each_months_own(
    tmp_path: Path, header: str, options: dict[str, object]
) -> None:
    path = months_file(
        tmp_path,
        header,
        ["2;Personalkostnader;2019-01;9800;800", "2;Personalkostnader;2019-02;9900;1620"],
    )
    frame = read_result_statement(source(path, **options), CONTEXT).frame
    utfall = frame.filter(pl.col("kind") == "utfall").sort("period")
    assert utfall["amount_ore"].to_list() == [80_000_000, 82_000_000]


def test_a_year_to_date_outcome_without_the_month_before_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feb.csv"
    path.write_text("Rad;Radnamn;Budget;Utfall ack\n2;Personalkostnader;9800;1620\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_result_statement(source(path, forecast_month="2019-02"), CONTEXT)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "Utfall ack")
    assert "ackumulerat t.o.m. 2019-02" in problem.message
    with pytest.raises(InputError, match="utfall = 'manad', men kolumnen 'Utfall ack'"):
        read_result_statement(source(path, utfall="manad"), CONTEXT)
    with pytest.raises(InputError, match='skriv "manad"'):
        read_result_statement(source(path, utfall="månad"), CONTEXT)


HOW_TO = Path(__file__).parents[3] / "docs" / "howto" / "read-a-result-statement-export.md"


def test_the_how_to_export_reads_as_it_says(tmp_path: Path) -> None:
    text = HOW_TO.read_text("utf-8").split("```text\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "resultatrapport-2019-02.csv"
    path.write_text(text, encoding="utf-8")
    result = read_result_statement(source(path, forecast_month="2019-02"), CONTEXT)
    totals = result.frame.group_by("kind").agg(pl.col("amount_ore").sum() // 100)
    assert dict(totals.rows()) == {"budget": 18_400_000, "prognos": 18_500_500, "utfall": 3_326_000}
    licence = result.frame.filter(pl.col("municipality").is_not_null())
    assert set(licence["line"]) == {"4"}
    assert set(licence["municipality"]) == {"1491"}
    assert result.frame.filter(pl.col("kind") == "utfall")["period"].unique().to_list() == [
        "2019-02"
    ]

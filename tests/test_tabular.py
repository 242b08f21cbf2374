from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from samverkan.errors import InputError
from samverkan.read.csv_text import read_csv_text
from samverkan.read.numbers import parse_amounts
from samverkan.read.raw import LINE
from samverkan.read.tabular import read_text_table, require_columns, role_columns

TEXT = "Område;Rad;Belopp\nekonomi;1;8 097\npersonal;3;−1 066\n"


def write(tmp_path: Path, data: bytes, name: str = "rr.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1252", b"", "cp1252")],
)
def test_encodings_are_detected_and_aao_survive(
    tmp_path: Path, encoding: str, prefix: bytes, detected: str
) -> None:
    body = TEXT.replace("−", "-") if encoding == "cp1252" else TEXT
    table = read_csv_text(write(tmp_path, prefix + body.encode(encoding)), "rr.csv")
    assert table.encoding == detected
    assert table.frame.columns == [LINE, "Område", "Rad", "Belopp"]
    assert table.frame["Område"].to_list() == ["ekonomi", "personal"]


@pytest.mark.parametrize(("codec", "detected"), [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le")])
def test_excels_unicode_text_export_is_read(tmp_path: Path, codec: str, detected: str) -> None:
    body = TEXT.replace(";", "\t")  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    table = read_csv_text(write(tmp_path, body.encode(codec)), "rr.txt")
    assert table.encoding == detected
    assert table.frame.columns == [LINE, "Område", "Rad", "Belopp"]
    assert table.frame["Belopp"].to_list() == ["8 097", "−1 066"]


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "Område;Rad\nx;1\n".encode() + b"y;\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(InputError, match=r"rr\.csv, rad 3.*UTF-8"):
        read_csv_text(path, "rr.csv")


def test_a_bom_promises_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfOmr\xc3\xa5de;Rad\nx;1\ny;\xe5\n")
    with pytest.raises(InputError, match=r"rr\.csv, rad 3.*BOM"):
        read_csv_text(path, "rr.csv")


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
def test_rows_keep_their_line_numbers_around_blank_lines(tmp_path: Path, ending: bytes) -> None:
    lines = [b"A;B", b"1;2", b"", b"  ", b"\t", b"3;4", b"", b""]
    table = read_csv_text(write(tmp_path, ending.join(lines)), "rr.csv")
    assert table.frame.select(LINE, "A").rows() == [(2, "1"), (6, "3")]


def test_a_cell_spanning_lines_moves_the_line_numbers_after_it(tmp_path: Path) -> None:
    # Excel writes a cell with Alt+Enter quoted, the line break inside it.
    path = write(tmp_path, b'A;B\n"rad ett\nrad tv\xc3\xa5";1\n\n3;abc\n')
    table = read_csv_text(path, "rr.csv")
    assert table.frame.select(LINE, "A").rows() == [(2, "rad ett\nrad två"), (5, "3")]
    with pytest.raises(InputError) as caught:
        parse_amounts(table, {"b": "B"}, 100)
    assert [(p.row, p.column) for p in caught.value.problems] == [(5, "B")]
    # An empty line inside a cell is the cell's, not a blank line of the file.
    path = write(tmp_path, b'A;B\n"stycke ett\n\nstycke tv\xc3\xa5";1\n3;4\n')
    rows = read_csv_text(path, "rr.csv").frame.select(LINE, "A").rows()
    assert rows == [(2, "stycke ett\n\nstycke två"), (5, "3")]


def test_wrong_separator_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, b"Omrade,Rad,Belopp\nekonomi,1,8097\n")
    with pytest.raises(InputError, match=r"rad 1.*väntade ';' men hittade ','"):
        read_csv_text(path, "rr.csv", separator=";")


def test_separator_is_detected_with_matching_decimal_mark(tmp_path: Path) -> None:
    comma = read_csv_text(write(tmp_path, b"a,b\n1,2.5\n"), "x.csv")
    semicolon = read_csv_text(write(tmp_path, b"a;b\n1;2,5\n", "y.csv"), "y.csv")
    assert (comma.decimal_mark, semicolon.decimal_mark) == (".", ",")


@pytest.mark.parametrize(
    ("cell", "ore"),
    [
        ("8 097", 809_700_000),
        ("8\u00a0097", 809_700_000),
        ("8\u202f097", 809_700_000),
        ("-150", -15_000_000),
        ("\u2212150", -15_000_000),
        ("\u2011150", -15_000_000),
        ("(150)", -15_000_000),
        ("1,5", 150_000),
        ("0,00001", 1),
        ("0", 0),
    ],
)
def test_swedish_amounts_become_exact_ore(tmp_path: Path, cell: str, ore: int) -> None:
    table = read_csv_text(write(tmp_path, f"Rad;Belopp\n1;{cell}\n".encode()), "rr.csv")
    frame = parse_amounts(table, {"belopp": "Belopp"}, 100_000)
    assert frame["_belopp"].to_list() == [ore]


def test_every_bad_cell_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, b"A;B\n1;2\n\nabc;3\n4;1,234567\n")
    table = read_csv_text(path, "rr.csv")
    with pytest.raises(InputError) as caught:
        parse_amounts(table, {"a": "A", "b": "B"}, 100_000)
    located = [(p.row, p.column) for p in caught.value.problems]
    assert located == [(4, "A"), (5, "B")]


def test_missing_columns_are_all_listed(tmp_path: Path) -> None:
    table = read_csv_text(write(tmp_path, b"Omr\xc3\xa5de;Rad\nx;1\n"), "rr.csv")
    with pytest.raises(InputError) as caught:
        require_columns(table, ["område", "Budget", "Prognos"])
    assert [p.column for p in caught.value.problems] == ["Budget", "Prognos"]
    assert require_columns(table, ["OMRÅDE"]) == {"OMRÅDE": "Område"}


def test_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="finns inte"):
        read_csv_text(tmp_path / "nope.csv", "nope.csv")


def test_xlsx_is_read_as_text_with_rows(tmp_path: Path) -> None:
    path = tmp_path / "rr.xlsx"
    pl.DataFrame({"Område": ["ekonomi", "personal"], "Belopp": [8097.0, -1066.5]}).write_excel(path)
    table = read_text_table(path, "rr.xlsx")
    frame = parse_amounts(table, {"belopp": "Belopp"}, 100_000)
    assert frame[LINE].to_list() == [2, 3]
    assert frame["_belopp"].to_list() == [809_700_000, -106_650_000]


def test_broken_xlsx_is_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"not a workbook", "rr.xlsx")
    with pytest.raises(InputError, match="arbetsboken"):
        read_text_table(path, "rr.xlsx")


def test_roles_are_renamed_required_or_kept_when_present(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Projektnamn;Budget 2018\nA;1\n", "utf-8")
    table = read_text_table(path, "t.csv")
    defaults = {"project": "Projekt", "budget": "Budget", "utfall": "Utfall"}
    option = {"project": "projektnamn", "budget": "Budget 2018"}
    assert role_columns(table, option, defaults, ["project"]) == {
        "project": "Projektnamn",
        "budget": "Budget 2018",
    }
    with pytest.raises(InputError) as caught:
        role_columns(table, None, defaults, ["project"])
    assert (caught.value.problems[0].file, caught.value.problems[0].column) == ("t.csv", "Projekt")
    with pytest.raises(InputError, match="okända kolumnroller \\['kommun'\\]"):
        role_columns(table, {"kommun": "Kommun"}, defaults, ["project"])

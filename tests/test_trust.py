"""Damaged input never becomes a wrong number, and exports stay exact and inert.

The bad-input corpus (``tests/corpus/``) runs every case end to end; these tests pin the
mechanisms behind them: short rows beside quoted separators, workbook limits, exact and inert
spreadsheet cells, Markdown that cannot load anything, and games too large to enumerate.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from samverkan.cli.app import main
from samverkan.cli.commands import run_gain, write_table
from samverkan.compose.blocks import Markdown, Row, Table
from samverkan.compose.rendered import RenderedSection
from samverkan.errors import InputError
from samverkan.read.csv_text import read_csv_text
from samverkan.read.definition import load_definition
from samverkan.read.tabular import read_xlsx_text
from samverkan.read.workbook import ReadLimits
from samverkan.render.citations import number_sources
from samverkan.render.exports import write_xlsx
from samverkan.render.html import _blocks
from samverkan.render.sheets import exact_number, inert


def test_a_short_row_is_found_even_beside_a_quoted_separator(tmp_path: Path) -> None:
    path = tmp_path / "rr.csv"
    path.write_text('A;B;C\n"x;y";1;2\n"x;y";1\n', "utf-8")
    with pytest.raises(InputError) as caught:
        read_csv_text(path, "rr.csv")
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (3, "C")
    assert "raden slutar efter 2 fält men rubrikraden har 3" in problem.message


def test_a_whole_row_with_an_empty_last_cell_is_not_short(tmp_path: Path) -> None:
    path = tmp_path / "rr.csv"
    path.write_text("A;B;C\n1;2;\n;;\n3;4;5\n", "utf-8")
    assert read_csv_text(path, "rr.csv").frame.height == 2  # the empty record is dropped


def test_a_workbook_unpacking_beyond_the_byte_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "stor.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [f"kolumn {c}" for c in range(10)])  # a header names each column once
    for row in range(1, 200):
        sheet.write_row(row, 0, ["text"] * 10)
    book.close()
    with pytest.raises(InputError, match="--max-xlsx-mb"):
        read_xlsx_text(path, "stor.xlsx", limits=ReadLimits(xlsx_bytes=1000))
    assert read_xlsx_text(path, "stor.xlsx").frame.height == 199


def test_an_error_cell_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "fel.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Prognos")
    sheet.write_row(0, 0, ["Område", "Belopp"])
    sheet.write_row(1, 0, ["ekonomi", 1])
    sheet.write_string(2, 0, "personal")
    sheet.write_formula(2, 1, "=NA()", None, "#N/A")
    book.close()
    with pytest.raises(InputError) as caught:
        read_xlsx_text(path, "fel.xlsx", "Prognos")
    assert "cellen B3 på bladet 'Prognos' innehåller ett Excel-fel" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "exact"),
    [
        (Decimal("10307"), 10307.0),
        (Decimal("-2000.50"), -2000.5),
        (Decimal("123456789012.34"), 123456789012.34),
        (Decimal("12345678901234.56"), None),  # 16 digits: a double would lose the öre
        (10**16 + 1, None),
    ],
)
def test_only_numbers_a_spreadsheet_holds_exactly_are_written_as_numbers(
    value: Decimal | int, exact: float | None
) -> None:
    assert exact_number(value) == exact


def test_text_that_a_spreadsheet_would_run_is_written_inert(tmp_path: Path) -> None:
    assert inert('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert inert("Intäkter") == "Intäkter"
    frame = pl.DataFrame({"text": ["=1+1", "+46", "@SUM(A1)", "-x", "ok"], "n": [1, 2, 3, 4, 5]})
    assert write_table(frame, None) == "text,n\n'=1+1,1\n'+46,2\n'@SUM(A1),3\n'-x,4\nok,5\n"
    out = tmp_path / "ut.xlsx"
    write_table(frame, out)
    section = RenderedSection(
        "s", "=TITEL()", (Table("=1+1", ("Text", "Belopp"), [Row(("=2+2", "10 307"))], "=K()"),)
    )
    write_xlsx([section], tmp_path / "rapport.xlsx")
    for book in (out, tmp_path / "rapport.xlsx"):
        with zipfile.ZipFile(book) as parts:
            sheets = [n for n in parts.namelist() if n.startswith("xl/worksheets/")]
            assert all(b"<f>" not in parts.read(n) for n in sheets)


def test_a_comment_never_makes_the_report_request_anything() -> None:
    text = (
        "Se [rapporten](https://example.org/r) och ![diagram](http://example.org/d.png), "
        "<https://example.org/a> och [målen](#maluppfyllelse)."
    )
    section = RenderedSection("s", "S", (Markdown("Kommentar", text, "k.md"),))
    html = str(_blocks(section, "sv", (), number_sources([], {}))[0]["html"])
    assert "<img" not in html
    assert 'href="http' not in html
    assert "rapporten (https://example.org/r)" in html
    assert "[diagram] (http://example.org/d.png)" in html
    assert "https://example.org/a" in html
    assert '<a href="#maluppfyllelse">målen</a>' in html


def test_a_game_too_large_for_the_exact_methods_says_so_and_sampling_still_works(
    tmp_path: Path,
) -> None:
    codes = [str(1400 + i) for i in range(30)]
    lines = ["coalition;cost", *(f"{c};{1_000_000 + 10_000 * i}" for i, c in enumerate(codes))]
    lines.append("+".join(codes) + ";20000000")
    path = tmp_path / "koalitioner.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InputError, match="använd --method shapley-sampled"):
        run_gain(path, ["shapley", "scrb", "nucleolus"], "additive")
    frame = run_gain(path, ["shapley-sampled", "scrb"], "additive", permutations=300)
    assert frame.height == 30
    for column in ("shapley_sampled", "scrb"):
        assert frame[column].sum() == Decimal("20000000.00")  # to the öre, whatever the size
    assert (frame["shapley_sampled_se"] > 0).all()


def test_a_definition_saved_with_a_bom_or_member_names_decomposed_reads_as_written(
    examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Notepad's BOM and a name typed as a + ring (NFD) are the same text as without: the
    definition validates, and the member is the one its data names (compared in NFC)."""
    definition = examples / "servicenamnd-ekonomi-personal-2018-04.toml"
    text = definition.read_text("utf-8")
    decomposed = unicodedata.normalize("NFD", "Vårgårda")
    assert decomposed != "Vårgårda"
    text = text.replace('name = "Vårgårda"', f'name = "{decomposed}"')
    definition.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert main(["validate", str(definition)]) == 0, capsys.readouterr().err
    loaded = load_definition(definition)
    assert sorted(m.name for m in loaded.unit.members) == ["Herrljunga", "Vårgårda"]


def test_a_csv_with_cr_only_line_ends_reads_as_the_same_table(tmp_path: Path) -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR alone."""
    rows = "Område;Rad;Budget\r\nekonomi;1;-150\r\nekonomi;3;2 000\r\n"
    crlf, cr = tmp_path / "crlf.csv", tmp_path / "cr.csv"
    crlf.write_bytes(rows.encode("cp1252"))
    cr.write_bytes(rows.replace("\r\n", "\r").encode("cp1252"))
    assert_frame_equal(read_csv_text(cr, "cr.csv").frame, read_csv_text(crlf, "crlf.csv").frame)


def test_allocate_with_a_pipe_as_its_costs_is_refused_at_once(tmp_path: Path) -> None:
    """A named pipe (FIFO) would block a reader that opened it forever: it is refused."""
    costs = tmp_path / "kostnader.csv"
    os.mkfifo(costs)
    keys = tmp_path / "nycklar.csv"
    keys.write_text("municipality,driver,quantity\n1466,population,9000\n1442,population,11000\n")
    command = [sys.executable, "-m", "samverkan", "allocate", "--costs", str(costs)]
    result = subprocess.run(
        [*command, "--keys", str(keys), "--method", "population"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert f"{costs}: är ingen vanlig fil (en namngiven pipe" in result.stderr


def test_every_file_read_goes_through_the_one_check() -> None:
    """No module of samverkan or its plugins opens a file but read/files.py (and publish.py,
    which writes): a new reader cannot skip the boundary, the regular-file check or the
    non-blocking open."""
    root = Path(__file__).parent.parent
    allowed = {
        "src/samverkan/read/files.py",
        "src/samverkan/render/publish.py",
        # The dashboard reads the metas of the output folder, not a definition's files.
        "src/samverkan/render/exports.py",
    }
    opening = re.compile(
        r"(?<![.\w])open\(|os\.open\(|(?<!files)\.read_(text|bytes)\(|ZipFile\(|read_excel\("
    )
    found = []
    for path in sorted([*root.glob("src/**/*.py"), *root.glob("plugins/*/src/**/*.py")]):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if rel not in allowed and opening.search(line) and "# reads:" not in line:
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []

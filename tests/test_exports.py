"""The report's other files: the workbook, the index of snapshots, the PDF for the papers."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import fastexcel
import polars as pl
import pytest
from pypdf import PdfReader

from conftest import EXAMPLES
from example_builds import ExampleBuilds
from samverkan import InputError
from samverkan.plugins import Plugins
from samverkan.render.exports import _sheet_name, write_index
from samverkan.render.report import build_report, write_report

PERSONAL = "servicenamnd-ekonomi-personal-2018-04"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, example_builds: ExampleBuilds) -> Path:
    out = tmp_path_factory.mktemp("exports")
    for definition in EXAMPLES:
        write_report(example_builds.report(definition), out, xlsx=True)
    return out


def test_every_table_is_a_sheet_with_numbers_as_numbers(exported: Path) -> None:
    sheets = pl.read_excel(exported / f"{PERSONAL}.xlsx", sheet_id=0, has_header=False)
    assert isinstance(sheets, dict)
    names = list(sheets)
    assert names[0].startswith("01 Ekonomi")
    first = sheets[names[0]]
    assert first[0, 0] == "Ekonomi: resultaträkning: Ekonomi"
    assert ("RESULTATRÄKNING (tkr)", "Budget 2018") in [r[:2] for r in first.iter_rows()]
    totals = [r for r in first.iter_rows() if r[0] == "Nettokostnad/Kommunbidrag"]
    assert [float(r[1]) for r in totals] == [10307.0]
    assert any("Datakvalitet" in str(s[0, 0]) for s in sheets.values())


def test_a_sheet_carries_the_origins_of_what_it_cites(exported: Path) -> None:
    sheets = pl.read_excel(exported / f"{PERSONAL}.xlsx", sheet_id=0, has_header=False)
    assert isinstance(sheets, dict)

    def marks(caption: str) -> set[str]:
        sheet = next(s for s in sheets.values() if str(s[0, 0]).endswith(caption))
        return {str(v) for v in sheet.row(0)[1:] if v is not None}

    assert marks(": Ekonomi") == set()  # the board's own result statement
    assert marks("Personalkostnad per årsarbetare (kr, lägre är bättre)") == {"Exempeldata"}


def test_numbers_in_the_workbook_are_numeric_cells(exported: Path) -> None:
    workbook = fastexcel.read_excel(str(exported / f"{PERSONAL}.xlsx"))
    sheet = workbook.load_sheet(0, header_row=2).to_polars()
    assert sheet.schema["Budget 2018"] == pl.Float64
    assert sheet["Budget 2018"].to_list()[:4] == [0.0, 8097.0, 2172.0, 38.0]


def test_index_lists_every_report_and_keeps_earlier_ones(
    exported: Path, example_builds: ExampleBuilds
) -> None:
    index = (exported / "index.html").read_text("utf-8")
    for definition in EXAMPLES:
        assert f'href="{definition.stem}.html"' in index
    assert index.index("december 2018") < index.index("april 2018")  # newest period first
    meta: dict[str, Any] = json.loads((exported / f"{PERSONAL}.meta.json").read_text("utf-8"))
    assert meta["extra_files"] == [f"{PERSONAL}.xlsx"]
    # One rebuilt alone (with its workbook, which the tests below read).
    write_report(example_builds.report(EXAMPLES[0]), exported, xlsx=True)
    index = (exported / "index.html").read_text("utf-8")
    assert all(f'href="{d.stem}.html"' in index for d in EXAMPLES)


def test_the_dashboard_sums_what_each_member_pays_across_the_boards(exported: Path) -> None:
    index = (exported / "index.html").read_text("utf-8")
    latest = [
        json.loads((exported / f"servicenamnd-{board}-2018-12.meta.json").read_text("utf-8"))
        for board in ("ekonomi-personal", "it-vaxel-telefoni")
    ]
    head = latest[0]["headline"]
    assert head["budget_ore"] == sum(m["budget_ore"] for m in head["members"])
    assert head["budget_ore"] == 23_816_000_00  # the board papers' budget, both areas
    for code in ("1442", "1466"):
        total = sum(
            m["budget_ore"]
            for h in latest
            for m in h["headline"]["members"]
            if m["kommunkod"] == code
        )
        assert f'<tr data-member="{code}" data-budget-ore="{total}">' in index
    # Every board's periods, newest first, with their figures; every purpose in the matrix.
    assert "23\u00a0816 tkr" in index
    for purpose in head["purposes"]:
        assert f'<th scope="row">{purpose["title"]}</th>' in index
    assert "i nivå med budget" in index  # the April IT forecast equals its budget


def test_the_dashboard_lists_reports_written_before_it_had_figures(
    exported: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "old"
    shutil.copytree(exported, folder)
    meta_path = folder / f"{PERSONAL}.meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    del meta["headline"], meta["lang"]  # as 0.2 wrote it
    meta_path.write_text(json.dumps(meta), "utf-8")
    index = write_index(folder).read_text("utf-8")
    assert f'href="{PERSONAL}.html"' in index


@pytest.mark.browser
def test_pdf_for_the_board_papers(browser: object, plugins: Plugins, tmp_path: Path) -> None:
    definition = EXAMPLES[0]
    text = definition.read_text("utf-8").replace(
        'data_date = "2018-04-30"',
        'data_date = "2018-04-30"\nmeeting_date = "2018-05-14"\ndiarienummer = "ITVT 8/2018"',
    )
    copy = tmp_path / "reports"
    shutil.copytree(definition.parent, copy)
    (copy / definition.name).write_text(text, "utf-8")
    written = write_report(
        build_report(copy / definition.name, plugins), tmp_path / "out", pdf=True
    )
    pdf = PdfReader(written[-1])
    assert len(pdf.pages) >= 6
    cover = pdf.pages[0].extract_text()
    assert "2018-05-14" in cover
    assert "ITVT 8/2018" in cover
    assert "Alla medlemmar" in cover
    assert "Sida 1 av" in cover
    everything = " ".join(page.extract_text() for page in pdf.pages).replace("\u00a0", " ")
    for number in ("10 307", "9 907", "13 509", "11 501"):
        assert number in everything


def test_without_chromium_nothing_is_published(
    example_builds: ExampleBuilds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chromium() -> str:  # as on a machine without the chromium package
        raise InputError("PDF kräver Chromium: installera paketet chromium")

    report = example_builds.report(EXAMPLES[0])
    out = tmp_path / "out"
    write_report(report, out, xlsx=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr("samverkan.render.pdf.find_chromium", no_chromium)
    with pytest.raises(InputError, match="PDF kräver Chromium"):
        write_report(report, out, pdf=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _cells(book: Path) -> dict[str, dict[str, tuple[str, str, str]]]:
    """Every sheet's cells as read from the file itself: reference → (type, value or text,
    number format). ``n`` is a number, ``s`` text."""
    with zipfile.ZipFile(book) as parts:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{NS}t"))
            for si in ET.fromstring(parts.read("xl/sharedStrings.xml"))
        ]
        styles = ET.fromstring(parts.read("xl/styles.xml"))
        codes = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter(f"{NS}numFmt")}
        xfs = [
            codes.get(x.get("numFmtId") or "", "General") for x in styles.find(f"{NS}cellXfs") or []
        ]
        names = [
            s.get("name") or ""
            for s in ET.fromstring(parts.read("xl/workbook.xml")).iter(f"{NS}sheet")
        ]
        out = {}
        for i, name in enumerate(names, 1):
            sheet = ET.fromstring(parts.read(f"xl/worksheets/sheet{i}.xml"))
            found = {}
            for c in sheet.iter(f"{NS}c"):
                value = c.find(f"{NS}v")
                if value is None or value.text is None:
                    continue
                kind = "s" if c.get("t") == "s" else "n"
                text = strings[int(value.text)] if kind == "s" else value.text
                found[c.get("r") or ""] = (kind, text, xfs[int(c.get("s") or 0)])
            out[name] = found
    return out


NUMBER_AS_TEXT = re.compile(r"[−-]?\d[\d\s\u00a0]*([.,]\d+)?(\s?%|\s?per 1\s000)?")
PERIOD = re.compile(r"\d{4}(-\d\d|-T\d)?")


def test_the_workbook_holds_numbers_with_excels_own_formats(exported: Path) -> None:
    for definition in EXAMPLES:
        sheets = _cells(exported / f"{definition.stem}.xlsx")
        for name, cells in sheets.items():
            assert len(name) <= 31
            assert "  " not in name
            assert name == name.strip()
            for ref, (kind, text, code) in cells.items():
                # No number left as text (an utgångsläge keeps its year beside the value).
                as_text = NUMBER_AS_TEXT.fullmatch(text.strip()) and not PERIOD.fullmatch(text)
                assert kind == "n" or not as_text, (name, ref, text)
                if kind == "n":
                    assert " " not in code, (name, ref, code)  # '# ##0' showed 4501 706
        key = next(c for n, c in sheets.items() if "Fördelningsnyckel" in n)
        shares = [v for v in key.values() if v[2].endswith("%")]
        assert shares
        assert {(kind, code) for kind, _, code in shares} == {("n", "0.00%")}
        assert sum(float(v) for _, v, _ in shares) == pytest.approx(2.0)  # the members and 100 %
        amounts = [v for v in sheets[next(iter(sheets))].values() if v[0] == "n"]
        assert {code for *_, code in amounts} <= {"#,##0", "#,##0.0", "#,##0.00"}


def test_goal_values_are_numbers_with_their_unit_in_the_header(exported: Path) -> None:
    sheets = _cells(exported / "servicenamnd-ekonomi-personal-2018-12.xlsx")
    goals = {n: c for n, c in sheets.items() if any(v[1] == "Målvärde" for v in c.values())}
    assert goals
    units = [
        (ref, text)
        for cells in goals.values()
        for ref, (_, text, _) in cells.items()
        if ref.endswith("3") and ("enhet" in text or "(" in text)
    ]
    assert units  # a unit column or the unit in the header
    for cells in goals.values():
        values = [v for r, v in cells.items() if r[0] in "C" and r[1:] not in ("1", "3")]
        numbers = [v for v in values if v[0] == "n"]
        assert numbers, cells
        assert all(
            text in {"–"} or kind == "n" for kind, text, _ in values if not text.startswith("Käll")
        )


@pytest.mark.parametrize(
    ("caption", "name"),
    [
        ("Slutreglering 2018 per kommun (kr)", "01 Slutreglering 2018 per"),
        ("Nettokostnad per kommun (kr)", "01 Nettokostnad per kommun (kr)"),
        ("Budgetavvikelse (%, högre är bättre)", "01 Budgetavvikelse"),
        ("Utfall per kommun: gemensamt", "01 Utfall per kommun gemensamt"),
        ("Kort", "01 Kort"),
    ],
)
def test_sheet_names_are_cut_at_a_word(caption: str, name: str) -> None:
    assert _sheet_name(1, caption, set()) == name

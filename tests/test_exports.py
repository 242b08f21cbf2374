"""The report's other files: the workbook, the index of snapshots, the PDF for the papers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest
from pypdf import PdfReader

from conftest import EXAMPLES
from samverkan import InputError
from samverkan.plugins import Plugins, get_plugins
from samverkan.render.exports import write_index
from samverkan.render.report import build_report, write_report

PERSONAL = "servicenamnd-ekonomi-personal-2018-04"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    plugins = get_plugins()
    for definition in EXAMPLES:
        write_report(build_report(definition, plugins), out, xlsx=True)
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


def test_numbers_in_the_workbook_are_numeric_cells(exported: Path) -> None:
    workbook = fastexcel.read_excel(str(exported / f"{PERSONAL}.xlsx"))
    sheet = workbook.load_sheet(0, header_row=2).to_polars()
    assert sheet.schema["Budget 2018"] == pl.Float64
    assert sheet["Budget 2018"].to_list()[:4] == [0.0, 8097.0, 2172.0, 38.0]


def test_index_lists_every_report_and_keeps_earlier_ones(exported: Path, plugins: Plugins) -> None:
    index = (exported / "index.html").read_text("utf-8")
    for definition in EXAMPLES:
        assert f'href="{definition.stem}.html"' in index
    assert index.index("december 2018") < index.index("april 2018")  # newest period first
    meta: dict[str, Any] = json.loads((exported / f"{PERSONAL}.meta.json").read_text("utf-8"))
    assert meta["extra_files"] == [f"{PERSONAL}.xlsx"]
    write_report(build_report(EXAMPLES[0], plugins), exported)  # one rebuilt alone
    index = (exported / "index.html").read_text("utf-8")
    assert all(f'href="{d.stem}.html"' in index for d in EXAMPLES)


def test_the_dashboard_tiles_show_each_boards_latest_figures(exported: Path) -> None:
    index = (exported / "index.html").read_text("utf-8")
    tiles = index[index.index('<div class="tiles">') : index.index("</div>\n")]
    assert tiles.count('<section class="tile"') == 2  # one per board
    meta: dict[str, Any] = json.loads(
        (exported / "servicenamnd-ekonomi-personal-2018-12.meta.json").read_text("utf-8")
    )
    head = meta["headline"]
    assert head["budget_ore"] == sum(m["budget_ore"] for m in head["members"])
    assert head["budget_ore"] == 23_816_000_00  # the board papers' budget, both areas
    budget_tkr = f"{round(head['budget_ore'] / 100_000):,}".replace(",", "\u00a0")
    forecast_tkr = f"{round(head['prognos_ore'] / 100_000):,}".replace(",", "\u00a0")
    assert f"Prognos {forecast_tkr} tkr" in tiles
    assert f"Budget {budget_tkr} tkr" in tiles
    for member in head["members"]:
        assert f'<li data-member="{member["kommunkod"]}">{member["name"]}: ' in tiles
    goals = head["goals"]
    assert f"{goals['uppfyllt']} uppfyllda" in tiles
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
    plugins: Plugins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chromium() -> str:  # as on a machine without the chromium package
        raise InputError("PDF kräver Chromium: installera paketet chromium")

    report = build_report(EXAMPLES[0], plugins)
    out = tmp_path / "out"
    write_report(report, out, xlsx=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr("samverkan.render.pdf.find_chromium", no_chromium)
    with pytest.raises(InputError, match="PDF kräver Chromium"):
        write_report(report, out, pdf=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

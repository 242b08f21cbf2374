"""The bundled example: every figure of the board papers, exactly, in Swedish format."""

from __future__ import annotations

import csv
from pathlib import Path

import plotly.offline
import pytest

from conftest import EXAMPLES
from example_builds import ExampleBuilds
from htmltables import tables
from samverkan.compose.blocks import Figure, Table
from samverkan.model.format import fmt_number
from samverkan.model.money import largest_remainder
from samverkan.plugins import Plugins
from samverkan.read.definition import load_definition
from samverkan.render.figures import render
from samverkan.render.report import build_report

BUNDLE_HEAD = plotly.offline.get_plotlyjs()[:300]
SEED = Path(__file__).parent / "data" / "seed"
AREA_REPORT = {
    "ekonomi": "servicenamnd-ekonomi-personal-2018-04",
    "personal": "servicenamnd-ekonomi-personal-2018-04",
    "it_vaxel_telefoni": "servicenamnd-it-vaxel-telefoni-2018-04",
}
AREA_CAPTION = {
    "ekonomi": "Ekonomi",
    "personal": "Personal",
    "it_vaxel_telefoni": "IT, växel och telefoni",
}
COLUMNS = ("budget_2018_tkr", "prognos_2018_tkr", "avvikelse_helar_tkr", "forandring_prognos_tkr")


def seed(name: str) -> list[dict[str, str]]:
    with (SEED / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def statement(built: dict[str, Path], area: str) -> list[list[str]]:
    html = built[AREA_REPORT[area]].read_text("utf-8")
    found = [t for t in tables(html) if t["caption"] == AREA_CAPTION[area]]
    assert len(found) == 1, f"one resultaträkning for {area}"
    rows = found[0]["rows"]
    assert isinstance(rows, list)
    return rows


def test_all_thirteen_lines_match_the_board_papers(built_reports: dict[str, Path]) -> None:
    lines = seed("resultatrakning.csv")
    assert len(lines) == 13
    for line in lines:
        rows = {r[0]: r[1:] for r in statement(built_reports, line["omrade"])}
        label = f"{line['rad']} {line['radnamn']}"
        assert rows[label] == [fmt_number(int(line[c])) for c in COLUMNS], label


def test_the_three_totals_match_the_board_papers(built_reports: dict[str, Path]) -> None:
    totals = seed("nettokostnad.csv")
    assert len(totals) == 3
    for total in totals:
        last = statement(built_reports, total["omrade"])[-1]
        assert last[0] == "Nettokostnad/Kommunbidrag"
        assert last[1:] == [fmt_number(int(total[c])) for c in COLUMNS]


def test_numbers_are_written_the_swedish_way(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-04"].read_text("utf-8")
    assert "10\u00a0307" in html
    assert "\u22121\u00a0066" in html  # personal, Intäkter: a true minus and a no-break space
    it = built_reports["servicenamnd-it-vaxel-telefoni-2018-04"].read_text("utf-8")
    assert "\u22122\u00a0000" in it


def test_population_split_sums_to_each_total_exactly(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-04"].read_text("utf-8")
    split = next(t for t in tables(html) if t["caption"] == "Nettokostnad per kommun (kr)")
    rows = split["rows"]
    assert isinstance(rows, list)
    as_int = {
        r[0]: [int(c.replace("\u00a0", "").replace("\u2212", "-")) for c in r[1:]] for r in rows[1:]
    }
    for area, total in (
        ("Ekonomi", [10_307_000, 9_907_000]),
        ("Personal", [13_509_000, 13_509_000]),
    ):
        parts = [v for k, v in as_int.items() if k.startswith(f"{area} – ")]
        assert len(parts) == 2
        assert [sum(col) for col in zip(*parts, strict=True)] == total
        assert as_int[f"{area}, summa"] == total
    # Each line is split on its own (largest remainders, to the krona); an area's charge is
    # the sum of its lines' parts, computed here with the scalar reference implementation.
    population = {"1442": 11_490, "1466": 9_485}  # SCB, 2017-12-31 (folkmangd.csv)
    for code, name in (("1442", "Vårgårda"), ("1466", "Herrljunga")):
        expected = sum(
            largest_remainder(int(line["budget_2018_tkr"]) * 100_000, population, 100)[code]
            for line in seed("resultatrakning.csv")
            if line["omrade"] == "ekonomi"
        )
        assert as_int[f"Ekonomi – {name}"][0] * 100 == expected


def test_estimates_and_sources_are_shown(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-04"].read_text("utf-8")
    # SCB's figure for Herrljunga 2017-12-31, no estimate any more; SCB once in the sources.
    assert "9\u00a0485" in html
    assert "9\u00a0485 (uppskattning)" not in html
    assert "Uppskattad uppgift" not in html
    sources = html[html.index('<section id="kallor"') :]
    assert sources.count("SCB, Folkmängd i riket, län och kommuner 31 december") == 1
    assert html.count("Ekonomisk uppföljning och prognos per 2018-04-30") >= 4
    assert "ITVT 8/2018" in html


def test_plotly_is_embedded_once_and_nothing_is_fetched(built_reports: dict[str, Path]) -> None:
    for path in built_reports.values():
        html = path.read_text("utf-8")
        assert html.count(BUNDLE_HEAD) == 1
        assert html.count('moduleType:"locale",name:"sv"') == 1
        own = html.replace(plotly.offline.get_plotlyjs(), "")
        # Source citations may quote web addresses as text; nothing may load one.
        for loader in (" src=", 'href="http', "<link", "url(", "@import", "<iframe"):
            assert loader not in own, loader
        assert "default-src 'none'" in html


@pytest.mark.parametrize("definition", EXAMPLES, ids=lambda p: p.stem)
def test_same_input_gives_the_same_bytes(
    definition: Path, plugins: Plugins, example_builds: ExampleBuilds
) -> None:
    # Against the session's build, made earlier (often by another worker, composed from what
    # it saved): the same bytes across builds and across processes.
    assert build_report(definition, plugins).html == example_builds.report(definition).html


def test_english_report_translates_the_text(example_builds: ExampleBuilds) -> None:
    html = example_builds.report(EXAMPLES[0], "en").html
    assert '<html lang="en">' in html
    assert "RESULT STATEMENT (SEK thousand)" in html
    assert "Net cost/Municipal contribution" in html
    assert "10,307" in html
    assert "Resultaträkning" not in html


def test_english_report_shows_units_and_subjects_in_english(
    example_builds: ExampleBuilds,
) -> None:
    it = next(p for p in EXAMPLES if p.stem == "servicenamnd-it-vaxel-telefoni-2018-12")
    report = example_builds.report(it, "en")
    tables = [b for s in report.sections for b in s.blocks if isinstance(b, Table)]
    inflow = next(t for t in tables if t.caption.startswith("New tickets ("))
    assert inflow.caption == "New tickets (tickets, neither direction is better)"
    assert inflow.columns == ("Subject", "Municipality", "Period", "tickets")
    lead = next(t for t in tables if t.caption.startswith("Lead time, median ("))
    subjects = {row.cells[0].text for row in lead.rows}
    assert "priority 1" in subjects
    assert any(s.startswith("category ") for s in subjects)
    assert not any(s.startswith(("prioritet", "kategori")) for s in subjects)
    deviation = next(t for t in tables if t.caption.startswith("Budget deviation ("))
    # The area's title:
    assert {row.cells[0].text for row in deviation.rows} == {"IT and switchboard"}
    # The Swedish report keeps the municipalities' words.
    swedish = example_builds.report(it)
    tables = [b for s in swedish.sections for b in s.blocks if isinstance(b, Table)]
    assert any(t.caption == "Nya ärenden (ärenden, ingen riktning är bättre)" for t in tables)


def test_figures_of_a_large_cooperation_are_drawn_in_mnkr(examples: Path, plugins: Plugins) -> None:
    definition = examples / f"{AREA_REPORT['ekonomi']}.toml"

    def figures() -> list[Figure]:
        report = build_report(definition, plugins)
        # The board's money figures (the HR section's personnel cost is its own source's).
        money = [s for s in report.sections if s.anchor.startswith("ekonomi-")]
        return [b for s in money for b in s.blocks if isinstance(b, Figure)]

    assert all(figure.caption.endswith("(tkr)") for figure in figures())
    text = definition.read_text("utf-8")
    first = 'forecast_month = "2018-04"\n'
    assert first in text
    # The same board, its result statement read as mnkr: every amount a thousand times larger.
    definition.write_text(text.replace(first, first + 'unit = "mnkr"\n', 1), "utf-8")
    large = figures()
    assert large
    report_members = load_definition(definition).unit.members
    for figure in large:
        assert figure.caption.endswith("(mnkr)"), figure.caption
        drawn = render(figure.spec, "sv", report_members)
        assert drawn["layout"]["yaxis"]["title"]["text"] == "mnkr"
    html = build_report(definition, plugins).html
    assert "Ekonomi: utfall (tkr)" in {t["caption"] for t in tables(html)}  # tables keep tkr

"""Where a report is read: a phone, a link that opens it filtered, and a page whose text shows
before plotly.js has loaded. Each in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import EXAMPLES
from samverkan.render.pdf import wait_until_drawn
from test_browser import open_report

pytestmark = pytest.mark.browser


def test_no_report_scrolls_sideways_on_a_phone(
    browser: Any, built_reports: dict[str, Path], artifacts: Path
) -> None:
    for report_id, path in built_reports.items():
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, report_id
        # A wide table scrolls inside its own box, its first column kept in view.
        wide = page.evaluate(
            "[...document.querySelectorAll('.table-scroll')]"
            ".filter(b => b.scrollWidth > b.clientWidth).length"
        )
        assert wide > 0
        sticky = page.evaluate(
            "getComputedStyle(document.querySelector('.table-scroll th[scope=row]')).position"
        )
        assert sticky == "sticky"
        summary_font = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.answer li')).fontSize)"
        )
        assert summary_font >= 14  # readable without zooming
        page.screenshot(path=str(artifacts / f"{report_id}-390.png"))
        page.close()


def test_the_member_filter_follows_the_summary_and_the_address(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    path = built_reports["servicenamnd-ekonomi-personal-2018-04"]
    page, errors, _ = open_report(browser, path)
    lines = "#svar-kostnad li:not([hidden])"
    both = page.locator(lines).all_inner_texts()
    assert any(t.startswith("Herrljunga") for t in both)
    page.select_option("#member-filter", "1442")
    chosen = page.locator(lines).all_inner_texts()
    assert not any("Herrljunga" in t for t in chosen)
    assert any(t.startswith("Vårgårda") for t in chosen)
    assert chosen[0].startswith("Kommunbidragen 2018")  # about the whole board: stays
    assert page.evaluate("location.hash") == "#kommun=1442"
    vargarda = next(t for t in both if t.startswith("Vårgårda: "))  # "Vårgårda: 13 162 tkr …"
    tkr = vargarda.split(": ", 1)[1].split(" tkr")[0]
    state = page.locator("#filter-state").inner_text().replace("\u00a0", " ")
    kronor = state.split("totalt ", 1)[1].split(" kr")[0]
    assert round(int(kronor.replace(" ", "")) / 1000) == int(tkr.replace("\u00a0", ""))
    page.close()
    # A link with the member in its address opens the report filtered.
    page, errors, _ = open_report(browser, Path(str(path)))
    page.goto(path.as_uri() + "#kommun=1466")
    page.reload()
    page.wait_for_selector("#filter-state:not([hidden])")
    assert page.input_value("#member-filter") == "1466"
    assert page.locator("tr[data-member='1442']:not([hidden])").count() == 0
    assert errors == []
    page.close()


def test_text_is_painted_before_the_figures_are_drawn(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.add_init_script(
        "window.__firstFigure = null;"
        "new MutationObserver(() => { if (window.__firstFigure === null &&"
        " document.querySelector('.main-svg')) window.__firstFigure = performance.now(); })"
        ".observe(document, {subtree: true, childList: true});"
    )
    page.goto(built_reports["servicenamnd-it-vaxel-telefoni-2018-04"].as_uri())
    page.wait_for_selector(".main-svg", state="attached")
    painted = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)"
    )
    first_figure = page.evaluate("window.__firstFigure")
    assert painted
    assert painted[0] < first_figure
    # plotly.js comes after the report's text and tables, not in <head>.
    assert page.evaluate("document.head.querySelectorAll('script').length") == 0
    page.close()


# Swedish words and phrases the templates and plugins write. Matched case-sensitively as whole
# words, in the visible text of every English example report, leaving out what is data: text
# marked lang="sv" (comments and quoted analyses), the list of sources and source lines.
SWEDISH = (
    "Källa",
    "Källor",
    "Exempeldata",
    "uppskattning",
    "kr per år",
    "tkr",
    "Prognos",
    "Utfall",
    "Avvikelse",
    "Nettokostnad",
    "Kommunbidrag",
    "uppfyllt",
    "målvärde",
    "målvärdet",
    "Hela nämnden",
    "pågår",
    "försenat",
    "ej påbörjat",
    "klart",
    "Kommentar",
    "Sammanfattning",
    "Innehåll",
    "Medlemskommuner",
    "Värdkommun",
    "Uppgifter per",
    "Datakvalitet",
    "Bilaga",
    "Visa",
    "Sida",
    "lägre är bättre",
    "högre är bättre",
    "Folkmängd",
    "Nyttjande",
    "Ärenden",
    "anmärkningar",
    "genererade",
    "Summa",
    "Kommun",
    "Område",
    "Andel",
    "helår",
    "Förändring",
    "Sammanträde",
    "ärende",
    "Dnr",
    "första mätningen",
    "oförändrat",
    "per invånare",
    "Controllerns",
    "Nyckelindikator",
    "Ej uppfyllt",
    "mot budget",
    "över budget",
)
VISIBLE_NOT_DATA = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[lang=sv], #kallor, .source, script').forEach(e => e.remove());
  copy.querySelectorAll('details').forEach(d => d.open = true);
  return copy.textContent;
}"""


def test_english_reports_hold_no_swedish_but_the_data(
    browser: Any, built_reports_en: dict[str, Path]
) -> None:
    found: list[str] = []
    assert sorted(built_reports_en) == sorted(p.stem for p in EXAMPLES)
    for definition in EXAMPLES:
        path = built_reports_en[definition.stem]
        page = browser.new_page()
        page.goto(path.as_uri())
        text = " ".join(page.evaluate(VISIBLE_NOT_DATA).split())
        page.close()
        for phrase in SWEDISH:
            for match in re.finditer(rf"(?<![\wåäöÅÄÖ]){re.escape(phrase)}(?![\wåäöÅÄÖ])", text):
                found.append(
                    f"{definition.stem}: {text[max(match.start() - 50, 0) : match.end() + 30]}"
                )
    assert found == [], "\n".join(found)


def test_every_figure_has_its_numbers_as_a_table_reached_by_keyboard(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page, errors, _ = open_report(browser, built_reports["servicenamnd-ekonomi-personal-2018-04"])
    figures = page.locator("figure.plot")
    assert figures.count() > 0
    for i in range(figures.count()):
        figure = figures.nth(i)
        data = figure.locator("details.figure-data")
        assert data.count() == 1
        assert data.locator("tbody tr").count() > 0
    # The first figure (budget and forecast per line) holds the result statement's numbers.
    first = figures.first.locator("details.figure-data")
    first.locator("summary").focus()
    page.keyboard.press("Enter")  # opened from the keyboard
    assert first.get_attribute("open") is not None
    assert first.locator("tbody tr").first.inner_text().split("\t") == ["1 Intäkter", "0", "−150"]
    assert errors == []
    page.close()


# One case per page (each example and the dashboard), so that pytest-xdist spreads them.
@pytest.mark.parametrize("name", [*(p.stem for p in EXAMPLES), "index"])
def test_axe_finds_no_serious_or_critical_violation(
    browser: Any, built_reports: dict[str, Path], name: str
) -> None:
    axe = Axe()  # axe-core, run inside Chromium on the page as a reader sees it
    reports = list(built_reports.values())
    assert sorted(built_reports) == sorted(p.stem for p in EXAMPLES)
    path = reports[0].with_name("index.html") if name == "index" else built_reports[name]
    page = browser.new_page()
    page.goto(path.as_uri())
    if path.name != "index.html":
        wait_until_drawn(page)  # the figures' controls are checked too
    found = [
        f"{path.name}: {v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.close()
    assert found == [], "\n".join(found)


def test_the_first_screen_in_chromium_matches_the_tables_and_marks_example_data(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page, errors, _ = open_report(browser, built_reports["servicenamnd-it-vaxel-telefoni-2018-04"])
    summary = page.locator("section.summary")
    assert summary.is_visible()
    assert summary.bounding_box()["y"] < 900  # the answers start on the first screen
    # What each member pays, as the summary says it and as the allocation table has it.
    said = {
        t.split(": ")[0]: t.split(": ")[1].split(" tkr")[0]
        for t in page.locator("#svar-kostnad li[data-member]").all_inner_texts()
        if ": " in t and " med nyckeln " not in t
    }
    table = page.locator("figure.table").filter(has_text="Kommunbidrag per år med olika")
    for row in table.locator("tbody tr").all():
        member, agreed = row.locator("th, td").all_inner_texts()[:2]
        kronor = int(agreed.replace("\u00a0", "").replace(" ", ""))
        assert int(said[member].replace("\u00a0", "")) == round(kronor / 1000)
    # The board papers' own investments carry no mark; the generated ticket log does.
    investments = page.locator("figure.table").filter(has_text="Investeringar (tkr)").first
    assert investments.locator("figcaption .example-mark").count() == 0
    tickets = page.locator("figure.table").filter(has_text="Ärenden januari–april 2018 per kommun")
    assert tickets.locator("figcaption .example-mark").is_visible()
    assert errors == []
    page.close()

"""The report in a real headless Chromium: figures render, nothing errs, nothing is fetched."""

from __future__ import annotations

import functools
import http.server
import json
import re
import socketserver
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samverkan import Card, Cards, Figure, Markdown, Paragraph, Row, SectionType, Table, hookimpl
from samverkan.compose.figures import Axis, Chart, Series
from samverkan.compose.registry import Highlight, HighlightType
from samverkan.plugins import get_plugins
from samverkan.render.pdf import wait_until_drawn
from samverkan.render.report import build_report, write_report
from samverkan_kolada.cache import write_entry
from samverkan_kolada.client import Page

pytestmark = pytest.mark.browser


def open_report(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("[data-figure]", state="attached")
    wait_until_drawn(page, timeout=15_000)
    return page, errors, requests


def test_every_figure_renders_offline_without_errors(
    browser: Any, built_reports: dict[str, Path], artifacts: Path
) -> None:
    for report_id, path in built_reports.items():
        page, errors, requests = open_report(browser, path)
        figures = page.locator("[data-figure]").count()
        assert figures >= 2
        assert page.locator(".plot-container").count() == figures
        assert page.locator(".section-error").count() == 0
        assert errors == []
        assert requests == [path.resolve().as_uri()]
        assert page.evaluate("window.Plotly.version").startswith(("3.", "4."))
        page.screenshot(path=str(artifacts / f"{report_id}.png"), full_page=False)
        page.close()


def test_bars_show_swedish_numbers(browser: Any, built_reports: dict[str, Path]) -> None:
    page, _, _ = open_report(browser, built_reports["servicenamnd-ekonomi-personal-2018-04"])
    ticks = page.locator(".ytick text").all_text_contents()
    assert any("\u00a0" in t for t in ticks), ticks  # thousands separated by a no-break space
    assert not any(re.search(r"\d\s?[kM]$", t) for t in ticks), ticks  # no SI suffix (10k)
    # Negative bars in the waterfall carry the minus sign U+2212, as in the tables.
    labels = page.locator("#ekonomi-avvikelser text.bartext").all_text_contents()
    assert "\u2212150" in labels, labels
    assert not any(t.startswith("-") for t in labels), labels
    page.locator("#ekonomi-avvikelser .plotly-figure").first.hover(position={"x": 300, "y": 200})
    page.wait_for_timeout(200)
    hover = page.locator("#ekonomi-avvikelser .hoverlayer").all_text_contents()
    assert not any("-1" in t or "-2" in t for t in hover), hover
    page.close()


def test_table_of_contents_links_to_every_section(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page, _, _ = open_report(browser, built_reports["servicenamnd-it-vaxel-telefoni-2018-04"])
    links = page.locator("nav.toc a")
    assert links.count() == page.locator("main > section").count() >= 2
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert target is not None
        links.nth(i).click()
        assert page.evaluate("location.hash") == target
        assert page.locator(target).is_visible()
    page.close()


def test_member_filter_changes_tables_and_figures(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page, errors, _ = open_report(browser, built_reports["servicenamnd-it-vaxel-telefoni-2018-04"])
    member_rows = "tr[data-member]:not([hidden])"
    both = page.locator(member_rows).count()
    page.select_option("#member-filter", "1442")
    vargarda = page.locator(member_rows).count()
    assert 0 < vargarda < both
    assert page.locator("tr[data-member='1466']:not([hidden])").count() == 0
    state = page.locator("#filter-state").inner_text()
    assert state.startswith("Filtrerat på Vårgårda. Vårgårda: totalt ")
    assert state.endswith(" kr i kommunbidrag 2018 enligt budget")
    hidden_traces = page.evaluate(
        "[...document.querySelectorAll('[data-figure]')].flatMap(d => d.data)"
        ".filter(t => t.meta === '1466').map(t => t.visible)"
    )
    assert hidden_traces
    assert all(v is False for v in hidden_traces)
    page.select_option("#member-filter", "")
    assert page.locator(member_rows).count() == both
    assert errors == []
    page.close()


def test_tables_sort_by_any_column_with_totals_last(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page, _, _ = open_report(browser, built_reports["servicenamnd-ekonomi-personal-2018-04"])
    table = page.locator("figure.table").first
    header = table.locator("thead th").nth(1)  # Budget 2018
    header.click()
    cells = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(c.replace("\u00a0", "").replace("\u2212", "-")) for c in cells]
    assert numbers[:-1] == sorted(numbers[:-1])  # the Nettokostnad row stays last
    assert table.locator("tbody tr").last.get_attribute("class") == "total"
    header.click()
    cells = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(c.replace("\u00a0", "").replace("\u2212", "-")) for c in cells]
    assert numbers[:-1] == sorted(numbers[:-1], reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    page.close()


def test_long_tables_can_be_searched_within_the_member_filter(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page, errors, _ = open_report(browser, built_reports["servicenamnd-ekonomi-personal-2018-12"])
    sizes = page.evaluate(
        "[...document.querySelectorAll('figure.table')].map(f => "
        "[f.querySelectorAll('tbody tr').length, !!f.querySelector('input[data-row-search]')])"
    )
    assert all(searchable == (rows >= 20) for rows, searchable in sizes), sizes
    assert any(searchable for _, searchable in sizes)
    figure = page.locator("figure.table").filter(has_text="SKR:s sju obligatoriska")
    rows = figure.locator("tbody tr:visible")
    everything = rows.count()  # seven measures × (the cooperation and each member)
    assert everything == 21
    search = figure.locator("input[data-row-search]")
    search.fill("KVINNOR   vårgårda")
    assert rows.all_inner_texts()[0].startswith("Sjukfrånvaro, kvinnor\tVårgårda")
    assert figure.locator(".row-count").inner_text() == "1 av 21 rader"
    page.select_option("#member-filter", "1442")  # Vårgårda: its row stays
    assert figure.locator(".row-count").inner_text() == "1 av 14 rader"
    page.select_option("#member-filter", "1466")  # Herrljunga: none of its rows match
    assert rows.count() == 0
    assert figure.locator(".row-count").inner_text() == "0 av 14 rader"
    page.select_option("#member-filter", "")
    search.fill("")
    assert rows.count() == everything
    assert figure.locator(".row-count").inner_text() == ""
    assert errors == []
    page.close()


HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def test_hostile_strings_are_shown_as_text_and_run_nothing(
    browser: Any, examples: Path, tmp_path: Path
) -> None:
    class Hostile:
        @hookimpl
        def samverkan_register_sections(self, register: Callable[[SectionType], None]) -> None:
            def build(ctx: object) -> list[object]:
                figure = Chart([Series(HOSTILE, [HOSTILE], [1], hover=[HOSTILE])], y=Axis(HOSTILE))
                card = Card(HOSTILE, HOSTILE, HOSTILE, HOSTILE, "new", HOSTILE, None, HOSTILE)
                return [
                    Paragraph(HOSTILE),
                    Table(HOSTILE, (HOSTILE, "b"), [Row((HOSTILE, "1"))], source=HOSTILE),
                    Figure(HOSTILE, figure, HOSTILE),
                    Cards(HOSTILE, [card], HOSTILE),
                    Markdown(HOSTILE, f"{HOSTILE} *kommentar*", HOSTILE),
                ]

            register(SectionType(id="hostile.section", title=HOSTILE, build=build))

        @hookimpl
        def samverkan_register_highlights(self, register: Callable[[HighlightType], None]) -> None:
            register(HighlightType("hostile.changes", lambda ctx: [Highlight(HOSTILE, 1.0)]))

    definition = examples / "servicenamnd-ekonomi-personal-2018-04.toml"
    text = definition.read_text("utf-8").replace(
        'title = { sv = "Ekonomi", en = "Finance" }', f"title = '{HOSTILE}'"
    )
    text = text.replace("sections = [", 'sections = [\n    "hostile.section",')
    # Configuration and data too: the report's title, the board's name, a citation, and the
    # name of a förvaltning in the payroll export (free text that reaches a table).
    text = text.replace(
        'title = { sv = "Ekonomisk uppföljning och prognos per 2018-04-30", en = "Financial '
        'follow-up and forecast as of 2018-04-30" }',
        f"title = '{HOSTILE}'",
    )
    text = text.replace(
        'name = { sv = "Servicenämnd Ekonomi/Personal", en = "Joint Service Board for Finance '
        'and HR" }',
        f"name = '{HOSTILE}'",
    )
    text = text.replace(
        'source = "Folkmängd per kommun, se källa per rad"', f"source = '{HOSTILE}'"
    )
    payroll = examples / "data" / "herrljunga-vargarda" / "personal-2015-2018-exempeldata.csv"
    payroll.write_text(
        payroll.read_text("utf-8").replace("Bildningsförvaltningen", HOSTILE), "utf-8"
    )
    definition.write_text(text, "utf-8")
    report = build_report(definition, get_plugins(extra=[("hostile", Hostile())]))
    path = write_report(report, tmp_path / "out")[0]
    page, errors, requests = open_report(browser, path)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.hover(".plotly-figure >> nth=0")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert dialogs == []
    assert HOSTILE in page.locator("#hostile-section").inner_text()
    assert HOSTILE in page.locator("header").inner_text()  # title and board name
    assert f"förvaltning {HOSTILE}" in page.locator("#personal-oversikt").inner_text()
    assert requests == [path.resolve().as_uri()]  # the <img src=x> was never requested
    assert errors == []
    page.close()


def test_the_report_also_works_served_over_http(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    path = built_reports["servicenamnd-ekonomi-personal-2018-04"]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("request", lambda r: requests.append(r.url))
            url = f"http://127.0.0.1:{server.server_address[1]}/{path.name}"
            page.goto(url)
            wait_until_drawn(page)
            assert errors == []
            assert requests == [url]
            page.close()
        finally:
            server.shutdown()


def test_the_kolada_comparison_draws_the_peer_band_and_follows_the_filter(
    browser: Any, tmp_path: Path
) -> None:
    fixtures = Path(__file__).parents[1] / "plugins" / "kolada" / "tests" / "fixtures"
    pages = [
        Page(f"https://kolada.test/{name}", json.loads((fixtures / name).read_text("utf-8")))
        for name in ("data-page1.json", "data-page2.json")
    ]  # recorded in Kolada's shape; the values are fixtures, not Kolada data
    codes, kpis, years = (
        ["1440", "1441", "1442", "1443", "1444", "1445", "1466"],
        ["N00097"],
        [2016, 2017, 2018],
    )
    write_entry(tmp_path / "kolada", "https://kolada.test/v3", (kpis, codes, years), pages)
    definition = tmp_path / "jamforelse.toml"
    definition.write_text(
        """
[report]
id = "jamforelse"
title = "Jämförelse (fixtur)"
period = "2018-12"
data_date = "2019-03-31"
sections = ["kolada.jamforelse"]
[unit]
id = "sn_test"
name = "Testnämnd"
host = "1466"
members = [{ kommunkod = "1466", name = "Herrljunga" }, { kommunkod = "1442", name = "Vårgårda" }]
areas = [{ id = "ekonomi", title = "Ekonomi" }]
[[sources]]
reader = "kolada"
path = "kolada"
source = "Kolada, fixtur"
kpis = ["N00097"]
peers = ["1440", "1441", "1443", "1444", "1445"]
peer_group = "Liknande kommuner (fixtur)"
years = "2016-2018"
""",
        "utf-8",
    )
    path = write_report(build_report(definition, get_plugins(), strict=True), tmp_path / "out")[0]
    page, errors, requests = open_report(browser, path)
    traces = page.evaluate(
        "document.querySelector('[data-figure]').data.map(t => [t.name, t.fill, t.meta])"
    )
    assert ["Liknande kommuner (fixtur): mittersta hälften", "tonexty", None] in traces
    assert any(meta == "1442" for _, _, meta in traces)
    page.select_option("#member-filter", "1466")
    visible = page.evaluate(
        "document.querySelector('[data-figure]').data"
        ".filter(t => t.meta === '1442').map(t => t.visible)"
    )
    assert visible == [False]
    assert page.locator("tr[data-member='1442']:not([hidden])").count() == 0
    assert errors == []
    assert requests == [path.resolve().as_uri()]
    page.close()

"""The strategy dashboard (index.html) and the marks of provenance, in headless Chromium: what
each member pays equals the reports' own tables, every link lands on an anchor that exists and
keeps the member filter, a damaged meta is named and never fails a build, no link leaves the
folder, the first screen answers all five questions, and Exempeldata stands exactly where a
generated source is used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import EXAMPLES
from example_builds import ExampleBuilds
from htmltables import tables
from samverkan.render.exports import write_index
from samverkan.render.report import write_report

pytestmark = pytest.mark.browser
LATEST = ("servicenamnd-ekonomi-personal-2018-12", "servicenamnd-it-vaxel-telefoni-2018-12")


def _index(built_reports: dict[str, Path]) -> Path:
    return next(iter(built_reports.values())).with_name("index.html")


def _kronor(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-"))


def test_what_each_member_pays_is_the_sum_of_the_reports_tables(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page = browser.new_page()
    expected: dict[str, int] = {}
    for report_id in LATEST:
        page.goto(built_reports[report_id].as_uri())
        table = page.locator("figure.table").filter(has_text="Nettokostnad per kommun (kr)")
        for row in table.first.locator("tbody tr").all():
            cells = row.locator("th, td").all_inner_texts()
            _, _, member = cells[0].partition(" – ")
            if member:  # "Ekonomi – Vårgårda": the member's part of the area's budget
                expected[member] = expected.get(member, 0) + _kronor(cells[1])
    page.goto(_index(built_reports).as_uri())
    rows = page.locator("table.members tr[data-budget-ore]")
    assert rows.count() == 2
    for row in rows.all():
        name = row.locator("th").inner_text()
        assert int(row.get_attribute("data-budget-ore")) == expected[name] * 100
        assert _kronor(row.locator("td").first.inner_text()) == round(expected[name] / 1000)
    page.close()


def test_every_dashboard_link_lands_on_an_anchor_and_keeps_the_member_filter(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    index = _index(built_reports)
    page = browser.new_page()
    page.goto(index.as_uri())
    page.select_option("#member-filter", "1442")
    hrefs = page.eval_on_selector_all(
        "a[data-report]", "els => els.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) > 10
    target = browser.new_page()
    goal_link = None
    places: dict[str, list[tuple[str, str]]] = {}  # report file → (place, link) in it
    for href in hrefs:
        file, _, fragment = href.partition("#")
        assert (index.parent / file).is_file(), href
        place, _, member = fragment.rpartition("&") if "&" in fragment else ("", "", fragment)
        assert member == "kommun=1442", href  # the filter goes with every link
        if place:
            places.setdefault(file, []).append((place, href))
            if place.startswith("mal-"):
                goal_link = href
    for file, linked in places.items():  # each report opened once for all its links' places
        target.goto((index.parent / file).as_uri())
        for place, href in linked:
            assert target.locator(f"[id='{place}']").count() == 1, href
    # Followed, a goal's link opens its report filtered to Vårgårda with the goal's row in view.
    assert goal_link is not None
    page.click(f"a[href='{goal_link}']")
    page.wait_for_load_state("load")
    assert page.eval_on_selector("#member-filter", "s => s.value") == "1442"
    row = page.locator(f"[id='{goal_link.split('#')[1].split('&')[0]}']")
    box, height = row.bounding_box(), page.viewport_size["height"]
    assert -1 < box["y"] < height  # scrolled to, to the pixel
    target.close()
    page.close()


def test_a_damaged_meta_is_named_and_never_fails_a_build(
    browser: Any, built_reports: dict[str, Path], example_builds: ExampleBuilds, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    shutil.copytree(_index(built_reports).parent, folder)
    good = json.loads((folder / f"{LATEST[0]}.meta.json").read_text("utf-8"))
    damaged: dict[str, bytes] = {
        "cut": b'{"unit": "Servicen',
        "list": b"[1, 2]",
        "empty": b"{}",
        "string-money": json.dumps(
            {**good, "headline": {**good["headline"], "budget_ore": "12"}}
        ).encode(),
        "nan": json.dumps(good)
        .replace('"budget_ore": 2381600000', '"budget_ore": NaN', 1)
        .encode(),
        "status": json.dumps(
            {**good, "headline": {**good["headline"], "goals": {"grönt": 1}}}
        ).encode(),
        "latin1": json.dumps(good, ensure_ascii=False).encode("latin-1", "replace") + b"\xe5",
        "suffix": json.dumps({**good, "file": LATEST[0]}).encode(),
        "script": json.dumps({**good, "file": "javascript:alert(1)//.html"}).encode(),
        "data": json.dumps({**good, "extra_files": ["data:text/html,x.pdf"]}).encode(),
    }
    for name, content in damaged.items():
        (folder / f"{name}.meta.json").write_bytes(content)
    write_report(example_builds.report(EXAMPLES[0]), folder)  # the build goes through
    page = browser.new_page()
    page.goto((folder / "index.html").as_uri())
    named = page.locator(".skipped li").all_inner_texts()
    assert sorted(t.split(".meta.json")[0] for t in named) == sorted(damaged)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs
    for href in hrefs:  # only files in the folder: no scheme, no path
        assert ":" not in href.split("#")[0], href
        assert (folder / href.split("#")[0]).is_file(), href
    assert (
        page.locator("table.members tr[data-budget-ore]").count() == 2
    )  # the good metas still count
    page.close()


def test_the_dashboard_on_a_phone_in_english_and_to_axe(
    browser: Any, example_builds: ExampleBuilds, tmp_path: Path, artifacts: Path
) -> None:
    out = tmp_path / "en"
    for definition in EXAMPLES:
        write_report(example_builds.report(definition, "en"), out)
    axe = Axe()
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 800})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto((out / "index.html").as_uri())
        assert page.locator("h1").inner_text() == "Overview of the cooperation"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("svg.spark").count() == 2
        assert requests == [(out / "index.html").as_uri()]  # nothing fetched
        serious = [
            v["id"]
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
        page.screenshot(path=str(artifacts / f"dashboard-en-{width}.png"), full_page=True)
        page.close()


def test_the_first_screen_answers_all_five_questions(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    for report_id, path in built_reports.items():
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(path.as_uri())
        leads = page.locator(".leads li")
        assert leads.count() == 5, report_id
        for i in range(5):
            box = leads.nth(i).bounding_box()
            assert box["y"] + box["height"] <= 800, (report_id, leads.nth(i).inner_text())
            assert leads.nth(i).locator(".lead-answer").inner_text().strip()
        notice = page.locator(".about-data summary").first
        assert notice.inner_text().startswith("Verkliga uppgifter:")
        # What each member pays stands on the first screen, and the answers in full (which
        # say the five lines again) begin below it: the summary is said once there.
        pays = page.locator("#kort-kostnad .lead-member[data-member]")
        assert pays.count() == 2, report_id
        for i in range(2):
            box = pays.nth(i).bounding_box()
            assert box["y"] + box["height"] <= 800, (report_id, pays.nth(i).inner_text())
        if report_id.endswith("-12"):
            assert all("andel av utfallet" in t for t in pays.all_inner_texts()), report_id
        assert page.locator(".answers").bounding_box()["y"] >= 800, report_id
        page.select_option("#member-filter", "1442")
        shown = pays.locator("visible=true").all_inner_texts()
        assert [t.split(":")[0] for t in shown] == ["Vårgårda"], report_id
        page.close()


def test_exempeldata_stands_exactly_where_a_generated_source_is_used(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page = browser.new_page()
    for report_id, path in built_reports.items():
        page.goto(path.as_uri())
        listed = page.eval_on_selector_all(
            "#kallor li",
            "els => Object.fromEntries("
            "els.map(li => [li.id, !!li.querySelector('.example-mark')]))",
        )
        blocks = page.eval_on_selector_all(
            "main figure",
            """els => els.filter(f => f.querySelector(':scope > .source a')).map(f => ({
                caption: f.querySelector('figcaption').textContent,
                marked: !!f.querySelector('figcaption .example-mark'),
                cites: [...f.querySelectorAll(':scope > .source a')]
                    .map(a => a.getAttribute('href').slice(1)),
            }))""",
        )
        assert len(blocks) > 10
        for block in blocks:
            uses_example = any(listed[c] for c in block["cites"])
            assert block["marked"] == uses_example, (report_id, block["caption"])
    # The board's own papers carry no mark in April; what they hold beside generated data does.
    page.goto(built_reports["servicenamnd-it-vaxel-telefoni-2018-04"].as_uri())
    for caption in (
        "IT, växel och telefoni",
        "IT, växel och telefoni: från budget till prognos (tkr)",
        "Nettokostnad per kommun (kr)",
        "Investeringar (tkr)",
        "Upplevda effekter av samarbetet",
    ):
        figure = page.locator("main figure").filter(
            has=page.locator(f"figcaption:text-is('{caption}')")
        )
        assert figure.count() >= 1, caption
        assert figure.first.locator("figcaption .example-mark").count() == 0, caption
    tickets = page.locator("figure.table").filter(has_text="Ärenden januari–april 2018 per kommun")
    assert tickets.locator("figcaption .example-mark").is_visible()
    page.close()


def _members_table(html: str) -> list[list[str]]:
    table = next(t for t in tables(html) if t["rows"] and t["rows"][0][0] == "Kommun")
    rows = table["rows"]
    assert isinstance(rows, list)
    return rows


def test_each_figure_says_what_it_is_and_from_which_report(
    built_reports: dict[str, Path], tmp_path: Path
) -> None:
    """A member's sum adds IT's outcome to ekonomi/personal's April forecast only saying so:
    each board's part stands under it with what its figure is and from which period, and a
    period of the list quotes the year's outcome once it is known, not December's forecast."""
    folder = tmp_path / "out"
    shutil.copytree(_index(built_reports).parent, folder)
    html = (folder / "index.html").read_text("utf-8")
    assert _members_table(html)[0][2] == "Utfall (tkr)"  # both boards' year has ended
    it = json.loads((folder / f"{LATEST[1]}.meta.json").read_text("utf-8"))["headline"]
    assert f"utfall {round(it['utfall_ore'] / 100_000):,} tkr".replace(",", "\u00a0") in html
    (folder / f"{LATEST[0]}.meta.json").unlink()  # ekonomi/personal's latest is April's
    april = json.loads(
        (folder / "servicenamnd-ekonomi-personal-2018-04.meta.json").read_text("utf-8")
    )["headline"]
    html = write_index(folder).read_text("utf-8")
    header, *rows = _members_table(html)
    assert header[2] == "Utfall eller prognos (tkr)"
    figures = {
        "Servicenämnd IT/Växel/Telefoni": ("utfall december 2018", it, "utfall_ore"),
        "Servicenämnd Ekonomi/Personal": ("prognos april 2018", april, "prognos_ore"),
    }
    for member in ("Herrljunga", "Vårgårda"):
        at = next(i for i, r in enumerate(rows) if r[0] == f"{member} (utfall och prognos)")
        parts = rows[at + 1 : at + 3]
        assert sorted(p[0].split(": ", 1)[0] for p in parts) == [member, member]
        total = 0
        for board, (said, head, kind) in figures.items():
            (part,) = [p for p in parts if board in p[0]]
            assert said in part[0], part
            ore = next(m[kind] for m in head["members"] if m["name"] == member)
            assert _kronor(part[2]) == round(ore / 100_000)
            total += ore
        assert _kronor(rows[at][2]) == round(total / 100_000)

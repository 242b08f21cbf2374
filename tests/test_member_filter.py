"""The member filter reaches every sentence, card and figure, in headless Chromium: each member
chosen on each example, in both languages, on a desktop and a phone. No visible sentence names
only another member, the economy answer gives the chosen member's share (of the outcome once
the year has ended, else of the forecast) as the report's own data computes it, a KPI card
shows the member's value or says it is the whole cooperation's, and a figure marks the chosen
member's points or says it is the whole cooperation's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from samverkan.model.format import fmt_money
from samverkan.model.text import Lang
from samverkan.render.pdf import wait_until_drawn

pytestmark = pytest.mark.browser
SENTENCES = (Path(__file__).with_name("member_sentences.js")).read_text("utf-8")
WIDTHS = (1280, 390)
WHOLE = {"sv": "Hela samverkan", "en": "The whole cooperation"}
MARKED = {"sv": "Markerat", "en": "Highlighted"}
SHARE = {
    ("sv", "utfall"): "andel av utfallet",
    ("sv", "prognos"): "andel av prognosen",
    ("en", "utfall"): "share of the outcome",
    ("en", "prognos"): "share of the forecast",
}
FIGURES = """() => [...document.querySelectorAll("figure.plot")].map(f => ({
  caption: f.querySelector("figcaption").textContent,
  metas: JSON.parse(document.getElementById(
    f.querySelector("[data-figure]").getAttribute("data-figure")).textContent
  ).data.map(t => t.meta === undefined ? null : t.meta),
  scope: [...f.querySelectorAll(".scope")].filter(p => p.checkVisibility())
    .map(p => p.textContent.trim()),
  opacity: (f.querySelector(".plotly-figure").data || []).map(t => t.marker && t.marker.opacity),
}))"""


# Under each figure, its numbers (Visa siffrorna): per figure, the member columns and rows left
# shown (not hidden by the filter), and whether its series are per member or per point.
NUMBERS = """() => [...document.querySelectorAll("figure.plot")].map(f => ({
  caption: f.querySelector("figcaption").textContent,
  columns: [...f.querySelectorAll(".figure-data [data-member-column]")].filter(c => !c.hidden)
    .map(c => c.getAttribute("data-member-column")),
  rows: [...f.querySelectorAll(".figure-data tr[data-member]")].filter(r => !r.hidden)
    .map(r => r.getAttribute("data-member")),
  metas: JSON.parse(document.getElementById(
    f.querySelector("[data-figure]").getAttribute("data-figure")).textContent
  ).data.map(t => t.meta === undefined ? null : t.meta),
}))"""


def _numbers_follow_the_filter(page: Any, code: str, report: str) -> None:
    """A figure's numbers show the chosen member's columns and rows only, as its figure does:
    a series per member is a column, a point per member a row."""
    for fig in page.evaluate(NUMBERS):
        where = (report, fig["caption"])
        assert set(fig["columns"]) <= {code}, where
        assert set(fig["rows"]) <= {code}, where
        if any(isinstance(m, str) for m in fig["metas"]):
            assert fig["columns"], where
        points = {p for m in fig["metas"] if isinstance(m, list) for p in m}
        if code in points and not any(isinstance(m, str) for m in fig["metas"]):
            assert fig["rows"], where


def _members(path: Path) -> dict[str, Any]:
    meta = json.loads(path.with_suffix(".meta.json").read_text("utf-8"))
    return {m["kommunkod"]: m for m in meta["headline"]["members"]}


def _check(browser: Any, path: Path, lang: Lang, width: int, artifacts: Path) -> None:
    """Each member of the report at ``path`` chosen in turn on one page: the first by the
    address (a link that opens the report filtered), the next in the filter, so that what
    the previous choice showed must go when another member is chosen."""
    members = _members(path)
    assert len(members) >= 2, path
    page = browser.new_page(viewport={"width": width, "height": 900})
    for n, (code, member) in enumerate(members.items()):
        if n == 0:
            page.goto(f"{path.as_uri()}#kommun={code}")
        else:
            page.select_option("#member-filter", code)
            assert page.evaluate("location.hash") == f"#kommun={code}"
        page.wait_for_selector("#filter-state:not([hidden])")
        report = f"{path.stem} {lang} {width} {member['name']}"
        page.screenshot(path=str(artifacts / f"filter-{path.stem}-{lang}-{width}-{code}.png"))
        assert page.evaluate(SENTENCES, code) == [], report
        # The economy answer: the member's share of the outcome (at the year end) or of
        # the forecast, against its share of the budget, as the allocation computes both.
        kind = "utfall" if member.get("utfall_ore") is not None else "prognos"
        (line,) = page.locator(f"#svar-ekonomi li[data-member='{code}']:visible").all_inner_texts()
        figure = fmt_money(member[f"{kind}_ore"], lang=lang)
        budget = fmt_money(member["budget_ore"], lang=lang)
        assert line.lstrip("✔✖ ").startswith(f"{member['name']}: {SHARE[lang, kind]} {figure} "), (
            report,
            line,
        )
        assert budget in line, (report, line)
        # KPI cards: the member's own, or one that says it is the whole cooperation's.
        for card in page.locator(".card:visible").all():
            mine = card.get_attribute("data-member-only") == code
            whole = card.locator(".card-scope:visible").all_inner_texts() == [WHOLE[lang]]
            assert mine or whole, (report, card.inner_text())
        if page.locator(".card[data-member-only]").count():
            scope = page.locator(".card-block .scope:visible").all_inner_texts()
            assert scope == [member["name"]], report
            assert page.locator(f".card[data-member-only='{code}']:visible").count() >= 7
        _numbers_follow_the_filter(page, code, report)
        # Figures: a member's series follows the filter, a member per point is marked, and
        # any other figure says it is the whole cooperation's.
        wait_until_drawn(page)
        for fig in page.evaluate(FIGURES):
            if any(isinstance(m, str) for m in fig["metas"]):
                continue  # a series per member: the others' are hidden
            per_point = [m for m in fig["metas"] if isinstance(m, list)]
            if per_point:
                assert fig["scope"] == [f"{MARKED[lang]}: {member['name']}"], fig["caption"]
                for points, opacity in zip(fig["metas"], fig["opacity"], strict=True):
                    expected = [1 if p in (None, code) else 0.25 for p in points]
                    assert opacity == expected, fig["caption"]
            else:
                assert fig["scope"] == [WHOLE[lang]], (report, fig["caption"])
    page.close()


# One case per example, language and width, so that pytest-xdist spreads them.
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_member_chosen_sees_only_its_own_sentences(
    browser: Any, request: pytest.FixtureRequest, lang: Lang, width: int, example: str
) -> None:
    built = request.getfixturevalue("built_reports" if lang == "sv" else "built_reports_en")
    assert sorted(built) == sorted(p.stem for p in EXAMPLES)
    _check(browser, built[example], lang, width, request.getfixturevalue("artifacts"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_dashboard_filter_goes_with_every_report_link(
    browser: Any, request: pytest.FixtureRequest, lang: str, width: int
) -> None:
    """On index.html, choosing a member hides the other members' rows and adds the member to
    every link into a report, and a report opened by such a link is filtered to it; the
    year's deviations to act on quote the outcome once the year has ended."""
    built = request.getfixturevalue("built_reports" if lang == "sv" else "built_reports_en")
    index = next(iter(built.values())).with_name("index.html")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(index.as_uri())
    outcome = {"sv": ": utfallet ", "en": ": the outcome "}[lang]
    acts = page.locator("ul.act li:visible").all_inner_texts()
    assert sum(outcome in t for t in acts) >= 3, acts  # the December reports' areas
    for code, member in _members(built["servicenamnd-it-vaxel-telefoni-2018-12"]).items():
        page.select_option("#member-filter", code)
        links = page.eval_on_selector_all(
            "a[data-report]", "els => els.map(a => a.getAttribute('href'))"
        )
        assert len(links) > 10
        assert all(h.endswith(f"kommun={code}") for h in links), links
        shown = page.locator("table.members tr[data-budget-ore]:visible th").all_inner_texts()
        assert shown == [member["name"]]
        parts = page.locator("table.members tr.member-part:visible th").all_inner_texts()
        assert len(parts) == 2
        assert all(p.startswith(f"{member['name']}:") for p in parts)
    page.click("a[data-report][href*='2018-12.html']")
    page.wait_for_selector("#filter-state:not([hidden])")
    assert page.input_value("#member-filter") == code
    page.close()


def test_with_no_member_chosen_the_whole_board_shows(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    """Choosing a member and then all members again brings back the whole board's cards and
    figures, and no member's card or scope note stays."""
    path = built_reports["servicenamnd-ekonomi-personal-2018-12"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{path.as_uri()}#kommun=1466")
    page.wait_for_selector("#filter-state:not([hidden])")
    page.select_option("#member-filter", "")
    assert page.locator("[data-member-only]:visible").count() == 0
    assert page.locator("[data-filtered-only]:visible").count() == 0
    cards = page.locator(".card:visible")
    assert cards.count() == page.locator(".card:not([data-member-only])").count() >= 8
    assert page.locator(".card-block .scope:visible").all_inner_texts() == [WHOLE["sv"]]
    page.close()

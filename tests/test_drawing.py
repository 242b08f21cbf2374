"""When a report's figures are drawn, in a real headless Chromium: the figures near the screen
first, then every other one without the reader scrolling, each once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverkan.render.pdf import wait_until_drawn

pytestmark = pytest.mark.browser

ORDER = """
window.__drawn = [];
window.__plots = {};
new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
  if (!n.classList || !n.classList.contains('plot-container')) return;
  const id = n.closest('[data-figure]').id;
  window.__plots[id] = (window.__plots[id] || 0) + 1;
  if (!window.__drawn.includes(id)) window.__drawn.push(id);
}))).observe(document, {subtree: true, childList: true});
"""
"""Records the figures in the order their plots appear, and how many plots each was given."""


@pytest.mark.parametrize(
    "report_id",
    # Two boards with different members and areas: the IT board and the ekonomi/personal one.
    ["servicenamnd-it-vaxel-telefoni-2018-04", "servicenamnd-ekonomi-personal-2018-12"],
)
def test_the_figure_on_the_screen_is_drawn_first_and_the_rest_without_scrolling(
    browser: Any, built_reports: dict[str, Path], report_id: str
) -> None:
    path = built_reports[report_id]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    ids = page.locator("[data-figure]").evaluate_all("divs => divs.map(d => d.id)")
    page.close()
    assert len(ids) >= 3
    last = ids[-1]  # opened at the last figure, as a link to it does: far from the first
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(ORDER)
    page.goto(f"{path.as_uri()}#{last}")
    wait_until_drawn(page, timeout=30_000)
    drawn = page.evaluate("window.__drawn")
    assert sorted(drawn) == sorted(ids)  # every figure, and nobody scrolled
    assert page.evaluate("window.__plots") == dict.fromkeys(ids, 1)  # each drawn once
    assert drawn.index(last) < drawn.index(ids[0])
    near = page.evaluate(
        "[...document.querySelectorAll('[data-figure]')].filter(d => {"
        " const r = d.getBoundingClientRect();"
        " return r.bottom > -400 && r.top < innerHeight + 400; }).map(d => d.id)"
    )
    assert drawn[0] in near
    assert errors == []
    page.close()


def test_figures_are_drawn_once_in_the_order_they_stand_when_none_is_near(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone: the cover only
    page.add_init_script(ORDER)
    page.goto(built_reports["servicenamnd-it-vaxel-telefoni-2018-12"].as_uri())
    wait_until_drawn(page, timeout=30_000)
    ids = page.locator("[data-figure]").evaluate_all("divs => divs.map(d => d.id)")
    first_top = page.evaluate("document.querySelector('[data-figure]').getBoundingClientRect().top")
    assert first_top > 844 + 400  # no figure was near the first screen
    assert page.evaluate("window.__drawn") == ids
    assert page.evaluate("window.__plots") == dict.fromkeys(ids, 1)
    assert page.evaluate("scrollY") == 0
    page.close()

"""Charts without collisions: every figure of every example, in both languages, drawn by
Chromium at 1280 and at 390 px. No text of a figure (tick, legend, axis title, label) may
cover another or stand outside the figure.

Each svg text is taken as the quadrilateral it covers on screen (its box, turned as the text
is turned: a month label at −45° is not the upright rectangle ``getBoundingClientRect`` gives),
and every pair is tested by separating axes (``figure_text.js``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from samverkan.render.pdf import wait_until_drawn

COLLISIONS = (Path(__file__).parent / "figure_text.js").read_text("utf-8")
WIDTHS = (1280, 390)


def collisions(browser: Any, path: Path, width: int) -> list[str]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(path.resolve().as_uri())
        wait_until_drawn(page, timeout=60_000)
        found = page.evaluate(COLLISIONS)
        drawn = page.locator(".plotly-figure .main-svg").count()
    finally:
        page.close()
    assert drawn > 0
    return [f"{path.stem} {width} px, {f['caption']}: {p}" for f in found for p in f["problems"]]


PAGES = [(lang, d.stem, width) for lang in ("sv", "en") for d in EXAMPLES for width in WIDTHS]
"""Every example in both languages at both widths: one test each, spread by pytest-xdist."""


@pytest.mark.parametrize("shown", PAGES, ids=["-".join(map(str, p)) for p in PAGES])
def test_no_figure_text_overlaps_or_leaves_its_figure(
    shown: tuple[str, str, int],
    browser: Any,
    built_reports: dict[str, Path],
    built_reports_en: dict[str, Path],
) -> None:
    lang, report_id, width = shown
    reports = built_reports if lang == "sv" else built_reports_en
    assert reports.keys() == {d.stem for d in EXAMPLES}  # every example's figures are seen
    problems = collisions(browser, reports[report_id], width)
    assert problems == [], "\n".join(problems)


def test_the_check_finds_a_collision(browser: Any, tmp_path: Path) -> None:
    """Two labels drawn on one spot, and one past the edge, are found."""
    page = browser.new_page(viewport={"width": 600, "height": 400})
    page.set_content(
        '<div class="plotly-figure" id="f" aria-label="Test" style="width:300px;height:200px">'
        '<svg class="main-svg" width="300" height="200">'
        '<text x="20" y="50">Genomförande IT-strategi</text>'
        '<text x="30" y="52">Prognos</text>'
        '<text x="250" y="150">Utanför kanten</text>'
        '<text x="20" y="120" transform="rotate(-45 20 120)">apr 2018</text>'
        '<text x="45" y="120" transform="rotate(-45 45 120)">maj 2018</text>'
        "</svg></div>"
    )
    found = page.evaluate(COLLISIONS)
    page.close()
    [figure] = found
    assert figure["problems"] == [
        "outside: Utanför kanten",
        "overlap: Genomförande IT-strategi | Prognos",
    ]  # the two turned months side by side do not collide, though their upright boxes would

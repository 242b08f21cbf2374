"""Margins worked out before Plotly draws (samverkan.render.margins): the tick labels they are
made for, and, in Chromium, every figure of every example laid out in one pass at 1280 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from samverkan.render import margins, ticks
from samverkan.render.pdf import wait_until_drawn

SV = ",\u00a0"


def test_value_ticks_are_written_in_the_axis_format_with_the_reports_separators() -> None:
    assert ticks.number(-4000, ",.0~f", SV) == "\u22124\u00a0000"
    assert ticks.number(19.5, ",.1~f", SV) == "19,5"
    assert ticks.number(20.0, ",.1~f", ".,") == "20"
    assert ticks.number(1234.5, ",.2f", ".,") == "1,234.50"
    labels = ticks.value_labels([-4413, 0, 9582], 273, 40, log=False, tickformat=",.0~f",
                                separators=SV)  # fmt: skip
    assert labels[0] == "\u22124\u00a0000"
    assert labels[-1] == "10\u00a0000"
    assert ticks.value_labels([0.3, 1176], 260, 40, log=True, tickformat=",.0~f",
                              separators=SV) == ["0", "1", "10", "100", "1\u00a0000"]  # fmt: skip


def test_a_wider_label_needs_a_wider_margin() -> None:
    assert ticks.text_width("Robotprojektet", 13) > ticks.text_width("Ny brandvägg", 13)
    assert ticks.text_width("kort<br>en mycket längre rad", 13) == ticks.text_width(
        "en mycket längre rad", 13
    )

    def left(labels: list[str]) -> float:
        layout = {
            "font": {"size": 13},
            "margin": {"l": 60, "r": 20, "t": 40, "b": 60},
            "xaxis": {"automargin": True},
            "yaxis": {"automargin": True, "type": "category"},
        }
        data = [{"type": "bar", "orientation": "h", "x": [1] * len(labels), "y": labels}]
        return float(margins.fitted(layout, data)["margin"]["l"])

    assert left(["A", "B"]) == 60  # short labels: the house margin
    assert left(["Robotprojektet, biståndshandläggning"]) > left(["Ny brandvägg, växeln"]) > 60


def test_a_figure_without_axes_keeps_its_margins() -> None:
    layout = {"margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "xaxis": {"visible": False},
              "yaxis": {"visible": False}}  # fmt: skip
    assert margins.fitted(layout, [{"type": "sunburst"}])["margin"] == layout["margin"]


PASSES = """
window.__passes = {};
(function () {
  const store = new WeakMap();
  Object.defineProperty(HTMLDivElement.prototype, '_fullLayout', {configurable: true,
    get() { return store.get(this); },
    set(v) { if (v && this.id) { __passes[this.id] = (__passes[this.id] || 0) + 1; }
             store.set(this, v); }});
})();
"""
"""Counts Plotly's layout passes per figure: each pass gives the plot a new full layout."""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_figure_is_laid_out_once_on_a_wide_screen(
    lang: str,
    browser: Any,
    built_reports: dict[str, Path],
    built_reports_en: dict[str, Path],
) -> None:
    reports = built_reports if lang == "sv" else built_reports_en
    assert reports.keys() == {d.stem for d in EXAMPLES}
    for report_id, path in sorted(reports.items()):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(PASSES)
        page.goto(path.resolve().as_uri())
        wait_until_drawn(page, timeout=60_000)
        ids = page.locator("[data-figure]").evaluate_all("divs => divs.map(d => d.id)")
        passes = page.evaluate("window.__passes")
        page.close()
        assert ids
        assert {i: passes.get(i, 0) for i in ids} == dict.fromkeys(ids, 1), report_id

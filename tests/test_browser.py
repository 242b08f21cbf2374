"""The report in a real headless Chromium: figures render, nothing errs, nothing is fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def open_report(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(
        "document.querySelectorAll('[data-figure]').length > 0 && "
        "[...document.querySelectorAll('[data-figure]')].every(d => d.querySelector('.main-svg'))",
        timeout=15_000,
    )
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
    assert not any("k" in t for t in ticks), ticks  # no SI suffixes such as 10k
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

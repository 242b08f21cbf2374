"""The example report: warm build time, time to render in Chromium, and what its size is made of."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import plotly.offline

from samverkan.plugins import get_plugins
from samverkan.render.pdf import CHROMIUM_ARGS, find_chromium
from samverkan.render.report import build_report, write_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "reports" / "servicenamnd-it-vaxel-telefoni-2018-04.toml"


def report() -> list[tuple[str, float, str]]:
    plugins = get_plugins()
    build_report(EXAMPLE, plugins)  # warm: imports, plugin registries, first polars calls
    start = time.perf_counter()
    built = build_report(EXAMPLE, plugins)
    warm = time.perf_counter() - start
    size = len(built.html.encode("utf-8"))
    plotly_share = len(plotly.offline.get_plotlyjs().encode("utf-8")) / size
    rows = [
        (
            "build the IT example report (warm)",
            warm,
            f"{size / 1e6:.2f} MB, of which plotly.js {plotly_share:.0%} (target < 3 s, < 6 MB)",
        )
    ]
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (optional)

        executable = find_chromium()
    except Exception as exc:  # no browser here: say so instead of a number
        return [*rows, ("render in headless Chromium", float("nan"), f"not measured: {exc}")]
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(built, Path(folder))[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function(
                "[...document.querySelectorAll('[data-figure]')]"
                ".every(d => d.querySelector('.main-svg'))"
            )
            rendered = time.perf_counter() - start
            figures = page.locator("[data-figure]").count()
            browser.close()
    return [
        *rows,
        (f"open and render all {figures} figures in headless Chromium", rendered, "target < 3 s"),
    ]

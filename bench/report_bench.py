"""The example report: warm build time, time to render in Chromium, and what its size is made of."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import plotly.offline

from samverkan.plugins import get_plugins
from samverkan.render import plotly_bundle
from samverkan.render.pdf import CHROMIUM_ARGS, UNDRAWN, find_chromium
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
        ),
    ]
    size_row, partial_html = _partial_size(plugins, size)
    rows.append(size_row)
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (optional)

        executable = find_chromium()
    except Exception as exc:  # no browser here: say so instead of a number
        return [*rows, ("render in headless Chromium", float("nan"), f"not measured: {exc}")]
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(built, Path(folder))[0]
        pages = {"now": path, "old": path.with_name("old.html")}
        pages["old"].write_text(old_layout(built.html), "utf-8")
        if partial_html is not None:
            pages["partial"] = path.with_name("partial.html")
            pages["partial"].write_text(partial_html, "utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            figures = _figures(browser, path)
            paints = _median_paints(browser, pages)
            browser.close()
    now, old = paints["now"], paints["old"]
    rows += [
        (
            "first contentful paint",
            now[0],
            f"{old[0] / now[0]:.1f}× sooner than the old layout, plotly.js first "
            f"({old[0]:.2f} s); target ≤ 0.5 s",
        ),
        (
            f"all {figures} figures drawn, full plotly.js",
            now[1],
            f"{now[1] / old[1]:.2f}× the old layout's {old[1]:.2f} s (plotly.js first, all "
            "drawn at load); target ≤ 1.00×",
        ),
    ]
    if "partial" in paints:
        lean = paints["partial"]
        rows.append(
            (
                f"all {figures} figures drawn, partial plotly.js",
                lean[1],
                f"first paint {lean[0]:.2f} s; {lean[1] / old[1]:.2f}× the old layout's "
                f"{old[1]:.2f} s; target ≤ 1 s",
            )
        )
    return rows


def _partial_size(plugins: Any, full_size: int) -> tuple[tuple[str, float, str], str | None]:
    """The same report with the partial plotly.js (built with npm if it is not there yet):
    its size row, and its HTML for the paint rows (None when it could not be built)."""
    name = "report size with the partial plotly.js (MB)"
    try:
        bundle = ROOT / "build" / "plotly" / "plotly-partial.min.js"
        if not bundle.exists():
            plotly_bundle.build(bundle)
        partial = plotly_bundle.load(bundle)
    except Exception as exc:  # no npm or no registry here: say so instead of a number
        return (name, float("nan"), f"not measured: {exc}"), None
    html = build_report(EXAMPLE, plugins, plotly_bundle=partial).html
    size = len(html.encode("utf-8"))
    row = (
        name,
        size / 1e6,
        f"{full_size / size:.1f}× smaller than with the full bundle "
        f"({full_size / 1e6:.2f} MB); target ≤ 2 MB",
    )
    return row, html


def plotly_in_head(html: str) -> str:
    """The report as 0.2.0 wrote it: plotly.js and its locale in ``<head>``, so no text is
    painted before 4 MB of script are parsed; the baseline for the paint figures."""
    plotly_js = f"<script>{plotly.offline.get_plotlyjs()}</script>"
    start = html.index(plotly_js)
    end = html.index("</script>", start + len(plotly_js)) + len("</script>")  # the locale
    scripts = html[start:end]
    html = html[:start] + html[end:]
    return html.replace("</head>", scripts + "\n</head>", 1)


def old_layout(html: str) -> str:
    """The baseline for the paint figures, as 0.2.0 drew: plotly.js first
    (:func:`plotly_in_head`) and every figure drawn in one go once the page is parsed, through
    the report's own draw-everything path (the one printing takes)."""
    html = plotly_in_head(html)
    call = html.index("<script>samverkanReport(")
    end = html.index("</script>", call) + len("</script>")
    every = '<script>window.dispatchEvent(new Event("beforeprint"));</script>'
    return html[:end] + every + html[end:]


DRAWN = (
    "document.readyState !== 'loading' && document.querySelector('[data-figure]') !== null"
    f" && document.querySelector('{UNDRAWN}') === null"
)
"""Every figure drawn. The page must be parsed first: before the parser reaches a figure,
"every figure drawn" held of none, and the old layout, its parser held up by plotly.js in
``<head>``, was often timed at that moment, about half its real time."""


def _paint(browser: Any, path: Path) -> tuple[float, float]:
    """Seconds to the first contentful paint and to every figure drawn, in a fresh page."""
    page = browser.new_page(bypass_csp=True)  # the report's CSP forbids the probe's eval
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function(DRAWN, timeout=60_000, polling=20)
    drawn = page.evaluate("performance.now()") / 1000
    page.wait_for_function(
        "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=5_000
    )
    entries = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)"
    )
    page.close()
    return (entries[0] / 1000 if entries else float("nan"), drawn)


def _median_paints(
    browser: Any, pages: dict[str, Path], runs: int = 5
) -> dict[str, tuple[float, float]]:
    """The median paint of each page, the pages loaded in turn (now, old, partial, now, …) so
    that a machine busy for a while slows each of them alike."""
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
    for _ in range(runs):
        for name, path in pages.items():
            measured[name].append(_paint(browser, path))
    out = {}
    for name, paints in measured.items():
        painted = [m[0] for m in paints if m[0] == m[0]]  # a run may miss the paint entry
        out[name] = (
            statistics.median(painted) if painted else float("nan"),
            statistics.median(m[1] for m in paints),
        )
    return out


def _figures(browser: Any, path: Path) -> int:
    page = browser.new_page()
    page.goto(path.as_uri())
    count: int = page.locator("[data-figure]").count()
    page.close()
    return count

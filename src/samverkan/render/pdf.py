"""The board's papers (handlingar) as PDF: the HTML report printed by a real Chromium.

Plotly figures stay vectors, the print stylesheet adds the cover and page breaks, and
Chromium adds page numbers. Chromium is found at ``SAMVERKAN_CHROMIUM``, ``/usr/bin/chromium``
or on the PATH; Playwright drives it (``pip install samverkan[pdf]``).
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from samverkan.errors import InputError

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#5b6570">'
    'Sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>'
)


def find_chromium() -> str:
    for candidate in (
        os.environ.get("SAMVERKAN_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise InputError(
        "PDF kräver Chromium: installera paketet chromium (apt-get install "
        "chromium) eller ange sökvägen i SAMVERKAN_CHROMIUM"
    )


def write_pdf(html: Path, target: Path) -> None:
    """Print ``html`` to ``target`` (A4, page numbers), via a temporary file and a rename.

    Playwright's synchronous API refuses to run where an event loop is running (a notebook,
    another Playwright session), so the printing gets a thread of its own.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_print, html, target).result()


def _print(html: Path, target: Path) -> None:
    try:  # optional: only PDF output needs a browser driver
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        raise InputError("PDF kräver Playwright: pip install 'samverkan[pdf]'") from None
    executable = find_chromium()
    tmp = target.with_name(f".{target.name}.tmp.pdf")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri())
            page.wait_for_function(
                "[...document.querySelectorAll('[data-figure]')]"
                ".every(d => d.querySelector('.main-svg'))",
                timeout=30_000,
            )
            page.emulate_media(media="print")
            page.pdf(
                path=str(tmp),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
            )
        finally:
            browser.close()
    tmp.replace(target)

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
from typing import Any

from markupsafe import escape

from samverkan.errors import InputError
from samverkan.model.text import Lang
from samverkan.render import publish

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def footer(title: str, lang: Lang) -> str:
    """The page foot: the report's title and ``Sida 3 av 12`` (Chromium fills the numbers)."""
    page, of = ("Sida", "av") if lang == "sv" else ("Page", "of")
    return (
        '<div style="font-size:8px;width:100%;margin:0 15mm;display:flex;'
        'justify-content:space-between;color:#5b6570">'
        f"<span>{escape(title)}</span><span>{page} "
        f'<span class="pageNumber"></span> {of} <span class="totalPages"></span></span></div>'
    )


UNDRAWN = "[data-figure]:not(:has(.main-svg))"
"""A figure whose plot has not been drawn yet (the report draws them after its text)."""


def wait_until_drawn(page: Any, timeout: float = 30_000) -> None:
    """Wait until every figure of the report open in ``page`` is drawn. A selector, not a
    script: the report's CSP forbids the evaluated code that ``wait_for_function`` needs."""
    page.wait_for_selector(UNDRAWN, state="detached", timeout=timeout)


def find_chromium() -> str:
    chosen = os.environ.get("SAMVERKAN_CHROMIUM")
    if chosen and not Path(chosen).is_file():
        raise InputError(
            f"PDF kräver Chromium: SAMVERKAN_CHROMIUM pekar på {chosen}, som inte finns; "
            "ange sökvägen till chromium eller ta bort variabeln"
        )
    for candidate in (
        chosen,
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


def write_pdf(html: Path, target: Path, title: str = "", lang: Lang = "sv") -> None:
    """Print ``html`` to ``target`` (A4, the title and page numbers in the foot, bookmarks by
    section), written like every file of the set (:func:`samverkan.render.publish.write_file`).
    A browser that is missing or fails is bad input naming it: the build stops before
    anything is published.

    Playwright's synchronous API refuses to run where an event loop is running (a notebook,
    another Playwright session), so the printing gets a thread of its own.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        made = pool.submit(_print, html, footer(title, lang)).result()
    publish.write_file(target, made)


def _print(html: Path, foot: str) -> bytes:
    try:  # optional: only PDF output needs a browser driver
        from playwright.sync_api import Error, sync_playwright  # noqa: PLC0415
    except ImportError:
        raise InputError("PDF kräver Playwright: pip install 'samverkan[pdf]'") from None

    executable = find_chromium()
    try:
        return _printed(sync_playwright, executable, html, foot)
    except Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"PDF kunde inte skrivas: Chromium ({executable}) misslyckades: {first}; "
            "kontrollera installationen (apt-get install chromium) eller ange en annan i "
            "SAMVERKAN_CHROMIUM"
        ) from None


def _printed(sync_playwright: Any, executable: str, html: Path, foot: str) -> bytes:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri())
            wait_until_drawn(page, timeout=30_000)
            page.emulate_media(media="print")
            made: bytes = page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=foot,
                outline=True,
                tagged=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
            )
        finally:
            browser.close()
    return made

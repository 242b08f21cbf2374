"""The printed report (the board's papers): short enough to read, with a foot and bookmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES
from example_builds import ExampleBuilds
from printed_tables import printed_tables
from samverkan.render.report import write_report

# Slow (PDFs printed in Chromium): in the default run, deselected by -m "not slow".
pytestmark = pytest.mark.slow

# The board's papers, printed: a monthly follow-up fits in 12 A4 pages, a year end in 16.
LIMITS = {
    "servicenamnd-it-vaxel-telefoni-2018-04": 12,
    "servicenamnd-it-vaxel-telefoni-2018-12": 16,
    "servicenamnd-ekonomi-personal-2018-04": 12,
    "servicenamnd-ekonomi-personal-2018-12": 16,
}
BROKEN_DATE = re.compile(r"\d{4}-\d{2}-?\n-?\d{2}|\d{4}-\n\d{2}-\d{2}")
KEEP_WHOLE = 15
"""A table of up to this many rows is printed on one page."""


def _outline(items: list[object]) -> list[str]:
    titles: list[str] = []
    for item in items:
        if isinstance(item, list):
            titles += _outline(item)
        else:
            titles.append(str(getattr(item, "title", "")))
    return titles


@pytest.mark.parametrize("report_id", sorted(LIMITS))
def test_the_printed_report_fits_its_page_limit_with_foot_and_bookmarks(
    browser: object, example_builds: ExampleBuilds, tmp_path: Path, report_id: str
) -> None:
    definition = next(d for d in EXAMPLES if d.stem == report_id)
    report = example_builds.report(definition)
    written = write_report(report, tmp_path, pdf=True)
    pdf = PdfReader(written[-1])
    assert len(pdf.pages) <= LIMITS[report_id]
    texts = [page.extract_text() for page in pdf.pages]  # once: pypdf takes its time
    _tables_are_whole(report.html, texts)
    pages = [text.replace("\u00a0", " ") for text in texts]
    title = report.definition.title("sv")
    assert all(title in text for text in pages)  # the title in every page's foot
    assert f"Sida {len(pages)} av {len(pages)}" in pages[-1]
    bookmarks = _outline(pdf.outline)
    for section in report.sections:
        assert section.title in bookmarks
    everything = " ".join(pages)
    assert "Bilagan skrivs inte ut" in everything  # the KPI listing is in the workbook
    assert "Källor" in bookmarks
    # An ISO date never breaks over two lines ("2019-01-" / "01" in a narrow column).
    broken = [m for t in texts for m in BROKEN_DATE.findall(t)]
    assert broken == []
    # The summary begins on the first page, under the cover's title and facts.
    first = pages[0]
    assert report.definition.title("sv") in first
    assert "Sammanfattning" in first


def _tables_are_whole(html: str, texts: list[str]) -> None:
    """No table of up to 15 rows spans two pages, a longer one repeats its header, and no
    total row stands alone at the top of a page."""
    problems = []
    found = printed_tables(html, texts)
    assert len(found) >= 10  # the result statement, the keys, the goals ... are all found
    for table in found:
        pages = [p for p in table.pages if p is not None]
        assert len(pages) == len(table.pages), f"{table.caption}: rows not found in the PDF"
        if len(table.rows) - 1 <= KEEP_WHOLE and len(set(pages)) > 1:
            problems.append(f"{table.caption} ({len(table.rows) - 1} rader): sidor {pages}")
        head = "".join("".join(table.rows[0]).split())
        for page in sorted(set(pages))[1:]:  # a long table's header on every page it takes
            if head not in "".join(texts[page].split()):
                problems.append(f"{table.caption}: rubrikraden saknas på sidan {page}")
        for total in table.totals:
            if table.pages[total] != table.pages[total - 1]:
                problems.append(f"{table.caption}: summaraden ensam på sidan {pages[total]}")
    assert problems == []

"""The printed report (the board's papers): short enough to read, with a foot and bookmarks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES
from samverkan.plugins import Plugins
from samverkan.render.report import build_report, write_report

# The board's papers, printed: a monthly follow-up fits in 12 A4 pages, a year end in 16.
LIMITS = {
    "servicenamnd-it-vaxel-telefoni-2018-04": 12,
    "servicenamnd-ekonomi-personal-2018-12": 16,
}


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
    browser: object, plugins: Plugins, tmp_path: Path, report_id: str
) -> None:
    definition = next(d for d in EXAMPLES if d.stem == report_id)
    report = build_report(definition, plugins, strict=True)
    pdf = PdfReader(write_report(report, tmp_path, pdf=True)[-1])
    assert len(pdf.pages) <= LIMITS[report_id]
    pages = [page.extract_text().replace("\u00a0", " ") for page in pdf.pages]
    title = report.definition.title("sv")
    assert all(title in text for text in pages)  # the title in every page's foot
    assert f"Sida {len(pages)} av {len(pages)}" in pages[-1]
    bookmarks = _outline(pdf.outline)
    for section in report.sections:
        assert section.title in bookmarks
    everything = " ".join(pages)
    assert "Bilagan skrivs inte ut" in everything  # the KPI listing is in the workbook
    assert "Källor" in bookmarks

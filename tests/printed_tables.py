"""Where a report's tables fall on its printed pages, read from the PDF's text.

Each printed table (not the figures' number tables, which are not printed) is found by its
caption followed by its header, then each row by the start of its first cell, in order.
Whitespace is dropped on both sides, so a cell wrapped over lines still matches.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import attrs


@attrs.define
class PrintedTable:
    caption: str
    rows: list[list[str]] = attrs.Factory(list)
    """The header first, then the body rows' cells."""
    totals: list[int] = attrs.Factory(list)
    """Indexes in :attr:`rows` of the rows marked as a total."""
    pages: list[int | None] = attrs.Factory(list)
    """The page of each row, None where the row was not found."""


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[PrintedTable] = []
        self._hidden = 0  # inside <details>: a figure's numbers or the appendix, not printed
        self._caption: str | None = None
        self._last_caption = ""
        self._mark = False
        self._row: list[str] | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "details":
            self._hidden += 1
        elif tag == "figcaption":
            self._caption = ""
        elif tag == "span" and "example-mark" in classes:
            self._mark = True
        elif tag == "table" and not self._hidden:
            self.tables.append(PrintedTable(self._last_caption.strip()))
        elif tag == "tr" and not self._hidden and self.tables:
            self._row = []
            if "total" in classes:
                self.tables[-1].totals.append(len(self.tables[-1].rows))
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._hidden -= 1
        elif tag == "figcaption":
            self._last_caption, self._caption = self._caption or "", None
        elif tag == "span":
            self._mark = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None and not self._mark:
            self._caption += data
        if self._cell is not None:
            self._cell += data


def _squash(text: str) -> str:
    # NFKC: the PDF's text has the font's ligatures (ﬁ in "ﬁnns"), the HTML the letters.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed_tables(html: str, texts: list[str]) -> list[PrintedTable]:
    """The report's printed tables, each row with the page it is on (0 is the first), found
    in ``texts``, the printed pages' text (pypdf's ``extract_text``)."""
    parser = _Tables()
    parser.feed(html)
    pages = [_squash(text) for text in texts]
    text = "".join(pages)
    starts = [sum(len(p) for p in pages[:i]) for i in range(len(pages))]

    def page_of(at: int) -> int:
        return max(i for i, start in enumerate(starts) if start <= at)

    cursor, found = 0, []
    for table in parser.tables:
        caption = _squash(table.caption)[:60]
        head = _squash(" ".join(table.rows[0]))[:20] if table.rows else ""
        at = cursor - 1
        while caption:
            at = text.find(caption, at + 1)
            if at < 0 or head in text[at : at + len(caption) + 60]:
                break
        if not caption or at < 0:
            continue
        cursor, position = at + 1, at + len(caption)
        for row in table.rows:
            # A row is found by its first cell with text: a grouped row leaves its first empty.
            needle = next((_squash(cell)[:10] for cell in row if _squash(cell)), "")
            where = text.find(needle, position) if needle else -1
            if where < 0:
                table.pages.append(None)
                continue
            table.pages.append(page_of(where))
            position = where + 1
        found.append(table)
    return found

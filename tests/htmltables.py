"""A small HTML table extractor for tests: captions and cell texts, in document order."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, object]] = []
        self._caption: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False
        self._in_mark = False
        self._pending_caption = ""
        self._pending_example = False
        self._in_figure_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figcaption":
            self._in_caption, self._pending_caption, self._pending_example = True, "", False
        elif tag == "span" and self._in_caption and ("class", "example-mark") in attrs:
            self._in_mark = self._pending_example = True
        elif tag == "details" and ("class", "figure-data no-print") in attrs:
            self._in_figure_data = True
        elif tag == "table":
            caption = self._pending_caption.strip()
            self.tables.append(
                {
                    "caption": caption,
                    "rows": [],
                    "example": self._pending_example,
                    "figure_data": self._in_figure_data,
                }
            )
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self._in_caption = False
        elif tag == "span" and self._in_mark:
            self._in_mark = False
        elif tag == "details":
            self._in_figure_data = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            rows = self.tables[-1]["rows"]
            assert isinstance(rows, list)
            rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_caption and not self._in_mark:
            self._pending_caption += data
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str, figure_data: bool = False) -> list[dict[str, object]]:
    """Every table as ``{"caption": str, "rows": [[cell, …], …], "example": bool}`` (header
    row first; ``example``: the caption carries the Exempeldata mark). The tables that hold a
    figure's numbers are left out unless ``figure_data``."""
    parser = _Tables()
    parser.feed(html)
    return [t for t in parser.tables if figure_data or not t["figure_data"]]

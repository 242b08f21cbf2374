"""A report's visible text for tests: each text node with the section it stands in and whether
an element around it is marked Swedish (``lang="sv"``), scripts and styles left out."""

from __future__ import annotations

from html.parser import HTMLParser

import attrs

_VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "col", "source"}


@attrs.frozen
class Piece:
    text: str
    section: str
    """The id of the nearest ``<section>`` around it (``kallor``: the list of sources)."""
    swedish: bool
    """Inside an element marked ``lang="sv"`` below the page's own language."""
    tag: str
    """The element the text stands in directly."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.pieces: list[Piece] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        found = dict(attrs)
        self.stack.append((tag, found.get("id") if tag == "section" else None, found.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not data.strip() or any(t in ("script", "style", "title") for t, _, _ in self.stack):
            return
        section = next((s for _, s, _ in reversed(self.stack) if s), "")
        langs = [lang for _, _, lang in self.stack if lang]
        swedish = len(langs) > 1 and langs[-1] == "sv"
        tag = self.stack[-1][0] if self.stack else ""
        self.pieces.append(Piece(" ".join(data.split()), section, swedish, tag))


def pieces(html: str) -> list[Piece]:
    """Every visible text node of ``html`` in document order."""
    parser = _Text()
    parser.feed(html)
    return parser.pieces

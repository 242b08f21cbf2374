"""Sources as a numbered list: every table and figure cites by number, the list ends the report.

A block's source line is the citation text the compose stage wrote (``Källor: A; B``): each
source once, joined by a semicolon. Here the line is taken apart again, each source is given a
number in order of first use, and a source that is one of the definition's example-data files
is marked, so that a table built on generated data says so where it stands.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import attrs

from samverkan.model.provenance import EXAMPLE, Origin, Provenance
from samverkan.model.text import phrase

_LABELS = tuple(f"{phrase(key, lang)}: " for key in ("source", "sources") for lang in ("sv", "en"))


@attrs.frozen
class Cited:
    """One source of the report with its number in the list of sources."""

    number: int
    text: str
    provenance: Provenance

    @property
    def example(self) -> bool:
        return self.provenance.example

    @property
    def origin(self) -> Origin:
        return self.provenance.origin

    @property
    def anchor(self) -> str:
        return f"kalla-{self.number}"


def split_citation(line: str, known: Collection[str] = ()) -> list[str]:
    """The sources of one citation line, the label dropped. A source may itself hold ``; ``
    (a population row citing two pages), so the line is split at a ``; `` only where a known
    source ends, or, past anything known, where no bracket is open."""
    for label in _LABELS:
        if line.startswith(label):
            line = line[len(label) :]
            break
    longest_first = sorted(known, key=len, reverse=True)
    parts: list[str] = []
    while line:
        found = next((k for k in longest_first if line == k or line.startswith(k + "; ")), None)
        end = len(found) if found is not None else _next_separator(line)
        parts.append(line[:end].strip())
        line = line[end + 2 :]
    return [p for p in parts if p]


def _next_separator(line: str) -> int:
    depth = 0
    for i, char in enumerate(line):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == ";" and depth == 0 and line[i + 1 : i + 2] == " ":
            return i
    return len(line)


@attrs.frozen
class SourceList:
    """The report's numbered sources, and what each citation line cites."""

    sources: tuple[Cited, ...]
    lines: dict[str, tuple[Cited, ...]] = attrs.field(eq=False)

    def cites(self, line: str) -> tuple[Cited, ...]:
        return self.lines.get(line, ())


def number_sources(lines: Iterable[str], registry: Mapping[str, Provenance]) -> SourceList:
    """Number every source of ``lines`` in order of first use, each with its provenance from
    ``registry`` (citation → provenance, every source the tables' rows cite); a source the
    registry does not hold is taken as example data, never shown as real."""
    numbered: dict[str, Cited] = {}
    cited: dict[str, tuple[Cited, ...]] = {}
    for line in lines:
        if line in cited:
            continue
        entries = []
        for text in split_citation(line, registry):
            if text not in numbered:
                numbered[text] = Cited(len(numbered) + 1, text, registry.get(text, EXAMPLE))
            entries.append(numbered[text])
        cited[line] = tuple(entries)
    return SourceList(tuple(numbered.values()), cited)

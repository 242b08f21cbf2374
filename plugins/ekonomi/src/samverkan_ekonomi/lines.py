"""The result-statement lines: the board's own, as its file names and orders them.

A result statement is read with whatever line numbers and names the file holds; the reader
keeps them (with their order) in the table :data:`TABLE`, and every section shows a line by
that name, in that order. A definition may declare a catalogue instead (the source option
``lines``), which the reader then enforces. :data:`LINES` are the lines the board papers of
the bundled example use, numbered as in Kommun-Bas 13's groups: a line that is one of them
keeps its English name too, and a ledger read from SIE is put on them.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.api import Lang, Text

LINES: dict[str, Text] = {
    "1": Text("Intäkter", "Revenue"),
    "3": Text("Personalkostnader", "Staff costs"),
    "4": Text("Lokalkostnader", "Premises costs"),
    "5": Text("Övriga kostnader", "Other costs"),
    "6": Text("Kapitalkostnad", "Capital costs"),
}
"""Line number → name. Revenues are negative and costs positive, as in the board papers."""

TOTAL = Text("Nettokostnad/Kommunbidrag", "Net cost/Municipal contribution")

INVESTMENT_LINE = "I"
"""The ledger line investments are kept on (outside the result statement's lines)."""

TABLE = "ekonomi.rader"
SCHEMA: dict[str, pl.DataType] = {
    "area": pl.String(),
    "line": pl.String(),
    "name": pl.String(),  # as the file writes it
    "position": pl.Int64(),  # the line's place in the file (its first row)
    "source": pl.String(),
    "origin": pl.String(),
}
"""The lines a result statement holds, per area (``context.extras[TABLE]``)."""


def line_text(line: str, name: str | None) -> Text:
    """A line's name: one of :data:`LINES` keeps its English name, any other is its own."""
    known = LINES.get(line)
    if known is not None and (name is None or name.lower() == known.sv.lower()):
        return known
    return Text(name or line, name or line)


class LineNames:
    """The names and order of one area's lines, from the result statements read."""

    def __init__(self, extras: Mapping[str, pl.DataFrame], area: str) -> None:
        table = extras.get(TABLE)
        rows = (
            table.filter(pl.col("area") == area).sort("position")
            if table is not None
            else pl.DataFrame(schema=SCHEMA)
        )
        first = rows.unique("line", keep="first", maintain_order=True)
        self._names = dict(first.select("line", "name").iter_rows())
        self._order = {line: i for i, line in enumerate(first["line"])}

    def label(self, line: str, lang: Lang) -> str:
        """``3 Personalkostnader``: the number and the name, as the board writes them."""
        return f"{line} {line_text(line, self._names.get(line))(lang)}"

    def sort(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame``'s rows (a ``line`` column) in the file's order; lines no file named (a
        ledger's) after them, by number."""
        return (
            frame.with_columns(
                _order=pl.col("line").replace_strict(
                    self._order, default=None, return_dtype=pl.Int64
                )
            )
            .sort("_order", "line", nulls_last=True)
            .drop("_order")
        )

"""#KSUMMA: the checksum SIE 4B defines over a file's records, verified.

A file that carries one opens with ``#KSUMMA`` (no field) after #FLAGGA and ends with
``#KSUMMA <number>``. The number is the CRC-32 (the common one: polynomial 0xEDB88320, start
and final mask 0xFFFFFFFF, as :func:`zlib.crc32` computes it) of every record between the two,
in order: its label and the content of each field, in the file's own bytes, without the spaces
and tabs between fields, the quotes round a field, the braces of an object list, or line ends.
``#TRANS 1910 {1 "130"} 100.00 "" "Hyra"`` adds ``#TRANS19101130100.00Hyra``.

A file whose records do not give its number has been changed after the export, or damaged,
and is refused at the closing #KSUMMA; one that opens the sum and never closes it has lost its
end. Each record's content comes from the tokenizer, or, for the lines the vectorised reader
proved simple, from one regular expression (no escapes, no braces or quotes inside a bare
token there), so both readers agree.
"""

from __future__ import annotations

import zlib

import attrs
import polars as pl

from samverkan.api import InputError
from samverkan_ekonomi.sie.lines import ROW, VER
from samverkan_ekonomi.sie.tokens import Field, ObjectList

LABEL = "#KSUMMA"
_SIMPLE = r'"([^"]*)"|[ \t\r{}]+'
"""In a simple line: a quoted field's content, or what stands between fields (dropped)."""


def content(fields: list[Field]) -> str:
    """What a tokenized record adds to the checksum."""
    return "".join(
        "".join(d + o for d, o in f.pairs) if isinstance(f, ObjectList) else f for f in fields
    )


def simple_content(raw: pl.Expr) -> pl.Expr:
    """:func:`content` of lines the vectorised reader proved simple, all at once."""
    return raw.str.replace_all(_SIMPLE, "${1}")


@attrs.define
class Checksum:
    """The #KSUMMA records of a file as they are read: where the sum opens and closes."""

    name: str
    opened: int | None = None
    closed: tuple[int, str] | None = None

    def record(self, line: int, fields: list[Field]) -> None:
        """Note a #KSUMMA record (``fields`` with the label first)."""
        if len(fields) == 1 and self.opened is None and self.closed is None:
            self.opened = line
        elif len(fields) == 2 and isinstance(fields[1], str) and self.opened is not None:
            if self.closed is not None:
                raise InputError.at("#KSUMMA avslutas två gånger", self.name, line, LABEL)
            self.closed = (line, fields[1])
        elif len(fields) == 1:
            raise InputError.at("#KSUMMA inleds två gånger", self.name, line, LABEL)
        else:
            raise InputError.at(
                "#KSUMMA med en kontrollsumma utan ett inledande #KSUMMA (utan fält) före",
                self.name,
                line,
                LABEL,
            )

    def between(self) -> tuple[int, int] | None:
        """The lines strictly between the opening and closing #KSUMMA, or None when the file
        has none; a sum opened and never closed is refused (the file has lost its end)."""
        if self.opened is None:
            return None
        if self.closed is None:
            raise InputError.at(
                "filen inleder en kontrollsumma (#KSUMMA) men tar slut utan den avslutande "
                "#KSUMMA: filen är avkortad; exportera den igen",
                self.name,
                self.opened,
                LABEL,
            )
        return self.opened, self.closed[0]

    def verify(self, contents: pl.Series, encoding: str) -> None:
        """Compare the number the file states with the CRC-32 of ``contents`` (each record's
        content, in file order) in the file's ``encoding``."""
        assert self.closed is not None
        line, stated = self.closed
        text = contents.str.join("").item() if contents.len() else ""
        computed = zlib.crc32(text.encode(encoding.replace("-sig", "")))
        try:
            number = int(stated)
        except ValueError:
            raise InputError.at(
                f"kontrollsumman {stated!r} är inget heltal", self.name, line, LABEL
            ) from None
        # Programs write the 32 bits as unsigned or as a signed integer (Java's int).
        if number not in (computed, computed - (1 << 32)):
            raise InputError.at(
                f"kontrollsumman (#KSUMMA {stated}) stämmer inte med filens innehåll (det ger "
                f"{computed}): filen har ändrats efter exporten eller är skadad; exportera den "
                "igen",
                self.name,
                line,
                LABEL,
            )


def verify_lines(
    checksum: Checksum, lines: pl.DataFrame, tokenized: dict[int, str], encoding: str
) -> None:
    """Verify the file's #KSUMMA, if it has one: ``lines`` are the vectorised reader's lines
    (those of kind ROW and VER not in ``tokenized`` proved simple), ``tokenized`` the content
    of every other record, by line."""
    span = checksum.between()
    if span is None:
        return
    inside = pl.col("line").is_between(span[0] + 1, span[1] - 1)
    simple = (
        lines.lazy()
        .filter(inside & pl.col("kind").is_in([ROW, VER]) & ~pl.col("line").is_in(list(tokenized)))
        .select("line", content=simple_content(pl.col("raw")))
    )
    slow = pl.LazyFrame(
        {"line": list(tokenized), "content": list(tokenized.values())},
        schema={"line": pl.Int64, "content": pl.String},
    ).filter(inside)
    contents = pl.concat([simple, slow]).sort("line").collect()["content"]
    checksum.verify(contents, encoding)


def verify_records(checksum: Checksum, records: list[tuple[int, str]], encoding: str) -> None:
    """Verify the file's #KSUMMA, if it has one, from every record's (line, content)."""
    span = checksum.between()
    if span is None:
        return
    inside = [text for line, text in records if span[0] < line < span[1]]
    checksum.verify(pl.Series(inside, dtype=pl.String), encoding)

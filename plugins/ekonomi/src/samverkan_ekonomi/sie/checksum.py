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
proved simple, from the file's bytes with the separators masked out (numpy, no decoding and
encoding again), so both readers agree.
"""

from __future__ import annotations

import zlib

import attrs
import numpy as np
import polars as pl

from samverkan.api import InputError
from samverkan_ekonomi.sie.lines import BLANK, CLOSE, OPEN
from samverkan_ekonomi.sie.tokens import Field, ObjectList

LABEL = "#KSUMMA"


def content(fields: list[Field]) -> str:
    """What a tokenized record adds to the checksum."""
    return "".join(
        "".join(d + o for d, o in f.pairs) if isinstance(f, ObjectList) else f for f in fields
    )


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

    def verify(self, computed: int) -> None:
        """Compare the number the file states with the CRC-32 ``computed`` of its records."""
        assert self.closed is not None
        line, stated = self.closed
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


def _codec(encoding: str) -> str:
    return encoding.removesuffix("-sig")


_CONTENT = bytes(0 if b in b" \t\r\n{}" else 1 for b in range(256))
"""1 for a byte that is content outside quotes; 0 for what stands between fields (spaces,
tabs, line ends, object-list braces). A byte table: :meth:`bytes.translate` applies it at
memory speed, where numpy's fancy indexing is several times slower."""


def _inside(delimiter: np.ndarray) -> np.ndarray:
    """Whether each byte lies inside quotes: the parity of the ``delimiter`` bytes up to and
    including it. A running sum over every byte of a large file costs several times more
    than the rest of the checksum, so the parity is taken 64 bytes at a time: packed into
    words, a word's prefix parity is six shifts and xors, and a word inherits the parity of
    the words before it from their top bits."""
    bits = np.packbits(delimiter, bitorder="little")
    words = np.zeros(-(-bits.size // 8), dtype="<u8")
    words.view(np.uint8)[: bits.size] = bits
    for shift in (1, 2, 4, 8, 16, 32):
        words ^= words << np.uint64(shift)
    top = words >> np.uint64(63)  # each word's own parity
    before = np.bitwise_xor.accumulate(top) ^ top
    words ^= np.uint64(0) - before  # all ones where the words before hold an odd count
    inside: np.ndarray = np.unpackbits(
        words.view(np.uint8), count=delimiter.size, bitorder="little"
    ).view(bool)
    return inside


def _kept(data: bytes) -> np.ndarray:
    """Which bytes of simple records are content: not the quotes round a field, not the
    backslash of an escaped quote, and, outside quotes, not spaces, tabs, braces or line
    ends. A quote after a backslash is text, as the tokenizer reads it; no byte of a
    multi-byte UTF-8 character is ASCII, so this holds in every encoding SIE files come in."""
    if not data:  # the two #KSUMMA records next to each other: nothing is summed
        return np.zeros(0, dtype=bool)
    array = np.frombuffer(data, dtype=np.uint8)
    quote = array == 0x22
    backslash = array == 0x5C if b"\\" in data else None  # most files have none
    delimiter = quote  # a quote not after a backslash
    if backslash is not None:
        delimiter = quote.copy()
        delimiter[1:] &= ~backslash[:-1]
    kept = _inside(delimiter)
    kept |= np.frombuffer(data.translate(_CONTENT), dtype=bool)
    kept &= ~delimiter
    if backslash is not None:
        backslash[:-1] &= quote[1:]  # now: the backslash of an escaped quote
        backslash[-1] = False
        kept &= ~backslash
    return kept


def verify_lines(
    checksum: Checksum,
    data: bytes,
    lines: pl.DataFrame,
    tokenized: dict[int, str],
    encoding: str,
) -> None:
    """Verify the file's #KSUMMA, if it has one, as the vectorised reader reads: the records
    in ``tokenized`` (line → content) from the tokenizer, every other line from its bytes in
    ``data``, where :func:`_kept` finds the content. Every such line is a voucher row or #VER
    proved simple, a brace or blank; a brace or blank line written otherwise is taken as the
    tokenizer reads it too (it adds nothing)."""
    span = checksum.between()
    if span is None:
        return
    first, last = span[0] + 1, span[1] - 1
    odd = lines.filter(
        pl.col("line").is_between(first, last)
        & pl.col("kind").is_in([OPEN, CLOSE, BLANK])
        & ~pl.col("raw").fill_null("").is_in(["", "{", "}"])
    )["line"]
    special = {**dict.fromkeys(odd.to_list(), ""), **tokenized}
    raw = np.frombuffer(data, dtype=np.uint8)
    offset = 3 if encoding == "utf-8-sig" else 0
    # starts[k]: the byte where line k + 1 starts.
    starts = np.concatenate(([offset], np.flatnonzero(raw == 0x0A) + 1, [len(raw)]))
    lo, hi = int(starts[first - 1]), int(starts[min(last, len(starts) - 1)])
    keep = _kept(data[lo:hi])
    crc, at = 0, lo
    for line in sorted(k for k in special if first <= k <= last):
        start, end = int(starts[line - 1]), int(starts[line])
        crc = zlib.crc32(raw[at:start][keep[at - lo : start - lo]].tobytes(), crc)
        crc = zlib.crc32(special[line].encode(_codec(encoding)), crc)
        at = end
    crc = zlib.crc32(raw[at:hi][keep[at - lo :]].tobytes(), crc)
    checksum.verify(crc)


def verify_records(checksum: Checksum, records: list[tuple[int, str]], encoding: str) -> None:
    """Verify the file's #KSUMMA, if it has one, from every record's (line, content), as the
    exact reader reads them: one record at a time."""
    span = checksum.between()
    if span is None:
        return
    crc, codec = 0, _codec(encoding)
    for line, text in records:
        if span[0] < line < span[1]:
            crc = zlib.crc32(text.encode(codec), crc)
    checksum.verify(crc)

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
from collections.abc import Mapping

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


_SEPARATORS = b" \t\r\n{}"
"""What stands between fields outside quotes: spaces, tabs, line ends, object-list braces."""


def _words(mask: np.ndarray) -> np.ndarray:
    """``mask`` (one byte per flag) packed 64 flags to a word, first flag lowest."""
    bits = np.packbits(mask, bitorder="little")
    words = np.zeros(-(-bits.size // 8), dtype="<u8")
    words.view(np.uint8)[: bits.size] = bits
    return words


def _inside(delimiter: np.ndarray) -> np.ndarray:
    """Whether each flag lies inside quotes, as words: the parity of the ``delimiter`` flags
    up to and including it. A word's prefix parity is six shifts and xors, and a word
    inherits the parity of the words before it from their top bits (a running sum over every
    byte of a large file would cost several times more than the rest of the checksum)."""
    words = delimiter.copy()
    for shift in (1, 2, 4, 8, 16, 32):
        words ^= words << np.uint64(shift)
    top = words >> np.uint64(63)  # each word's own parity
    before = np.bitwise_xor.accumulate(top) ^ top
    words ^= np.uint64(0) - before  # all ones where the words before hold an odd count
    return words


def _kept(data: bytes, start: int = 0) -> np.ndarray:
    """Which bytes of simple records are content: not the quotes round a field, not the
    backslash of an escaped quote, and, outside quotes, not spaces, tabs, braces or line
    ends. A quote after a backslash is text, as the tokenizer reads it; no byte of a
    multi-byte UTF-8 character is ASCII, so this holds in every encoding SIE files come in.
    The flags are combined packed in words, eight times less memory to pass over.

    From byte ``start`` on, read as if the data began there: the whole is read (no copy of
    it) when the quotes before ``start`` are even, as in a file with whole records before."""
    if not data:  # the two #KSUMMA records next to each other: nothing is summed
        return np.zeros(0, dtype=bool)
    array = np.frombuffer(data, dtype=np.uint8)
    quote = array == 0x22
    escape = None  # the backslash of each escaped quote; most files have none
    if b"\\" in data:
        backslash = array == 0x5C
        escaped = np.zeros_like(quote)
        escaped[1:] = quote[1:] & backslash[:-1]
        quote &= ~escaped  # now: the quotes that delimit a field
        escape = np.zeros_like(quote)
        escape[:-1] = escaped[1:]
    delimiter = _words(quote)
    # Compared byte by byte rather than through a table (bytes.translate): numpy does it
    # without holding the interpreter, which reads the records meanwhile (see :func:`scan`).
    separator = array == _SEPARATORS[0]
    for byte in _SEPARATORS[1:]:
        separator |= array == byte
    separator = _words(separator)
    inside = _inside(delimiter)
    if start and _bit(inside, start - 1):  # odd quotes before start: read from it afresh
        return _kept(data[start:])
    kept = (inside | ~separator) & ~delimiter
    if escape is not None:
        kept &= ~_words(escape)
    flags: np.ndarray = np.unpackbits(kept.view(np.uint8), count=array.size, bitorder="little")
    return flags.view(bool)[start:]


def _bit(words: np.ndarray, index: int) -> bool:
    """Flag ``index`` of flags packed by :func:`_words`."""
    return bool((int(words[index // 64]) >> (index % 64)) & 1)


@attrs.frozen
class Scan:
    """The content of every line between a file's two #KSUMMA records, found from its bytes
    alone, so that it can be found while the file's records are read (numpy leaves the
    interpreter free meanwhile). ``first`` and ``last`` are the #KSUMMA lines it assumed;
    :func:`verify_lines` uses it only when the records agree."""

    first: int
    last: int
    starts: np.ndarray = attrs.field(repr=False)
    """``starts[k]``: the byte where line ``k + 1`` starts, less where line ``first + 1`` does."""
    kept: np.ndarray = attrs.field(repr=False)
    """Whether each byte from line ``first + 1`` to line ``last`` is content (:func:`_kept`)."""
    content: np.ndarray = attrs.field(repr=False)
    """The content bytes, in file order."""

    def crc(self, special: Mapping[int, str], codec: str) -> int:
        """The CRC-32 of the content with each line in ``special`` (line → content) as given
        there instead of as its bytes read."""
        content = self.content.data
        crc, byte, count = 0, 0, 0  # where the last special line ended, in bytes and content
        for line in sorted(k for k in special if self.first < k < self.last):
            start, end = int(self.starts[line - 1]), int(self.starts[line])
            before = count + int(np.count_nonzero(self.kept[byte:start]))
            crc = zlib.crc32(content[count:before], crc)
            crc = zlib.crc32(special[line].encode(codec), crc)
            count, byte = before + int(np.count_nonzero(self.kept[start:end])), end
        return zlib.crc32(content[count:], crc)


def _line_starts(raw: np.ndarray, offset: int) -> np.ndarray:
    """``starts[k]``: the byte where line ``k + 1`` starts (and one past the end)."""
    return np.concatenate(([offset], np.flatnonzero(raw == 0x0A) + 1, [raw.size]))


def scan(data: bytes) -> Scan | None:
    """The :class:`Scan` of ``data`` between its first and last ``#KSUMMA``, or None when it
    has fewer than two. A guess, as the records are not read yet: a ``#KSUMMA`` in a text
    field or not opening a line makes a scan that :func:`verify_lines` does not use."""
    opening, closing = data.find(LABEL.encode()), data.rfind(LABEL.encode())
    if opening < 0 or closing <= opening:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    starts = _line_starts(raw, 3 if data.startswith(b"\xef\xbb\xbf") else 0)
    first, last = (int(i) for i in np.searchsorted(starts, [opening, closing], side="right"))
    return _scan(data, raw, starts, first, last)


def _scan(data: bytes, raw: np.ndarray, starts: np.ndarray, first: int, last: int) -> Scan:
    lo, hi = int(starts[first]), int(starts[max(last - 1, first)])
    kept = _kept(data, lo)[: hi - lo]
    return Scan(first, last, starts - lo, kept, raw[lo:hi][kept])


def verify_lines(
    checksum: Checksum,
    data: bytes,
    lines: pl.DataFrame,
    tokenized: dict[int, str],
    encoding: str,
    *,
    scanned: Scan | None = None,
) -> None:
    """Verify the file's #KSUMMA, if it has one, as the vectorised reader reads: the records
    in ``tokenized`` (line → content) from the tokenizer, every other line from its bytes in
    ``data``, where :func:`_kept` finds the content (``scanned`` when it assumed the same
    #KSUMMA lines). Every such line is a voucher row or #VER proved simple, a brace or blank;
    a brace or blank line written otherwise is taken as the tokenizer reads it too (it adds
    nothing)."""
    span = checksum.between()
    if span is None:
        return
    first, last = span
    odd = lines.filter(
        pl.col("line").is_between(first + 1, last - 1)
        & pl.col("kind").is_in([OPEN, CLOSE, BLANK])
        & ~pl.col("raw").fill_null("").is_in(["", "{", "}"])
    )["line"]
    special = {**dict.fromkeys(odd.to_list(), ""), **tokenized}
    if scanned is None or (scanned.first, scanned.last) != span:
        raw = np.frombuffer(data, dtype=np.uint8)
        starts = _line_starts(raw, 3 if encoding == "utf-8-sig" else 0)
        scanned = _scan(data, raw, starts, first, last)
    checksum.verify(scanned.crc(special, _codec(encoding)))


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

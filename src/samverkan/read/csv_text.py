"""CSV as Swedish municipalities write it, read as text: ``;`` separator with decimal comma
(or ``,`` with decimal point, or tab), any encoding :mod:`samverkan.read.encodings` knows,
cells spanning lines, blank lines kept for true line numbers; a row that ends early, a stray
quote or an extra field is refused with its line.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import polars as pl

from samverkan.errors import InputError, Problem
from samverkan.read import files
from samverkan.read.encodings import decode, lines_ended, wide_encoding
from samverkan.read.header import ANY_HEADER, SEARCHED, HeaderSpec, header_index
from samverkan.read.raw import LINE, RawTable, refuse_empty, refuse_errors, tidy, unique_headers

SEPARATORS = (";", "\t", ",")


def _separator(header: str, name: str, expected: str | None, line: int = 1) -> str:
    found = [s for s in SEPARATORS if s in header]
    if expected is not None:
        if expected not in header:
            seen = f"hittade {found[0]!r}" if found else "hittade ingen avgränsare"
            raise InputError.at(
                f"fel avgränsare: väntade {expected!r} men {seen} i rubrikraden", name, line
            )
        return expected
    if not found:
        raise InputError.at("rubrikraden har ingen avgränsare (; , eller tabb)", name, line)
    return found[0]


def read_csv_text(
    path: Path, name: str, separator: str | None = None, header: HeaderSpec = ANY_HEADER
) -> RawTable:
    """Read a CSV file as text columns; ``separator=None`` detects ``;``, tab or ``,``.

    UTF-8 goes to polars as it is (polars checks it while parsing, far faster than decoding
    it in Python first); a file that is not UTF-8 is decoded as cp1252, or UTF-16/32 when it
    is that, and written out again. Title rows above the ``header`` row are left out, every
    line keeping its number."""
    data = files.read_bytes(path, name)
    wide = wide_encoding(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(wide, "replace").count("\n") + 1
            raise InputError.at(f"filen är inte giltig {wide.upper()}", name, line) from None
        return _read_utf8(lines_ended(text.encode("utf-8")), wide, name, separator, header)
    data = lines_ended(data)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return _read_utf8(
            data[3:] if bom else data, "utf-8-sig" if bom else "utf-8", name, separator, header
        )
    except _NotUtf8:
        text, encoding = decode(data, name)
        return _read_utf8(text.encode("utf-8"), encoding, name, separator, header)


class _NotUtf8(Exception):
    """The bytes are not UTF-8: :func:`decode` names the encoding, or the fault."""


def _title_rows(raw: bytes, header: HeaderSpec, name: str) -> tuple[bytes, int]:
    """(``raw`` from its header row on, the number of title rows left out above it)."""
    if header.row is None and not header.expect:
        return raw, 0
    lines: list[bytes] = []
    start = 0
    while len(lines) < SEARCHED and start < len(raw):  # the top rows only, never a copy of all
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end
        lines.append(raw[start:end])
        start = end + 1
    try:
        rows = [_SPLIT.split(line.decode("utf-8").strip()) for line in lines]
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    index = header_index([[c.strip().strip('"') for c in r] for r in rows], header, name)
    return raw[sum(len(line) + 1 for line in lines[:index]) :], index


_SPLIT = re.compile("[;\t,]")


def _read_utf8(
    raw: bytes, encoding: str, name: str, separator: str | None, header: HeaderSpec
) -> RawTable:
    raw, above = _title_rows(raw, header, name)
    newline = raw.find(b"\n")
    try:
        first = raw[: newline if newline >= 0 else len(raw)].decode("utf-8")
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    sep = _separator(first, name, separator, above + 1)
    frame = _parse(raw, sep, name, above)
    line: pl.Expr | pl.Series = pl.int_range(2, pl.len() + 2, dtype=pl.Int64)  # a record a line
    if frame.height != _records(raw):
        # Quoted cells spanning lines (Alt+Enter in Excel), or blank lines polars skipped (then
        # read again with them as empty records): each record starts below the previous end.
        if frame.height + _breaks(frame).sum() != _records(raw):
            raw = _keep_blank_lines(raw, sep)
            frame = _parse(raw, sep, name, above)
        breaks = _breaks(frame)
        line = (breaks + 1).cum_sum() - breaks + 1
    unique_headers(frame.columns, name, above + 1)
    frame = frame.select(line.cast(pl.Int64).alias(LINE), pl.all())
    _short_rows(raw, frame, sep, name, above)
    frame = tidy(frame.with_columns(pl.col(LINE) + above))
    refuse_errors(frame, name, a1=False)
    refuse_empty(frame, name, above + 2)
    return RawTable(frame, name, "," if sep in ";\t" else ".", encoding)


def _short_rows(raw: bytes, frame: pl.DataFrame, sep: str, name: str, above: int) -> None:
    """A record with fewer fields than the header (a row that ends early) is refused.

    polars fills the missing fields with nulls, which would read as empty cells, so a short
    row can only end in a null. Only such records are looked at: their separators are
    counted in the bytes, and a record holding a quote is split by :mod:`csv`, which knows
    that a quoted separator is text."""
    last = frame.columns[-1]
    if last == LINE or frame.height == 0:
        return
    ends = frame.select(LINE, pl.col(LINE).shift(-1).alias("_next"), pl.col(last).is_null())
    candidates = ends.filter(pl.col(last))
    if candidates.height == 0:
        return
    data = np.frombuffer(raw, dtype=np.uint8)
    breaks = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], breaks + 1))  # starts[k - 1]: the first byte of line k
    stops = np.concatenate((breaks, [len(raw)]))
    first = candidates[LINE].to_numpy() - 1
    following = candidates["_next"].fill_null(len(starts) + 1).to_numpy() - 2
    lo, hi = starts[first], stops[np.minimum(following, len(stops) - 1)]
    seps = np.concatenate(([0], np.cumsum(data == ord(sep))))
    quotes = np.concatenate(([0], np.cumsum(data == ord('"'))))
    wanted = len(frame.columns) - 2  # separators in a whole record (LINE is not a field)
    problems = []
    for number, a, b, n_seps, n_quotes in zip(
        candidates[LINE], lo, hi, seps[hi] - seps[lo], quotes[hi] - quotes[lo], strict=True
    ):
        if n_seps >= wanted and not n_quotes:
            continue
        text = raw[a:b].decode("utf-8", "replace").rstrip("\r\n")
        if not text.replace(sep, "").strip():
            continue  # a blank line or an empty record (Excel's ;;;), dropped later
        fields = next(csv.reader(io.StringIO(text), delimiter=sep), [])
        if len(fields) <= wanted:
            missing = frame.columns[len(fields) + 1]
            problems.append(
                Problem(
                    f"raden slutar efter {len(fields)} fält men rubrikraden har {wanted + 1}: "
                    f"{missing!r} och kolumnerna efter saknas; skriv ut alla fält (tomma "
                    "fält med avgränsaren)",
                    name,
                    int(number) + above,
                    missing,
                )
            )
            if len(problems) == 100:
                break
    if problems:
        raise InputError(problems)


def _parse(raw: bytes, sep: str, name: str, above: int = 0) -> pl.DataFrame:
    try:
        return pl.read_csv(io.BytesIO(raw), separator=sep, infer_schema=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, ValueError) as exc:
        message = str(exc).splitlines()[0]
        if "utf-8" in message.lower():
            raise _NotUtf8 from None
        line, why = _fault(raw, sep)
        raise InputError.at(
            f"filen kan inte tolkas som CSV: {why or message}",
            name,
            None if line is None else line + above,
        ) from None


def _fault(raw: bytes, sep: str) -> tuple[int | None, str | None]:
    """Where a file polars could not parse goes wrong, found by reading it again with
    :mod:`csv` (slower, but it says where): a record with more fields than the header, or a
    quote that is opened and never closed."""
    text = raw.decode("utf-8", "replace")
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    width, start = None, 1
    try:
        for fields in reader:
            if width is None:
                width = len(fields)
            elif len(fields) > width:
                return start, f"raden har {len(fields)} fält men rubrikraden har {width}"
            start = reader.line_num + 1
    except csv.Error:
        return start, 'ett citattecken (") öppnas men stängs aldrig, eller står mitt i ett fält'
    # A quote inside an unquoted field is text to Python's reader but opens a quoted field
    # for polars: the first line with an odd number of quotes is where the reading went wrong.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count('"') % 2:
            return number, (
                'ett citattecken (") på raden stängs aldrig; ta bort det, eller skriv hela '
                'fältet inom citattecken med "" för varje citattecken i texten'
            )
    return None, None


def _breaks(frame: pl.DataFrame) -> pl.Series:
    """Line breaks inside each record's cells."""
    counts = pl.col(frame.columns).str.count_matches("\n", literal=True).fill_null(0)
    return frame.select(pl.sum_horizontal(counts).alias("breaks")).to_series()


def _records(raw: bytes) -> int:
    """Lines after the header, a last line without its newline included."""
    lines = raw.count(b"\n")
    return lines - 1 if raw.endswith(b"\n") else lines


_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")


def _keep_blank_lines(raw: bytes, sep: str) -> bytes:
    """Turn blank lines into empty records, so that line numbers in messages stay true.

    Searched for in the bytes (one pass, no copy of a large file); only a file that has a
    blank line before its end is split into lines and joined again."""
    end = len(raw.rstrip())
    if _BLANK_LINE.search(raw, 0, end) is None:
        return raw
    lines = raw[:end].replace(b"\r\n", b"\n").split(b"\n")
    empty = sep.encode()
    return b"\n".join(line if line.strip() else empty for line in lines)

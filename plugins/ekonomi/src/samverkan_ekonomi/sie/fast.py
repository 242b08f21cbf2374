"""The vectorised SIE reader: polars string operations over every #VER and #TRANS line at once.

Most of a SIE 4 file is #VER and #TRANS lines written the same simple way. Once :mod:`.lines`
has said what each line is and found the structure clean, anchored patterns prove a line simple
(single spaces between fields, no tabs, escapes or control characters, object ids without
spaces, a plain amount); its fields are then cut out with literal splits, because capture
groups cost several times more than a yes/no match. A voucher row is proved and cut in parts:
its prefix (label, account, objects) and its tail (transdat, transtext) once per distinct
value, its amount row by row. Any other line, and every other record, goes through the exact
tokenizer. If the structure is anything but clean, the whole file goes to the exact reader,
which names the first fault. Both readers therefore agree on every file.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from samverkan.api import InputError, read_bytes
from samverkan_ekonomi.sie import exact
from samverkan_ekonomi.sie.checksum import Scan, content, scan, verify_lines
from samverkan_ekonomi.sie.data import VOUCHERS, SieData, in_line_order
from samverkan_ekonomi.sie.lines import BLANK, OTHER, ROW, VER, read_lines, structure
from samverkan_ekonomi.sie.records import Builder
from samverkan_ekonomi.sie.tokens import Field, SieSyntaxError, tokenize
from samverkan_ekonomi.sie.vouchers import voucher_rows

# ASCII classes on purpose: the exact tokenizer separates fields by space and tab only, and a
# line holding anything else a Unicode class would admit is simply left to it. No class admits
# a control character, so every line holding one goes to the tokenizer, which refuses it.
_NOT = r'\x00-\x1f\x7f"\\'
_BARE = rf"[^ {_NOT}{{}}]+"
_WORD = rf'(?:"[^ {_NOT}{{}}]*"|{_BARE})'
"""A token with no space in it, so that splitting on spaces cannot cut it."""
_QUOTED = rf'"[^{_NOT}]*"'
_TOKEN = rf"(?:{_QUOTED}|{_BARE})"
_DAY = r'(?:"[0-9]{8}"|[0-9]{8})'
_NUMBER = r"-?[0-9]{1,13}(?:\.[0-9]{1,2})?"
"""At most 13 digits of kronor: a longer amount goes to the tokenizer, which names it."""
_AMOUNT = rf'(?:"{_NUMBER}"|{_NUMBER})'
_END = rf"(?: {_TOKEN})* *$"
_QUOTED_ID = rf'"[^ {_NOT}{{}}]*"'
_PAIRS = rf"(?:[0-9]+ {_QUOTED_ID}(?: [0-9]+ {_QUOTED_ID})*)?"
"""Object pairs as SIE programs write them: bare dimension, quoted id."""
_OTHER_PAIR = rf'(?:"[0-9]+"|[0-9]+) (?:"[^ {_NOT}{{}}]+"|{_BARE})'
_OTHER_PAIRS = rf"(?:{_OTHER_PAIR}(?: {_OTHER_PAIR})*)?"
"""Any other simple pairs: quoted dimensions or bare ids (never empty, so pairs stay pairs)."""
_PREFIX = rf"^[ \t]*#[RB]?TRANS {_WORD} \{{(?:{_PAIRS}|{_OTHER_PAIRS})$"
"""A voucher row up to the ``}`` of its object list (which holds no brace)."""
_AMOUNT_ALONE = rf"^{_AMOUNT}$"
_TAIL = rf'^(?:(?:""|{_DAY})(?: {_TOKEN})*)? *$'
"""What may follow the amount and one space: transdat, transtext and more, or nothing.

A row is simple when its prefix, its amount (after ``}`` and one space) and its tail match:
together the single pattern ``^[ \t]*#[RB]?TRANS WORD {PAIRS} AMOUNT( DAY( TOKEN)*)? *$``,
cut where no part can reach across."""
_VER = rf"^[ \t]*#VER {_WORD} {_WORD} {_DAY}{_END}"


def _unquote(expr: pl.Expr) -> pl.Expr:
    """A checked simple token's text: it holds no quote inside, so stripping them is exact."""
    return expr.str.strip_chars('"')


def _first_token(rest: pl.Expr) -> pl.Expr:
    """The first token of a simple token sequence, unquoted (null when there is none). Cut
    with literal splits: a simple quoted token holds no quote, a bare one no space."""
    quoted = rest.str.slice(1).str.splitn('"', 2).struct.field("field_0")
    bare = rest.str.splitn(" ", 2).struct.field("field_0")
    return pl.when(rest.str.starts_with('"')).then(quoted).otherwise(bare)


def _split(column: str, by: str, names: list[str]) -> pl.Expr:
    """``column`` split on ``by`` at most ``len(names) - 1`` times, as columns ``names``."""
    return pl.col(column).str.splitn(by, len(names)).struct.rename_fields(names)


def _simple(lines: pl.DataFrame, kind: int, pattern: str) -> pl.LazyFrame:
    """The ``kind`` lines that ``pattern`` proves simple (the pattern tried on those alone:
    in one filter with the kind it would run on every line)."""
    of_kind = lines.filter(pl.col("kind") == kind).select("line", "ver_line", "raw")
    return of_kind.lazy().filter(pl.col("raw").str.contains(pattern))


def _left_over(lines: pl.DataFrame, kind: int, pattern: str, read: int) -> pl.DataFrame:
    """The ``kind`` lines that ``pattern`` did not prove simple (``read`` were)."""
    of_kind = pl.col("kind") == kind
    if lines.select(of_kind.sum()).item() == read:  # the usual file: counted, nothing copied
        return lines.clear().select("line", "ver_line", "raw")
    left = lines.filter(of_kind & ~pl.col("raw").str.contains(pattern))
    return left.select("line", "ver_line", "raw")


def _vouchers(lines: pl.DataFrame) -> pl.LazyFrame:
    """Simple #VER lines read with :data:`VOUCHERS`."""
    return (
        _simple(lines, VER, _VER)
        .select("line", pl.col("raw").str.strip_chars_start(" \t"))
        .select("line", _split("raw", " ", ["_", "series", "vernr", "verdatum", "_rest"]))
        .unnest("raw")
        .select(
            "line",
            _unquote(pl.col("series")),
            _unquote(pl.col("vernr")),
            _unquote(pl.col("verdatum")),
            _first_token(pl.col("_rest")).fill_null("").alias("text"),
        )
    )


def _row_parts(lines: pl.DataFrame) -> pl.LazyFrame:
    """Every voucher row cut at the first ``}`` into its prefix (label, account, objects) and
    the rest, and the rest at its first two spaces into lead (empty), amount and tail."""
    return (
        lines.lazy()
        .filter(pl.col("kind") == ROW)
        .select("line", "ver_line", "raw", _split("raw", "}", ["_prefix", "_after"]).alias("_p"))
        .unnest("_p")
        .select(
            "line",
            "ver_line",
            "raw",
            "_prefix",
            _split("_after", " ", ["_lead", "_amount", "_tail"]).alias("_a"),
        )
        .unnest("_a")
        .with_columns(pl.col("_tail").fill_null(""))  # nothing after the amount
    )


def _rows(parts: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the simple voucher rows of ``parts`` with the columns of ``records.ROW_SCHEMA``,
    the others' ``line``, ``ver_line`` and ``raw`` for the tokenizer).

    A year's rows have a few hundred distinct prefixes (label, account, objects) and tails
    (transdat, transtext): each is proved simple and read once, and joined back to its rows,
    where proving and cutting every row costs several times more. Only the amount, which is
    different in every row, is read row by row."""
    c = pl.col
    amount_ok = (c("_lead") == "") & c("_amount").str.contains(_AMOUNT_ALONE)
    joined = pl.concat(
        [
            parts.with_columns(_amount_ok=amount_ok),
            _per_distinct(parts["_prefix"], _prefix_fields),
            _per_distinct(parts["_tail"], _tail_fields),
        ],
        how="horizontal",
    )
    simple = (c("_amount_ok") & c("_prefix_ok") & c("_tail_ok")).fill_null(False)
    ok = joined.select(simple)["_amount_ok"]
    left = joined.filter(~ok).select("line", "ver_line", "raw")
    read = joined if left.height == 0 else joined.filter(ok)  # the usual file: nothing copied
    return read.select(
        "line",
        "ver_line",
        "label",
        "account",
        "objects",
        "object",
        (_unquote(c("_amount")).cast(pl.Decimal(20, 2)) * 100).cast(pl.Int64).alias("amount_ore"),
        "transdat",
        "text",
    ), left


def _per_distinct(column: pl.Series, fields: Callable[[pl.Expr], list[pl.Expr]]) -> pl.DataFrame:
    """``fields`` of ``column``'s distinct values, one row per row of ``column``: each value is
    looked up by its place among them, where a join on the text costs several times more."""
    distinct = column.unique().to_frame()
    place = column.replace_strict(
        distinct[column.name],
        pl.int_range(distinct.height, eager=True, dtype=pl.UInt32),
        return_dtype=pl.UInt32,
    )
    if column.is_empty():  # replace_strict would keep the text type of nothing
        place = place.cast(pl.UInt32)
    return distinct.select(fields(pl.col(column.name))).select(pl.all().gather(place))


def _prefix_fields(prefix: pl.Expr) -> list[pl.Expr]:
    """Whether a distinct prefix is simple, and its label, account, objects and dimension-1
    object. No token holds a space, so the account is what follows the label, less quotes."""
    head = prefix.str.splitn("{", 2).struct.field("field_0")
    inner = prefix.str.splitn("{", 2).struct.field("field_1")
    label = head.str.strip_chars_start(" \t").str.splitn(" ", 2).struct.field("field_0")
    canonical = inner.str.contains(rf"^{_PAIRS}$")
    objects = pl.when(canonical).then(inner).otherwise(_rewritten(inner))
    return [
        prefix.str.contains(_PREFIX).alias("_prefix_ok"),
        label.alias("label"),
        head.str.splitn("TRANS ", 2).struct.field("field_1").str.strip_chars('" ').alias("account"),
        objects.alias("objects"),
        _dimension_1(objects).alias("object"),
    ]


def _tail_fields(tail: pl.Expr) -> list[pl.Expr]:
    """Whether a distinct tail is simple, and its transdat and transtext."""
    day = tail.str.splitn(" ", 2).struct.field("field_0")
    rest = tail.str.splitn(" ", 2).struct.field("field_1")
    return [
        tail.str.contains(_TAIL).alias("_tail_ok"),
        _unquote(day).fill_null("").alias("transdat"),
        _first_token(rest).fill_null("").alias("text"),
    ]


def _rewritten(inner: pl.Expr) -> pl.Expr:
    """The canonical object list of a checked list written otherwise: quoted dimensions or
    bare ids (never empty, so that without their quotes the tokens still pair up)."""
    bare = inner.str.replace_all('"', "", literal=True)
    return bare.str.replace_all(r"([^ ]+) ([^ ]+)", '${1} "${2}"')


def _dimension_1(objects: pl.Expr) -> pl.Expr:
    """The first dimension-1 id of a canonical object list without escapes (null if none)."""
    first = objects.str.slice(3).str.splitn('"', 2).struct.field("field_0")
    later = objects.str.extract(r' 1 "([^"]*)"')
    return pl.when(objects.str.starts_with('1 "')).then(first).otherwise(later)


def read_sie(path: Path, name: str) -> SieData:
    """Read a SIE 4 file; raise :class:`InputError` naming file and line for any fault."""
    data = read_bytes(path, name)
    # The #KSUMMA content is found from the bytes alone while the records are read.
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanned = pool.submit(scan, data)
        return _read(data, name, scanned.result)


def _read(data: bytes, name: str, scanned: Callable[[], Scan | None]) -> SieData:
    lines, encoding = read_lines(data, name)
    if not (lines["kind"] != BLANK).any():
        raise InputError.at("filen är tom; en SIE-fil börjar med #FLAGGA och #SIETYP", name)
    others = lines.filter(pl.col("kind") == OTHER).select("line", "raw")
    # Independent queries: polars runs them side by side.
    clean, vouchers, parts = pl.collect_all([structure(lines), _vouchers(lines), _row_parts(lines)])
    if not (clean.item() and others["raw"].str.contains(r"^[ \t]*#").all()):
        return exact.parse_lines(lines.select("line", "raw").iter_rows(), name, encoding)
    rows, left_rows = _rows(parts)
    builder = Builder(name, encoding)
    slow = []
    tokenized: dict[int, str] = {}  # what each line read here adds to a #KSUMMA
    left_over = pl.concat([_left_over(lines, VER, _VER, vouchers.height), left_rows])
    for line, ver_line, text in left_over.iter_rows():
        fields = _tokenize(builder, line, text)
        tokenized[line] = content(fields)
        if fields[0] == "#VER":
            builder.voucher(line, fields)
        else:
            slow.append(builder.transaction_row(line, ver_line, str(fields[0]), fields))
    for line, text in others.iter_rows():
        fields = _tokenize(builder, line, text)
        tokenized[line] = content(fields)
        builder.record(line, fields)
    verify_lines(builder.checksum, data, lines, tokenized, encoding, scanned=scanned())
    vouchers = in_line_order(
        vouchers, pl.DataFrame(builder.vouchers, schema=VOUCHERS, orient="row")
    )
    builder.vouchers = []
    if slow:
        rows = in_line_order(rows, pl.DataFrame(slow, schema=rows.schema, orient="row"))
    return builder.finish(vouchers, voucher_rows(rows))


def _tokenize(builder: Builder, line: int, text: str) -> list[Field]:
    try:
        return tokenize(text.strip())  # as the exact reader strips: Python's whitespace
    except SieSyntaxError as exc:
        raise builder.error(line, str(exc)) from None

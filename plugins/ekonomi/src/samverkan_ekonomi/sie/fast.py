"""The vectorised SIE reader: polars string operations over every #VER and #TRANS line at once.

Most of a SIE 4 file is #VER and #TRANS lines written the same simple way. Once :mod:`.lines`
has said what each line is and found the structure clean, one anchored pattern per record
proves a line simple (single spaces between fields, no tabs, escapes or control characters,
object ids without spaces, a plain amount); its fields are then cut out with literal splits,
because capture groups cost several times more than a yes/no match. Any other line, and every
other record, goes through the exact tokenizer. If the structure is anything but clean, the
whole file goes to the exact reader, which names the first fault. Both readers therefore agree
on every file.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from samverkan.api import InputError, read_bytes
from samverkan_ekonomi.sie import exact
from samverkan_ekonomi.sie.checksum import content, verify_lines
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
_ROW = (
    rf"^[ \t]*#[RB]?TRANS {_WORD} \{{{_PAIRS}\}} {_NUMBER}"
    rf'(?: (?:""|{_DAY})(?: {_QUOTED}(?: {_TOKEN})*)? *$| *$)'
)
"""A voucher row as SIE programs write it: bare amount, quoted transtext."""
_OTHER_ROW = (
    rf"^[ \t]*#[RB]?TRANS {_WORD} \{{(?:{_PAIRS}|{_OTHER_PAIRS})\}} {_AMOUNT}"
    rf'(?: (?:""|{_DAY}){_END}| *$)'
)
"""Any other simple voucher row: quoted amount, bare transtext or another object list form."""
_VER = rf"^[ \t]*#VER {_WORD} {_WORD} {_DAY}{_END}"


def _unquote(expr: pl.Expr) -> pl.Expr:
    """A checked simple token's text: it holds no quote inside, so stripping them is exact."""
    return expr.str.strip_chars('"')


def _first_token(rest: pl.Expr) -> pl.Expr:
    """The first token of a simple token sequence, unquoted (null when there is none)."""
    return pl.coalesce(rest.str.extract(r'^"([^"]*)"'), rest.str.extract(r'^([^ "]*)'))


def _split(column: str, by: str, names: list[str]) -> pl.Expr:
    """``column`` split on ``by`` at most ``len(names) - 1`` times, as columns ``names``."""
    return pl.col(column).str.splitn(by, len(names)).struct.rename_fields(names)


def _simple(lines: pl.DataFrame, kind: int, pattern: str) -> pl.LazyFrame:
    """The ``kind`` lines that ``pattern`` proves simple."""
    simple = (pl.col("kind") == kind) & pl.col("raw").str.contains(pattern)
    return lines.lazy().filter(simple).select("line", "ver_line", "raw")


def _left_over(lines: pl.DataFrame, kind: int, pattern: str, read: int) -> pl.DataFrame:
    """The ``kind`` lines that ``pattern`` did not prove simple (``read`` were)."""
    of_kind = pl.col("kind") == kind
    if lines.select(of_kind.sum()).item() == read:  # the usual file: counted, nothing copied
        return lines.clear().select("line", "ver_line", "raw")
    left = lines.filter(of_kind & ~pl.col("raw").str.contains(pattern))
    return left.select("line", "ver_line", "raw")


def _other_rows(left: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows of ``left`` simple though not as programs write them, rows for the tokenizer)."""
    other = pl.col("raw").str.contains(_OTHER_ROW)
    rows = _rows(left.lazy().filter(other), written=False).collect()
    return rows, left.filter(~other)


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


def _rows(simple: pl.LazyFrame, written: bool = True) -> pl.LazyFrame:
    """Simple voucher rows with the columns of ``records.ROW_SCHEMA``; ``written`` when they
    match :data:`_ROW` (else :data:`_OTHER_ROW`), which is cheaper.

    A simple line is cut at its first ``{`` and the ``}`` after it (no id holds a brace) into
    label and account, the object list, and amount, transdat and the rest (transtext, …).
    """
    c = pl.col
    head, rest = c("_head"), c("_rest")
    label = (
        pl.when(head.str.contains(r"^[ \t]*#R"))
        .then(pl.lit("#RTRANS"))
        .when(head.str.contains(r"^[ \t]*#B"))
        .then(pl.lit("#BTRANS"))
        .otherwise(pl.lit("#TRANS"))
    )
    # No token holds a space, so the account is what follows the label, less quotes and space.
    account = head.str.splitn("TRANS ", 2).struct.field("field_1").str.strip_chars('" ')
    if written:  # canonical already, the amount bare, transtext quoted
        objects, amount = c("_objects"), c("_amount")
        text = rest.str.splitn('"', 3).struct.field("field_1")
    else:
        objects = pl.when(c("_objects").str.contains(rf"^{_PAIRS}$")).then(c("_objects"))
        objects = objects.otherwise(_rewritten(c("_objects")))
        amount, text = _unquote(c("_amount")), _first_token(rest)
    return (
        simple.select("line", "ver_line", _split("raw", "{", ["_head", "_tail"]))
        .unnest("raw")
        .select("line", "ver_line", "_head", _split("_tail", "}", ["_objects", "_after"]))
        .unnest("_tail")
        .select(
            "line",
            "ver_line",
            label.alias("label"),
            account.alias("account"),
            objects.alias("objects"),
            _split("_after", " ", ["_", "_amount", "_date", "_rest"]),
        )
        .unnest("_after")
        .select(
            "line",
            "ver_line",
            "label",
            "account",
            "objects",
            _dimension_1(c("objects")).alias("object"),
            (amount.cast(pl.Decimal(20, 2)) * 100).cast(pl.Int64).alias("amount_ore"),
            _unquote(c("_date")).fill_null("").alias("transdat"),
            text.fill_null("").alias("text"),
        )
    )


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
    lines, encoding = read_lines(data, name)
    if not (lines["kind"] != BLANK).any():
        raise InputError.at("filen är tom; en SIE-fil börjar med #FLAGGA och #SIETYP", name)
    others = lines.filter(pl.col("kind") == OTHER).select("line", "raw")
    # Independent queries: polars runs them side by side.
    clean, vouchers, rows = pl.collect_all(
        [structure(lines), _vouchers(lines), _rows(_simple(lines, ROW, _ROW))]
    )
    if not (clean.item() and others["raw"].str.contains(r"^[ \t]*#").all()):
        return exact.parse_lines(lines.select("line", "raw").iter_rows(), name, encoding)
    left_rows = _left_over(lines, ROW, _ROW, rows.height)
    if left_rows.height:
        other, left_rows = _other_rows(left_rows)
        rows = in_line_order(rows, other)
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
    verify_lines(builder.checksum, data, lines, tokenized, encoding)
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

"""The vectorised SIE reader: polars string operations over every #VER and #TRANS line at once.

Most of a SIE 4 file is #VER and #TRANS lines written the same simple way. Those are split on
spaces (no capturing regular expressions, which cost several times more) after cheap checks
prove every token simple: single spaces, no tabs or escapes, a well-formed object list of at
most two pairs, a plain amount. Any other line, and every other record, goes through the exact
tokenizer. If the file's ``#VER { … }`` structure is anything but clean, the whole file goes to
the exact reader, which names the first fault. Both readers therefore agree on every file.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from samverkan import InputError
from samverkan.tabular import utf8_bytes
from samverkan_ekonomi.sie import exact
from samverkan_ekonomi.sie.data import VOUCHERS, SieData
from samverkan_ekonomi.sie.decode import decode
from samverkan_ekonomi.sie.records import ROW_SCHEMA, Builder, KeyLookup, field_key, voucher_rows
from samverkan_ekonomi.sie.tokens import Field, SieSyntaxError, tokenize

ROW, VER, OPEN, CLOSE, OTHER, BLANK = 1, 2, 3, 4, 5, 0
_TOKEN = r'(?:"[^"\\]*"|[^\s"{}\\]+)'
_TOKENS = rf"^{_TOKEN}(?: {_TOKEN})*$"
_WORD = r'(?:"[^"\s\\]*"|[^\s"{}\\]+)'
"""One token with no space in it, so that splitting on spaces cannot have cut it."""
_SIMPLE_TOKEN = rf"^{_WORD}$"
_DIM = r'(?:"\d+"|\d+)'

_PREFIX = 24
_AMOUNT = r'^(?:"-?\d+(?:\.\d{1,2})?"|-?\d+(?:\.\d{1,2})?)$'
_DATE = r'^(?:""|"\d{8}"|\d{8})$'


def _unquote(expr: pl.Expr) -> pl.Expr:
    """A checked simple token's text: it holds no quote inside, so stripping them is exact."""
    return expr.str.strip_chars('"')


def _first_token(rest: pl.Expr) -> pl.Expr:
    """The first token of a simple token sequence, unquoted (null when there is none)."""
    # splitn, not find + slice: find counts bytes, slice counts characters.
    quoted = rest.str.slice(1).str.splitn('"', 2).struct.field("field_0")
    return (
        pl.when(rest.str.starts_with('"'))
        .then(quoted)
        .otherwise(rest.str.splitn(" ", 2).struct.field("field_0"))
    )


def _simple_line(t: pl.Expr) -> pl.Expr:
    return ~(
        t.str.contains("\t", literal=True)
        | t.str.contains("  ", literal=True)
        | t.str.contains("\\", literal=True)
    )


def _ore(amount: pl.Expr) -> pl.Expr:
    """Integer öre from an amount already checked against :data:`_AMOUNT` (exact: Decimal)."""
    return (_unquote(amount).cast(pl.Decimal(20, 2)) * 100).cast(pl.Int64)


def _lines(data: bytes, name: str) -> tuple[pl.DataFrame, str]:
    text, encoding = decode(data, name)
    if "\x1f" in text:
        line = text[: text.index("\x1f")].count("\n") + 1
        raise InputError.at("styrtecken (0x1F) är inte tillåtna i SIE", name, line)
    raw = utf8_bytes(data, text, encoding)
    frame = pl.read_csv(
        io.BytesIO(raw),
        has_header=False,
        separator="\x1f",
        quote_char=None,
        new_columns=["raw"],
        infer_schema=False,
        raise_if_empty=False,
    )
    if "raw" not in frame.columns:  # an empty file: no lines, which the checks then report
        frame = pl.DataFrame(schema={"raw": pl.String})
    # Classify by a short prefix: cheap, and a line it cannot place is OTHER, which sends the
    # file to the exact reader rather than misreading it.
    frame = frame.with_row_index("line", offset=1).with_columns(
        pl.col("line").cast(pl.Int64),
        pl.col("raw").str.head(_PREFIX).str.strip_chars().fill_null("").alias("_head"),
        (pl.col("raw").str.len_bytes().fill_null(0) <= _PREFIX).alias("_short"),
    )
    head, short = pl.col("_head"), pl.col("_short")
    kind = (
        pl.when(head.str.contains(r"^#(?:R|B)?TRANS[ \t]"))
        .then(pl.lit(ROW, pl.Int8))
        .when(head.str.contains(r"^#VER[ \t]"))
        .then(pl.lit(VER, pl.Int8))
        .when((head == "{") & short)
        .then(pl.lit(OPEN, pl.Int8))
        .when((head == "}") & short)
        .then(pl.lit(CLOSE, pl.Int8))
        .when((head == "") & short)
        .then(pl.lit(BLANK, pl.Int8))
        .otherwise(pl.lit(OTHER, pl.Int8))
    )
    lines = frame.select("line", "raw", kind.alias("kind"))
    return lines, encoding


def _structure_is_clean(lines: pl.DataFrame) -> bool:
    """True when every #VER is followed by { … } holding only voucher rows, and nothing else,
    and no line holds a control character."""
    kind = pl.col("kind")
    depth = (kind == OPEN).cast(pl.Int32).cum_sum() - (kind == CLOSE).cast(pl.Int32).cum_sum()
    ok = (
        pl.when(kind == OPEN)
        .then((kind.shift(1) == VER) & (depth == 1))
        .when(kind == CLOSE)
        .then(depth == 0)
        .when(kind == ROW)
        .then(depth == 1)
        .when(kind == VER)
        .then((depth == 0) & (kind.shift(-1) == OPEN))
        .otherwise((depth == 0) & pl.col("raw").str.contains(r"^[ \t]*#"))
    )
    # A control character (other than a tab between fields) is the exact reader's to report.
    control = pl.col("raw").str.contains(r"[\x00-\x08\x0b-\x1f\x7f]").fill_null(False).any()
    checked = (
        lines.lazy()
        .filter(kind != BLANK)
        .select(
            ok.fill_null(False).all().alias("ok"),
            depth.last().alias("depth"),
            control.alias("control"),
        )
        .collect()
    )
    clean = bool(checked.item(0, "ok")) and not checked.item(0, "control")
    return clean and checked.item(0, "depth") in (0, None)


def _fast_vouchers(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(#VER lines read by polars, #VER lines left for the exact tokenizer)."""
    t = pl.col("raw").str.strip_chars()
    body = pl.col("t").str.slice(5)
    parts = body.str.splitn(" ", 4)
    field = parts.struct.field
    simple = (
        _simple_line(pl.col("t"))
        & field("field_0").str.contains(_SIMPLE_TOKEN)
        & field("field_1").str.contains(_SIMPLE_TOKEN)
        & field("field_2").str.contains(r'^(?:"\d{8}"|\d{8})$')
        & (field("field_3").is_null() | field("field_3").str.contains(_TOKENS))
    )
    ver = (
        lines.lazy()
        .filter(pl.col("kind") == VER)
        .with_columns(t=t)
        .with_columns(_simple=simple.fill_null(False), _p=parts)
        .collect()
    )
    f = pl.col("_p").struct.field
    vouchers = ver.filter("_simple").select(
        "line",
        _unquote(f("field_0")).alias("series"),
        _unquote(f("field_1")).alias("vernr"),
        _unquote(f("field_2")).alias("verdatum"),
        _first_token(f("field_3")).fill_null("").alias("text"),
    )
    return vouchers, ver.filter(~pl.col("_simple")).select("line", "raw")


def _fast_rows(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(voucher rows read by polars with :data:`ROW_SCHEMA`, rows left for the tokenizer).

    A simple line splits on single spaces into: label, account, the object list as one token
    (``{}``) or as two or four (``{1`` ``"130"}`` or ``{1`` ``"130"`` ``6`` ``"P901"}``), the
    amount, then optionally transdat and the rest (transtext, quantity, sign). Every token is
    checked, so a quoted id or text containing a space can only lead to the exact tokenizer.
    """
    c = pl.col
    tok = c("_tok")

    def get(i: int | pl.Expr) -> pl.Expr:
        return tok.list.get(i, null_on_oob=True)

    k = (
        pl.when(get(2) == "{}")
        .then(2)
        .when(get(3).str.ends_with("}"))
        .then(3)
        .when(get(5).str.ends_with("}"))
        .then(5)
    )
    split = (
        lines.lazy()
        .filter(c("kind") == ROW)
        .select("line", c("raw").str.strip_chars().alias("_t"))
        .with_columns(_tok=c("_t").str.split(" "))
    )
    fields = split.with_columns(_k=k, _n=tok.list.len()).with_columns(
        label=get(0),
        _account=get(1),
        _d1=get(2).str.strip_chars_start("{"),
        _o1=get(3).str.strip_chars_end("}"),
        _d2=get(4),
        _o2=get(5).str.strip_chars_end("}"),
        _amount=get(c("_k") + 1),
        _date=get(c("_k") + 2),
        _rest=pl.when(c("_n") > c("_k") + 3).then(tok.list.slice(c("_k") + 3).list.join(" ")),
    )
    none, one, two = c("_k") == 2, c("_k") == 3, c("_k") == 5
    closing = rf"^{_WORD}\}}$"  # the object list's last token: exactly one closing brace
    simple = (
        ~c("_t").str.contains(r"[\t\\]|  ")
        & c("_k").is_not_null()
        & c("label").is_in(["#TRANS", "#RTRANS", "#BTRANS"])
        & c("_account").str.contains(_SIMPLE_TOKEN)
        & (none | get(2).str.contains(rf"^\{{{_DIM}$"))
        & (~one | get(3).str.contains(closing))
        & (
            ~two
            | (
                get(3).str.contains(_SIMPLE_TOKEN)
                & get(4).str.contains(rf"^{_DIM}$")
                & get(5).str.contains(closing)
            )
        )
        & c("_amount").str.contains(_AMOUNT)
        & (c("_date").is_null() | c("_date").str.contains(_DATE))
        & (c("_rest").is_null() | c("_rest").str.contains(_TOKENS))
    )
    first = pl.concat_str(_unquote(c("_d1")), pl.lit(":"), _unquote(c("_o1")))
    second = pl.concat_str(pl.lit("\t"), _unquote(c("_d2")), pl.lit(":"), _unquote(c("_o2")))
    objects = (
        pl.when(none).then(pl.lit("")).when(two).then(pl.concat_str(first, second)).otherwise(first)
    )
    dim1 = (
        pl.when(none)
        .then(pl.lit(None, pl.String))
        .when(_unquote(c("_d1")) == "1")
        .then(_unquote(c("_o1")))
        .when(two & (_unquote(c("_d2")) == "1"))
        .then(_unquote(c("_o2")))
    )
    parsed = (
        fields.with_columns(_simple=simple.fill_null(False))
        .drop("_tok")
        .with_columns(
            account=_unquote(c("_account")),
            objects=objects,
            object=dim1,
            amount_ore=pl.when("_simple").then(_ore(c("_amount"))),
            transdat=_unquote(c("_date")).fill_null(""),
            text=_first_token(c("_rest")).fill_null(""),
            key=pl.lit(None, pl.String),
        )
        .collect()
    )
    rows = parsed.filter("_simple").select(list(ROW_SCHEMA))
    return rows, parsed.filter(~c("_simple")).select("line", c("_t").alias("raw"))


def read_sie(path: Path, name: str) -> SieData:
    """Read a SIE 4 file; raise :class:`InputError` naming file and line for any fault."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError.at(f"filen kan inte läsas: {exc.strerror}", name) from None
    lines, encoding = _lines(data, name)
    if lines.filter(pl.col("kind") != BLANK).height == 0:
        raise InputError.at("filen är tom; en SIE-fil börjar med #FLAGGA och #SIETYP", name)
    if not _structure_is_clean(lines):
        return exact.parse_lines(lines.select("line", "raw").iter_rows(), name, encoding)
    builder = Builder(name, encoding)
    vouchers, slow_vouchers = _fast_vouchers(lines)
    rows, slow_rows = _fast_rows(lines)
    slow = []
    for line, text in slow_vouchers.vstack(slow_rows).iter_rows():
        fields = _tokenize(builder, line, text)
        if fields[0] == "#VER":
            builder.voucher(line, fields)
        else:
            slow.append(builder.transaction_row(line, str(fields[0]), fields))
    for line, text in lines.filter(pl.col("kind") == OTHER).select("line", "raw").iter_rows():
        builder.record(line, _tokenize(builder, line, text))
    vouchers = pl.concat(
        [vouchers, pl.DataFrame(builder.vouchers, schema=VOUCHERS, orient="row")]
    ).sort("line")
    builder.vouchers = []
    rows = pl.concat([rows, pl.DataFrame(slow, schema=ROW_SCHEMA, orient="row")])
    return builder.finish(vouchers, voucher_rows(rows, vouchers, _keys(builder, lines)))


def _keys(builder: Builder, lines: pl.DataFrame) -> KeyLookup:
    def lookup(wanted: list[int]) -> dict[int, str]:
        texts = lines.filter(pl.col("line").is_in(wanted)).select("line", "raw").iter_rows()
        return {line: field_key(_tokenize(builder, line, text)) for line, text in texts}

    return lookup


def _tokenize(builder: Builder, line: int, text: str) -> list[Field]:
    try:
        return tokenize(text)
    except SieSyntaxError as exc:
        raise builder.error(line, str(exc)) from None

"""Reading tables the way Swedish municipalities write them: CSV from Excel and xlsx exports.

CSV: ``;`` separator with decimal comma (or ``,`` with decimal point, or tab), UTF-8 with or
without BOM, cp1252 (what Excel writes on a Swedish Windows), or UTF-16 (Excel's "Unicode
text"). Numbers may use space, no-break space or thin space as thousands separator, ``-``,
U+2212 or U+2011 as minus, and parentheses for negatives. Every cell is read as text first and
converted afterwards, so a bad cell is reported with its file, line and column instead of being
guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import numpy as np
import polars as pl

from samverkan.errors import InputError, Problem
from samverkan.model.casts import QUANTITY
from samverkan.model.money import MAX_ORE
from samverkan.model.units import ServiceUnit
from samverkan.read import files, workbook
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits

if TYPE_CHECKING:
    from samverkan.read.registry import Source

LINE = "_line"
"""Column holding the 1-based line (CSV) or row (xlsx) of each record in its file."""
_SEPARATORS = (";", "\t", ",")
_NUMBER = r"^(-?)(\d+)(?:[{mark}](\d+))?$"


@attrs.frozen
class RawTable:
    """A file read as text: every column a String, plus :data:`LINE`."""

    frame: pl.DataFrame
    name: str
    """How the file is named in messages (the path as the user wrote it)."""
    decimal_mark: str
    encoding: str


def wide_encoding(data: bytes) -> str | None:
    """``utf-16``/``utf-32`` (with a BOM) or ``utf-16-le``/``utf-16-be`` (without, told by
    the zero byte beside nearly every character), or None for a byte-per-letter file. Excel's
    "Unicode text" export is UTF-16."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    even, odd = head[::2], head[1::2]
    if len(head) >= 8 and 0 not in even and odd.count(0) >= 0.9 * len(odd):
        return "utf-16-le"
    if len(head) >= 8 and 0 not in odd and even.count(0) >= 0.9 * len(even):
        return "utf-16-be"
    return None


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then cp1252; return (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # a BOM promises UTF-8: no guessing then
            line = data[: exc.start + 3].count(b"\n") + 1
            raise InputError.at(
                "filen börjar som UTF-8 (BOM) men är inte giltig UTF-8; spara den som CSV UTF-8",
                name,
                line,
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError.at(
            f"filen är varken UTF-8 eller cp1252 (byte 0x{data[exc.start]:02x}); "
            "spara den som CSV UTF-8 i Excel",
            name,
            line,
        ) from None


def _separator(header: str, name: str, expected: str | None) -> str:
    found = [s for s in _SEPARATORS if s in header]
    if expected is not None:
        if expected not in header:
            seen = f"hittade {found[0]!r}" if found else "hittade ingen avgränsare"
            raise InputError.at(
                f"fel avgränsare: väntade {expected!r} men {seen} i rubrikraden", name, 1
            )
        return expected
    if not found:
        raise InputError.at("rubrikraden har ingen avgränsare (; , eller tabb)", name, 1)
    return found[0]


def read_csv_text(path: Path, name: str, separator: str | None = None) -> RawTable:
    """Read a CSV file as text columns; ``separator=None`` detects ``;``, tab or ``,``.

    UTF-8 goes to polars as it is (polars checks it while parsing, far faster than decoding
    it in Python first); a file that is not UTF-8 is decoded as cp1252, or UTF-16/32 when it
    is that, and written out again."""
    data = files.read_bytes(path, name)
    wide = wide_encoding(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(wide, "replace").count("\n") + 1
            raise InputError.at(f"filen är inte giltig {wide.upper()}", name, line) from None
        return _read_utf8(text.encode("utf-8"), wide, name, separator)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return _read_utf8(
            data[3:] if bom else data, "utf-8-sig" if bom else "utf-8", name, separator
        )
    except _NotUtf8:
        text, encoding = decode(data, name)
        return _read_utf8(text.encode("utf-8"), encoding, name, separator)


class _NotUtf8(Exception):
    """The bytes are not UTF-8: :func:`decode` names the encoding, or the fault."""


def _read_utf8(raw: bytes, encoding: str, name: str, separator: str | None) -> RawTable:
    newline = raw.find(b"\n")
    try:
        header = raw[: newline if newline >= 0 else len(raw)].decode("utf-8")
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    sep = _separator(header, name, separator)
    frame = _parse(raw, sep, name)
    line: pl.Expr | pl.Series = pl.int_range(2, pl.len() + 2, dtype=pl.Int64)  # a record a line
    if frame.height != _records(raw):
        # Quoted cells spanning lines (Alt+Enter in Excel), or blank lines polars skipped (then
        # read again with them as empty records): each record starts below the previous end.
        if frame.height + _breaks(frame).sum() != _records(raw):
            raw = _keep_blank_lines(raw, sep)
            frame = _parse(raw, sep, name)
        breaks = _breaks(frame)
        line = (breaks + 1).cum_sum() - breaks + 1
    _unique_headers(frame.columns, name)
    frame = frame.select(line.cast(pl.Int64).alias(LINE), pl.all())
    _short_rows(raw, frame, sep, name)
    frame = _tidy(frame)
    _refuse_errors(frame, name, a1=False)
    _refuse_empty(frame, name)
    return RawTable(frame, name, "," if sep in ";\t" else ".", encoding)


def _short_rows(raw: bytes, frame: pl.DataFrame, sep: str, name: str) -> None:
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
                    int(number),
                    missing,
                )
            )
            if len(problems) == 100:
                break
    if problems:
        raise InputError(problems)


EXCEL_ERRORS = frozenset(
    (
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        # as a Swedish Excel writes them
        "#DIVISION/0!",
        "#SAKNAS!",
        "#NAMN?",
        "#SKÄRNING!",
        "#OGILTIGT!",
        "#REFERENS!",
        "#VÄRDEFEL!",
    )
)
"""Excel's error values, in English and Swedish: a cell showing one holds no value."""


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _refuse_errors(frame: pl.DataFrame, name: str, *, a1: bool, sheet: str = "") -> None:
    """Every cell holding an Excel error value, named by row and column (or A1 cell)."""
    cells = [c for c in frame.columns if c != LINE]
    hit = frame.select(pl.any_horizontal(pl.col(cells).is_in(list(EXCEL_ERRORS))).any()).item()
    if not hit:
        return
    problems = []
    for index, column in enumerate(cells):
        bad = frame.filter(pl.col(column).is_in(list(EXCEL_ERRORS))).select(LINE, column)
        for line, value in bad.head(100).iter_rows():
            where = f"cellen {column_letter(index)}{line}" + (
                f" på bladet {sheet!r}" if sheet else ""
            )
            problems.append(
                Problem(
                    f"{where} innehåller Excel-felet {value} i stället för ett värde; rätta "
                    "formeln i arbetsboken och exportera igen",
                    name,
                    None if a1 else line,
                    f"{column_letter(index)}{line}" if a1 else column,
                )
            )
    raise InputError(problems[:100])


def _refuse_empty(frame: pl.DataFrame, name: str) -> None:
    if frame.height == 0:
        raise InputError.at(
            "filen har en rubrikrad men inga rader med uppgifter; exportera igen med raderna",
            name,
            2,
        )


def _parse(raw: bytes, sep: str, name: str) -> pl.DataFrame:
    try:
        return pl.read_csv(io.BytesIO(raw), separator=sep, infer_schema=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, ValueError) as exc:
        message = str(exc).splitlines()[0]
        if "utf-8" in message.lower():
            raise _NotUtf8 from None
        line, why = _fault(raw, sep)
        raise InputError.at(
            f"filen kan inte tolkas som CSV: {why or message}", name, line
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


def _unique_headers(columns: Sequence[str], name: str) -> None:
    """Two columns with the same header (blank ones included) cannot be told apart."""
    seen: set[str] = set()
    for column in columns:
        header = column.strip()
        if header in seen:
            what = f"rubriken {header!r}" if header else "en tom rubrik"
            raise InputError.at(f"{what} förekommer mer än en gång i rubrikraden", name, 1)
        seen.add(header)


_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")


def utf8_bytes(data: bytes, text: str, encoding: str) -> bytes:
    """The file as UTF-8 for polars: UTF-8 as it is (without a BOM), other code pages as
    ``text`` written out again; a large UTF-8 file is then never decoded and encoded twice."""
    if encoding == "utf-8-sig":
        return data[3:]
    return data if encoding in ("ascii", "utf-8") else text.encode("utf-8")


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


def read_xlsx_text(
    path: Path, name: str, sheet: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> RawTable:
    """Read one sheet of an xlsx workbook (the first unless named) as text columns.

    The workbook is inspected first (:func:`samverkan.workbook.inspect`): one that unpacks
    beyond ``limits`` or holds Excel error values is refused before it is parsed."""
    if not path.is_file():
        files.read_bytes(path, name)  # says why: missing, a folder, a loop …
    workbook.inspect(path, name, sheet, limits)
    try:
        frame = (
            pl.read_excel(path, sheet_name=sheet, infer_schema_length=0)
            if sheet
            else pl.read_excel(path, sheet_id=1, infer_schema_length=0)
        )
    except Exception as exc:  # fastexcel raises its own types; report them as bad input
        raise InputError.at(
            f"arbetsboken kan inte läsas: {str(exc).splitlines()[0]}", name
        ) from None
    frame = frame.select(pl.all().cast(pl.String))
    _unique_headers(frame.columns, name)
    frame = _tidy(frame.with_row_index(LINE, offset=2).with_columns(pl.col(LINE).cast(pl.Int64)))
    _refuse_errors(frame, name, a1=True, sheet=sheet or "")
    _refuse_empty(frame, name)
    return RawTable(frame, name, ".", "xlsx")


def read_text_table(
    path: Path,
    name: str,
    separator: str | None = None,
    sheet: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawTable:
    """Read CSV or xlsx by the file's extension."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx_text(path, name, sheet, limits)
    return read_csv_text(path, name, separator)


def read_source(source: Source) -> RawTable:
    """The file of a ``[[sources]]`` entry as text columns, with its ``separator`` and
    ``sheet`` options and the build's :class:`~samverkan.workbook.ReadLimits`."""
    for key in ("separator", "sheet"):
        value = source.options.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError.at(f"{key} ska vara en text, inte {value!r}", source.name, None, key)
    separator = source.options.get("separator")
    if separator is not None and separator not in _SEPARATORS:
        raise InputError.at(
            f"separator {separator!r}: använd ';', ',' eller tabb", source.name, None, "separator"
        )
    return read_text_table(
        source.path, source.name, separator, source.options.get("sheet"), source.limits
    )


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim header names and cells, and drop rows with every cell empty (Excel's trailing ;;;)."""
    frame = frame.rename({c: c.strip() for c in frame.columns})
    cells = [c for c in frame.columns if c != LINE]
    frame = frame.with_columns(pl.col(cells).str.strip_chars().replace("", None))
    return frame.filter(~pl.all_horizontal(pl.col(cells).is_null()))


def find_column(table: RawTable, wanted: str) -> str | None:
    """The header for ``wanted``, ignoring case: an exact match, else one that starts with it
    and a space (board papers write "Budget 2018" where a definition says "Budget")."""
    headers = [c for c in table.frame.columns if c != LINE]
    for header in headers:
        if header.lower() == wanted.lower():
            return header
    for header in headers:
        if header.lower().startswith(wanted.lower() + " "):
            return header
    return None


def require_columns(table: RawTable, columns: Sequence[str]) -> dict[str, str]:
    """Map each wanted column to the file's header, ignoring case; list every one missing."""
    by_lower = {c.lower(): c for c in table.frame.columns}
    missing = [c for c in columns if c.lower() not in by_lower]
    if missing:
        have = ", ".join(c for c in table.frame.columns if c != LINE)
        raise InputError(
            [Problem(f"kolumnen saknas (filen har: {have})", table.name, 1, c) for c in missing]
        )
    return {c: by_lower[c.lower()] for c in columns}


def role_columns(
    table: RawTable, option: object, defaults: Mapping[str, str], required: Sequence[str]
) -> dict[str, str]:
    """Role → the file's header, for a reader whose ``columns`` option renames its roles.

    ``defaults`` gives each role's usual header and ``option`` (the source's ``columns``, or
    None) any the user renames. The ``required`` roles must be in the file, every one missing
    listed; the other roles are kept when the file has them.
    """
    if option is None:
        option = {}
    if not isinstance(option, Mapping) or not all(isinstance(v, str) for v in option.values()):
        raise InputError.at(
            'columns ska vara en tabell {roll = "rubrik", …}', table.name, None, "columns"
        )
    unknown = set(option) - set(defaults)
    if unknown:
        raise InputError.at(
            f"okända kolumnroller {sorted(unknown)}; tillåtna: {', '.join(defaults)}",
            table.name,
            None,
            "columns",
        )
    headers = {**defaults, **option}
    found = require_columns(table, [headers[r] for r in required])
    out = {r: found[headers[r]] for r in required}
    for role in headers.keys() - set(required):
        header = find_column(table, headers[role])
        if header is not None:
            out[role] = header
    return out


def _number_parts(column: str, decimal_mark: str) -> tuple[pl.Expr, pl.Expr]:
    """(the cell's number parts as a struct of sign, whole and fraction; whether the cell
    is written in parentheses, the accounting form of a negative number)."""
    s = pl.col(column)
    negative_paren = s.str.starts_with("(") & s.str.ends_with(")")
    cleaned = (
        s.str.replace_all(r"[\s\u00a0\u202f]", "")
        .str.replace_all("[\u2212\u2011\u2013]", "-")
        .str.strip_chars("()")
    )
    return cleaned.str.extract_groups(_NUMBER.format(mark=f"\\{decimal_mark}")), negative_paren


def amount_expr(column: str, unit_ore: int, decimal_mark: str) -> pl.Expr:
    """An expression turning a Swedish-written amount in ``column`` into integer öre.

    ``unit_ore`` is what one written unit is worth (100 000 for tkr). Unparsable cells, cells
    with more decimals than öre allow and amounts beyond :data:`samverkan.model.money.MAX_ORE`
    become null; :func:`parse_amounts` reports them. The arithmetic is done in 128 bits, so
    an amount too large for the ledger is refused, never wrapped round to another number.
    """
    digits = len(str(unit_ore)) - 1
    parts, negative_paren = _number_parts(column, decimal_mark)
    frac = parts.struct.field("3").fill_null("")
    whole_text = parts.struct.field("2")
    # Sixteen digits are more than any amount the ledger holds in any unit, and they fit.
    whole = pl.when(whole_text.str.len_chars() <= 16).then(whole_text.cast(pl.Int128))
    frac_ore = frac.str.pad_end(digits, "0").cast(pl.Int128, strict=False) if digits else 0
    value = pl.when(frac.str.len_chars() <= digits).then(whole * unit_ore + frac_ore)
    sign = pl.when((parts.struct.field("1") == "-") != negative_paren).then(-1).otherwise(1)
    signed = value * sign
    return pl.when(signed.abs() <= MAX_ORE).then(signed).cast(pl.Int64)


def _too_large(column: str, unit_ore: int, decimal_mark: str) -> pl.Expr:
    """True where the cell is a well-written number whose amount the ledger cannot hold."""
    parts, _ = _number_parts(column, decimal_mark)
    written = parts.struct.field("2").is_not_null()
    return written & amount_expr(column, unit_ore, decimal_mark).is_null()


def parse_amounts(table: RawTable, columns: dict[str, str], unit_ore: int) -> pl.DataFrame:
    """Convert ``columns`` (wanted name → header) to öre; report every cell that does not parse."""
    largest = f"{MAX_ORE // 100:,}".replace(",", " ")
    mark = f" (decimaltecken {table.decimal_mark!r})" if table.decimal_mark else ""
    return _parse_numbers(
        table,
        columns,
        unit_ore,
        f"{{value!r}} är större än vad samverkan räknar med (högst {largest} kr); "
        "kontrollera enheten och beloppet",
        "{value!r} är inget belopp; skriv till exempel 10 307 eller −2 000" + mark,
    )


def parse_quantities(table: RawTable, columns: dict[str, str]) -> pl.DataFrame:
    """Convert ``columns`` (wanted name → header) to exact quantities with at most six decimals
    (``1,5`` hours is 1.5, never 1), as :data:`~samverkan.model.casts.QUANTITY`; report every
    cell that does not parse."""
    mark = f" (decimaltecken {table.decimal_mark!r})" if table.decimal_mark else ""
    frame = _parse_numbers(
        table,
        columns,
        10**6,
        "{value!r} är större än vad samverkan räknar med (högst 1 000 000 000)",
        "{value!r} är ingen mängd; skriv till exempel 11 490 eller 1,5 (högst sex decimaler)"
        + mark,
    )
    # Millionths as integers, then the same number as a decimal: exact all the way.
    return frame.with_columns(pl.col(f"_{w}").cast(QUANTITY) / 10**6 for w in columns)


def _parse_numbers(
    table: RawTable, columns: dict[str, str], unit: int, too_large: str, not_a_number: str
) -> pl.DataFrame:
    frame = table.frame.with_columns(
        amount_expr(header, unit, table.decimal_mark).alias(f"_{wanted}")
        for wanted, header in columns.items()
    )
    checks: list[Check] = []
    for wanted, header in columns.items():
        large = _too_large(header, unit, table.decimal_mark)
        checks.append((large, header, too_large))
        checks.append(
            (
                pl.col(header).is_not_null() & pl.col(f"_{wanted}").is_null() & ~large,
                header,
                not_a_number,
            )
        )
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)
    return frame


def require_filled(
    table: RawTable, frame: pl.DataFrame, columns: Iterable[str], hint: str = ""
) -> None:
    """Refuse every empty cell in ``columns`` (headers): an empty cell is accepted only where
    a reader's documented format says the column may be empty."""
    checks: list[Check] = [
        (pl.col(c).is_null(), c, "cellen är tom" + (f"; {hint}" if hint else "")) for c in columns
    ]
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)


def parse_integers(table: RawTable, columns: dict[str, str]) -> pl.DataFrame:
    """Convert whole-number ``columns`` (counts, population) to Int64, reporting bad cells."""
    return parse_amounts(table, columns, 1)


def member_code(column: str, unit: ServiceUnit, unknown: str | None = None) -> pl.Expr:
    """The kommunkod of the member named in ``column`` by name or code, in any case.

    A blank cell stays null (files use it for "the whole board"); a name that is no member
    becomes ``unknown``, so a reader that allows blanks can still report the wrong names.
    """
    codes = {m.name.lower(): m.kommunkod for m in unit.members}
    codes |= {m.kommunkod: m.kommunkod for m in unit.members}
    text = pl.col(column).str.strip_chars()
    return pl.when(text.is_not_null() & (text != "")).then(
        text.str.to_lowercase().replace_strict(codes, default=unknown, return_dtype=pl.String)
    )


def first_row(frame: pl.DataFrame, name: str) -> str:
    """``file:line`` of the first of ``frame``'s rows: where a note about them points."""
    return f"{name}:{frame.select(pl.col(LINE).min()).item()}"


Check = tuple[pl.Expr, str, str]
"""A rule for :func:`cell_problems`: (true on the failing rows, the column the problem is
in, the message, where ``{value}`` stands for that cell)."""


def cell_problems(
    table: RawTable, frame: pl.DataFrame, checks: Iterable[Check], limit: int = 100
) -> list[Problem]:
    """One problem per failing row of each check (at most ``limit`` per check), each with the
    file, the row's line and the column: every fault in the file at once, located.

    All checks are tried in one pass first; only a check that fails anywhere has its rows
    fetched (a million-row file that is right costs one pass, not a filtered copy per check).
    """
    checks = list(checks)
    failing = [rule.fill_null(False) for rule, _, _ in checks]
    found = frame.select(f.any().alias(str(i)) for i, f in enumerate(failing)).row(0)
    return [
        Problem(message.format(value=value), table.name, line, column)
        for fails, (_, column, message), any_fails in zip(failing, checks, found, strict=True)
        if any_fails
        for line, value in frame.lazy()
        .filter(fails)
        .select(LINE, column)
        .head(limit)
        .collect()
        .iter_rows()
    ]

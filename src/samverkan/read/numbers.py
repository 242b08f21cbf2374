"""Numbers as Swedish files write them, to exact integers: ``10 307``, ``−2 000``, ``(150)``,
``1 234,50``. Space, no-break space, thin or narrow no-break space between groups of three
digits, ``-``, U+2212 or U+2011 as minus, parentheses round an unsigned amount for a negative
one. Only ASCII digits are digits. A cell that is no number (``80 97``, ``(8 097``,
``((8 097))``, ``(−8 097)``, ``١٤٦٦``), has more decimals than its unit allows, or is larger
than the ledger holds, is refused with its file, line and column, never rounded.
"""

from __future__ import annotations

import polars as pl

from samverkan.errors import InputError, Problem
from samverkan.model.casts import QUANTITY
from samverkan.model.money import MAX_ORE
from samverkan.read.raw import LINE, Check, RawTable, cell_problems

GROUP_SEPARATORS = " \u00a0\u2009\u202f"
"""Between groups of three digits: space, no-break space, thin space, narrow no-break space."""
_DIGITS = rf"(?:[0-9]{{1,3}}(?:[{GROUP_SEPARATORS}][0-9]{{3}})+|[0-9]+)"
"""ASCII digits only (``\\d`` in polars is any Unicode digit): grouped by three, or not at all."""
_NUMBER = rf"^(-?)[{GROUP_SEPARATORS}]?({_DIGITS})(?:MARK([0-9]+))?$"
_WHOLE_DIGITS = 16
"""More digits of whole units than any amount the ledger holds in any unit, and they fit."""


def _number_parts(column: str, decimal_mark: str) -> pl.Expr:
    """The cell's number as a struct of sign (``-`` or ``""``), whole digits (null when the
    cell is no number) and decimals. Parentheses mean minus only round one unsigned amount.

    Each step is a field of one struct, built on the fields before it: an expression used
    twice in a polars tree is computed twice, and the regex many times over made reading
    the data most of a report's cost.
    """
    mark = "[" + "".join(f"\\{m}" for m in decimal_mark or ".,") + "]"
    s = pl.field("s")
    paren = pl.field("paren")
    sign, whole = pl.field("parts").struct.field("1"), pl.field("parts").struct.field("2")
    return (
        pl.struct(s=pl.col(column).str.strip_chars().str.replace_all("[\u2212\u2011\u2013]", "-"))
        .struct.with_fields(paren=s.str.starts_with("(") & s.str.ends_with(")"))
        .struct.with_fields(
            parts=pl.when(paren)
            .then(s.str.slice(1, s.str.len_chars() - 2))
            .otherwise(s)
            .str.extract_groups(_NUMBER.replace("MARK", mark))
        )
        .struct.with_fields(
            sign=pl.when(paren).then(pl.lit("-")).otherwise(sign),
            whole=pl.when(whole.is_not_null() & ~(paren & (sign == "-"))).then(
                whole.str.replace_all(f"[{GROUP_SEPARATORS}]", "")
            ),
            decimals=pl.field("parts").struct.field("3").fill_null(""),
        )
    )


def _number(column: str, unit_ore: int, decimal_mark: str) -> pl.Expr:
    """:func:`_number_parts` with ``value``: the amount in integer öre, or null (no number,
    too many decimals, too large)."""
    digits = len(str(unit_ore)) - 1
    frac, whole_text = pl.field("decimals"), pl.field("whole")
    # Non-strict casts: polars computes every branch of a `when`, also for the rows it drops.
    fits = whole_text.str.len_chars() <= _WHOLE_DIGITS
    whole = pl.when(fits).then(whole_text.cast(pl.Int128, strict=False))
    frac_ore = frac.str.pad_end(digits, "0").cast(pl.Int128, strict=False) if digits else 0
    value = pl.when(frac.str.len_chars() <= digits).then(whole * unit_ore + frac_ore)
    signed = pl.field("unsigned") * pl.when(pl.field("sign") == "-").then(-1).otherwise(1)
    return (
        _number_parts(column, decimal_mark)
        .struct.with_fields(unsigned=value)
        .struct.with_fields(value=pl.when(signed.abs() <= MAX_ORE).then(signed).cast(pl.Int64))
    )


def amount_expr(column: str, unit_ore: int, decimal_mark: str) -> pl.Expr:
    """An expression turning a Swedish-written amount in ``column`` into integer öre.

    ``unit_ore`` is what one written unit is worth (100 000 for tkr). Unparsable cells, cells
    with more decimals than öre allow and amounts beyond :data:`samverkan.model.money.MAX_ORE`
    become null; :func:`parse_amounts` reports them. The arithmetic is done in 128 bits, so
    an amount too large for the ledger is refused, never wrapped round to another number.
    """
    return _number(column, unit_ore, decimal_mark).struct.field("value")


def _faults(number: pl.Expr, unit_ore: int) -> tuple[pl.Expr, pl.Expr]:
    """(true where the cell is a well-written number with more decimals than the unit has,
    true where it is a well-written number the ledger cannot hold), from :func:`_number`."""
    written = number.struct.field("whole").is_not_null()
    decimals = written & (number.struct.field("decimals").str.len_chars() > len(str(unit_ore)) - 1)
    large = written & ~decimals & number.struct.field("value").is_null()
    return decimals, large


def _decimals_message(unit: int, what: str) -> str:
    allowed = len(str(unit)) - 1
    if allowed == 0:
        return f"{{value!r}} har decimaler, men {what} är ett heltal; skriv det utan decimaler"
    return (
        f"{{value!r}} har fler decimaler än {what} kan ha (högst {allowed}); "
        "samverkan avrundar aldrig: skriv beloppet med högst så många decimaler"
    )


def _mark(table: RawTable) -> str:
    marks = " eller ".join(repr(m) for m in table.decimal_mark)
    return f" (decimaltecken {marks})" if marks else ""


def parse_amounts(table: RawTable, columns: dict[str, str], unit_ore: int) -> pl.DataFrame:
    """Convert ``columns`` (wanted name → header) to öre; report every cell that does not parse."""
    largest = f"{MAX_ORE // 100:,}".replace(",", " ")
    mark = _mark(table)
    return _parse_numbers(
        table,
        columns,
        unit_ore,
        too_large=f"{{value!r}} är större än vad samverkan räknar med (högst {largest} kr); "
        "kontrollera enheten och beloppet",
        not_a_number="{value!r} är inget belopp; skriv till exempel 10 307 eller −2 000 "
        "(siffrorna 0–9, grupper om tre siffror)" + mark,
        too_many_decimals=_decimals_message(
            unit_ore, "talet" if unit_ore == 1 else "ett belopp i den här enheten"
        ),
    )


def parse_quantities(table: RawTable, columns: dict[str, str]) -> pl.DataFrame:
    """Convert ``columns`` (wanted name → header) to exact quantities with at most six decimals
    (``1,5`` hours is 1.5, never 1), as :data:`~samverkan.model.casts.QUANTITY`; report every
    cell that does not parse."""
    mark = _mark(table)
    # The example follows the file's decimal mark: a ',' file writes one and a half as 1.5.
    half = "1,5" if "," in (table.decimal_mark or ",") else "1.5"
    frame = _parse_numbers(
        table,
        columns,
        10**6,
        too_large="{value!r} är större än vad samverkan räknar med (högst 1 000 000 000)",
        not_a_number=f"{{value!r}} är ingen mängd; skriv till exempel 11 490 eller {half} "
        "(högst sex decimaler)" + mark,
        too_many_decimals=_decimals_message(10**6, "en mängd"),
    )
    # Millionths as integers, then the same number as a decimal: exact all the way.
    return frame.with_columns(pl.col(f"_{w}").cast(QUANTITY) / 10**6 for w in columns)


def _parse_numbers(
    table: RawTable,
    columns: dict[str, str],
    unit: int,
    *,
    too_large: str,
    not_a_number: str,
    too_many_decimals: str,
) -> pl.DataFrame:
    # Each column's number once, as a struct kept beside the frame until the checks are done.
    parsed = {wanted: f"_parsed {wanted}" for wanted in columns}
    frame = (
        table.frame.lazy()
        .with_columns(
            _number(header, unit, table.decimal_mark).alias(parsed[wanted])
            for wanted, header in columns.items()
        )
        .with_columns(
            pl.col(parsed[wanted]).struct.field("value").alias(f"_{wanted}") for wanted in columns
        )
        .collect()
    )
    # Every refusal below is of a filled cell without a value: a file that is right is done.
    failed = pl.any_horizontal(
        pl.col(header).is_not_null() & pl.col(f"_{wanted}").is_null()
        for wanted, header in columns.items()
    )
    if columns and frame.select(failed.any()).item():
        messages = (too_large, not_a_number, too_many_decimals)
        _refuse(table, frame, columns, parsed, unit=unit, messages=messages)
    return frame.drop(parsed.values())


def _refuse(
    table: RawTable,
    frame: pl.DataFrame,
    columns: dict[str, str],
    parsed: dict[str, str],
    *,
    unit: int,
    messages: tuple[str, str, str],
) -> None:
    too_large, not_a_number, too_many_decimals = messages
    checks: list[Check] = []
    problems: list[Problem] = []
    for wanted, header in columns.items():
        decimals, large = _faults(pl.col(parsed[wanted]), unit)
        other = _other_mark(header, table.decimal_mark)
        checks.append((decimals, header, too_many_decimals))
        checks.append((large, header, too_large))
        wrong = pl.col(header).is_not_null() & pl.col(f"_{wanted}").is_null() & ~large & ~decimals
        checks.append((wrong & ~other, header, not_a_number))
        problems += _other_mark_problems(table, frame.filter(wrong & other), header)
    problems = cell_problems(table, frame, checks) + problems
    if problems:
        raise InputError(problems)


_OTHER = {",": ".", ".": ","}


def _other_mark(column: str, decimal_mark: str) -> pl.Expr:
    """True where the cell is a number written with the decimal mark the file does not use
    (``12,5`` in a ``,`` file), so the hint can say what to write instead. Three digits after
    the mark (``10.307``) may as well be a group of thousands: those get the general hint."""
    if decimal_mark not in _OTHER:
        return pl.lit(False)
    written = pl.field("whole").is_not_null()
    other = written & ~pl.field("decimals").str.len_chars().is_in([0, 3])
    parts = _number_parts(column, _OTHER[decimal_mark])
    return parts.struct.with_fields(other=other).struct.field("other")


def _other_mark_problems(table: RawTable, bad: pl.DataFrame, column: str) -> list[Problem]:
    """Each number written with the other decimal mark, with the form this file accepts: a
    ``,`` file separates fields by commas, so its decimals take a point (quoting ``"12,5"``
    keeps it one field, but still not a number); a ``;`` or tab file takes a comma."""
    mark = table.decimal_mark
    if mark == ".":
        why = (
            "i en fil med kommatecken som avgränsare skrivs decimaler med punkt: skriv {fixed}, "
            "eller spara filen med semikolon (;) som avgränsare, så gäller decimalkomma"
        )
    else:
        why = (
            "i en fil med semikolon eller tab som avgränsare skrivs decimaler med komma: "
            "skriv {fixed}"
        )
    return [
        Problem(
            f"{value!r}: " + why.format(fixed=value.strip().replace(_OTHER[mark], mark)),
            table.name,
            line,
            column,
        )
        for line, value in bad.select(LINE, column).head(100).iter_rows()
    ]


def parse_integers(table: RawTable, columns: dict[str, str]) -> pl.DataFrame:
    """Convert whole-number ``columns`` (counts, population) to Int64, reporting bad cells."""
    return parse_amounts(table, columns, 1)

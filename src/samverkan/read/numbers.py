"""Numbers as Swedish files write them, to exact integers: ``10 307``, ``−2 000``, ``(150)``,
``1 234,50``. Space, no-break space or thin space as thousands separator, ``-``, U+2212 or
U+2011 as minus, parentheses for negatives; a cell that is no number, or has more decimals than
its unit allows, is refused with its file, line and column, never rounded.
"""

from __future__ import annotations

import polars as pl

from samverkan.errors import InputError
from samverkan.model.casts import QUANTITY
from samverkan.model.money import MAX_ORE
from samverkan.read.raw import Check, RawTable, cell_problems

_NUMBER = r"^(-?)(\d+)(?:[{mark}](\d+))?$"


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
    marks = "".join(f"\\{m}" for m in decimal_mark)
    return cleaned.str.extract_groups(_NUMBER.format(mark=marks)), negative_paren


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
        f"{{value!r}} är större än vad samverkan räknar med (högst {largest} kr); "
        "kontrollera enheten och beloppet",
        "{value!r} är inget belopp; skriv till exempel 10 307 eller −2 000" + mark,
    )


def parse_quantities(table: RawTable, columns: dict[str, str]) -> pl.DataFrame:
    """Convert ``columns`` (wanted name → header) to exact quantities with at most six decimals
    (``1,5`` hours is 1.5, never 1), as :data:`~samverkan.model.casts.QUANTITY`; report every
    cell that does not parse."""
    mark = _mark(table)
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


def parse_integers(table: RawTable, columns: dict[str, str]) -> pl.DataFrame:
    """Convert whole-number ``columns`` (counts, population) to Int64, reporting bad cells."""
    return parse_amounts(table, columns, 1)

"""Number formats as Swedish municipalities print them: ``10 307``, ``−2 000``, ``12,5 %``.

Thousands are separated by a no-break space (so a number never wraps), negatives carry the real
minus sign U+2212, and the decimal mark is a comma. English reports use the same digits with
``,`` for thousands and ``.`` for decimals. Rounding is commercial (half away from zero) and
happens only here, at the very end.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from samverkan.i18n import Lang
from samverkan.money import ORE_PER

MINUS = "\u2212"
NBSP = "\u00a0"


def fmt_number(value: int | float | Decimal, decimals: int = 0, lang: Lang = "sv") -> str:
    """``1234567.89`` → ``1 234 567,89`` (sv) or ``1,234,567.89`` (en), with a true minus."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never print −0
    body = f"{abs(rounded):,.{decimals}f}"
    if lang == "sv":
        body = body.replace(",", NBSP).replace(".", ",")
    return (MINUS if rounded < 0 else "") + body


def fmt_amount(ore: int, unit: str = "tkr", decimals: int = 0, lang: Lang = "sv") -> str:
    """An öre amount shown in ``unit`` (``kr``, ``tkr``, ``mnkr``), exact until rounded here."""
    return fmt_number(Decimal(ore) / ORE_PER[unit], decimals, lang)


def fmt_pct(share: float | Decimal, decimals: int = 1, lang: Lang = "sv") -> str:
    """A share (0.123) as a percentage: ``12,3 %`` (sv, with no-break space) or ``12.3%`` (en)."""
    number = fmt_number(Decimal(str(share)) * 100, decimals, lang)
    return f"{number}{NBSP}%" if lang == "sv" else f"{number}%"


UNITS = {"tkr": ("tkr", "SEK k"), "kr": ("kr", "SEK"), "mnkr": ("mnkr", "SEK m")}


def unit_label(unit: str, lang: Lang = "sv") -> str:
    """How an amount unit is written: ``tkr`` in Swedish, ``SEK k`` in English."""
    return UNITS[unit][0 if lang == "sv" else 1]

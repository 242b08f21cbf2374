"""Number formats as Swedish municipalities print them: ``10 307``, ``−2 000``, ``12,5 %``.

Thousands are separated by a no-break space (so a number never wraps), negatives carry the real
minus sign U+2212, and the decimal mark is a comma. English reports use the same digits with
``,`` for thousands and ``.`` for decimals. Rounding is commercial (half away from zero) and
happens only here, at the very end.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import attrs

from samverkan.model.money import ORE_PER
from samverkan.model.text import Lang, Noun, Text

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


def fmt_count(count: int, noun: Noun, lang: Lang = "sv") -> str:
    """A count with the noun that agrees with it: ``1 rad``, ``1 638 rader``, ``1,638 rows``."""
    return f"{fmt_number(count, 0, lang)} {noun(count, lang)}"


def fmt_amount(ore: int, unit: str = "tkr", decimals: int = 0, lang: Lang = "sv") -> str:
    """An öre amount shown in ``unit`` (``kr``, ``tkr``, ``mnkr``), exact until rounded here."""
    return fmt_number(Decimal(ore) / ORE_PER[unit], decimals, lang)


def fmt_money(ore: int, unit: str = "tkr", decimals: int = 0, lang: Lang = "sv") -> str:
    """An öre amount with its unit, as a sentence says it: ``8 400 tkr``, ``8,400 SEK k``."""
    return f"{fmt_amount(ore, unit, decimals, lang)} {unit_label(unit, lang)}"


def against_budget(budget: int, forecast: int, lang: Lang = "sv") -> tuple[str, str]:
    """How a forecast stands against its budget (net costs, öre), and its tone (``good``,
    ``bad`` or ``plain``): ``400 tkr (3,9 %) under budget``, or ``i nivå med budget`` when the
    difference rounds to 0 tkr, as the board's tables show it."""
    diff = budget - forecast
    if round(Decimal(diff) / ORE_PER["tkr"]) == 0:
        return Text("i nivå med budget", "in line with the budget")(lang), "plain"
    share = fmt_pct(abs(diff) / abs(budget), 1, lang) if budget else "–"
    under = diff > 0
    side = Text("under budget", "under budget") if under else Text("över budget", "over budget")
    return f"{fmt_money(abs(diff), lang=lang)} ({share}) {side(lang)}", "good" if under else "bad"


def settlement_word(difference_ore: int, lang: Lang = "sv") -> str:
    """What a member's year-end settlement (share of the outcome − kommunbidrag) means for it,
    as the agreements say it: above zero it pays in, below zero it is paid back."""
    if difference_ore > 0:
        return Text("tilläggsdebitering", "additional charge")(lang)
    if difference_ore < 0:
        return Text("återbetalning", "repayment")(lang)
    return Text("ingen reglering", "no settlement")(lang)


def fmt_pct(share: float | Decimal, decimals: int = 1, lang: Lang = "sv") -> str:
    """A share (0.123) as a percentage: ``12,3 %`` (sv, with no-break space) or ``12.3%`` (en)."""
    number = fmt_number(Decimal(str(share)) * 100, decimals, lang)
    return Text(f"{number}{NBSP}%", f"{number}%")(lang)


UNITS = {"tkr": Text("tkr", "SEK k"), "kr": Text("kr", "SEK"), "mnkr": Text("mnkr", "SEK m")}


def unit_label(unit: str, lang: Lang = "sv") -> str:
    """How an amount unit is written: ``tkr`` in Swedish, ``SEK k`` in English."""
    return UNITS[unit](lang)


MNKR_FROM = 100 * ORE_PER["mnkr"]
"""Figures switch from tkr to mnkr when their largest amount reaches 100 mnkr (100 000 tkr)."""


@attrs.frozen
class MoneyScale:
    """The unit a figure's amounts are drawn in, chosen from the amounts themselves.

    Tables keep tkr, as the board's papers do; a figure's axis reads best with few digits, so
    a cooperation whose amounts run into hundreds of millions is drawn in mnkr with a decimal.
    """

    unit: str
    decimals: int

    def value(self, ore: int | None) -> float | None:
        """An öre amount in this unit (a float for plotting only; tables format exact öre)."""
        return None if ore is None else ore / ORE_PER[self.unit]

    def values(self, ores: Iterable[int | None]) -> list[float | None]:
        return [self.value(ore) for ore in ores]

    def label(self, lang: Lang) -> str:
        return unit_label(self.unit, lang)

    def number(self, axis: str = "y") -> str:
        """The Plotly format of one value, for hover and text templates: ``%{y:,.0f}``."""
        return f"%{{{axis}:,.{self.decimals}f}}"

    def hover(self, lang: Lang, axis: str = "y") -> str:
        """``%{y:,.0f} tkr``: the value with its unit, for a hovertemplate."""
        return f"{self.number(axis)} {self.label(lang)}"


def money_scale(*amounts: Iterable[int | None]) -> MoneyScale:
    """tkr with no decimals, or mnkr with one once the largest amount reaches 100 mnkr."""
    largest = max((abs(a) for seq in amounts for a in seq if a is not None), default=0)
    return MoneyScale("mnkr", 1) if largest >= MNKR_FROM else MoneyScale("tkr", 0)

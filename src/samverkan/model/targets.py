"""A goal's target as the rule it is: one-sided (at least, at most) or a band (within).

A one-sided target is a number (or a peer statistic, ``peer:median``) that the value must
reach on the KPI's good side: *minst* 0,0 % when higher is better, *högst* 2,0 % when lower
is. A two-sided target is a :class:`Band`: the value must lie inside it, *inom ±1,0 %* for a
budget deviation, whichever way the KPI's direction points. The words come from here so that
a table, a card, a hover text and a sentence say the same rule.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from samverkan.model.text import Lang, Text


def _not_above_high(instance: Band, _attribute: object, low: float) -> None:
    if low > instance.high:
        raise ValueError(f"the band's low {low} lies above its high {instance.high}")


@attrs.frozen
class Band:
    """A two-sided target: met when ``low ≤ value ≤ high``."""

    low: float = attrs.field(validator=_not_above_high)
    high: float

    @property
    def centre(self) -> float:
        return (self.low + self.high) / 2

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high

    def contains(self, other: Band) -> bool:
        return self.low <= other.low and other.high <= self.high


Limit = float | str | Band
"""A target or a "delvis" limit as the goals file gives it: a number, a peer statistic
(``peer:median``, resolved per year) or a band."""

PEER_NAMES = {
    "median": Text("jämförelsegruppens median", "the peer group's median"),
    "q1": Text("jämförelsegruppens nedre kvartil", "the peer group's lower quartile"),
    "q3": Text("jämförelsegruppens övre kvartil", "the peer group's upper quartile"),
}


def rule_text(
    limit: Limit,
    higher: bool,
    number: Callable[[float], str],
    lang: Lang,
    resolved: float | None = None,
) -> str:
    """The limit as a rule: ``minst 0,0 %``, ``högst 60 dagar``, ``inom ±1,0 %``,
    ``mellan −0,5 % och 1,0 %``, ``minst jämförelsegruppens median (62,0 %)``.

    ``number`` writes a value with its unit; ``resolved`` is what a peer statistic came to."""
    if isinstance(limit, Band):
        if limit.low == -limit.high:
            return Text("inom ±", "within ±")(lang) + number(limit.high)
        low, high = number(limit.low), number(limit.high)
        return Text(f"mellan {low} och {high}", f"between {low} and {high}")(lang)
    side = Text("minst ", "at least ") if higher else Text("högst ", "at most ")
    if isinstance(limit, str):
        name = PEER_NAMES[limit.removeprefix("peer:")](lang)
        return side(lang) + name + (f" ({number(resolved)})" if resolved is not None else "")
    return side(lang) + number(limit)


def bounds(limit: float | Band | None, higher: bool) -> tuple[float | None, float | None]:
    """The limit as the lowest and highest value it lets pass (None: no bound on that side,
    or a peer statistic not yet resolved): ``minst 0,0`` is (0.0, None), ``inom ±1,0`` is
    (−1.0, 1.0), for a workbook's columns of numbers."""
    if isinstance(limit, Band):
        return limit.low, limit.high
    if limit is None:
        return None, None
    return (limit, None) if higher else (None, limit)


def partly_text(
    limit: Limit | None,
    higher: bool,
    number: Callable[[float], str],
    lang: Lang,
    resolved: float | None = None,
) -> str:
    """The "delvis" limit as a rule: ``delvis: minst −1,0 %``; empty when there is none."""
    if limit is None:
        return ""
    return Text("delvis: ", "partly: ")(lang) + rule_text(limit, higher, number, lang, resolved)

"""Reporting periods: a month, a tertial or a year, as municipalities follow them up."""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from samverkan.model.text import Lang, Text, Texts

MONTHS_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS_SV = (
    "jan",
    "feb",
    "mar",
    "apr",
    "maj",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)

_PATTERNS = (
    ("month", re.compile(r"(?P<year>[0-9]{4})-(?P<n>0[1-9]|1[0-2])")),
    ("tertial", re.compile(r"(?P<year>[0-9]{4})-T(?P<n>[1-3])")),
    ("year", re.compile(r"(?P<year>[0-9]{4})")),
)


class Granularity(enum.Enum):
    MONTH = "month"
    TERTIAL = "tertial"
    YEAR = "year"


@attrs.frozen(order=True)
class Period:
    """A month (``2018-04``), a tertial (``2018-T1``) or a year (``2018``)."""

    year: int = attrs.field(validator=[attrs.validators.ge(1900), attrs.validators.le(2200)])
    granularity: Granularity = attrs.field(order=lambda g: list(Granularity).index(g))
    number: int = attrs.field(default=1)
    """Month 1–12 or tertial 1–3; 1 for a year."""

    @number.validator
    def _check_number(self, _a: attrs.Attribute[int], value: int) -> None:
        top = {Granularity.MONTH: 12, Granularity.TERTIAL: 3, Granularity.YEAR: 1}[self.granularity]
        if not 1 <= value <= top:
            raise ValueError(f"{self.granularity.value} {value} finns inte (1–{top})")

    @classmethod
    def parse(cls, value: str) -> Period:
        """Parse ``2018-04``, ``2018-T1`` or ``2018``; raise ValueError for anything else."""
        for name, pattern in _PATTERNS:
            match = pattern.fullmatch(value.strip())
            if match:
                number = int(match["n"]) if name != "year" else 1
                return cls(int(match["year"]), Granularity(name), number)
        raise ValueError(
            f"{value!r} är ingen period; skriv en månad (2018-04), "
            "tertial (2018-T1) eller ett år (2018)"
        )

    def __str__(self) -> str:
        if self.granularity is Granularity.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.granularity is Granularity.TERTIAL:
            return f"{self.year}-T{self.number}"
        return str(self.year)

    @property
    def start(self) -> dt.datetime:
        """The first moment of the period: midnight of its first day."""
        month = (
            1
            if self.granularity is Granularity.YEAR
            else (self.number if self.granularity is Granularity.MONTH else self.number * 4 - 3)
        )
        return dt.datetime(self.year, month, 1)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (midnight after its last day): a time ``t`` lies
        in the period when ``start <= t < end``."""
        last = self.last_month
        if last.number == 12:
            return dt.datetime(self.year + 1, 1, 1)
        return dt.datetime(self.year, last.number + 1, 1)

    @property
    def last_month(self) -> Period:
        """The last month the period covers (the month of a period-end forecast)."""
        if self.granularity is Granularity.MONTH:
            return self
        month = 12 if self.granularity is Granularity.YEAR else self.number * 4
        return Period(self.year, Granularity.MONTH, month)

    def previous(self) -> Period:
        """The period of the same granularity just before this one."""
        if self.granularity is Granularity.YEAR:
            return Period(self.year - 1, Granularity.YEAR)
        if self.number > 1:
            return Period(self.year, self.granularity, self.number - 1)
        top = 12 if self.granularity is Granularity.MONTH else 3
        return Period(self.year - 1, self.granularity, top)

    def name(self, lang: Lang) -> str:
        """The period as a reader says it: ``april 2018``, ``tertial 1 2018``, ``2018``."""
        if self.granularity is Granularity.MONTH:
            months = Texts(MONTHS_SV, MONTHS_EN)(lang)
            return f"{months[self.number - 1]} {self.year}"
        if self.granularity is Granularity.TERTIAL:
            return Text(f"tertial {self.number} {self.year}", f"T{self.number} {self.year}")(lang)
        return str(self.year)

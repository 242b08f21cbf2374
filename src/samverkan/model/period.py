"""Reporting periods: a month, a tertial or a year, as municipalities follow them up."""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs
import polars as pl

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


DATE_HINT = (
    "{value!r} är inget datum eller period; skriv ett datum (2018-02-28), en månad (2018-02), "
    "ett tertial (2018-T1) eller ett år (2018)"
)
"""What a wrong ``reference_date`` is told (``{value!r}``: the value as written)."""
_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"
_TERTIAL = r"[0-9]{4}-T[1-3]"
_YEAR = r"[0-9]{4}"


def reference_span(value: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The first day and the day after the last of a driver's ``reference_date``, as written:
    a calendar date (``2017-12-31``), a month (``2018-02``), a tertial (``2018-T1``) or a year
    (``2018``). Both are null for anything else (``18-02``, ``2018-02-30``, ``2018/02``,
    ``2018-1``) and for ``""``, the undated row of the command line."""
    text = value.str.strip_chars()

    def form(pattern: str) -> pl.Expr:
        return text.str.contains(f"^{pattern}$")

    year = text.str.slice(0, 4).cast(pl.Int32, strict=False)
    tertial = text.str.slice(6, 1).cast(pl.Int32, strict=False)
    start = (
        pl.when(form(_DAY))
        .then(text.str.to_date("%Y-%m-%d", strict=False))
        .when(form(_MONTH))
        .then((text + "-01").str.to_date("%Y-%m-%d", strict=False))
        .when(form(_TERTIAL))
        .then(pl.date(year, tertial * 4 - 3, 1))
        .when(form(_YEAR))
        .then(pl.date(year, 1, 1))
    )
    end = (
        pl.when(form(_DAY))
        .then(start.dt.offset_by("1d"))
        .when(form(_MONTH))
        .then(start.dt.offset_by("1mo"))
        .when(form(_TERTIAL))
        .then(start.dt.offset_by("4mo"))
        .when(form(_YEAR))
        .then(start.dt.offset_by("1y"))
    )
    return start, end


@attrs.frozen
class Window:
    """The days a key's driver rows must lie in to count: the report's period, its year to
    date, or a fixed reference (a period or a date). ``end`` is the day after the last."""

    start: dt.date
    end: dt.date
    label: Text

    @classmethod
    def for_rule(cls, rule: str, period: Period) -> Window:
        """``period``, ``year_to_date`` or a fixed period or date (``2017``, ``2017-12-31``);
        raise ValueError for anything else."""
        if rule == "period":
            return cls.of(period, period)
        if rule == "year_to_date":
            return cls.of(Period(period.year, Granularity.MONTH, 1), period.last_month)
        try:
            day = dt.date.fromisoformat(rule) if re.fullmatch(_DAY, rule) else None
        except ValueError:
            day = None
        if day is not None:
            return cls(day, day + dt.timedelta(days=1), Text(f"per {rule}", f"on {rule}"))
        try:
            fixed = Period.parse(rule)
        except ValueError:
            raise ValueError(
                f"{rule!r}: skriv period, year_to_date, en period (2018, 2018-03) "
                "eller ett datum (2017-12-31)"
            ) from None
        return cls.of(fixed, fixed)

    @classmethod
    def of(cls, first: Period, last: Period) -> Window:
        """From the first day of ``first`` to the last of ``last``, named as a reader says it
        (``januari–april 2018``, ``april 2018``, ``2017``)."""
        start, end = first.start.date(), last.end.date()
        if (start.month, start.day, end.month, end.day) == (
            1,
            1,
            1,
            1,
        ) and end.year == last.year + 1:
            first = last = Period(last.year, Granularity.YEAR)  # the whole year: 2018
        if first == last:
            return cls(start, end, Text(first.name("sv"), first.name("en")))
        months = (MONTHS_SV, MONTHS_EN)
        a, b = first.start.month - 1, last.last_month.number - 1
        sv, en = (f"{m[a]}–{m[b]} {last.year}" for m in months)
        return cls(start, end, Text(sv, en))

    def holds(self, start: pl.Expr, end: pl.Expr) -> pl.Expr:
        """Rows whose span lies inside the window."""
        return (start >= self.start) & (end <= self.end)

    def overlaps(self, start: pl.Expr, end: pl.Expr) -> pl.Expr:
        """Rows whose span reaches into the window (and, unless held, beyond it)."""
        return (start < self.end) & (end > self.start)

"""The keys of a year's definition: ``[report] year`` instead of ``period``, and its months.

A year's definition builds one report per month with data: a month for which a file of one of
its ``{month}`` patterns exists (:mod:`samverkan.read.monthly`). Its report for a month has that
month's last day as its data date; the keys of one meeting (``meeting_date``, ``agenda_item``,
``diarienummer``) and ``data_date`` belong to a definition of one period and are refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from samverkan.model.notes import Note
from samverkan.model.period import Granularity, Period
from samverkan.read import monthly
from samverkan.read.keys import KeyReader


def year(report: dict[str, Any], r: KeyReader) -> int | None:
    """``[report] year`` of a year's definition, checked against the keys it replaces."""
    value = r.get(report, "report", "year", int, default=None)
    if not isinstance(value, int):
        return None
    if not 1900 <= value <= 2200:
        r.fail("report.year", f"väntade ett år, till exempel 2019, fick {value}")
        return None
    if "period" in report:
        r.fail(
            "report.period",
            "ange period (en rapport) eller year (en rapport per månad med data), inte båda",
        )
    for key in ("data_date", "meeting_date", "agenda_item", "diarienummer"):
        if key in report:
            r.fail(
                f"report.{key}",
                "gäller en enskild rapport; i en årsdefinition (year) är varje månads datadatum "
                "dess sista dag. Ange sammanträdet i en definition med period",
            )
    return value


def period(
    raw: dict[str, Any],
    report: dict[str, Any],
    r: KeyReader,
    year: int | None,
    wanted: Period | None,
) -> Period | None:
    """The period to build: ``[report] period``, or of a year's definition the month asked
    for (by default the latest with data), which must have data."""
    if year is None:
        return None if "year" in report else _one_period(report, r, wanted)  # a wrong year
    named = patterns(raw)
    if not named:
        r.fail(
            "sources",
            "en årsdefinition (report.year) behöver minst en källa vars path innehåller "
            '{month}, till exempel path = "data/resultatrakning-2019-{month}.csv"; en fil '
            "med alla månader (kolumnen Prognosmånad) hör till en definition med period",
        )
        return None
    have = months_with_data(raw, r, year)
    other_suffix(raw, r, year, wanted)
    searched = ", ".join(
        monthly.month_path(p, wanted or Period(year, Granularity.MONTH, 1)) for p in named
    )
    if wanted is None:
        if not have:
            r.fail("sources", f"ingen månad {year} har någon fil (sökte till exempel {searched})")
        return max(have) if have else None
    if wanted.granularity is not Granularity.MONTH or wanted.year != year:
        r.fail("report.year", f"perioden {wanted}: ange en månad {year}, till exempel {year}-04")
    elif wanted not in have:
        r.fail("sources", f"{wanted} har ingen data: filen finns inte (sökte {searched})")
    else:
        return wanted
    return None


def _one_period(report: dict[str, Any], r: KeyReader, wanted: Period | None) -> Period | None:
    raw = r.get(
        report,
        "report",
        "period",
        str,
        what='till exempel "2018-04" (eller year = 2019 för en rapport per månad med data)',
    )
    value = r.convert("report.period", Period.parse, raw) if raw else None
    if wanted is not None and value is not None and wanted != value:
        r.fail("report.period", f"definitionen gäller {value}, inte {wanted}")
    return value if isinstance(value, Period) else None


def patterns(raw: dict[str, Any]) -> list[str]:
    """The ``{month}`` patterns among the sources' paths, as written."""
    tables = raw.get("sources")
    return [
        t["path"]
        for t in (tables if isinstance(tables, list) else [])
        if isinstance(t, dict) and isinstance(t.get("path"), str) and monthly.is_pattern(t["path"])
    ]


def found(pattern: str, r: KeyReader, year: int) -> set[Period]:
    return {m for m in monthly.months(year) if monthly.month_files(pattern, m, r.folder)}


def outside_a_year(rel: str) -> str | None:
    """Why a path of a source outside a year's months cannot hold ``{month}`` or ``{ext}``."""
    if monthly.is_pattern(rel):
        return "{month} i path kräver [report] year (en årsdefinition)"
    if monthly.EXT in rel:
        return "{ext} står för en månadsfils filtyp och kräver {month} i path"
    return None


def other_suffix(raw: dict[str, Any], r: KeyReader, year: int, upto: Period | None) -> None:
    """A month whose file a pattern names by one suffix (``.csv``) is missing while a file of
    another (``.xlsx``) is there: refused, naming both, with the ``{ext}`` that reads each by
    its own suffix (the month would otherwise be taken as not exported)."""
    for pattern in patterns(raw):
        stem, dot, suffix = pattern.rpartition(".")
        if not dot or "/" in suffix or monthly.EXT in pattern or monthly.MONTH in suffix:
            continue
        either = f"{stem}.{monthly.EXT}"
        for month in monthly.months(year):
            if upto is not None and month > upto:
                break
            there = monthly.month_files(either, month, r.folder)
            named = monthly.month_path(pattern, month)
            if there and named not in there:
                r.fail(
                    "sources",
                    f"{' och '.join(there)} finns, men path = {pattern!r} anger {named}: "
                    f'skriv path = "{either}" så läses varje månad med sin egen filtyp (CSV '
                    "eller xlsx), eller spara filen som den path anger",
                )


def months_with_data(raw: dict[str, Any], r: KeyReader, year: int) -> set[Period]:
    """The months of ``year`` for which a file of some ``{month}`` pattern exists."""
    return {m for pattern in patterns(raw) for m in found(pattern, r, year)}


def gap_notes(tables: list[Any], r: KeyReader, period: Period | None) -> tuple[Note, ...]:
    if period is None:
        return ()
    named = patterns({"sources": tables})
    return tuple(n for p in named for n in monthly.gaps(p, found(p, r, period.year), period))


def unchanged_months(
    table: Mapping[str, Any], key: str, r: KeyReader, month: Period | None
) -> tuple[Period, ...]:
    """``unchanged_months``: months of a ``{month}`` pattern's year whose file may repeat an
    earlier month's figures (see :mod:`samverkan.read.copies`)."""
    value = r.get(table, key, "unchanged_months", list, default=None)
    if value is None:
        return ()
    where = f"{key}.unchanged_months"
    if month is None:
        r.fail(where, "gäller en källa vars path innehåller {month} i en årsdefinition")
        return ()
    months = [r.convert(where, Period.parse, v) if isinstance(v, str) else None for v in value]
    if not all(
        isinstance(m, Period) and m.granularity is Granularity.MONTH and m.year == month.year
        for m in months
    ):
        r.fail(where, f'väntade en lista av månader {month.year}, till exempel ["{month}"]')
        return ()
    return tuple(m for m in months if isinstance(m, Period))

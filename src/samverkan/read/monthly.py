"""A year's monthly exports named once: the ``{month}`` pattern of a year's definition.

In a definition with ``[report] year = 2019``, ``path = "data/resultatrakning-2019-{month}.csv"``
names up to twelve files, ``…-01.csv`` to ``…-12.csv``. A month is a period with data when a
file of some pattern exists for it; the report for a month reads the files of that month and
of the months before it, never a later one, and each file is read as for its own month's report
(its forecast is that month's forecast, its outcome that month's outcome). A month missing
between two that have a file is named in a note of every later report.

Every monthly export states the year's budget again (and perhaps figures of earlier months: the
forecast a ``Förändring prognos`` column implies). Added up as they stand, the budget would count
once per file. So the ledger rows of one pattern are combined figure by figure, a figure being
the same kind, area, member, line, account, object, period and forecast month: a forecast or an
outcome is taken from the file of its own month, any other figure (the budget) from the latest
file that states it. Where files disagree on a figure, a note says how many figures differ and
which file was taken.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from samverkan.errors import Problem
from samverkan.model.notes import Note
from samverkan.model.period import Granularity, Period
from samverkan.model.text import Text
from samverkan.read.copies import copied
from samverkan.read.overlap import KEY
from samverkan.read.registry import Source
from samverkan.read.year_to_date import YTD, months_of

MONTH = "{month}"
"""Stands for the month's two digits (``01``–``12``) in a source's ``path``."""

EXT = "{ext}"
"""Stands for the suffix of a month's file, so that a year's months may be saved as CSV or as
xlsx (``data/resultatrakning-2019-{month}.{ext}``): each month's one file is read by its own."""
EXTENSIONS = ("csv", "txt", "tsv", "xlsx", "xlsm")
"""The suffixes ``{ext}`` matches: a table as text (CSV, Excel's tab-separated text) or a
workbook; another file beside it (a PDF of the same report) is not a month's export."""

_FIGURE = list(KEY)


def is_pattern(rel: str) -> bool:
    return MONTH in rel


def months(year: int) -> list[Period]:
    return [Period(year, Granularity.MONTH, n) for n in range(1, 13)]


def month_path(rel: str, month: Period) -> str:
    """The file of ``month`` a pattern names: ``{month}`` replaced by its two digits."""
    return rel.replace(MONTH, f"{month.number:02d}")


def month_files(rel: str, month: Period, folder: Path) -> list[str]:
    """The files of ``month`` that a pattern names and that exist under ``folder``, as
    written: the one, or with ``{ext}`` in its file name every one of :data:`EXTENSIONS` there
    (more than one is a month saved twice)."""
    named = month_path(rel, month)
    if EXT not in named:
        return [named] if (folder / named).exists() else []
    parent, _, name = named.rpartition("/")
    if EXT not in name:  # {ext} in a folder's name is no suffix: nothing is found by it
        return []
    head, _, tail = name.partition(EXT)
    form = re.compile(re.escape(head) + "([A-Za-z0-9]+)" + re.escape(tail))
    try:
        listed = sorted(e.name for e in os.scandir(folder / parent) if e.is_file())
    except OSError:  # no such folder: no file
        return []
    found = [n for n in listed if (m := form.fullmatch(n)) and m[1].lower() in EXTENSIONS]
    return [f"{parent}/{n}" if parent else n for n in found]


def names(pattern: str, file: str) -> bool:
    """Whether ``pattern`` (a source's path with ``{month}``, perhaps ``{ext}``) names ``file``
    for some month (of any year: the pattern holds only the month)."""
    form = re.escape(pattern).replace(re.escape(MONTH), "(0[1-9]|1[0-2])")
    form = form.replace(re.escape(EXT), "[A-Za-z0-9]+")
    return is_pattern(pattern) and re.fullmatch(form, file) is not None


def last_day(month: Period) -> dt.date:
    """The data date of a month's report: the month's last day."""
    return dt.date(month.year, month.number, calendar.monthrange(month.year, month.number)[1])


def gaps(pattern: str, found: Iterable[Period], upto: Period) -> list[Note]:
    """A note for each month up to ``upto`` without a file of ``pattern`` while an earlier
    month has one: its forecast and outcome are missing from the follow-up."""
    have = set(found)
    earlier = [m for m in have if m <= upto]
    if not earlier:
        return []
    missing = [m for m in months(upto.year) if min(earlier) < m <= upto and m not in have]
    return [
        Note(
            Text(
                f"{month_path(pattern, m)} finns inte: {m.name('sv')} saknar fil, så månadens "
                "prognos och utfall finns inte med i uppföljningen",
                f"{month_path(pattern, m)} does not exist: {m.name('en')} has no file, so its "
                "forecast and outcome are not part of the follow-up",
            ),
            pattern,
        )
        for m in missing
    ]


def _rank(month: Period) -> pl.Expr:
    """A file's claim to a figure: its own month's forecast or outcome first, then the latest."""
    own = ((pl.col("kind") == "prognos") & (pl.col("forecast_month") == str(month))) | (
        (pl.col("kind") == "utfall") & (pl.col("period") == str(month))
    )
    return pl.when(own).then(1_000_000).otherwise(0) + (month.year * 12 + month.number)


def counted_once(
    parts: Sequence[tuple[Source, pl.DataFrame, bool]],
) -> tuple[list[tuple[str, pl.DataFrame]], list[Note], list[Problem]]:
    """The ledger rows of ``parts`` (each source's rows and whether their outcome is the year
    to date) with the files of each pattern combined (every figure from one file) and every
    outcome the month's own (:mod:`samverkan.read.year_to_date`), a note per pattern whose
    files disagree on a figure, and a problem per outcome whose month before is unknown or
    per month's file that is an earlier month's (:mod:`samverkan.read.copies`). The rows come
    named by their source (a pattern's by the pattern, as written)."""
    out: list[tuple[str, pl.DataFrame]] = []
    problems = []
    for source, rows, ytd in parts:
        if source.pattern is None:
            own, wrong = months_of(rows.with_columns(pl.lit(ytd).alias(YTD)), source.name)
            out.append((source.name, own))
            problems += wrong
    notes = []
    patterns = dict.fromkeys(s.pattern for s, _, _ in parts if s.pattern is not None)
    for pattern in patterns:
        ranked = pl.concat(
            [
                rows.with_columns(
                    pl.lit(ytd).alias(YTD), _rank=_rank(source.month), _file=pl.lit(source.name)
                )
                for source, rows, ytd in parts
                if source.pattern == pattern and source.month is not None
            ],
            how="vertical",
        )
        best = pl.col("_rank").max().over(_FIGURE)
        stated = ranked.group_by([*_FIGURE, "_rank"]).agg(pl.col("amount_ore").sum())
        differing = (
            stated.group_by(_FIGURE)
            .agg(pl.col("amount_ore").n_unique() > 1)
            .filter(pl.col("amount_ore"))
        )
        problems += copied([p for p in parts if p[0].pattern == pattern])
        if differing.height:
            notes.append(_disagree(pattern, differing.height))
        own, wrong = months_of(
            ranked.filter(pl.col("_rank") == best).drop("_rank", "_file"), pattern
        )
        out.append((pattern, own))
        problems += wrong
    return out, notes, problems


def _disagree(pattern: str, count: int) -> Note:
    return Note(
        Text(
            f"{count} belopp skiljer sig mellan månadsfilerna: varje prognos och utfall är "
            "hämtat ur filen för sin egen månad, övriga belopp (budgeten) ur den senaste filen",
            f"{count} amounts differ between the monthly files: each forecast and outcome is "
            "taken from the file of its own month, other amounts (the budget) from the latest",
        ),
        pattern,
    )

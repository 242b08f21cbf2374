"""Whether a result statement's ``Utfall`` is the month's figure or the year to date.

The ledger holds each month's own outcome (the sections add them up to date), so a column of
year-to-date outcomes is turned into months here. The source says which it is with
``utfall = "manad"`` (the month's figure, the default) or ``utfall = "ackumulerat"`` (the year
to date through the row's month); a header such as ``Utfall ack``, ``Ackumulerat utfall``,
``Utfall t.o.m. februari`` or ``Utfall jan–feb`` says it too. A year-to-date outcome of a
month after January becomes that month's figure here when the file also holds the month
before it (one file with a month column). A file of a year's ``{month}`` pattern leaves its
year-to-date rows as they are and says so (:func:`across_files`): the read stage makes each
the month's own from the file of the month before. Any other file is refused, never shown as
one month.
"""

from __future__ import annotations

import re

import polars as pl

from samverkan.api import LINE, InputError, Period, Problem, RawTable, Source

FORMS = ("manad", "ackumulerat")
YEAR_TO_DATE_HEADER = "Ackumulerat utfall"
"""A header the reader takes for the ``utfall`` column besides ``Utfall …``."""
_YEAR_TO_DATE = re.compile(
    r"\back\b|ackumul|\bt\.?\s?o\.?\s?m\b|\bjan\w*\s*[–—-]\s*\w+", re.IGNORECASE
)


def form(source: Source, header: str) -> str:
    """``manad`` or ``ackumulerat``: as the source declares, else as the header reads."""
    declared = source.options.get("utfall")
    said = "ackumulerat" if _YEAR_TO_DATE.search(header) else None
    if declared is None:
        return said or "manad"
    if declared not in FORMS:
        raise InputError.at(
            f'utfall = {declared!r}: skriv "manad" (månadens utfall) eller "ackumulerat" '
            "(utfallet hittills i år)",
            source.name,
            None,
            "utfall",
        )
    if said is not None and declared != said:
        raise InputError.at(
            f"utfall = {declared!r}, men kolumnen {header!r} är ackumulerad; ändra det ena",
            source.name,
            None,
            "utfall",
        )
    return str(declared)


def across_files(source: Source, col: dict[str, str]) -> bool:
    """Whether the outcome is the year to date of a ``{month}`` pattern's file, which the
    read stage turns into months with the file of the month before."""
    return (
        "utfall" in col
        and source.pattern is not None
        and form(source, col["utfall"]) == "ackumulerat"
    )


def month_figures(
    frame: pl.DataFrame, table: RawTable, source: Source, col: dict[str, str], month: Period
) -> pl.DataFrame:
    """``frame`` with ``_utfall`` the month's own outcome (year to date turned into months)."""
    if form(source, col["utfall"]) == "manad" or across_files(source, col):
        return frame
    key = [c for c in (col["area"], col["line"], "_municipality") if c in frame.columns]
    row_month = pl.col("_month") if "_month" in frame.columns else pl.lit(str(month))
    ordered = frame.with_columns(_row_month=row_month).sort([*key, "_row_month"])
    earlier = ordered.with_columns(
        _before=pl.col("_row_month").shift(1).over(key),
        _before_ytd=pl.col("_utfall").shift(1).over(key),
    )
    number = pl.col("_row_month").str.slice(5, 2).cast(pl.Int32)
    expected = pl.concat_str(
        pl.col("_row_month").str.slice(0, 5), (number - 1).cast(pl.String).str.zfill(2)
    )
    january = pl.col("_row_month").str.ends_with("-01")
    missing = earlier.filter(~january & (pl.col("_before") != expected).fill_null(True))
    if missing.height:
        raise InputError(
            [
                Problem(
                    f"utfallet är ackumulerat t.o.m. {m}; månadens eget utfall kräver det "
                    "ackumulerade utfallet för månaden före i samma fil (en fil med "
                    'månadskolumn), eller utfall per månad (utfall = "manad")',
                    table.name,
                    n,
                    col["utfall"],
                )
                for n, m in missing.select(LINE, "_row_month").head(100).iter_rows()
            ]
        )
    own = (
        pl.when(january)
        .then(pl.col("_utfall"))
        .otherwise(pl.col("_utfall") - pl.col("_before_ytd"))
    )
    return earlier.with_columns(_utfall=own).drop("_row_month", "_before", "_before_ytd").sort(LINE)

"""Year-to-date outcomes turned into each month's own figure, across a ``{month}`` pattern.

A controller's monthly export often gives ``Utfall ack.``: the outcome of the year so far. The
ledger holds each month's own outcome (the sections add them up to date), so a reader that
cannot make the month's figure from its own file marks its rows as year to date
(:attr:`~samverkan.read.registry.ReadResult.year_to_date`) and the read stage does it here,
once the files of a pattern are combined: the outcome of month M is the year to date through M
less the year to date through M − 1, of the same figure (area, member, line, account …) in the
file of M − 1; January's is its own. A month given as its own figure counts into the year to
date too, so a January export of ``Utfall`` and later ones of ``Utfall ack.`` combine exactly.

When the year to date through M − 1 is not known (its file is missing, or does not hold the
figure), the difference would mix months: it is refused, naming the row of M and the file of
M − 1, never shown as one month's outcome.
"""

from __future__ import annotations

import polars as pl

from samverkan.errors import Problem
from samverkan.model.period import Period
from samverkan.read.overlap import KEY

YTD = "_ytd"
"""The column :func:`months_of` reads: true on a row whose ``utfall`` is the year to date."""

_PLACE = [k for k in KEY if k != "period"]
_MAX = 100


def months_of(rows: pl.DataFrame, file_of: str) -> tuple[pl.DataFrame, list[Problem]]:
    """``rows`` (with :data:`YTD`) with every year-to-date outcome the month's own figure, and
    a problem for each whose month before is not known. ``file_of`` is the file a month's
    figures come from: the pattern, with ``{month}`` standing for the month (or one file)."""
    is_month = pl.col("period").str.contains(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
    outcome = (pl.col("kind") == "utfall") & is_month
    marked = rows.filter(outcome & pl.col(YTD)).select(_PLACE).unique()
    if marked.height == 0:
        return rows.drop(YTD), []
    affected = rows.filter(outcome).join(marked, on=_PLACE, how="semi", nulls_equal=True)
    rest = rows.join(affected.select(KEY).unique(), on=list(KEY), how="anti", nulls_equal=True)
    figures = (
        affected.group_by(KEY)
        .agg(
            pl.col("amount_ore").sum(),
            pl.col(YTD).all(),
            pl.col("source").first(),
            pl.col("origin").first(),
        )
        .sort([*_PLACE, "period"])
    )
    month = pl.col("period").str.slice(5, 2).cast(pl.Int32)
    index = pl.col("period").str.slice(0, 4).cast(pl.Int32) * 12 + month
    known = figures.with_columns(_index=index, _january=month == 1).with_columns(
        _anchor=pl.col(YTD) | pl.col("_january"),
        _follows=(pl.col("_index") == _over(pl.col("_index").shift(1)) + 1).fill_null(False),
    )
    # The year to date through each row: the last stated one (or January's) and the months
    # given as their own figures since; unknown from a row that does not follow the one before.
    segment = _over(pl.col("_anchor").cum_sum())
    known = known.with_columns(_segment=segment).with_columns(
        _through=_over(pl.when(pl.col("_anchor")).then(pl.col("amount_ore")).forward_fill())
        + pl.when(pl.col("_anchor"))
        .then(0)
        .otherwise(pl.col("amount_ore"))
        .cum_sum()
        .over([*_PLACE, "_segment"]),
        _broken=(~pl.col("_anchor") & ~pl.col("_follows")).cum_sum().over([*_PLACE, "_segment"])
        > 0,
    )
    known = known.with_columns(
        _before=_over(pl.when(~pl.col("_broken")).then(pl.col("_through")).shift(1))
    )
    needs = pl.col(YTD) & ~pl.col("_january")
    unknown = known.filter(needs & ~(pl.col("_follows") & pl.col("_before").is_not_null()))
    if unknown.height:
        return rows.drop(YTD), [_unknown(o, p, file_of) for o, p in _places(unknown)]
    own = pl.when(needs).then(pl.col("amount_ore") - pl.col("_before"))
    converted = known.with_columns(amount_ore=own.otherwise(pl.col("amount_ore")))
    return (
        pl.concat([rest.drop(YTD), converted.select(rows.drop(YTD).columns)], how="vertical"),
        [],
    )


def _over(expr: pl.Expr) -> pl.Expr:
    return expr.over(_PLACE)


def _places(unknown: pl.DataFrame) -> list[tuple[str, str]]:
    return [(str(o), str(p)) for o, p in unknown.select("origin", "period").head(_MAX).iter_rows()]


def _unknown(origin: str, period: str, file_of: str) -> Problem:
    month = Period.parse(period)
    before = month.previous()
    file, _, line = origin.rpartition(":")
    earlier = file_of.replace("{month}", f"{before.number:02d}")
    return Problem(
        f"utfallet är ackumulerat t.o.m. {month.name('sv')}; månadens eget utfall är det minus "
        f"det ackumulerade utfallet t.o.m. {before.name('sv')} för samma rad, men {earlier} "
        "finns inte eller saknar det. Lägg till den filen (eller ange månadens eget utfall, "
        'utfall = "manad"): skillnaden mot en tidigare månad vore flera månader, inte en',
        file or origin,
        int(line) if line.isdigit() else None,
    )

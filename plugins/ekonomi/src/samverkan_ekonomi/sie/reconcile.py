"""A SIE file checked against itself: its vouchers against the totals it states beside them.

A SIE 4E file carries, beside the vouchers, each result account's year (#RES), each account's
month (#PSALDO with an empty object list) and each balance account's opening and closing
balance (#IB, #UB). An export cut short, or one whose vouchers and balances were taken at
different times, disagrees with itself: the vouchers then sum to something else than the
file says, and a report built on them would show a partial year as the outcome. Every account
that has both is compared, to the öre; each difference is returned with the line of the total
it contradicts.
"""

from __future__ import annotations

import attrs
import polars as pl

from samverkan_ekonomi.sie.data import SieData

BALANCE_CLASSES = ("1", "2")
"""Kommun-Bas and BAS: accounts of class 1 and 2 are the balance sheet, the rest results."""


@attrs.frozen
class Difference:
    """Where the vouchers and a total of the same file disagree."""

    line: int
    """The line of the total (#RES, #PSALDO, #UB) the vouchers contradict."""
    account: str
    what: str
    """``#RES 0``, ``#PSALDO 2018-03`` or ``#UB 0``: the total compared."""
    stated_ore: int
    vouchers_ore: int

    @property
    def difference_ore(self) -> int:
        return self.vouchers_ore - self.stated_ore


def _movements(data: SieData) -> pl.DataFrame:
    """Every voucher row that counts, with its voucher date (``YYYYMMDD``).

    Each row holds the line of its #VER, so the date is found by binary search in the
    vouchers sorted by line: several times cheaper than hashing a million keys for a join.
    A row whose #VER is not among the vouchers is dropped, as the join would drop it."""
    # Only what the sums need: the texts would be copied by every filter below.
    counted = pl.col("status") != "removed"
    rows = data.transactions.filter(counted).select("line", "ver_line", "account", "amount_ore")
    vouchers = data.vouchers.select("line", "verdatum")
    if not vouchers["line"].is_sorted():
        vouchers = vouchers.sort("line")
    if vouchers.height == 0:
        return rows.clear().with_columns(verdatum=pl.lit(None, pl.String))
    at = vouchers["line"].search_sorted(rows["ver_line"]).clip(0, vouchers.height - 1)
    found = vouchers["line"].gather(at) == rows["ver_line"]
    return rows.with_columns(verdatum=vouchers["verdatum"].gather(at)).filter(found)


def _compare(
    stated: pl.DataFrame, booked: pl.DataFrame, keys: list[str], label: pl.Expr
) -> list[Difference]:
    """Totals (``line``, ``stated``) against the vouchers' sums (``booked``, ``first_line``)
    on ``keys``; a missing side counts as zero, and a total the file leaves out is placed at
    the first voucher row it would have covered."""
    joined = (
        stated.join(booked, on=keys, how="full", coalesce=True)
        .with_columns(pl.col("stated", "booked").fill_null(0))
        .filter(pl.col("stated") != pl.col("booked"))
        .with_columns(what=label, line=pl.coalesce("line", "first_line"))
        .sort("account", *[k for k in keys if k != "account"])
    )
    return [
        Difference(line, account, what, stated_ore, booked_ore)
        for line, account, what, stated_ore, booked_ore in joined.select(
            "line", "account", "what", "stated", "booked"
        ).iter_rows()
    ]


def _sums(rows: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return rows.group_by(keys).agg(
        pl.col("amount_ore").sum().alias("booked"), pl.col("line").min().alias("first_line")
    )


def reconcile(data: SieData) -> list[Difference]:
    """Each disagreement between the vouchers and #RES, #PSALDO and #IB/#UB, per account."""
    if data.transactions.height == 0:
        return []
    rows = _movements(data)
    out: list[Difference] = []
    balance = pl.col("account").str.slice(0, 1).is_in(BALANCE_CLASSES)
    for index, (start, end) in sorted(data.years.items()):
        year = rows.filter(pl.col("verdatum").is_between(pl.lit(start), pl.lit(end)))
        if year.height == 0:
            continue  # the file holds no vouchers of that year: nothing to compare
        booked = _sums(year, ["account"])
        totals = data.balances.filter((pl.col("year_index") == index) & (pl.col("objects") == ""))
        res = totals.filter(pl.col("label") == "#RES").select(
            "account", "line", stated="amount_ore"
        )
        if res.height:
            out += _compare(res, booked.filter(~balance), ["account"], pl.lit(f"#RES {index}"))
        out += _closing(totals, booked.filter(balance), index)
        out += _months(data, year, index)
    return out


def _closing(totals: pl.DataFrame, booked: pl.DataFrame, index: int) -> list[Difference]:
    """#UB − #IB of each balance account that has both, against its vouchers."""
    ib = totals.filter(pl.col("label") == "#IB").select("account", ib="amount_ore")
    ub = totals.filter(pl.col("label") == "#UB").select("account", "line", ub="amount_ore")
    both = ib.join(ub, on="account").select("account", "line", stated=pl.col("ub") - pl.col("ib"))
    if both.height == 0:
        return []
    moved = booked.filter(pl.col("account").is_in(both["account"].implode()))
    return _compare(both, moved, ["account"], pl.lit(f"#UB {index}"))


def _months(data: SieData, year: pl.DataFrame, index: int) -> list[Difference]:
    """#PSALDO account totals (empty object list) against the vouchers of each month, for
    every account the file states months for (a month it leaves out counts as zero)."""
    stated = data.periods.filter(
        (pl.col("label") == "#PSALDO") & (pl.col("year_index") == index) & (pl.col("objects") == "")
    ).select("account", "period", "line", stated="amount_ore")
    if stated.height == 0:
        return []
    day = pl.col("verdatum")
    month = pl.format("{}-{}", day.str.slice(0, 4), day.str.slice(4, 2)).alias("period")
    covered = year.filter(pl.col("account").is_in(stated["account"].unique().implode()))
    booked = _sums(covered.with_columns(month), ["account", "period"])
    return _compare(stated, booked, ["account", "period"], pl.format("#PSALDO {}", "period"))

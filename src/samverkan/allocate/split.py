"""A board's costs split between its members, exactly, under a named key.

A key is written as in a definition or on the command line: ``population``, ``usage:tickets``,
``fixed``, ``even``, or ``two-step:KEY`` (the same as ``KEY``, saying so). A cost a row gives
one member (``municipality`` set: its own licence, its own staff) is charged to that member
alone under every key, since that is what the row says; only the general costs are split by
the key. Each cost is split per line, kind and period, in integer öre, by largest remainders
(:mod:`samverkan.model.money`), so every line's parts sum to the line, and every row carries
the method and its parameters. At the year end the year's outcome is split the same way, for
the settlement against the budget (slutreglering).
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from samverkan.allocate.keys import MethodSpec
from samverkan.model.money import allocate, check_weights
from samverkan.model.period import Period


def current_view(ledger: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Budget for the period's year and the latest prognos made up to the period's last month.

    Operations only (``scope`` drift): investments are not part of a board's net cost.
    """
    year, month = str(period.year), str(period.last_month)
    ledger = ledger.filter((pl.col("scope") == "drift") & pl.col("period").str.starts_with(year))
    latest = ledger.filter((pl.col("kind") == "prognos") & (pl.col("forecast_month") <= month))[
        "forecast_month"
    ].max()
    if latest is None:  # no forecast yet (or no ledger at all): the budget alone
        return ledger.filter(pl.col("kind") == "budget")
    return ledger.filter(
        (pl.col("kind") == "budget")
        | ((pl.col("kind") == "prognos") & (pl.col("forecast_month") == latest))
    )


def year_outcome(ledger: pl.DataFrame, period: Period) -> pl.DataFrame:
    """The year's outcome (``utfall``), operations only, once the period ends the year: every
    month's rows of the year summed per area, line and member into one row for the year (so
    the outcome is split as the budget is, per line and year). Empty before December."""
    if period.last_month.number != 12:
        return ledger.clear()
    year = str(period.year)
    rows = ledger.filter(
        (pl.col("scope") == "drift")
        & (pl.col("kind") == "utfall")
        & pl.col("period").str.starts_with(year)
    )
    keys = ["area", "line", "municipality", "kind"]
    return rows.group_by(keys).agg(pl.col("amount_ore").sum(), pl.lit(year).alias("period"))


def allocate_costs(
    costs: pl.DataFrame, weights: pl.DataFrame, by: list[str], *, unit_ore: int
) -> pl.DataFrame:
    """Split ``costs`` (``by`` + ``municipality`` + ``amount_ore``) between ``weights``' members:
    what a row gives one member is that member's own, the rest is split by the weights.

    :returns: ``by`` + ``municipality``, ``general_ore`` (the share of what was split),
        ``specific_ore`` (the member's own, charged directly) and ``amount_ore`` (their sum).
    """
    check_weights(weights)
    shared = costs.filter(pl.col("municipality").is_null())
    general = shared.group_by(by).agg(pl.col("amount_ore").sum())
    split = (
        allocate(general.lazy(), weights.lazy(), by, unit=unit_ore)
        .with_columns(pl.col("municipality").cast(pl.String))  # to join the own costs by code
        .rename({"amount_ore": "general_ore"})
    )
    own = (
        costs.filter(pl.col("municipality").is_not_null())
        .group_by([*by, "municipality"])
        .agg(pl.col("amount_ore").sum().alias("specific_ore"))
    )
    return (
        split.join(own.lazy(), on=[*by, "municipality"], how="full", coalesce=True)
        .with_columns(pl.col("general_ore", "specific_ore").fill_null(0))
        .with_columns(amount_ore=pl.col("general_ore") + pl.col("specific_ore"))
        .sort([*by, "municipality"])
        .collect()
    )


def allocate_net_cost(
    ledger: pl.DataFrame,
    weights: pl.DataFrame,
    period: Period,
    *,
    unit_ore: int,
    spec: MethodSpec,
    params: dict[str, Any],
) -> pl.DataFrame:
    """Charges per area, line, kind (budget, prognos and, at the year end, utfall), period and
    member, with the method."""
    by = ["area", "line", "kind", "period"]
    columns = [*by, "municipality", "amount_ore"]
    view = pl.concat(
        [current_view(ledger, period).select(columns), year_outcome(ledger, period).select(columns)]
    ).with_columns(pl.col("kind").cast(pl.String))
    charges = allocate_costs(view, weights, by, unit_ore=unit_ore)
    return charges.with_columns(
        method=pl.lit(spec.text),
        params=pl.lit(json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)),
    )

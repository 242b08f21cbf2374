"""The allocate stage: each area's net cost split between the members under the definition's key.

Municipality-specific rows (``municipality`` set in the ledger) are charged to their municipality
directly; general rows are split by the key. Both parts and the method are kept on every row, so
the report can show how a charge came about.
"""

from __future__ import annotations

import json

import attrs
import polars as pl

from samverkan.i18n import Text
from samverkan.money import allocate, check_weights
from samverkan.period import Period


def current_view(ledger: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Budget for the period's year and the latest prognos made up to the period's last month.

    Operations only (``scope`` drift): investments are not part of a board's net cost.
    """
    year, month = str(period.year), str(period.last_month)
    ledger = ledger.filter(pl.col("scope") == "drift")
    latest = (
        ledger.filter(
            (pl.col("kind") == "prognos")
            & (pl.col("forecast_month") <= month)
            & pl.col("period").str.starts_with(year)
        )
        .get_column("forecast_month")
        .max()
    )
    return ledger.filter(
        pl.col("period").str.starts_with(year)
        & (
            (pl.col("kind") == "budget")
            | ((pl.col("kind") == "prognos") & (pl.col("forecast_month") == latest))
        )
    )


def allocate_net_cost(
    ledger: pl.DataFrame,
    weights: pl.DataFrame,
    period: Period,
    *,
    unit_ore: int,
    method: str,
    params: dict[str, object],
) -> pl.DataFrame:
    """Charge per area, kind (budget, prognos) and member, summing exactly to the net cost.

    :returns: ``area``, ``kind``, ``municipality``, ``general_ore``, ``specific_ore``,
        ``amount_ore`` (their sum), ``method``, ``params`` (JSON of the method's parameters).
    """
    check_weights(weights)
    view = current_view(ledger, period).with_columns(pl.col("kind").cast(pl.String))
    by = ["area", "kind"]
    general = (
        view.filter(pl.col("municipality").is_null()).group_by(by).agg(pl.col("amount_ore").sum())
    )
    split = allocate(general.lazy(), weights.lazy(), by, unit=unit_ore).rename(
        {"amount_ore": "general_ore"}
    )
    specific = (
        view.filter(pl.col("municipality").is_not_null())
        .group_by([*by, "municipality"])
        .agg(pl.col("amount_ore").sum().alias("specific_ore"))
    )
    return (
        split.join(specific.lazy(), on=[*by, "municipality"], how="full", coalesce=True)
        .with_columns(pl.col("general_ore", "specific_ore").fill_null(0))
        .with_columns(
            amount_ore=pl.col("general_ore") + pl.col("specific_ore"),
            method=pl.lit(method),
            params=pl.lit(json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)),
        )
        .sort([*by, "municipality"])
        .collect()
    )


@attrs.frozen
class Allocation:
    """The result of the allocate stage, as sections receive it."""

    method: str
    title: Text
    weights: pl.DataFrame = attrs.field(eq=False, repr=False)
    """``municipality``, ``weight``, ``estimate`` (bool) and ``source``, one row per member."""
    charges: pl.DataFrame = attrs.field(eq=False, repr=False)
    """The frame :func:`allocate_net_cost` returns."""


def normalise_weights(weights: pl.DataFrame, method_title: str) -> pl.DataFrame:
    """Give a method's weights the columns every section may rely on."""
    return weights.select(
        pl.col("municipality"),
        pl.col("weight").cast(pl.Int64),
        pl.col("estimate") if "estimate" in weights.columns else pl.lit(False).alias("estimate"),
        pl.col("source") if "source" in weights.columns else pl.lit(method_title).alias("source"),
    ).sort("municipality")

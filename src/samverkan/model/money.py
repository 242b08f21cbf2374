"""Exact money: integer öre from the moment a figure is read, and splits that sum to the whole.

Amounts are ``Int64`` öre in every frame. A split uses the largest-remainder (Hamilton) method:
each member first gets the floor of its exact quota, then the units left over go to the members
with the largest remainders, ties broken by kommunkod (ascending). Intermediate products are
``Int128`` so that a billion kronor times a population of millions cannot overflow.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

ORE_PER = {"öre": 1, "kr": 100, "tkr": 100_000, "mnkr": 100_000_000}
"""How many öre one unit of each amount unit is."""
MAX_ORE = 10**15
"""The largest amount one row may hold: 10 000 miljarder kronor, more than Sweden's GDP.

Readers refuse larger amounts with the row they are on (the ledger is Int64 öre, and a
bound far below its limit keeps every sum of a real ledger exact)."""


def largest_remainder(total: int, weights: Mapping[str, int], unit: int = 1) -> dict[str, int]:
    """Split ``total`` öre by ``weights`` into multiples of ``unit`` öre that sum to ``total``.

    The reference implementation, one cost at a time; :func:`allocate` does the same for whole
    frames and is tested against this. What is below one ``unit`` (when ``total`` is not a whole
    number of units) goes to the member that comes first in the remainder order.
    """
    if any(w < 0 for w in weights.values()):
        raise ValueError("fördelningsnycklar får inte vara negativa")
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        raise ValueError("fördelningsnyckeln är noll för alla medlemmar; det går inte att fördela")
    units, residue = divmod(total, unit)
    base = {k: units * w // weight_sum for k, w in weights.items()}
    remainder = {k: units * w - base[k] * weight_sum for k, w in weights.items()}
    order = sorted(weights, key=lambda k: (-remainder[k], k))
    short = units - sum(base.values())
    shares = {k: (base[k] + (1 if i < short else 0)) * unit for i, k in enumerate(order)}
    shares[order[0]] += residue
    return shares


def allocate(
    costs: pl.LazyFrame,
    weights: pl.LazyFrame,
    by: list[str],
    *,
    unit: int = 1,
    amount: str = "amount_ore",
) -> pl.LazyFrame:
    """Split every cost row in ``costs`` across the members in ``weights``.

    :param costs: one row per cost to split, identified by the columns ``by``, with ``amount`` öre.
    :param weights: columns ``municipality`` (kommunkod) and ``weight`` (non-negative integers).
    :param by: the columns that identify a cost (for example area, line, kind, period).
    :param unit: the smallest part handed out, in öre (100 splits to the krona).
    :returns: ``by`` + ``municipality`` (an Enum of the members' kommunkoder) + ``amount``, in
        the order of ``costs`` with members by kommunkod; per cost the parts sum to the cost
        exactly.

    The weight sum must not be zero; check with :func:`check_weights` first. For a fixed member
    set the split is a dense (costs × members) integer problem, solved with numpy in int64;
    where a product could overflow 64 bits the same rule runs in polars on Int128 instead.
    """
    frame = costs.collect()
    keys = weights.collect().sort("municipality")
    codes = keys["municipality"].to_list()
    w = keys["weight"].to_numpy().astype(np.int64, copy=False)
    amounts = frame[amount].to_numpy()
    units = amounts // unit if unit != 1 else amounts
    total = int(w.sum())
    largest = int(np.abs(units).max()) if len(units) else 0
    if largest * total * len(codes) >= 2**62:  # −remainder × n below must fit too
        return _allocate_int128(frame.lazy(), keys.lazy(), by, unit=unit, amount=amount).cast(
            {"municipality": pl.Enum(codes)}
        )
    n = len(codes)
    quota = units[:, None] * w[None, :]
    base = quota // total
    remainder = quota - base * total  # multiply back: cheaper than np.divmod's second division
    short = units - base.sum(axis=1)
    # Order members per cost by remainder, largest first, equal remainders by column, which is
    # kommunkod order (ties go to the lower kommunkod); the key is unique, so any sort will do.
    order = np.argsort(-remainder * n + np.arange(n)[None, :], axis=1)
    # The first `short` members in that order get one unit more: add it in place.
    extra = np.empty_like(base)
    np.put_along_axis(extra, order, np.arange(n)[None, :] < short[:, None], axis=1)
    base += extra
    shares = base
    if unit != 1:  # what is below one unit goes to the member first in the order
        shares = base * unit
        first = order[:, :1]
        np.put_along_axis(
            shares,
            first,
            np.take_along_axis(shares, first, axis=1) + (amounts - units * unit)[:, None],
            axis=1,
        )
    # An Enum column: gathering 13 M small integers is far cheaper than 13 M strings.
    members = pl.Series("municipality", codes, dtype=pl.Enum(codes))
    return (
        frame.select(by)[np.repeat(np.arange(frame.height), n)]
        .with_columns(
            members.gather(np.tile(np.arange(n), frame.height)),
            pl.Series(amount, shares.ravel(), dtype=pl.Int64),
        )
        .lazy()
    )


def _allocate_int128(
    costs: pl.LazyFrame, weights: pl.LazyFrame, by: list[str], *, unit: int, amount: str
) -> pl.LazyFrame:
    """The same rule in polars with Int128 intermediates, for amounts × weights beyond int64."""
    w = weights.select(pl.col("municipality"), pl.col("weight").cast(pl.Int128))
    total_weight = pl.col("weight").sum().over(by)
    units = pl.col(amount).cast(pl.Int128).floordiv(unit)
    quota = units * pl.col("weight")
    return (
        costs.join(w, how="cross")
        .with_columns(
            _units=units,
            _base=quota.floordiv(total_weight),
            _rem=quota - quota.floordiv(total_weight) * total_weight,
        )
        .sort([*by, "_rem", "municipality"], descending=[*([False] * len(by)), True, False])
        .with_columns(_pos=pl.int_range(pl.len()).over(by))
        .with_columns(_short=(pl.col("_units") - pl.col("_base").sum().over(by)))
        .with_columns(
            (
                (pl.col("_base") + (pl.col("_pos") < pl.col("_short")).cast(pl.Int128)) * unit
                + pl.when(pl.col("_pos") == 0)
                .then(pl.col(amount).cast(pl.Int128) - pl.col("_units") * unit)
                .otherwise(0)
            )
            .cast(pl.Int64)
            .alias(amount)
        )
        .select([*by, "municipality", amount])
        .sort([*by, "municipality"])
    )


def check_weights(weights: pl.DataFrame) -> None:
    """Raise ValueError when a key cannot split anything (negative, or zero in total)."""
    if weights.height == 0:
        raise ValueError("fördelningsnyckeln saknar medlemmar")
    if weights["weight"].min() < 0:  # type: ignore[operator]
        raise ValueError("fördelningsnycklar får inte vara negativa")
    if weights["weight"].sum() == 0:
        raise ValueError("fördelningsnyckeln är noll för alla medlemmar; det går inte att fördela")

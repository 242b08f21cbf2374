from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.model.money import allocate, largest_remainder

codes = st.lists(st.from_regex(r"\d{4}", fullmatch=True), min_size=1, max_size=13, unique=True)


@st.composite
def keys(draw: st.DrawFn) -> dict[str, int]:
    members = draw(codes)
    weights = draw(
        st.lists(st.integers(0, 10_000_000), min_size=len(members), max_size=len(members))
    )
    if sum(weights) == 0:
        weights[0] = 1
    return dict(zip(members, weights, strict=True))


amounts = st.integers(-(10**13), 10**13)
units = st.sampled_from([1, 100])


def test_seed_split_of_ekonomi_by_population_is_exact_to_the_krona() -> None:
    shares = largest_remainder(1_030_700_000, {"1442": 11_490, "1466": 9_300}, unit=100)
    assert shares == {"1442": 569_636_500, "1466": 461_063_500}
    assert sum(shares.values()) == 1_030_700_000


def test_ties_go_to_the_lowest_kommunkod() -> None:
    assert largest_remainder(1, {"1466": 1, "1442": 1}) == {"1442": 1, "1466": 0}
    assert largest_remainder(-1, {"1466": 1, "1442": 1}) == {"1442": 0, "1466": -1}


def test_zero_and_negative_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="noll"):
        largest_remainder(100, {"1466": 0, "1442": 0})
    with pytest.raises(ValueError, match="negativa"):
        largest_remainder(100, {"1466": -1, "1442": 2})


@settings(max_examples=300)
@given(amounts, keys(), units)
def test_parts_always_sum_to_the_whole(total: int, weights: dict[str, int], unit: int) -> None:
    shares = largest_remainder(total, weights, unit)
    assert sum(shares.values()) == total
    assert set(shares) == set(weights)


@settings(max_examples=200)
@given(amounts, keys())
def test_each_part_is_within_one_unit_of_its_exact_quota(
    total: int, weights: dict[str, int]
) -> None:
    shares = largest_remainder(total, weights)
    weight_sum = sum(weights.values())
    for code, weight in weights.items():
        exact = total * weight / weight_sum
        assert abs(shares[code] - exact) < 1 + 1e-6 * abs(exact)


@settings(max_examples=100)
@given(st.lists(amounts, min_size=1, max_size=8), keys(), units)
def test_frame_allocation_matches_the_reference(
    costs: list[int], weights: dict[str, int], unit: int
) -> None:
    frame = pl.LazyFrame({"line": [str(i) for i in range(len(costs))], "amount_ore": costs})
    w = pl.LazyFrame({"municipality": list(weights), "weight": list(weights.values())})
    result = allocate(frame, w, ["line"], unit=unit).collect()
    for i, cost in enumerate(costs):
        got = dict(
            result.filter(pl.col("line") == str(i)).select("municipality", "amount_ore").iter_rows()
        )
        assert got == largest_remainder(cost, weights, unit)


@given(amounts, keys())
def test_input_order_does_not_matter(total: int, weights: dict[str, int]) -> None:
    reversed_weights = dict(reversed(list(weights.items())))
    assert largest_remainder(total, weights) == largest_remainder(total, reversed_weights)


def test_frame_allocation_does_not_overflow_int64() -> None:
    costs = pl.LazyFrame({"line": ["x"], "amount_ore": [9_000_000_000_000_000]})
    weights = pl.LazyFrame({"municipality": ["1442", "1466"], "weight": [10_000_000, 9_999_999]})
    result = allocate(costs, weights, ["line"]).collect()
    assert result["amount_ore"].sum() == 9_000_000_000_000_000

"""Cooperative cost games: textbook values, efficiency, the core, sampling against exact."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.allocate.gain import Game, game_from, nucleolus, scrb, shapley_exact, shapley_sampled

AIRPORT = {
    frozenset(s): 6000 * max({"1401": 1, "1402": 2, "1403": 3}[m] for m in s)
    for r in (1, 2, 3)
    for s in itertools.combinations(["1401", "1402", "1403"], r)
}


def test_airport_game_has_its_textbook_shapley_value() -> None:
    # c(S) = the largest runway any member of S needs: 1, 2, 3 (×6 000 öre).
    game = game_from(AIRPORT)
    assert shapley_exact(game) == {"1401": 2000, "1402": 5000, "1403": 11000}
    assert scrb(game) == {"1401": 2400, "1402": 4800, "1403": 10800}
    assert game.saving() == 36000 - 18000


def in_core(game: Game, charges: dict[str, int]) -> bool:
    n = len(game.members)
    for mask in range(1, 1 << n):
        paid = sum(charges[m] for k, m in enumerate(game.members) if mask >> k & 1)
        if paid > game.costs[mask] + 1:  # one öre of rounding
            return False
    return sum(charges.values()) == game.grand


def test_nucleolus_is_in_the_core_of_the_airport_game() -> None:
    game = game_from(AIRPORT)
    result = nucleolus(game)
    assert in_core(game, result)
    assert result["1401"] <= result["1402"] <= result["1403"]


def test_two_members_share_the_saving_equally() -> None:
    game = game_from(
        {frozenset(["1466"]): 600, frozenset(["1442"]): 700, frozenset(["1466", "1442"]): 1150}
    )
    expected = {"1442": 625, "1466": 525}
    assert shapley_exact(game) == scrb(game) == nucleolus(game) == expected


def test_missing_coalitions_are_an_error_unless_completed() -> None:
    costs = {
        frozenset(["1466"]): 600,
        frozenset(["1442"]): 700,
        frozenset(["1401"]): 500,
        frozenset(["1466", "1442", "1401"]): 1500,
    }
    with pytest.raises(ValueError, match="3 koalitioner saknas"):
        game_from(costs)
    game = game_from(costs, "additive")
    assert game.costs[0b011] == 1200  # 1401 + 1442 alone
    with pytest.raises(ValueError, match="att gå ensam saknas för 1466"):
        game_from({frozenset(["1442"]): 1, frozenset(["1466", "1442"]): 2})


@st.composite
def subadditive_games(draw: st.DrawFn) -> Game:
    n = draw(st.integers(2, 6))
    members = [f"{1400 + i}" for i in range(n)]
    alone = draw(st.lists(st.integers(1_000, 10**9), min_size=n, max_size=n))
    discount = draw(st.lists(st.integers(0, 40), min_size=1 << n, max_size=1 << n))
    costs = {}
    for mask in range(1, 1 << n):
        chosen = [alone[k] for k in range(n) if mask >> k & 1]
        # Economies of scale: a coalition costs its members' sum less a discount.
        costs[frozenset(m for k, m in enumerate(members) if mask >> k & 1)] = (
            sum(chosen) * (100 - discount[mask] * (len(chosen) > 1)) // 100
        )
    return game_from(costs)


@settings(max_examples=40, deadline=None)
@given(subadditive_games())
def test_every_method_charges_exactly_the_whole_cost(game: Game) -> None:
    for method in (shapley_exact, scrb, nucleolus):
        charges = method(game)
        assert sum(charges.values()) == game.grand
        assert list(charges) == list(game.members)


def test_equal_members_are_charged_alike() -> None:
    game = game_from(
        {
            frozenset(s): 100 * len(s) - 10 * (len(s) - 1)
            for r in (1, 2, 3)
            for s in itertools.combinations(["1401", "1402", "1403"], r)
        }
    )
    charges = shapley_exact(game)
    assert max(charges.values()) - min(charges.values()) <= 1


def test_sampled_shapley_agrees_with_exact_within_its_standard_error() -> None:
    rng = np.random.default_rng(7)
    n = 8
    population = rng.integers(5_000, 50_000, n).astype(float)

    def cost(masks: np.ndarray) -> np.ndarray:
        size = masks.astype(float) @ population
        return np.where(size > 0, 2e5 + 40 * size**0.9, 0.0)

    masks = np.arange(1 << n)
    table = cost((masks[:, None] >> np.arange(n)) & 1)
    exact = shapley_exact(Game(tuple(f"{1400 + i}" for i in range(n)), table))
    estimate, error = shapley_sampled(n, cost, permutations=4000, seed=3)
    for k, value in enumerate(exact.values()):
        assert abs(estimate[k] - value) <= 5 * error[k] + 1
    assert error.max() < 0.005 * table[-1]

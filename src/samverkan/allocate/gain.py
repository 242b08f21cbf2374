"""What the cooperation gains, and fair ways to share it: Shapley, SCRB and the nucleolus.

A cost game gives every coalition of members what it would cost them to run the service
together (``c({i})`` is member *i* alone, ``c(N)`` the whole cooperation). The total saving is
``Σ c({i}) − c(N)``. Each method returns charges that sum to ``c(N)`` exactly, in öre
(largest-remainder rounding of the exact values, ties to the lower kommunkod):

- **Shapley value**: each member's average marginal cost over every order of joining; exact by
  vectorised subset enumeration up to :data:`EXACT_LIMIT` members, sampled beyond that with
  the standard error stated.
- **SCRB** (separable costs, remaining benefits): each member pays what only it causes,
  ``c(N) − c(N∖{i})``, and shares the rest in proportion to what it saves against going alone.
- **Nucleolus**: the charges that make the most-overcharged coalition as well off as possible,
  then the next, and so on (sequential linear programs; small games only).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import attrs
import numpy as np
import numpy.typing as npt

from samverkan.model.money import largest_remainder

EXACT_LIMIT = 22


NUCLEOLUS_LIMIT = 10


Costs = npt.NDArray[np.float64]


@attrs.frozen
class Game:
    """Members (kommunkoder, sorted) and the cost of every coalition, indexed by bitmask."""

    members: tuple[str, ...]
    costs: Costs = attrs.field(eq=False, repr=False)
    """``costs[mask]`` in öre; bit *k* of ``mask`` set means ``members[k]`` takes part."""

    @property
    def grand(self) -> int:
        return round(float(self.costs[-1]))

    def alone(self, k: int) -> float:
        return float(self.costs[1 << k])

    def without(self, k: int) -> float:
        return float(self.costs[(len(self.costs) - 1) ^ (1 << k)])

    def saving(self) -> int:
        """Σ c({i}) − c(N): what cooperating saves against every member going alone."""
        return round(sum(self.alone(k) for k in range(len(self.members)))) - self.grand


def game_from(costs: Mapping[frozenset[str], int], complete: str | None = None) -> Game:
    """A game from coalition costs; every coalition must be there unless ``complete`` says how.

    ``complete="additive"``: a missing coalition costs the sum of its members' own costs (no
    gain assumed where nothing is known: the cautious completion).
    """
    members = tuple(sorted({m for coalition in costs for m in coalition}))
    missing_alone = [m for m in members if frozenset([m]) not in costs]
    if missing_alone:
        raise ValueError(f"kostnaden för att gå ensam saknas för {', '.join(missing_alone)}")
    n = len(members)
    if n > EXACT_LIMIT:  # 2^n coalitions would not fit in memory: say so before trying
        raise ValueError(
            f"{n} medlemmar är fler än de exakta metoderna klarar (Shapley högst {EXACT_LIMIT}, "
            f"nucleolus högst {NUCLEOLUS_LIMIT}); använd --method shapley-sampled "
            "(Shapley-värdet skattat med stickprov, med standardfel) eller scrb"
        )
    table = np.full(1 << n, np.nan)
    table[0] = 0.0
    index = {m: k for k, m in enumerate(members)}
    for coalition, cost in costs.items():
        table[sum(1 << index[m] for m in coalition)] = float(cost)
    if np.isnan(table).any():
        if complete != "additive":
            count = int(np.isnan(table).sum())
            raise ValueError(
                f"{count} koalitioner saknas; ange dem eller välj hur de ska fyllas "
                "i (--complete additive: summan av medlemmarnas egna kostnader)"
            )
        masks = np.flatnonzero(np.isnan(table))
        alone = np.array([table[1 << k] for k in range(n)])
        bits = (masks[:, None] >> np.arange(n)) & 1
        table[masks] = bits @ alone
    return Game(members, table)


def _round(game: Game, values: Costs, unit: int = 1) -> dict[str, int]:
    """Exact values → charges in multiples of ``unit`` öre summing to c(N) (largest
    remainders on 1/1000 öre; what is below one unit goes to the first in remainder order)."""
    milli = {m: max(round(float(v) * 1000), 0) for m, v in zip(game.members, values, strict=True)}
    negative = any(v < 0 for v in values)
    if negative or sum(milli.values()) == 0:
        # Charges below zero (a member that saves others more than it costs): round each to öre
        # and put the difference on the largest, so the total stays exact.
        rounded = {m: round(float(v)) for m, v in zip(game.members, values, strict=True)}
        rounded[max(rounded, key=lambda m: (rounded[m], m))] += game.grand - sum(rounded.values())
        return rounded
    shares = largest_remainder(game.grand, milli, unit)
    return {m: shares[m] for m in game.members}


def _popcount(n: int) -> npt.NDArray[np.int64]:
    masks = np.arange(1 << n, dtype=np.int64)
    counts = np.zeros(1 << n, dtype=np.int64)
    for bit in range(n):
        counts += (masks >> bit) & 1
    return counts


def shapley_exact(game: Game, unit: int = 1) -> dict[str, int]:
    """The Shapley value by enumerating every coalition (vectorised; up to EXACT_LIMIT)."""
    n = len(game.members)
    if n > EXACT_LIMIT:
        raise ValueError(
            f"exakt Shapley-värde för högst {EXACT_LIMIT} medlemmar; använd "
            "stickprov (shapley_sampled)"
        )
    sizes = _popcount(n)
    weight = np.array(
        [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
    )
    masks = np.arange(1 << n, dtype=np.int64)
    values = np.empty(n)
    for k in range(n):
        without = masks[(masks & (1 << k)) == 0]
        marginal = game.costs[without | (1 << k)] - game.costs[without]
        values[k] = float(weight[sizes[without]] @ marginal)
    return _round(game, values, unit)


def shapley_sampled(
    n: int,
    cost: Callable[[npt.NDArray[np.bool_]], Costs],
    *,
    permutations: int = 2000,
    seed: int = 0,
    batch: int = 200,
) -> tuple[Costs, Costs]:
    """Shapley values estimated from random joining orders, with their standard errors.

    :param cost: maps a ``(k, n)`` boolean matrix of coalitions to their ``k`` costs.
    :returns: (estimates, standard errors), both in the cost's unit.
    """
    rng = np.random.default_rng(seed)
    total = np.zeros(n)
    squares = np.zeros(n)
    done = 0
    while done < permutations:
        size = min(batch, permutations - done)
        orders = np.argsort(rng.random((size, n)), axis=1)
        # member orders[b, j] joins at step j: coalition j holds the first j members.
        rank = np.empty_like(orders)
        np.put_along_axis(rank, orders, np.arange(n)[None, :].repeat(size, 0), axis=1)
        steps = rank[:, None, :] < np.arange(n + 1)[None, :, None]  # (size, n+1, n)
        costs = cost(steps.reshape(-1, n)).reshape(size, n + 1)
        marginal_by_step = np.diff(costs, axis=1)  # cost added at step j
        marginal = np.take_along_axis(marginal_by_step, rank, axis=1)  # per member
        total += marginal.sum(axis=0)
        squares += (marginal**2).sum(axis=0)
        done += size
    mean = total / done
    variance = np.maximum(squares / done - mean**2, 0.0)
    return mean, np.sqrt(variance / done)


def scrb(game: Game, unit: int = 1) -> dict[str, int]:
    """Separable costs, remaining benefits."""
    n = len(game.members)
    separable = np.array([game.grand - game.without(k) for k in range(n)])
    benefit = np.array([game.alone(k) for k in range(n)]) - separable
    remaining = game.grand - separable.sum()
    if benefit.clip(min=0).sum() > 0:
        share = benefit.clip(min=0) / benefit.clip(min=0).sum()
    else:
        share = np.full(n, 1 / n)
    return _round(game, separable + remaining * share, unit)


def nucleolus(game: Game, unit: int = 1) -> dict[str, int]:
    """The nucleolus of the cost game, by sequential linear programs (small games only)."""
    n = len(game.members)
    if n > NUCLEOLUS_LIMIT:
        raise ValueError(f"nucleolus beräknas för högst {NUCLEOLUS_LIMIT} medlemmar")
    scale = float(np.abs(game.costs).max()) or 1.0  # well-scaled programs solve reliably
    program = _Program(game, scale)
    while program.free.any() and program.rank() < n:
        epsilon, x = program.least_excess()
        excess = program.bits @ x - program.costs
        tolerance = 1e-9 * max(1.0, abs(epsilon))
        for s in np.flatnonzero(program.free & (excess >= epsilon - tolerance)):
            if program.always_tight(int(s), epsilon):
                program.settle(int(s), epsilon)
    solution = np.linalg.lstsq(np.array(program.rows), np.array(program.values), rcond=None)[0]
    return _round(game, solution * scale, unit)


class _Program:
    """The linear programs of the nucleolus: free coalitions as ``x(S) − c(S) ≤ ε``, coalitions
    already settled (and the grand coalition) as equalities."""

    def __init__(self, game: Game, scale: float) -> None:
        n = len(game.members)
        self.n = n
        self.bits = ((np.arange(1, (1 << n) - 1)[:, None] >> np.arange(n)) & 1).astype(float)
        self.costs = game.costs[1:-1] / scale
        self.free = np.ones(len(self.costs), dtype=bool)
        self.rows: list[Costs] = [np.ones(n)]
        self.values: list[float] = [float(game.costs[-1]) / scale]

    def rank(self) -> int:
        return int(np.linalg.matrix_rank(np.array(self.rows)))

    def settle(self, s: int, epsilon: float) -> None:
        """Coalition ``s`` keeps excess ε; an equality only when it adds information."""
        self.free[s] = False
        if np.linalg.matrix_rank(np.array([*self.rows, self.bits[s]])) > len(self.rows):
            self.rows.append(self.bits[s])
            self.values.append(float(self.costs[s] + epsilon))

    def _solve(self, objective: Costs, epsilon: float | None) -> tuple[float, Costs]:
        # Imported here: scipy.optimize takes most of a second to import, and every
        # samverkan command would pay it for the one analysis that solves linear programs.
        from scipy.optimize import linprog  # noqa: PLC0415

        upper = np.c_[self.bits[self.free], -np.ones(int(self.free.sum()))]
        rows, values = [np.r_[r, 0.0] for r in self.rows], list(self.values)
        bounds: list[tuple[float | None, float | None]] = [(None, None)] * (self.n + 1)
        if epsilon is not None:
            bounds[-1] = (None, epsilon + 1e-9 * max(1.0, abs(epsilon)))
        result = linprog(
            objective,
            A_ub=upper,
            b_ub=self.costs[self.free],
            A_eq=np.array(rows),
            b_eq=np.array(values),
            bounds=bounds,
            method="highs",
        )
        if not result.success:
            raise ValueError(f"nucleolus: linjärprogrammet löstes inte ({result.message})")
        return float(result.fun), result.x[: self.n]

    def least_excess(self) -> tuple[float, Costs]:
        """min ε such that no free coalition pays more than ε above its own cost."""
        value, x = self._solve(np.r_[np.zeros(self.n), 1.0], None)
        return value, x

    def always_tight(self, s: int, epsilon: float) -> bool:
        """Whether coalition ``s`` has excess ε in every solution that reaches ε."""
        lowest = self._solve(np.r_[self.bits[s], 0.0], epsilon)[0] - self.costs[s]
        return bool(lowest >= epsilon - 1e-7 * max(1.0, abs(epsilon)))


@attrs.frozen
class Coalitions:
    """Coalition costs for a game of any size: the coalitions given, and every other one at
    the sum of its members' own costs (the cautious, additive completion)."""

    members: tuple[str, ...]
    alone: Costs = attrs.field(eq=False, repr=False)
    known: Mapping[bytes, float] = attrs.field(eq=False, repr=False)
    """Given coalitions by their membership row (``numpy.bool_`` bytes)."""

    @classmethod
    def of(cls, costs: Mapping[frozenset[str], int]) -> Coalitions:
        members = tuple(sorted({m for coalition in costs for m in coalition}))
        missing = [m for m in members if frozenset([m]) not in costs]
        if missing:
            raise ValueError(f"kostnaden för att gå ensam saknas för {', '.join(missing)}")
        index = {m: k for k, m in enumerate(members)}
        known = {}
        for coalition, cost in costs.items():
            row = np.zeros(len(members), dtype=np.bool_)
            row[[index[m] for m in coalition]] = True
            known[row.tobytes()] = float(cost)
        alone = np.array([float(costs[frozenset([m])]) for m in members])
        return cls(members, alone, known)

    def cost(self, rows: npt.NDArray[np.bool_]) -> Costs:
        """The cost of each coalition in ``rows`` (a ``(k, n)`` membership matrix)."""
        out = rows.astype(np.float64) @ self.alone
        for i, row in enumerate(rows):
            given = self.known.get(row.tobytes())
            if given is not None:
                out[i] = given
        return out

    def grand(self) -> int:
        return round(float(self.cost(np.ones((1, len(self.members)), dtype=np.bool_))[0]))


def _split(members: tuple[str, ...], values: Costs, total: int, unit: int) -> dict[str, int]:
    """Exact values rounded to charges that sum to ``total`` (as :func:`_round` does)."""
    return _round(Game(members, np.array([0.0, float(total)])), values, unit)


def scrb_any(coalitions: Coalitions, unit: int = 1) -> dict[str, int]:
    """SCRB for a game of any size: it needs only c({i}), c(N∖{i}) and c(N)."""
    n = len(coalitions.members)
    without = ~np.eye(n, dtype=np.bool_)
    grand = coalitions.grand()
    separable = grand - coalitions.cost(without)
    benefit = coalitions.alone - separable
    remaining = grand - separable.sum()
    positive = benefit.clip(min=0)
    share = positive / positive.sum() if positive.sum() > 0 else np.full(n, 1 / n)
    return _split(coalitions.members, separable + remaining * share, grand, unit)


def shapley_estimate(
    coalitions: Coalitions, *, permutations: int = 2000, seed: int = 0, unit: int = 1
) -> tuple[dict[str, int], dict[str, float]]:
    """The Shapley value estimated from random joining orders (any size): charges summing to
    c(N) exactly, and each member's standard error in öre."""
    n = len(coalitions.members)
    mean, error = shapley_sampled(n, coalitions.cost, permutations=permutations, seed=seed)
    charges = _split(coalitions.members, mean, coalitions.grand(), unit)
    return charges, dict(zip(coalitions.members, (float(e) for e in error), strict=True))

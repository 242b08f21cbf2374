"""Coalition costs: what groups of members would cost on their own (stand-alone estimates),
the input of the cooperation gain."""

from __future__ import annotations

from pathlib import Path

import attrs
import polars as pl

from samverkan.errors import InputError, Problem
from samverkan.read.numbers import parse_amounts
from samverkan.read.raw import LINE
from samverkan.read.tabular import find_column, read_text_table, require_columns


@attrs.frozen
class CoalitionCosts:
    """What each coalition of members would cost on its own, and whether any is estimated."""

    costs: dict[frozenset[str], int]
    """Coalition (kommunkoder) → its yearly cost in öre."""
    estimated: bool = False
    """True when any row is marked an estimate (``estimate`` = ja): the gain is then no fact."""


def read_coalitions(path: Path) -> CoalitionCosts:
    """``coalition`` (kommunkoder joined by ``+``) and ``cost`` (kronor) per row, checked;
    an optional ``estimate`` column (ja/nej) marks estimated costs."""
    table = read_text_table(path, str(path))
    cols = require_columns(table, ["coalition", "cost"])
    estimate = find_column(table, "estimate")
    estimated = estimate is not None and bool(
        table.frame.select(
            pl.col(estimate).str.to_lowercase().is_in(["ja", "j", "yes", "true", "1", "x"]).any()
        ).item()
    )
    frame = parse_amounts(table, {"cost": cols["cost"]}, 100)
    costs: dict[frozenset[str], int] = {}
    problems = []
    for line, text, cost in frame.select(LINE, cols["coalition"], "_cost").iter_rows():
        members = frozenset(p.strip() for p in (text or "").split("+") if p.strip())
        if not members or not all(len(m) == 4 and m.isascii() and m.isdigit() for m in members):
            problems.append(
                Problem(
                    f"{text!r}: skriv kommunkoder med +, till exempel 1466+1442",
                    str(path),
                    line,
                    cols["coalition"],
                )
            )
        elif members in costs:
            problems.append(
                Problem("koalitionen förekommer två gånger", str(path), line, cols["coalition"])
            )
        elif cost is None:
            problems.append(Problem("kostnad saknas", str(path), line, cols["cost"]))
        else:
            costs[members] = cost
    if problems:
        raise InputError(problems)
    return CoalitionCosts(costs, estimated)

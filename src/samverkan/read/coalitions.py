"""Coalition costs: what groups of members would cost on their own (stand-alone estimates),
the input of the cooperation gain."""

from __future__ import annotations

from pathlib import Path

from samverkan.errors import InputError, Problem
from samverkan.read.numbers import parse_amounts
from samverkan.read.raw import LINE
from samverkan.read.tabular import read_text_table, require_columns


def read_coalitions(path: Path) -> dict[frozenset[str], int]:
    """``coalition`` (kommunkoder joined by ``+``) and ``cost`` (kronor) per row, checked."""
    table = read_text_table(path, str(path))
    cols = require_columns(table, ["coalition", "cost"])
    frame = parse_amounts(table, {"cost": cols["cost"]}, 100)
    costs: dict[frozenset[str], int] = {}
    problems = []
    for line, text, cost in frame.select(LINE, cols["coalition"], "_cost").iter_rows():
        members = frozenset(p.strip() for p in (text or "").split("+") if p.strip())
        if not members or not all(len(m) == 4 and m.isdigit() for m in members):
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
    return costs

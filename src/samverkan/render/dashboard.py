"""The dashboard above the reports (``index.html``): one tile per board, every period below it.

It is built from the reports' ``.meta.json`` files only, so it lists reports built at other
times too and never reads data itself. A tile answers for the latest period what a kommunchef
asks first: the year's forecast against budget, what each member pays, how many goals are met;
the table under it shows how the forecast's deviation from budget moved from report to report.
Reports from before 0.3 carry no headline figures; they are listed without them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from samverkan.follow_up.status import Status, count_statuses
from samverkan.model.format import against_budget, fmt_money, settlement_word
from samverkan.model.text import Lang


@attrs.frozen
class Period:
    """One report of a board, as the dashboard shows it."""

    name: str
    title: str
    file: str
    data_date: str
    extra_files: tuple[str, ...]
    budget: str | None
    forecast: str | None
    deviation: str | None
    tone: str
    goals: str | None
    example_data: bool
    members: tuple[tuple[str, str, str], ...]
    """(kommunkod, name, the year's charge by the agreed key as budgeted, and at the year end
    its settlement)."""


@attrs.frozen
class Board:
    name: str
    periods: tuple[Period, ...]
    """Newest first."""


def _period(entry: Mapping[str, Any], lang: Lang) -> Period:
    head: Mapping[str, Any] = entry.get("headline") or {}
    budget, forecast = head.get("budget_ore"), head.get("prognos_ore")
    deviation, tone = None, "plain"
    if budget is not None and forecast is not None:
        deviation, tone = against_budget(budget, forecast, lang)
    goals = head.get("goals")
    counted = count_statuses({Status(k): n for k, n in goals.items()}, lang) if goals else None
    members = tuple(
        (m["kommunkod"], m["name"], _pays(m, lang))
        for m in head.get("members", [])
        if m.get("budget_ore") is not None
    )
    return Period(
        entry["period"],
        entry["title"],
        entry["file"],
        entry["data_date"],
        tuple(entry.get("extra_files", [])),
        None if budget is None else fmt_money(budget, lang=lang),
        None if forecast is None else fmt_money(forecast, lang=lang),
        deviation,
        tone,
        counted,
        bool(head.get("example_data")),
        members,
    )


def _pays(member: Mapping[str, Any], lang: Lang) -> str:
    """A member's charge as budgeted and, at the year end, its settlement: ``6 799 tkr;
    tilläggsdebitering 88 924 kr``."""
    charge = fmt_money(member["budget_ore"], lang=lang)
    settled = member.get("settlement_ore")
    if settled is None:
        return charge
    amount = f" {fmt_money(abs(settled), 'kr', lang=lang)}" if settled else ""
    return f"{charge}; {settlement_word(settled, lang)}{amount}"


def boards(entries: Sequence[Mapping[str, Any]], lang: Lang) -> list[Board]:
    """Every board with its reports, newest period first; boards in name order."""
    by_unit: dict[str, list[Mapping[str, Any]]] = {}
    for entry in entries:
        by_unit.setdefault(entry["unit"], []).append(entry)
    return [
        Board(
            unit,
            tuple(
                _period(e, lang)
                for e in sorted(reports, key=lambda e: e["period_sort"], reverse=True)
            ),
        )
        for unit, reports in sorted(by_unit.items())
    ]


def language(entries: Sequence[Mapping[str, Any]]) -> Lang:
    """English when every report in the folder is English, else Swedish."""
    return "en" if entries and all(e.get("lang") == "en" for e in entries) else "sv"


def members(found: Sequence[Board]) -> list[tuple[str, str]]:
    """Every member named in any tile, for the dashboard's member filter."""
    seen: dict[str, str] = {}
    for board in found:
        for period in board.periods:
            for code, name, _ in period.members:
                seen.setdefault(code, name)
    return sorted(seen.items(), key=lambda item: item[1])

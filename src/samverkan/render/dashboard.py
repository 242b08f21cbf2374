"""The dashboard above the reports (``index.html``): a kommunchef's view across boards.

Built from the reports' ``.meta.json`` files only (:mod:`samverkan.render.metas`), so it lists
reports built at other times too and never reads data itself. For each year the folder holds
it shows what each member pays across all boards, each board's year as a small figure, the
goals of every board per purpose, and what to act on; under it every period of every board.
Metas from before 0.3 carry no figures; they are listed without them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from samverkan.follow_up.status import Status, count_statuses
from samverkan.model.format import against_budget, fmt_money, settlement_word
from samverkan.model.text import Lang, Text
from samverkan.render.dashboard_year import YearView, year_view

Meta = Mapping[str, Any]


@attrs.frozen
class Period:
    """One report of a board, as the list of periods shows it."""

    name: str
    title: str
    file: str
    year: str
    data_date: str
    extra_files: tuple[str, ...]
    budget: str | None
    forecast: str | None
    """The year's outcome once it is known, else the forecast, with the word that says which:
    ``utfall 15 398 tkr``."""
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


def is_example(head: Meta, key: str = "origins") -> bool:
    """Whether the figures rest on example data: the meta's origins, or (older metas) its flag."""
    if key in head:
        return "example" in head[key]
    return bool(head.get("example_data"))


def _period(entry: Meta, lang: Lang) -> Period:
    head: Meta = entry.get("headline") or {}
    # Once the year's outcome is known the period says it, not December's forecast.
    outcome = head.get("utfall_ore")
    forecast = head.get("prognos_ore") if outcome is None else outcome
    budget = head.get("budget_ore")
    said = (Text("utfall", "outcome") if outcome is not None else Text("prognos", "forecast"))(lang)
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
        entry["period_sort"][:4],
        entry["data_date"],
        tuple(entry.get("extra_files", [])),
        None if budget is None else fmt_money(budget, lang=lang),
        None if forecast is None else f"{said} {fmt_money(forecast, lang=lang)}",
        deviation,
        tone,
        counted,
        is_example(head),
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


def by_board(entries: Sequence[Meta]) -> dict[str, list[Meta]]:
    """Each board's metas, newest period first; boards in name order."""
    found: dict[str, list[Meta]] = {}
    for entry in entries:
        found.setdefault(entry["unit"], []).append(entry)
    return {
        unit: sorted(metas, key=lambda e: e["period_sort"], reverse=True)
        for unit, metas in sorted(found.items())
    }


def boards(entries: Sequence[Meta], lang: Lang) -> list[Board]:
    """Every board with its reports, newest period first; boards in name order."""
    return [
        Board(unit, tuple(_period(e, lang) for e in metas))
        for unit, metas in by_board(entries).items()
    ]


def years(entries: Sequence[Meta], lang: Lang) -> list[YearView]:
    """The strategy view of every year the folder holds, newest first."""
    grouped = by_board(entries)
    held = sorted({e["period_sort"][:4] for e in entries}, reverse=True)
    return [year_view(year, grouped, lang) for year in held]


def language(entries: Sequence[Meta]) -> Lang:
    """English when every report in the folder is English, else Swedish."""
    return "en" if entries and all(e.get("lang") == "en" for e in entries) else "sv"


def members(found: Sequence[Board]) -> list[tuple[str, str]]:
    """Every member named in any report, for the dashboard's member filter."""
    seen: dict[str, str] = {}
    for board in found:
        for period in board.periods:
            for code, name, _ in period.members:
                seen.setdefault(code, name)
    return sorted(seen.items(), key=lambda item: item[1])


TEXTS = {
    "title": Text("Översikt över samverkan", "Overview of the cooperation"),
    "lead": Text(
        "Vad varje kommun betalar, hur nämndernas år går, målen och vad som behöver åtgärdas, "
        "ur varje nämnds senaste rapport. Varje rapport är en fryst ögonblicksbild av sin "
        "period; alla perioder finns under.",
        "What each municipality pays, how the boards' year goes, the goals and what needs "
        "action, from each board's latest report. Each report is a frozen snapshot of its "
        "period; every period is listed below.",
    ),
    "show": Text("Visa", "Show"),
    "all_members": Text("Alla medlemmar", "All members"),
    "year": Text("År", "Year"),
    "example_data": Text("Exempeldata", "Example data"),
    "forecast": Text("Prognos eller utfall", "Forecast or outcome"),
    "budget": Text("Budget", "Budget"),
    "deviation": Text("Avvikelse mot budget", "Deviation from budget"),
    "goals": Text("Mål", "Goals"),
    "no_goals": Text("inga målvärden satta", "no targets set"),
    "period": Text("Period", "Period"),
    "report": Text("Rapport", "Report"),
    "data_date": Text("Uppgifter per", "Data as of"),
    "files": Text("Filer", "Files"),
    "all_periods": Text("Alla perioder", "Every period"),
    "skipped": Text("Kunde inte läsas och visas inte:", "Could not be read and are not shown:"),
}

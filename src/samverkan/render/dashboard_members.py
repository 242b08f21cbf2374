"""What each member pays in a year of the dashboard: one row per member summed over the boards,
and under it one row per board saying what its figure is and from which report.

A board's figure is its year's outcome once the year has ended, else its latest forecast
(else the budget); its change compares it with the board's report before, and that row says
with what (``utfall december 2018 mot prognos april 2018``). The member's sum says when it adds
an outcome to a forecast, and at the year end its settlement is each board's, netted in the
sum. Money is summed in öre and formatted once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from samverkan.model.format import fmt_money, fmt_number, settlement_word
from samverkan.model.text import Lang, Text

Meta = Mapping[str, Any]
KIND_WORDS = {
    "utfall_ore": Text("utfall", "outcome"),
    "prognos_ore": Text("prognos", "forecast"),
    "budget_ore": Text("budget", "budget"),
}


@attrs.frozen
class MemberPart:
    """One board's part of a member's year."""

    board: str
    kind: str
    """``utfall_ore``, ``prognos_ore`` or ``budget_ore``: what the figure is."""
    said: str
    """What the figure is and from which report: ``utfall, december 2018 (Bokslut 2018)``,
    and what the change compares it with."""
    budget_ore: int
    forecast_ore: int
    per_inhabitant: str
    change_ore: int | None
    settlement: str


@attrs.frozen
class MemberRow:
    code: str
    name: str
    budget_ore: int
    forecast_ore: int
    per_inhabitant: str
    change_ore: int | None
    example: bool
    settlement: str = ""
    """At the year end, what the member pays in or is paid back across the settled boards
    (``tilläggsdebitering 108 895 kr``, netted over the boards); empty before."""
    settled_ore: int | None = None
    parts: tuple[MemberPart, ...] = ()
    mixed: str = ""
    """When the sum adds one board's outcome to another's forecast, a word that says so."""


def _head(meta: Meta | None) -> Meta:
    return (meta or {}).get("headline") or {}


def _example(head: Meta) -> bool:
    key = "money_origins"
    return "example" in head[key] if key in head else bool(head.get("example_data"))


def _per(amount_ore: int, people: int, lang: Lang) -> str:
    return fmt_number(Decimal(amount_ore) / 100 / people, 0, lang) if people else "–"


def _settled(settled: int | None, lang: Lang) -> str:
    if settled is None:
        return ""
    amount = f" {fmt_money(abs(settled), 'kr', lang=lang)}" if settled else ""
    return settlement_word(settled, lang) + amount


def _said(meta: Meta, kind: str, previous: Meta | None, before: str | None, lang: Lang) -> str:
    """``utfall december 2018 (Bokslut 2018); förändring mot prognos april 2018``."""
    what = f"{KIND_WORDS[kind](lang)} {meta['period']}, {meta['title']}"
    if previous is None or before is None:
        return what
    against = Text("förändring mot", "change against")(lang)
    return f"{what}; {against} {KIND_WORDS[before](lang)} {previous['period']}"


def members(
    latest: Mapping[str, tuple[Meta, Meta | None]], lang: Lang
) -> tuple[list[MemberRow], str]:
    """Each member's budget and latest figure summed over the boards, with each board's part,
    per inhabitant and the change since each board's previous period; and the note on it."""
    rows: dict[str, MemberRow] = {}
    kinds: dict[str, set[str]] = {}
    dates: set[str] = set()
    for board, (meta, previous) in latest.items():
        head = _head(meta)
        before = {m["kommunkod"]: m for m in _head(previous).get("members", [])}
        people = head.get("inhabitants", {})
        if people and head.get("inhabitants_date"):
            dates.add(head["inhabitants_date"])
        for m in head.get("members", []):
            if m.get("budget_ore") is None:
                continue
            code = m["kommunkod"]
            kind = next(k for k in KIND_WORDS if m.get(k) is not None)
            now = int(m[kind])
            earlier = before.get(code, {})
            was_kind = next((k for k in KIND_WORDS if earlier.get(k) is not None), None)
            change = None if was_kind is None else now - int(before[code][was_kind])
            settled = m.get("settlement_ore")
            part = MemberPart(
                board,
                kind,
                _said(meta, kind, previous, was_kind, lang),
                int(m["budget_ore"]),
                now,
                _per(now, int(people.get(code, 0) or 0), lang),
                change,
                _settled(settled, lang),
            )
            kinds.setdefault(code, set()).add(kind)
            was = rows.get(code, MemberRow(code, m["name"], 0, 0, "", None, False))
            rows[code] = attrs.evolve(
                was,
                settled_ore=was.settled_ore
                if settled is None
                else (was.settled_ore or 0) + settled,
                budget_ore=was.budget_ore + part.budget_ore,
                forecast_ore=was.forecast_ore + now,
                change_ore=was.change_ore if change is None else (was.change_ore or 0) + change,
                example=was.example or _example(head),
                per_inhabitant=str(people.get(code, was.per_inhabitant)),
                parts=(*was.parts, part),
            )
    out = []
    for row in sorted(rows.values(), key=lambda r: r.name):
        people = int(row.per_inhabitant) if row.per_inhabitant.isdigit() else 0
        mixed = len(kinds[row.code]) > 1
        netted = len([p for p in row.parts if p.settlement]) > 1
        settlement = _settled(row.settled_ore, lang)
        if settlement and netted:
            settlement += Text(" (netto)", " (net)")(lang)
        out.append(
            attrs.evolve(
                row,
                per_inhabitant=_per(row.forecast_ore, people, lang),
                settlement=settlement,
                mixed=Text("utfall och prognos", "outcome and forecast")(lang) if mixed else "",
            )
        )
    when = ", ".join(sorted(dates))
    note = (
        Text(
            f"Per invånare: nämndens siffra (utfall när året är slut, annars senaste prognos) "
            f"delad med folkmängden {when}, som nyckeln räknar den.",
            f"Per inhabitant: the board's figure (the outcome once the year has ended, else the "
            f"latest forecast) divided by the population on {when}, as the key counts it.",
        )(lang)
        if dates
        else ""
    )
    return out, note


def figure_header(rows: Sequence[MemberRow], lang: Lang) -> str:
    """The figure column's header: what every board's figure is, or that they differ."""
    kinds = {p.kind for r in rows for p in r.parts}
    if kinds == {"utfall_ore"}:
        return Text("Utfall", "Outcome")(lang)
    if kinds == {"prognos_ore"}:
        return Text("Senaste prognos", "Latest forecast")(lang)
    return Text("Utfall eller prognos", "Outcome or forecast")(lang)

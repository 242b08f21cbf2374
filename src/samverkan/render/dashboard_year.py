"""One year of the dashboard: what each member pays across boards, each board's trajectory,
the goals per purpose and what to act on, from the latest report of each board in the year.

Every link points at a report file in the folder and an anchor that report holds (goal rows
and purpose tables carry ids, sections theirs); the page's script adds the member filter
(``&kommun=1442``) when one is chosen. Money is summed in öre and formatted once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from markupsafe import Markup

from samverkan.follow_up.status import STATUS_SYMBOL, STATUS_TEXT, Status
from samverkan.model.format import against_budget, fmt_money
from samverkan.model.period import SHORT_MONTHS_SV
from samverkan.model.text import Lang, Text
from samverkan.render.dashboard_members import MemberRow
from samverkan.render.dashboard_members import members as member_rows
from samverkan.render.sparkline import Point, trajectory_svg

Meta = Mapping[str, Any]
_SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RANK = {Status.NOT_MET: 0, Status.PARTLY: 1, Status.MET: 2}
# What an area's deviation is measured by: the year's outcome once it is known, else the
# latest forecast (a meta from before the outcome was said has no ``kind``: a forecast).
OUTCOME, FORECAST = Text("utfallet", "the outcome"), Text("prognosen", "the forecast")


@attrs.frozen
class Link:
    text: str
    file: str
    anchor: str = ""

    @property
    def href(self) -> str:
        return f"{self.file}#{self.anchor}" if self.anchor else self.file


@attrs.frozen
class Trajectory:
    board: str
    svg: Markup
    said: str
    tone: str
    example: bool
    link: Link


@attrs.frozen
class GoalCell:
    status: str
    text: str
    change: str
    """``better``, ``worse``, ``same`` or ``new`` against the board's previous period."""
    link: Link


@attrs.frozen
class YearView:
    year: str
    members: tuple[MemberRow, ...]
    population_note: str
    trajectories: tuple[Trajectory, ...]
    purposes: tuple[str, ...]
    boards: tuple[str, ...]
    matrix: tuple[tuple[GoalCell | None, ...], ...]
    """Per purpose, per board: the purpose's status there (None: not one of its purposes)."""
    goals_example: bool
    not_met: tuple[tuple[str, Link], ...]
    """(board, link to the goal's row) for every goal not met."""
    act_on: tuple[tuple[Link, str], ...]
    """What needs action, largest deviation first, then goals not met: link and tone."""


def _head(meta: Meta | None) -> Meta:
    return (meta or {}).get("headline") or {}


def _example(head: Meta, key: str) -> bool:
    """Example data behind ``key``'s figures: the meta's origins, or older metas' flag."""
    return "example" in head[key] if key in head else bool(head.get("example_data"))


def _latest(metas: Sequence[Meta], year: str) -> tuple[Meta | None, Meta | None]:
    """A board's latest meta of ``year`` and the one before it (of any year)."""
    for i, meta in enumerate(metas):
        if meta["period_sort"][:4] == year:
            return meta, metas[i + 1] if i + 1 < len(metas) else None
    return None, None


def _point(month: int, amount: int, example: bool, what: str, lang: Lang) -> Point:
    months = SHORT_MONTHS_SV if lang == "sv" else _SHORT_EN
    return Point(
        month, amount, example, f"{what} {months[month - 1]}: {fmt_money(amount, lang=lang)}"
    )


def _trajectory(board: str, metas: Sequence[Meta], meta: Meta, year: str, lang: Lang) -> Trajectory:
    """The budget, every forecast of the year (the latest meta's, and each older period's
    own where a meta has no trajectory) and the outcome once the year is booked."""
    head = _head(meta)
    path = head.get("trajectory") or {}
    word = Text("prognos", "forecast")(lang)
    points = {
        int(p["month"][5:]): _point(
            int(p["month"][5:]), p["amount_ore"], "example" in p.get("origins", []), word, lang
        )
        for p in path.get("forecasts", [])
        if p["month"][:4] == year
    }
    for other in metas:
        month, h = int(other["period_sort"][5:7]), _head(other)
        if (
            other["period_sort"][:4] == year
            and month not in points
            and h.get("prognos_ore") is not None
        ):
            points[month] = _point(
                month, h["prognos_ore"], _example(h, "money_origins"), word, lang
            )
    done = path.get("outcome") or {}
    outcome = (
        _point(
            12,
            done["amount_ore"],
            "example" in done.get("origins", []),
            Text("utfall", "outcome")(lang),
            lang,
        )
        if done.get("to") == f"{year}-12"
        else None
    )
    budget = path.get("budget_ore", head.get("budget_ore"))
    ordered = [points[m] for m in sorted(points)]
    last = outcome or (ordered[-1] if ordered else None)
    said, tone = "", "plain"
    if budget is not None and last is not None:
        against, tone = against_budget(budget, last.amount_ore, lang)
        what = Text("Utfall", "Outcome") if outcome else Text("Prognos", "Forecast")
        said = f"{what(lang)} {fmt_money(last.amount_ore, lang=lang)}: {against}"
    shown = [p.label for p in (*ordered, *([outcome] if outcome else []))]
    label = "; ".join(
        [f"{board}: budget {fmt_money(budget, lang=lang) if budget is not None else '–'}", *shown]
    )
    months = SHORT_MONTHS_SV if lang == "sv" else _SHORT_EN
    drawn = [*ordered, *([outcome] if outcome else [])]
    example = any(p.example for p in drawn)
    link = Link(meta["title"], meta["file"], head.get("evidence", {}).get("ekonomi", ""))
    return Trajectory(
        board, trajectory_svg(budget, ordered, outcome, label, months), said, tone, example, link
    )


def _change(now: Status, before: Status | None) -> str:
    if before is None or now not in _RANK or before not in _RANK:
        return "new"
    return "same" if now == before else "better" if _RANK[now] > _RANK[before] else "worse"


def year_view(year: str, boards: Mapping[str, Sequence[Meta]], lang: Lang) -> YearView:
    latest = {
        board: pair
        for board, metas in boards.items()
        for pair in [_latest(metas, year)]
        if pair[0] is not None
    }
    members, note = member_rows({b: (m, p) for b, (m, p) in latest.items() if m is not None}, lang)
    trajectories = [
        _trajectory(board, boards[board], meta, year, lang)
        for board, (meta, _) in latest.items()
        if meta is not None and _head(meta).get("budget_ore") is not None
    ]
    titles: dict[str, str] = {}
    cells: dict[tuple[str, str], GoalCell] = {}
    not_met: list[tuple[str, Link]] = []
    example = False
    for board, (meta, previous) in latest.items():
        assert meta is not None
        head = _head(meta)
        example |= bool(head.get("goals_example"))
        before = {p["id"]: Status(p["status"]) for p in _head(previous).get("purposes", [])}
        for purpose in head.get("purposes", []):
            titles.setdefault(purpose["id"], purpose["title"])
            status = Status(purpose["status"])
            cells[purpose["id"], board] = GoalCell(
                status.value,
                f"{STATUS_SYMBOL[status]} {STATUS_TEXT[status](lang)}",
                _change(status, before.get(purpose["id"])),
                Link(purpose["title"], meta["file"], purpose.get("anchor", "")),
            )
            not_met += [
                (board, Link(goal["title"], meta["file"], goal.get("anchor", "")))
                for goal in purpose.get("goals", [])
                if goal["status"] == Status.NOT_MET.value
            ]
    names = tuple(latest)
    matrix = tuple(tuple(cells.get((p, b)) for b in names) for p in titles)
    deviations = sorted(
        (
            (abs(d["deviation_ore"]), board, d, meta)
            for board, (meta, _) in latest.items()
            if meta is not None
            for d in _head(meta).get("deviations", [])
            if round(d["deviation_ore"] / 100_000) != 0
        ),
        key=lambda item: (-item[0], item[1]),
    )
    act_on: list[tuple[Link, str]] = []
    for _, board, d, meta in deviations:
        against, tone = against_budget(
            d.get("budget_ore") or 0, (d.get("budget_ore") or 0) - d["deviation_ore"], lang
        )
        said = OUTCOME if d.get("kind") == "utfall" else FORECAST
        text = f"{board} – {d['area']}: {said(lang)} {against}"
        act_on.append(
            (Link(text, meta["file"], _head(meta).get("evidence", {}).get("ekonomi", "")), tone)
        )
    word = Text("ej uppfyllt", "not met")(lang)
    act_on += [
        (attrs.evolve(link, text=f"{board} – {link.text}: {word}"), "bad")
        for board, link in not_met
    ]
    return YearView(
        year,
        tuple(members),
        note,
        tuple(trajectories),
        tuple(titles.values()),
        names,
        matrix,
        example,
        tuple(not_met),
        tuple(act_on),
    )

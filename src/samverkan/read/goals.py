"""Goals as data (målstyrning): the cooperation's purposes → goals → indicators, from TOML.

A goals file is versioned with the report definitions and named in ``[report] goals``. Reading
it enforces what the evaluation found missing: every goal has an indicator, and every
indicator a target (målvärde), a limit for "delvis uppfyllt", a baseline with its period, an
owner and a data source. Whether a KPI exists, and which way is good for it, is known only
once the plugins are loaded: :func:`check_against_kpis` does that part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from samverkan.errors import InputError, Problem
from samverkan.model.period import Period
from samverkan.model.subjects import unknown_kinds
from samverkan.model.targets import Band, Limit
from samverkan.model.text import Text, text
from samverkan.model.units import KPI, Direction
from samverkan.read.files import read_toml
from samverkan.read.goal_plan import (
    Activity,
    Comment,
    Effect,
    read_activities,
    read_comments,
    read_effects,
)
from samverkan.read.goal_targets import limit_text, read_limits, wrong_side

KINDS = {
    "inre": Text("inre effektivitet", "internal efficiency"),
    "yttre": Text("yttre effektivitet", "external effectiveness"),
}
"""Inre: resources against results. Yttre: what the users of the service experience."""
_INDICATOR_KEYS = {
    "kpi",
    "subject",
    "municipality",
    "target",
    "partly",
    "baseline",
    "baseline_period",
    "owner",
    "source",
    "kind",
    "key",
    "override",
    "override_comment",
}
OVERRIDES = ("uppfyllt", "delvis", "ej")
_GOAL_ID = re.compile(r"[a-z0-9_]+")


@attrs.frozen
class Indicator:
    """One KPI measured against a target value (målvärde)."""

    kpi_id: str
    target: Limit
    """A number, ``peer:median`` (``peer:q1``, ``peer:q3``: the peer group's value that year),
    or a :class:`~samverkan.model.targets.Band` for a two-sided target (inom ±1 %)."""
    partly: Limit | None
    """The limit between "delvis uppfyllt" and "ej uppfyllt", on the bad side of the target; for
    a band, a wider band around it or None (outside the band is then "ej uppfyllt")."""
    baseline: float
    baseline_period: str
    owner: str
    source: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    subject: str | None = None
    """Which of the KPI's subjects (an area, a line) when it has several."""
    municipality: str | None = None
    """A member's kommunkod when the indicator follows one member (Kolada values are per
    municipality); by default the whole unit."""
    key: bool = False
    """Named in the summary's goals answer with value and status even when it is met."""
    override: str | None = None
    """A status set by hand (uppfyllt, delvis, ej): allowed only with ``override_comment``,
    and shown as an override next to the computed status."""
    override_comment: str | None = None


@attrs.frozen
class Goal:
    """A goal (mål) under a purpose, followed up through one or more indicators."""

    id: str
    title: Text
    indicators: tuple[Indicator, ...]


@attrs.frozen
class Purpose:
    """One of the purposes (syften) of the cooperation agreement."""

    id: str
    title: Text
    goals: tuple[Goal, ...]


@attrs.frozen
class Goals:
    path: Path
    purposes: tuple[Purpose, ...]
    example: bool = False
    """True when the targets are examples, not values the board has decided (said in the report)."""
    activities: tuple[Activity, ...] = ()
    effects: tuple[Effect, ...] = ()
    comments: tuple[Comment, ...] = ()

    def comment(self, period: str, goal_id: str, kpi_id: str | None = None) -> Comment | None:
        found = [
            c for c in self.comments if (c.period, c.goal_id, c.kpi_id) == (period, goal_id, kpi_id)
        ]
        return found[0] if found else None

    def indicators(self) -> list[tuple[str, Indicator]]:
        """(goal id, indicator) for every indicator, in file order."""
        return [(g.id, i) for p in self.purposes for g in p.goals for i in g.indicators]


def load_goals(path: Path, name: str) -> Goals:
    """Read a goals file; raise :class:`InputError` with every problem, each naming its goal."""
    raw = read_toml(path, name)
    problems: list[Problem] = []

    def fail(key: str, message: str) -> None:
        problems.append(Problem(message, name, None, key))

    for key in sorted(set(raw) - {"purposes", "example", "activities", "effects", "comments"}):
        fail(key, "okänd nyckel")
    purposes = []
    first: dict[tuple[str, str], str] = {}  # (what, id) → where it was first given

    def once(what: str, id_: str, where: str) -> None:
        """An id names one purpose or goal: a second with the same id is refused."""
        if (what, id_) in first:
            again = f"{what} {id_!r} finns redan i {first[what, id_]}"
            fail(where, f"{again}; ge var och en ett eget id")
        first.setdefault((what, id_), where)

    for p, item in enumerate(_tables(raw, "purposes", "", fail)):
        goals = []
        if "id" in item:
            once("syftet", str(item["id"]), f"purposes[{p}].id")
        for g, goal in enumerate(_tables(item, "goals", f"purposes[{p}].", fail)):
            where = f"purposes[{p}].goals[{g}]"
            goal_id = str(goal.get("id") or where)
            if not _GOAL_ID.fullmatch(goal_id):
                fail(f"{where}.id", f"målet {goal_id!r}: id med gemena a–z, siffror och _")
            once("målet", goal_id, f"{where}.id")
            indicators = tuple(
                ind
                for i, table in enumerate(_tables(goal, "indicators", f"{where}.", fail))
                if (ind := _indicator(table, goal_id, f"{where}.indicators[{i}]", fail))
            )
            if not goal.get("indicators"):
                fail(f"{where}.indicators", f"målet {goal_id!r} saknar indikator: hur mäts det?")
            goals.append(Goal(goal_id, _title(goal, where, fail), indicators))
        if not goals:
            fail(f"purposes[{p}].goals", f"syftet {item.get('id')!r} saknar mål")
        purposes.append(
            Purpose(str(item.get("id", p)), _title(item, f"purposes[{p}]", fail), tuple(goals))
        )
    kpis_of = {g.id: {i.kpi_id for i in g.indicators} for p in purposes for g in p.goals}
    activities = read_activities(raw.get("activities"), set(kpis_of), fail)
    effects = read_effects(raw.get("effects"), fail)
    folder = (path.parent / str(raw.get("comments", "kommentarer"))).resolve()
    if folder.is_relative_to(path.parent.resolve()):
        comments = read_comments(folder, kpis_of, fail)
    else:  # comments are versioned with the goals file, never read from elsewhere
        fail("comments", "kommentarsmappen ska ligga i målfilens mapp")
        comments = ()
    if problems:
        raise InputError(problems)
    return Goals(
        path,
        tuple(purposes),
        bool(raw.get("example", False)),
        activities,
        effects,
        comments,
    )


def _tables(raw: Mapping[str, Any], key: str, prefix: str, fail: Any) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        fail(f"{prefix}{key}", "ska vara en lista av tabeller ([[...]])")
        return []
    return value


def _title(table: Mapping[str, Any], where: str, fail: Any) -> Text:
    try:
        return text(table["title"])
    except (KeyError, TypeError, ValueError):
        fail(f"{where}.title", "title saknas (text eller {sv, en})")
        return Text("", "")


def _indicator(table: dict[str, Any], goal: str, where: str, fail: Any) -> Indicator | None:
    for key in sorted(set(table) - _INDICATOR_KEYS):
        fail(f"{where}.{key}", f"målet {goal!r}: okänd nyckel")
    missing = [
        k for k in ("kpi", "baseline", "baseline_period", "owner", "source") if k not in table
    ]
    for key in missing:
        fail(f"{where}.{key}", f"målet {goal!r}: indikatorn saknar {key}")
    limits = read_limits(table, goal, lambda key, message: fail(f"{where}.{key}", message))
    baseline = table.get("baseline")
    if "baseline" in table and (isinstance(baseline, bool) or not _is_number(baseline)):
        fail(f"{where}.baseline", f"målet {goal!r}: baseline ska vara ett tal")
        missing.append("baseline")
    baseline_period = table.get("baseline_period")
    if baseline_period is not None:
        try:
            Period.parse(str(baseline_period))
        except ValueError:
            fail(
                f"{where}.baseline_period",
                f"målet {goal!r}: baseline_period {baseline_period!r} är ingen period "
                "(skriv 2017, 2017-T3 eller 2017-12)",
            )
            missing.append("baseline_period")
    municipality = table.get("municipality")
    if municipality is not None and not (
        isinstance(municipality, str) and re.fullmatch(r"[0-9]{4}", municipality)
    ):
        fail(f"{where}.municipality", f"målet {goal!r}: municipality ska vara en kommunkod, 1466")
        missing.append("municipality")
    override = table.get("override")
    if override is not None and override not in OVERRIDES:
        fail(f"{where}.override", f"målet {goal!r}: override ska vara en av {', '.join(OVERRIDES)}")
    if override is not None and not table.get("override_comment"):
        fail(f"{where}.override_comment", f"målet {goal!r}: en manuell status kräver en kommentar")
        missing.append("override_comment")
    kind = table.get("kind", "inre")
    if kind not in KINDS:
        fail(f"{where}.kind", f"målet {goal!r}: kind ska vara inre eller yttre")
        missing.append("kind")
    if missing or limits is None:
        return None
    return Indicator(
        kpi_id=str(table["kpi"]),
        target=limits[0],
        partly=limits[1],
        baseline=float(table["baseline"]),
        baseline_period=str(table["baseline_period"]),
        owner=str(table["owner"]),
        source=str(table["source"]),
        kind=kind,
        subject=table.get("subject"),
        municipality=municipality,
        key=bool(table.get("key", False)),
        override=override,
        override_comment=table.get("override_comment"),
    )


def check_against_kpis(goals: Goals, kpis: Mapping[str, KPI]) -> list[Problem]:
    """Every indicator's KPI must exist, and its "delvis" limit lie on the KPI's bad side.

    With the limit on the bad side the three bands (uppfyllt, delvis, ej) meet without a gap
    or an overlap; on the good side they would overlap, and the status would be ambiguous.
    """
    problems = []
    name = str(goals.path)
    for n, (goal, ind) in enumerate(goals.indicators()):
        kpi = kpis.get(ind.kpi_id)
        if kpi is None:
            problems.append(
                Problem(
                    f"målet {goal!r}: ingen plugin ger nyckeltalet {ind.kpi_id!r}",
                    name,
                    None,
                    f"indikator {n + 1} (kpi)",
                )
            )
            continue
        if ind.subject is not None and unknown_kinds([ind.subject], kpi.subjects):
            kinds = ", ".join(k.id for k in kpi.subjects) or "inga egna"
            problems.append(
                Problem(
                    f"målet {goal!r}: ämnet {ind.subject!r} finns inte för {ind.kpi_id}; skriv "
                    f"typ:värde, till exempel omrade:ekonomi (nyckeltalets typer: {kinds})",
                    name,
                    None,
                    f"indikator {n + 1} (subject)",
                )
            )
        if kpi.direction is Direction.NEUTRAL and not isinstance(ind.target, Band):
            problems.append(
                Problem(
                    f"målet {goal!r}: {ind.kpi_id} har ingen riktning som är bättre (ett ökat "
                    "antal är varken bra eller dåligt i sig) och kan inte ha ett ensidigt "
                    "målvärde; välj ett nyckeltal med riktning eller ett intervall, "
                    "target = { within = 1.0 }",
                    name,
                    None,
                    f"indikator {n + 1} (kpi)",
                )
            )
            continue
        higher = kpi.direction is Direction.HIGHER_IS_BETTER
        if ind.partly is not None and wrong_side(ind.target, ind.partly, higher):
            side = "under" if higher else "över"
            problems.append(
                Problem(
                    f"målet {goal!r}: gränsen för delvis uppfyllt ({limit_text(ind.partly)}) ska "
                    f"ligga {side} målvärdet ({limit_text(ind.target)}) för {ind.kpi_id} "
                    f"({'högre' if higher else 'lägre'} är bättre), annars överlappar nivåerna",
                    name,
                    None,
                    f"indikator {n + 1} (partly)",
                )
            )
    return problems


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def effect_citations(goals: Goals) -> list[str]:
    """What the effects table cites: each effect's evidence (the evaluation it is quoted
    from), so that its provenance is the evaluation's, not the goals file's targets'."""
    return sorted({e.evidence for e in goals.effects})


def comment_citations(goals: Goals) -> list[str]:
    """What a goal's comment cites: its file, relative to the goals file's folder, with the goals
    file it belongs to, listed under Källor (the comment itself cites it by number)."""
    return sorted({comment_citation(goals, c) for c in goals.comments})


def comment_citation(goals: Goals, comment: Comment) -> str:
    """``mal.toml, kommentarer/2018-04/inom_budget.md``: one comment's source."""
    return f"{goals.path.name}, {comment.path.relative_to(goals.path.parent).as_posix()}"


def goal_anchor(goal_id: str) -> str:
    """The id of a goal's first row in the goal section (the dashboard links it)."""
    return f"mal-{goal_id}"


def purpose_anchor(purpose_id: str) -> str:
    """The id of a purpose's table in the goal section."""
    return f"syfte-{purpose_id}"

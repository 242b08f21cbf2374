"""What goes with the goals: the action plan (handlingsplan), the effects register, comments.

All three are data versioned with the goals file. Activities and effects are tables in it;
comments are Markdown files in a folder next to it, one per goal or indicator and period::

    kommentarer/2018-12/tillganglig.md                    (the goal "tillganglig")
    kommentarer/2018-12/tillganglig.it_vaxel.backlog.md   (its backlog indicator)

so that analysis text is reviewed like code. A comment file that matches no goal or
indicator is an error: a misspelt name must not make a comment silently disappear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from samverkan.errors import Problem
from samverkan.model.period import Period
from samverkan.read import files

ACTIVITY_STATES = ("ej påbörjad", "pågår", "klar", "försenad")
_ACTIVITY_KEYS = {"what", "goal", "kpi", "owner", "start", "deadline", "status"}
_EFFECT_KEYS = {"effect", "positive", "area", "evidence", "kpi"}
Fail = Callable[[str, str], None]


@attrs.frozen
class Activity:
    """One activity of the action plan, linked to the goal (and indicator) it should move."""

    what: str
    goal_id: str
    owner: str
    start: dt.date
    deadline: dt.date
    status: str
    kpi_id: str | None = None

    def overdue(self, on: dt.date) -> bool:
        """Past its deadline and not done, whatever status it was given."""
        return self.status != "klar" and self.deadline < on


@attrs.frozen
class Effect:
    """A perceived effect of the cooperation, as in the evaluation's table."""

    effect: str
    positive: bool
    area: str
    evidence: str
    kpi_id: str | None = None


@attrs.frozen
class Comment:
    period: str
    goal_id: str
    kpi_id: str | None
    """None: the comment is about the goal as a whole."""
    text: str
    path: Path


def read_activities(raw: Any, goal_ids: set[str], fail: Fail) -> tuple[Activity, ...]:
    out = []
    for n, table in enumerate(_list(raw, "activities", fail)):
        where = f"activities[{n}]"
        for key in sorted(set(table) - _ACTIVITY_KEYS):
            fail(f"{where}.{key}", "okänd nyckel")
        missing = [k for k in sorted(_ACTIVITY_KEYS - {"kpi"}) if k not in table]
        for key in missing:
            fail(f"{where}.{key}", f"aktiviteten {table.get('what', n + 1)!r} saknar {key}")
        if missing:
            continue
        if table["goal"] not in goal_ids:
            fail(f"{where}.goal", f"aktiviteten {table['what']!r}: okänt mål {table['goal']!r}")
        if table["status"] not in ACTIVITY_STATES:
            fail(f"{where}.status", f"status ska vara en av: {', '.join(ACTIVITY_STATES)}")
        start = _date(table["start"], f"{where}.start", fail)
        deadline = _date(table["deadline"], f"{where}.deadline", fail)
        if start is None or deadline is None:
            continue
        if deadline < start:
            fail(f"{where}.deadline", f"aktiviteten {table['what']!r} slutar före sin start")
        out.append(
            Activity(
                str(table["what"]),
                str(table["goal"]),
                str(table["owner"]),
                start,
                deadline,
                str(table["status"]),
                table.get("kpi"),
            )
        )
    return tuple(out)


def read_effects(raw: Any, fail: Fail) -> tuple[Effect, ...]:
    out = []
    for n, table in enumerate(_list(raw, "effects", fail)):
        for key in sorted(set(table) - _EFFECT_KEYS):
            fail(f"effects[{n}].{key}", "okänd nyckel")
        missing = [k for k in ("effect", "positive", "area", "evidence") if k not in table]
        for key in missing:
            fail(f"effects[{n}].{key}", f"effekten saknar {key}")
        if not missing and not isinstance(table["positive"], bool):
            fail(f"effects[{n}].positive", "positive ska vara true eller false")
        elif not missing:
            out.append(
                Effect(
                    str(table["effect"]),
                    table["positive"],
                    str(table["area"]),
                    str(table["evidence"]),
                    table.get("kpi"),
                )
            )
    return tuple(out)


def read_comments(
    folder: Path, indicators: Mapping[str, set[str]], fail: Fail
) -> tuple[Comment, ...]:
    """Every ``<period>/<goal>[.<kpi>].md`` under ``folder`` (none when it does not exist)."""
    if not folder.is_dir():
        return ()
    out = []
    for path in sorted(folder.glob("*/*.md")):
        name = f"{folder.name}/{path.parent.name}/{path.name}"
        try:
            period = str(Period.parse(path.parent.name))
        except ValueError:
            fail(name, "mappen ska heta som en period, till exempel 2018-12")
            continue
        goal_id, _, kpi_id = path.stem.partition(".")
        if goal_id not in indicators or (kpi_id and kpi_id not in indicators[goal_id]):
            fail(name, "kommentaren hör inte till något mål eller någon indikator i målfilen")
            continue
        text = files.read_text(path, name).strip()
        out.append(Comment(period, goal_id, kpi_id or None, text, path))
    return tuple(out)


def _list(raw: Any, key: str, fail: Fail) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        fail(key, "ska vara en lista av tabeller ([[...]])")
        return []
    return raw


def _date(value: Any, key: str, fail: Fail) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        fail(key, f"{value!r} är inget datum (ÅÅÅÅ-MM-DD)")
        return None


def problem_sink(problems: list[Problem], name: str) -> Fail:
    """A ``fail(key, message)`` that records a problem in the goals file ``name``."""
    return lambda key, message: problems.append(Problem(message, name, None, key))

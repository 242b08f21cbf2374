"""The reports' ``.meta.json`` files read for the dashboard: each checked, the bad ones named.

A meta is written by a build, but a folder outlives builds: a file may be cut short, edited by
hand, written by an older or newer samverkan, or put there by someone else. The dashboard must
never fail because of another report's meta, and a meta must never put an address into the
dashboard that leaves the folder. So every meta is read as untrusted input: JSON of the shape
below or skipped with a reason (the dashboard names it), and a file name is a link only when it
is a plain name of a report file that exists in the folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from samverkan.errors import InputError
from samverkan.follow_up.status import Status
from samverkan.read import files

_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(html|pdf|xlsx)")
"""A file of a report set: a plain name in the folder, with its suffix (no path, no scheme)."""
_TEXT = ("unit", "title", "period", "period_sort", "data_date")
_STATUSES = {s.value for s in Status}


class BadMeta(ValueError):
    """Why a meta cannot be shown (in Swedish, as the dashboard names it)."""


@attrs.frozen
class Skipped:
    name: str
    reason: str


def _constant(value: str) -> float:
    raise BadMeta(f"{value} är inget tal i JSON")


def _int(value: Any, where: str, *, optional: bool = True) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadMeta(f"{where} ska vara ett heltal (öre), är {type(value).__name__}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadMeta(f"{where} ska vara en text")
    return value


def _file(value: Any, where: str, folder: Path) -> str:
    name = _str(value, where)
    if not _FILE.fullmatch(name):
        raise BadMeta(f"{where} {name!r} är inte ett filnamn i mappen (med .html, .pdf, .xlsx)")
    if not (folder / name).is_file():
        raise BadMeta(f"{where} {name!r} finns inte i mappen")
    return name


def _dict(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise BadMeta(f"{where} ska vara ett objekt")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise BadMeta(f"{where} ska vara en lista")
    return value


def _anchor(value: Any, where: str) -> None:
    if value != "" and not (isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value)):
        raise BadMeta(f"{where} är inget ankare i en rapport")


def check_meta(raw: Any, folder: Path) -> dict[str, Any]:
    """The meta as the dashboard reads it, or :class:`BadMeta` saying what is wrong."""
    meta = dict(_dict(raw, "filen"))
    for key in _TEXT:
        _str(meta.get(key), key)
    if not re.fullmatch(r"\d{4}-\d{2}-\w+", meta["period_sort"]):
        raise BadMeta(f"period_sort {meta['period_sort']!r} är inte ÅÅÅÅ-MM-…")
    meta["file"] = _file(meta.get("file"), "file", folder)
    if not meta["file"].endswith(".html"):
        raise BadMeta("file ska vara rapportens .html")
    meta["extra_files"] = [
        _file(f, "extra_files", folder) for f in _list(meta.get("extra_files", []), "extra_files")
    ]
    if meta.get("lang", "sv") not in ("sv", "en"):
        raise BadMeta(f"lang {meta.get('lang')!r} är varken sv eller en")
    head = dict(_dict(meta.get("headline") or {}, "headline"))
    _check_money(head)
    _check_goals(head)
    meta["headline"] = head
    return meta


def _check_money(head: Mapping[str, Any]) -> None:
    """The headline's money: every amount an integer of öre, every place a member code."""
    for key in ("budget_ore", "prognos_ore"):
        _int(head.get(key), f"headline.{key}")
    for i, raw_member in enumerate(_list(head.get("members", []), "headline.members")):
        where = f"headline.members[{i}]"
        member = _dict(raw_member, where)
        if not re.fullmatch(r"\d{4}", str(member.get("kommunkod"))):
            raise BadMeta(f"{where}.kommunkod ska vara fyra siffror")
        _str(member.get("name"), f"{where}.name")
        for key, value in member.items():
            if key.endswith("_ore"):
                _int(value, f"{where}.{key}")
    trajectory = _dict(head.get("trajectory", {}), "headline.trajectory")
    _int(trajectory.get("budget_ore"), "headline.trajectory.budget_ore")
    outcome = _dict(trajectory.get("outcome") or {}, "headline.trajectory.outcome")
    _int(outcome.get("amount_ore"), "headline.trajectory.outcome.amount_ore")
    for raw_point in _list(trajectory.get("forecasts", []), "headline.trajectory.forecasts"):
        point = _dict(raw_point, "headline.trajectory.forecasts")
        _int(point.get("amount_ore"), "headline.trajectory.forecasts.amount_ore", optional=False)
        if not re.fullmatch(r"\d{4}-\d{2}", str(point.get("month"))):
            raise BadMeta("headline.trajectory.forecasts.month ska vara ÅÅÅÅ-MM")
    for i, raw_deviation in enumerate(_list(head.get("deviations", []), "headline.deviations")):
        deviation = _dict(raw_deviation, f"headline.deviations[{i}]")
        _int(deviation.get("budget_ore"), f"headline.deviations[{i}].budget_ore")
        _str(deviation.get("area"), f"headline.deviations[{i}].area")
        if deviation.get("kind") not in (None, "prognos", "utfall"):
            raise BadMeta(f"headline.deviations[{i}].kind ska vara prognos eller utfall")
        _int(
            deviation.get("deviation_ore"),
            f"headline.deviations[{i}].deviation_ore",
            optional=False,
        )
    people = _dict(head.get("inhabitants", {}), "headline.inhabitants")
    for code, count in people.items():
        if (_int(count, f"headline.inhabitants.{code}", optional=False) or 0) <= 0:
            raise BadMeta(f"headline.inhabitants.{code} ska vara större än 0")


def _check_goals(head: Mapping[str, Any]) -> None:
    """The headline's goals: known statuses, counts as integers, anchors a report can hold."""
    goals = _dict(head.get("goals", {}), "headline.goals")
    for status, count in goals.items():
        if status not in _STATUSES:
            raise BadMeta(f"headline.goals: okänd status {status!r}")
        _int(count, f"headline.goals.{status}", optional=False)
    for i, raw_purpose in enumerate(_list(head.get("purposes", []), "headline.purposes")):
        where = f"headline.purposes[{i}]"
        purpose = _dict(raw_purpose, where)
        goals_of = [_dict(g, where) for g in _list(purpose.get("goals", []), f"{where}.goals")]
        for item in (purpose, *goals_of):
            _str(item.get("id"), f"{where}.id")
            _str(item.get("title"), f"{where}.title")
            if item.get("status") not in _STATUSES:
                raise BadMeta(f"{where}: okänd status {item.get('status')!r}")
            _anchor(item.get("anchor", ""), f"{where}.anchor")
    evidence = _dict(head.get("evidence", {}), "headline.evidence")
    for key, anchor in evidence.items():
        _anchor(anchor, f"headline.evidence.{key}")


def read_metas(folder: Path) -> tuple[list[dict[str, Any]], list[Skipped]]:
    """Every meta of ``folder`` that can be shown, and every one that cannot, with why."""
    found: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    for path in sorted(folder.glob("*.meta.json")):
        try:
            if not path.is_file():
                raise BadMeta("är ingen vanlig fil")
            try:
                text = files.read_bytes(path, path.name).decode("utf-8")
            except InputError as exc:  # not a regular file, or unreadable
                raise BadMeta(exc.problems[0].message) from None
            except UnicodeDecodeError as exc:
                raise BadMeta(f"är inte UTF-8 (byte {exc.start})") from None
            try:
                raw = json.loads(text, parse_constant=_constant)
            except json.JSONDecodeError as exc:
                raise BadMeta(
                    f"är ingen giltig JSON (rad {exc.lineno}, kolumn {exc.colno})"
                ) from None
            found.append(check_meta(raw, folder))
        except (BadMeta, RecursionError, OSError) as exc:
            reason = str(exc) if isinstance(exc, BadMeta) else type(exc).__name__
            skipped.append(Skipped(path.name, reason))
    return found, skipped

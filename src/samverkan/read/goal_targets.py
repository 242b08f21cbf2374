"""An indicator's target and "delvis" limit as the goals file writes them.

* ``target = 80`` with ``partly = 100``: one-sided, the KPI's direction says which side is good;
* ``target = "peer:median"``: the peer group's statistic that year (``peer:q1``, ``peer:q3``);
* ``target = { within = 1.0 }`` (−1,0 to 1,0) or ``target = { min = -0.5, max = 1.0 }``:
  two-sided, met inside the band; ``partly`` is then optional, a wider band around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from samverkan.model.targets import Band, Limit

PEER_TARGET = re.compile(r"peer:(median|q1|q3)")
"""A target or limit given as a statistic of the peer group (``peer:median``), which a plugin
such as samverkan-kolada reports per year; the quartiles are ordered q1 ≤ median ≤ q3."""
_PEER_ORDER = {"q1": 0, "median": 1, "q3": 2}
_WRITTEN = "ett tal, peer:median, peer:q1, peer:q3 eller ett intervall { within = 1.0 }"

Fail = Callable[[str, str], None]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _band(raw: Mapping[str, Any], key: str, goal: str, fail: Fail) -> Band | None:
    if set(raw) == {"within"} and _number(raw["within"]) and raw["within"] >= 0:
        return Band(-float(raw["within"]), float(raw["within"]))
    numbers = set(raw) == {"min", "max"} and all(_number(raw[k]) for k in raw)
    if numbers and raw["min"] <= raw["max"]:
        return Band(float(raw["min"]), float(raw["max"]))
    fail(
        key,
        f"målet {goal!r}: {key} som intervall skrivs {{ within = 1.0 }} (±1,0 kring 0) eller "
        "{ min = -0.5, max = 1.0 } med min högst max",
    )
    return None


def read_limit(table: Mapping[str, Any], key: str, goal: str, fail: Fail) -> Limit | None:
    """``table[key]`` as a limit, or None (with the problem told to ``fail``) when it is
    written wrong; a missing key is the caller's to report."""
    value = table[key]
    if isinstance(value, Mapping):
        return _band(value, key, goal, fail)
    if isinstance(value, str) and PEER_TARGET.fullmatch(value):
        return value
    if _number(value):
        return float(value)
    fail(key, f"målet {goal!r}: {key} ska vara {_WRITTEN}")
    return None


def read_limits(
    table: Mapping[str, Any], goal: str, fail: Fail
) -> tuple[Limit, Limit | None] | None:
    """The indicator's target and "delvis" limit, or None when one is missing or written wrong
    (each problem told to ``fail``). A band needs no "delvis" limit: outside it is "ej"."""
    needed = ["target"] if isinstance(table.get("target"), Mapping) else ["target", "partly"]
    for key in needed:
        if key not in table:
            fail(key, f"målet {goal!r}: indikatorn saknar {key}")
    target = read_limit(table, "target", goal, fail) if "target" in table else None
    partly = read_limit(table, "partly", goal, fail) if "partly" in table else None
    if target is None or ("partly" in table and partly is None) or not set(needed) <= set(table):
        return None
    if why := mismatch(target, partly):
        fail("partly", f"målet {goal!r}: {why}")
        return None
    return target, partly


def mismatch(target: Limit, partly: Limit | None) -> str | None:
    """Why ``partly`` cannot go with ``target`` (a band's outer band must hold it; a
    one-sided target needs a one-sided limit), or None."""
    if isinstance(target, Band):
        if partly is None or (isinstance(partly, Band) and partly.contains(target)):
            return None
        return "gränsen för delvis uppfyllt ska vara ett intervall som rymmer målintervallet"
    if isinstance(partly, Band):
        return "ett ensidigt målvärde har en ensidig gräns för delvis uppfyllt, inget intervall"
    return None


def wrong_side(target: Limit, partly: Limit | None, higher: bool) -> bool:
    """True when a one-sided "delvis" limit is not on the bad side of the target (numbers, or
    two peer statistics by their order); a number against a peer statistic is known only
    later, and a band's outer band is checked by :func:`mismatch`."""
    if isinstance(target, Band) or isinstance(partly, Band) or partly is None:
        return False
    if isinstance(target, str) and isinstance(partly, str):
        t, p = (_PEER_ORDER[x.removeprefix("peer:")] for x in (target, partly))
        return p >= t if higher else p <= t
    if isinstance(target, str) or isinstance(partly, str):
        return False
    return partly >= target if higher else partly <= target


def limit_text(limit: Limit) -> str:
    """A limit as the goals file wrote it, for a message."""
    if isinstance(limit, Band):
        return f"{limit.low:g}–{limit.high:g}"
    return limit if isinstance(limit, str) else f"{limit:g}"

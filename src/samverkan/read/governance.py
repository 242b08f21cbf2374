"""The definition's ``[governance]`` table: how a joint board is steered, as its papers state it.

The evaluation asks whether good governance has been established: roles, mandates and formal
steering, not KPI counts. What a definition can hold for it, each item with the source that
states it (the table's ``source`` unless the item names its own):

.. code-block:: toml

    [governance]
    source = "Utvärdering av samarbetet (2018), avsnitt Styrning"
    agreement = "Överenskommelse om gemensam servicenämnd … (2014)"
    reglemente = "Reglemente för gemensam servicenämnd … IT/Växel/Telefoni"
    roles = [{ role = "Värdkommun", holder = "Herrljunga" }]
    meetings = [{ date = "2018-05-14", source = "Kallelse 2018-05-14" }]
    decisions = [{ date = "2018-05-14", text = "…", dnr = "ITVT 7/2018" }]

An item left out is missing, and the report says so; nothing is assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

Fail = Callable[[str, str], None]
_KEYS = {"source", "agreement", "reglemente", "roles", "meetings", "decisions"}


@attrs.frozen
class Item:
    """One stated fact of the board's governance, with where it is stated."""

    text: str
    source: str
    date: dt.date | None = None


@attrs.frozen
class Governance:
    agreement: Item | None
    reglemente: Item | None
    roles: tuple[Item, ...]
    meetings: tuple[Item, ...]
    decisions: tuple[Item, ...]

    def sources(self) -> list[str]:
        """Every source an item cites, once, in order."""
        items = [self.agreement, self.reglemente, *self.roles, *self.meetings, *self.decisions]
        return list(dict.fromkeys(i.source for i in items if i is not None))


def _text(value: Any, key: str, fail: Fail) -> str | None:
    if not isinstance(value, str) or not value.strip():
        fail(key, "väntade en text")
        return None
    return value.strip()


def _date(value: Any, key: str, fail: Fail) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    fail(key, "väntade ett datum, till exempel 2018-05-14")
    return None


def _item(
    value: Any, key: str, source: str | None, fail: Fail, fields: tuple[str, ...]
) -> Item | None:
    """An item written as a text, or as a table of ``fields``, ``source`` and ``date``."""
    allowed = (*fields, "source", "date")
    if isinstance(value, str):
        raw: dict[str, Any] = {fields[0]: value}
    elif isinstance(value, dict):
        raw = dict(value)
        for extra in sorted(set(raw) - set(allowed)):
            fail(f"{key}.{extra}", f"okänd nyckel; tillåtna: {', '.join(allowed)}")
    else:
        fail(key, "väntade en text eller en tabell")
        return None
    words = [_text(raw[f], f"{key}.{f}", fail) for f in fields if f in raw]
    when = _date(raw["date"], f"{key}.date", fail) if "date" in raw else None
    cited = _text(raw["source"], f"{key}.source", fail) if "source" in raw else source
    if not words and when is None:
        fail(key, f"väntade {' eller '.join(allowed[:-1])}")
        return None
    if cited is None:
        fail(
            f"{key}.source",
            "varje uppgift om styrningen anger sin källa (här eller i [governance])",
        )
        return None
    if None in words:
        return None
    text = ": ".join(w for w in words if w) or (when.isoformat() if when else "")
    return Item(text, cited, when)


def read_governance(raw: Any, fail: Fail) -> Governance | None:
    """The ``[governance]`` table checked, or None when the definition has none."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        fail("governance", "väntade en tabell [governance]")
        return None
    for key in sorted(set(raw) - _KEYS):
        fail(f"governance.{key}", f"okänd nyckel; tillåtna: {', '.join(sorted(_KEYS))}")
    source = _text(raw["source"], "governance.source", fail) if "source" in raw else None

    def one(key: str) -> Item | None:
        return _item(raw[key], f"governance.{key}", source, fail, ("text",)) if key in raw else None

    def many(key: str, fields: tuple[str, ...]) -> tuple[Item, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            fail(f"governance.{key}", "väntade en lista")
            return ()
        found = [
            _item(v, f"governance.{key}[{i}]", source, fail, fields) for i, v in enumerate(value)
        ]
        return tuple(i for i in found if i is not None)

    return Governance(
        one("agreement"),
        one("reglemente"),
        many("roles", ("role", "holder")),
        many("meetings", ("text",)),
        many("decisions", ("text", "dnr")),
    )

"""Reading typed keys from nested TOML tables, every problem collected with its key path.

Shared by report definitions (:mod:`samverkan.read.definition`), their year
(:mod:`samverkan.read.year`) and the ``samverkan ledger`` mapping file.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from samverkan.errors import Problem
from samverkan.read import files
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits


class KeyReader:
    """Reads typed keys from nested TOML tables and collects every problem with its key path."""

    def __init__(
        self,
        file: str,
        folder: Path,
        allow_outside: bool = False,
        limits: ReadLimits = DEFAULT_LIMITS,
    ) -> None:
        self.file = file
        self.folder = folder
        self.allow_outside = allow_outside
        self.limits = limits
        self.problems: list[Problem] = []

    def place(self, key: str, rel: str) -> Path | None:
        """``rel`` resolved against the definition's folder (symlinks too), refused when it
        leads outside that folder unless ``--allow-outside`` was given."""
        try:
            full = (self.folder / rel).resolve()
        except (OSError, RuntimeError):
            self.fail(key, f"{rel!r}: {files.problem_text(OSError(errno.ELOOP, ''))}")
            return None
        if self.allow_outside or full.is_relative_to(self.folder):
            return full
        self.fail(key, f"{rel!r} leder utanför definitionens mapp {self.folder}; {OUTSIDE_HINT}")
        return None

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(message, self.file, None, key))

    def get(
        self,
        table: Mapping[str, Any],
        prefix: str,
        key: str,
        kind: type | tuple[type, ...],
        *,
        default: Any = ...,
        what: str = "",
    ) -> Any:
        path = f"{prefix}.{key}" if prefix else key
        if key not in table:
            if default is ...:
                self.fail(path, f"nyckeln saknas{'; ' + what if what else ''}")
            return None if default is ... else default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = (
                kind.__name__
                if isinstance(kind, type)
                else " eller ".join(k.__name__ for k in kind)
            )
            self.fail(path, f"väntade {SWEDISH_TYPES.get(names, names)}, fick {value!r}")
            return None
        return value

    def unknown(self, table: Mapping[str, Any], prefix: str, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            path = f"{prefix}.{key}" if prefix else key
            self.fail(path, f"okänd nyckel; tillåtna: {', '.join(sorted(allowed))}")

    def convert(self, key: str, func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except (ValueError, TypeError) as exc:
            self.fail(key, str(exc))
            return None


SWEDISH_TYPES = {
    "str": "text",
    "int": "heltal",
    "bool": "true/false",
    "list": "lista",
    "dict": "tabell",
    "str eller dict": "text eller tabell {sv = …, en = …}",
}


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} ska vara ett datum ÅÅÅÅ-MM-DD, till exempel 2018-04-30"
        ) from None


OUTSIDE_HINT = "flytta filen dit eller tillåt det med --allow-outside"

"""Errors samverkan raises on purpose.

Every error a user can cause is an :class:`InputError` (exit code 2) and names where the problem
is: the file, the row or line, the column or key, and what was expected. Errors that come from a
plugin are :class:`PluginError` and name the plugin and the hook. Anything else is a bug (exit 1).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs


class SamverkanError(Exception):
    """Base class of every error samverkan raises on purpose."""


QUOTE_LIMIT = 200
"""The most characters of a value that a message quotes (a 10 MB cell is shown cut)."""
MESSAGE_LIMIT = 2000
_LONG_QUOTE = re.compile(f"'[^'\n]{{{QUOTE_LIMIT},}}'|\"[^\"\n]{{{QUOTE_LIMIT},}}\"")


def capped(message: str) -> str:
    """``message`` as it is shown: every quoted value cut to :data:`QUOTE_LIMIT` characters
    with an ellipsis, and the whole at most :data:`MESSAGE_LIMIT` (its start and its end,
    where the hint is, kept). The one place that bounds what an error echoes of the input."""
    message = _LONG_QUOTE.sub(lambda m: f"{m[0][: QUOTE_LIMIT + 1]}…{m[0][-1]}", message)
    if len(message) > MESSAGE_LIMIT:
        half = MESSAGE_LIMIT // 2
        message = f"{message[:half]} … {message[-half:]}"
    return message


@attrs.frozen
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    message: str = attrs.field(converter=capped)
    """What is wrong and what was expected (quoted values cut: :func:`capped`)."""
    file: str | None = None
    """The file (or other input) the problem is in."""
    row: int | None = None
    """1-based data row (CSV, xlsx) or line (TOML, SIE)."""
    column: str | None = None
    """Column name or definition key."""

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn/nyckel {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(SamverkanError):
    """Bad input: a file, a definition or data that cannot be used as it is.

    Carries every problem found, not only the first, so a controller can fix a file in one go.
    """

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        # Several table rows can come from one file line; report each problem once.
        self.problems: tuple[Problem, ...] = tuple(dict.fromkeys(problems))
        super().__init__(self._text())

    @classmethod
    def at(
        cls,
        message: str,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> InputError:
        """Build an error with a single located problem."""
        return cls(Problem(message, str(file) if file is not None else None, row, column))

    def located_in(self, file: str | Path) -> InputError:
        """The same problems, with ``file`` filled in where a problem names none."""
        return InputError([p if p.file else attrs.evolve(p, file=str(file)) for p in self.problems])

    def named_as(self, columns: Mapping[str, Mapping[str, str]]) -> InputError:
        """The same problems, each column named as its file names it: ``columns`` maps a file
        (as a problem names it) to its table's columns → the file's own (``quantity`` →
        ``Timmar``), as its reader said (``ReadResult.columns``)."""
        return InputError(
            [
                attrs.evolve(p, column=columns[p.file].get(p.column, p.column))
                if p.file is not None and p.file in columns and p.column is not None
                else p
                for p in self.problems
            ]
        )

    def _text(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problem:"]
        lines += [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  … och {len(self.problems) - 50} till")
        return "\n".join(lines)


class PluginError(SamverkanError):
    """A plugin failed: raised, returned something unusable or declared something invalid."""

    def __init__(self, plugin: str, hook: str, message: str) -> None:
        self.plugin = plugin
        self.hook = hook
        super().__init__(f"Pluginet {plugin!r} misslyckades i {hook}: {message}")


T = TypeVar("T")
log = logging.getLogger("samverkan.plugins")


def guarded(plugin: str, hook: str, function: Callable[..., T], *args: Any) -> T:
    """Call plugin code; an unexpected exception becomes a :class:`PluginError` naming both.

    Input errors pass through unchanged: they are about the user's data, not the plugin. This
    is the one place plugin code is called from (the facade and every stage use it);
    ``SAMVERKAN_TRACE_PLUGINS=1`` logs each call to the ``samverkan.plugins`` logger."""
    if os.environ.get("SAMVERKAN_TRACE_PLUGINS", "") not in ("", "0"):
        log.info("hook %s → plugin %s (%s)", hook, plugin, getattr(function, "__name__", "?"))
    try:
        return function(*args)
    except (InputError, PluginError):
        raise
    except SamverkanError as exc:
        raise PluginError(plugin, hook, str(exc)) from exc
    except Exception as exc:
        raise PluginError(plugin, hook, f"{type(exc).__name__}: {exc}") from exc


def tolerated(
    strict: bool,
    failed: Callable[[SamverkanError], None],
    plugin: str,
    hook: str,
    function: Callable[..., T],
    *args: Any,
) -> T | None:
    """:func:`guarded`, with the report's one rule for a plugin that fails (or refuses the data
    it was given): under ``strict`` the failure stops the build; otherwise ``failed`` records
    it (a note, a visible box) and the result is None, so the rest of the report is built."""
    try:
        return guarded(plugin, hook, function, *args)
    except (PluginError, InputError) as exc:
        if strict:
            raise
        failed(exc)
        return None

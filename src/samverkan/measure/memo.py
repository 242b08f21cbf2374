"""Values that several KPIs or sections of one plugin share, computed once per report.

A plugin's KPIs are computed one by one; when five of them need the same summary of a large
table, :class:`PerReport` computes it once. It keeps only the current report's values and
holds the table they came from (not its ``id``, which a later report's table could reuse), so
a new report never sees an earlier one's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerReport(Generic[T]):
    """A value a plugin computes from one table once per report and reuses in its other KPIs
    and sections (the sources of a million ticket rows, say): ``get(name, table, period,
    compute)`` calls ``compute()`` once per table, period and name."""

    def __init__(self) -> None:
        self._source: tuple[object, Hashable] | None = None
        self._values: dict[str, T] = {}

    def get(self, name: str, table: object, period: Hashable, compute: Callable[[], T]) -> T:
        """The value ``name`` for ``table`` (the very frame, such as ``ctx.extras[…]``) and
        ``period``: ``compute()`` the first time, the kept value after. A call with another
        table or period forgets every kept value first. Make one ``PerReport`` per plugin
        module, at import time; it is not shared between threads."""
        source = self._source
        if source is None or source[0] is not table or source[1] != period:
            self._values.clear()  # one report at a time: nothing of an earlier one survives
            self._source = (table, period)
        if name not in self._values:
            self._values[name] = compute()
        return self._values[name]

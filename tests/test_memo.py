"""PerReport: shared values computed once per report, never carried into the next."""

from __future__ import annotations

import polars as pl

from samverkan.measure.memo import PerReport


def test_values_are_computed_once_per_table_and_period() -> None:
    shared: PerReport[int] = PerReport()
    calls: list[str] = []

    def compute(name: str) -> int:
        calls.append(name)
        return len(calls)

    table = pl.DataFrame({"a": [1]})
    assert shared.get("x", table, "2018-04", lambda: compute("x")) == 1
    assert shared.get("y", table, "2018-04", lambda: compute("y")) == 2
    assert shared.get("x", table, "2018-04", lambda: compute("x")) == 1
    assert calls == ["x", "y"]
    # An equal table that is another object, or another period, is another report.
    assert shared.get("x", pl.DataFrame({"a": [1]}), "2018-04", lambda: compute("x")) == 3
    assert shared.get("x", table, "2018-12", lambda: compute("x")) == 4

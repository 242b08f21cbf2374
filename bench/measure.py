"""What several benches measure the same way: KPI time, the pandas comparison, peak memory."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import polars as pl

from samverkan.measure.registry import KPIType, MeasureContext
from samverkan.read.definition import load_definition


def context(definition: Path, extras: Mapping[str, pl.DataFrame]) -> MeasureContext:
    """A report context holding only ``extras``, as the KPIs of one plugin see it."""
    empty = pl.DataFrame()
    return MeasureContext(load_definition(definition), empty, empty, empty, extras=dict(extras))


def kpi_seconds(ctx: MeasureContext, kpis: Iterable[KPIType]) -> float:
    """Seconds to compute every KPI once, as the compute stage does."""
    start = time.perf_counter()
    for kpi in kpis:
        kpi.compute(ctx)
    return time.perf_counter() - start


def against_pandas(fast: float, pandas: Callable[[], float], target: str) -> str:
    """``pandas 0.35 s: 1.8× faster (target …)``, or why there is no baseline."""
    try:
        slow = pandas()
    except ImportError:
        return f"pandas not installed: no baseline ({target})"
    ratio = f"{slow / fast:.1f}× faster" if slow > fast else f"{fast / slow:.1f}× slower"
    return f"pandas {slow:.2f} s: {ratio} ({target})"


def peak_mb() -> float:
    """This process's own peak RSS (VmHWM); ru_maxrss would include the parent's at the fork,
    which is large when other benches ran first in it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

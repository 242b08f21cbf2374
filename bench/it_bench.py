"""All IT KPIs for a log of 1 000 000 tickets, against the same KPIs written with pandas."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import polars as pl
from measure import against_pandas, context, kpi_seconds

from samverkan_it.kpis import KPIS
from samverkan_it.tickets import TABLE

ROOT = Path(__file__).resolve().parent.parent
DEFINITION = ROOT / "reports" / "servicenamnd-it-vaxel-telefoni-2018-12.toml"


def tickets(rows: int, seed: int = 5) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2015-01-01T00:00", "ms")
    minute = np.timedelta64(60_000, "ms")
    opened = start + rng.integers(0, 4 * 365 * 24 * 60, rows) * minute
    hours = rng.lognormal(3, 1.3, rows)
    closed = opened + (hours * 60).astype(np.int64) * minute
    end = np.datetime64("2019-01-01T00:00", "ms")
    priority = rng.choice([1, 2, 3, 4], rows, p=[0.03, 0.12, 0.6, 0.25]).astype(np.int8)
    return pl.DataFrame(
        {
            "id": np.arange(rows).astype(str),
            "opened": opened,
            "closed": np.where(closed < end, closed, np.datetime64("NaT")),
            "priority": priority,
            "category": rng.choice(["Skrivare", "Ny användare", "Nät"], rows),
            "municipality": rng.choice(["1442", "1466"], rows),
            "unit": "klient",
            "first_line": rng.random(rows) < 0.5,
            "reopened": rng.random(rows) < 0.04,
            "sla_hours": np.array([4, 8, 40, 120])[priority - 1],
            "source": "bench",
            "origin": "bench",
        }
    ).with_columns(pl.col("opened", "closed").cast(pl.Datetime("ms")))


def with_polars(frame: pl.DataFrame) -> float:
    return kpi_seconds(context(DEFINITION, {TABLE: frame}), KPIS)


def with_pandas(frame: pl.DataFrame) -> float:
    import pandas as pd  # noqa: PLC0415 (bench only)

    df = pd.DataFrame({c: frame[c].to_numpy() for c in frame.columns})
    start = time.perf_counter()
    end = pd.Timestamp("2019-01-01")
    # Once: the three flow KPIs share one computation on the polars side too.
    inflow = df[df.opened < end].groupby(df.opened.dt.to_period("M")).size()
    outflow = df[df.closed < end].groupby(df.closed.dt.to_period("M")).size()
    _ = (inflow.sub(outflow, fill_value=0)).cumsum()
    year = df[df.closed.notna() & (df.closed >= pd.Timestamp("2018-01-01")) & (df.closed < end)]
    year = year.assign(hours=(year.closed - year.opened).dt.total_seconds() / 3600)
    year.groupby("priority").hours.median()
    year.groupby("priority").hours.quantile(0.9)
    (year.hours <= year.sla_hours).groupby(year.priority).mean()
    year.first_line.mean()
    year.reopened.mean()
    year[year.category.str.lower().str.contains("ny användare")].hours.median()
    return time.perf_counter() - start


def it_kpis(rows: int = 1_000_000) -> list[tuple[str, float, str]]:
    frame = tickets(rows)
    fast = with_polars(frame)
    note = against_pandas(fast, lambda: with_pandas(frame), "target < 3 s")
    return [(f"all IT KPIs, {rows:,} tickets", fast, note)]

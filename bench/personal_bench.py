"""Every staff KPI for 13 members × 5 years of monthly rows for 50 000 employees, against the
same KPIs written with pandas on the same rows."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from measure import against_pandas, context, kpi_seconds

from samverkan_personal.groups import SUMS
from samverkan_personal.kpis import STAFF_KPIS
from samverkan_personal.staff import TABLE

ROOT = Path(__file__).resolve().parent.parent
DEFINITION = ROOT / "reports" / "servicenamnd-ekonomi-personal-2018-12.toml"
MEMBERS = [str(1400 + i) for i in range(13)]
MONTHS = [f"{y}-{m:02d}" for y in range(2014, 2019) for m in range(1, 13)]


def staff(employees: int = 50_000, seed: int = 7) -> pl.DataFrame:
    """One row per employee and month (employees × 60 rows), as an employee-level export."""
    rng = np.random.default_rng(seed)
    rows = employees * len(MONTHS)
    person = np.tile(np.arange(employees), len(MONTHS))
    month = np.repeat(np.arange(len(MONTHS)), employees)
    fte = rng.choice([1.0, 0.75, 0.5], employees)[person]
    ordinary = np.round(fte * 168, 2)
    sick = np.round(ordinary * rng.beta(0.3, 5, rows), 2)
    long = np.where(rng.random(rows) < 0.4, sick, 0.0)
    born = rng.integers(1950, 1997, employees)[person]
    age = 2014 + month // 12 - born
    return pl.DataFrame(
        {
            "month": np.array(MONTHS)[month],
            "municipality": np.array(MEMBERS)[rng.integers(0, 13, employees)][person],
            "forvaltning": np.array(["Soc", "Bildning", "Samhällsbyggnad", "KLF"])[
                rng.integers(0, 4, employees)
            ][person],
            "unit": None,
            "role": None,
            "gender": np.array(["K", "M"])[(rng.random(employees) < 0.3).astype(int)][person],
            "age_group": np.where(age <= 29, "–29", np.where(age <= 49, "30–49", "50–")),
            "headcount": np.ones(rows, dtype=np.int64),
            # The staff table's exact units: årsarbetare × 10 000 and hours × 100.
            "fte_x10000": np.round(fte * 10_000).astype(np.int64),
            "ordinary_hours_x100": np.round(ordinary * 100).astype(np.int64),
            "sick_hours_x100": np.round(sick * 100).astype(np.int64),
            "sick_long_hours_x100": np.round(long * 100).astype(np.int64),
            "leave_hours_x100": np.zeros(rows, dtype=np.int64),
            "cost_ore": (fte * 4_000_000).astype(np.int64),
            "hires": (rng.random(rows) < 0.007).astype(np.int64),
            "terminations": (rng.random(rows) < 0.007).astype(np.int64),
            "payslips": np.ones(rows, dtype=np.int64),
            "corrections": (rng.random(rows) < 0.01).astype(np.int64),
            "min_group": 5,
            "source": "bench",
            "origin": "bench",
        },
        schema_overrides={"unit": pl.String, "role": pl.String},
    )


def with_polars(frame: pl.DataFrame) -> float:
    return kpi_seconds(context(DEFINITION, {TABLE: frame}), STAFF_KPIS)


def with_pandas(frame: pl.DataFrame) -> float:
    """The same yearly ratios per scope and group, written the usual pandas way."""
    import pandas as pd  # noqa: PLC0415 (bench only)

    df = pd.DataFrame({c: frame[c].to_numpy() for c in frame.columns})
    start = time.perf_counter()
    # The same plan as samverkan's: sum to the grain first, then work on the small table.
    grain = ["month", "municipality", "forvaltning", "gender", "age_group"]
    df = df.groupby(grain, as_index=False).agg({"headcount": "sum", **dict.fromkeys(SUMS, "sum")})
    pandas_ratios(df, SUMS)
    return time.perf_counter() - start


def pandas_ratios(df: Any, sums: Sequence[str]) -> None:
    """SKR's seven measures and the other staff ratios per cohort (everyone, women, men, three
    age groups) for the cooperation, each member and each förvaltning, with pandas, from a
    table at the grain: monthly sums, then yearly sums, average and smallest headcount."""
    df["period"] = df["month"].str.slice(0, 4)
    df["whole"] = "all"
    groups = [None, df.gender == "K", df.gender == "M"]
    groups += [df.age_group == a for a in ("–29", "30–49", "50–")]
    for keep in groups:
        part = df if keep is None else df[keep]
        for scope in ("whole", "municipality", "forvaltning"):
            monthly = part.groupby([scope, "period", "month"]).agg(
                {"headcount": "sum", **dict.fromkeys(sums, "sum")}
            )
            yearly = monthly.groupby(level=[0, 1]).agg(
                {"headcount": ["mean", "min"], **dict.fromkeys(sums, "sum")}
            )
            shown = yearly[yearly[("headcount", "min")] >= 5]
            _ = shown[("sick_hours_x100", "sum")] / shown[("ordinary_hours_x100", "sum")] * 100
            if keep is None:
                _ = shown[("sick_long_hours_x100", "sum")] / shown[("sick_hours_x100", "sum")] * 100
                _ = shown[("terminations", "sum")] / shown[("headcount", "mean")] * 100
                _ = shown[("corrections", "sum")] / shown[("payslips", "sum")] * 1000
                _ = shown[("cost_ore", "sum")] * 12 / 100 / (shown[("fte_x10000", "sum")] / 10_000)


def personal_kpis(employees: int = 50_000) -> list[tuple[str, float, str]]:
    frame = staff(employees)
    fast = with_polars(frame)
    note = against_pandas(fast, lambda: with_pandas(frame), "target < 3 s")
    name = (
        f"all staff KPIs, {employees:,} employees × 13 members × 60 months ({frame.height:,} rows)"
    )
    return [(name, fast, note)]

"""Sums of the monthly HR table per year and group, and the rule that hides small groups.

Every staff KPI is a ratio of two sums over a year (or the year so far) for one group: the
whole cooperation, a member, a förvaltning or a unit. A group is shown only if it had at least
``min_group`` people in every month it is summed over, so that nobody's sick leave can be read
off a figure; the smallest monthly headcount is kept beside the sums for that test.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.api import MeasureContext, PerReport, SubjectKind, Text, subject_expr
from samverkan_personal.staff import TABLE

SUMS = (
    "ordinary_hours_x100",
    "sick_hours_x100",
    "sick_long_hours_x100",
    "leave_hours_x100",
    "fte_x10000",
    "cost_ore",
    "hires",
    "terminations",
    "payslips",
    "corrections",
)
SCOPES: tuple[tuple[bool, str | None], ...] = (
    (False, None),
    (True, None),
    (False, "forvaltning"),
    (False, "unit"),
)
"""(per member?, subject column): the whole cooperation, each member, each förvaltning and
each unit across the members."""
UNIT = SubjectKind("enhet", Text("enhet", "unit"))
DEPARTMENT = SubjectKind("forvaltning", Text("förvaltning", "department"))
KINDS = {"forvaltning": DEPARTMENT, "unit": UNIT}
"""The kind of subject each subject column gives (``enhet:IT``, ``forvaltning:Socialförv…``)."""


def staff_table(ctx: MeasureContext) -> pl.DataFrame | None:
    return ctx.extras.get(TABLE)


def min_group(staff: pl.DataFrame) -> int:
    """The threshold the sources set; the strictest if several differ."""
    return int(staff["min_group"].max() or 1)  # type: ignore[arg-type]


def _sum(column: str) -> pl.Expr:
    # A column a source left out stays null instead of becoming a misleading zero.
    return pl.when(pl.col(column).is_not_null().any()).then(pl.col(column).sum()).alias(column)


GRAIN = ("month", "municipality", "forvaltning", "unit", "gender", "age_group")
"""Every column a KPI groups or filters by: summing to this grain first leaves the rest of the
work to a few thousand rows however many employees the export lists."""


def compact(staff: pl.DataFrame) -> pl.DataFrame:
    """The staff table summed to :data:`GRAIN`; sums stay null where a source left them out."""
    return (
        staff.lazy()
        .group_by(GRAIN)
        .agg(pl.col("headcount").sum(), *(_sum(c) for c in SUMS), pl.col("source").first())
        .sort(GRAIN, nulls_last=False)
        .collect()
    )


COHORTS: dict[str, pl.Expr] = {
    "kvinnor": pl.col("gender") == "K",
    "man": pl.col("gender") == "M",
    "29": pl.col("age_group") == "–29",
    "30_49": pl.col("age_group") == "30–49",
    "50": pl.col("age_group") == "50–",
}
"""The groups of employees SKR asks sick leave for, besides everyone (cohort ``None``)."""


def yearly(staff: pl.DataFrame) -> pl.DataFrame:
    """Per cohort, scope, subject and year: the sums, months covered, average and smallest
    headcount. One lazy query for every cohort: polars plans them together and runs them side
    by side, where a query per cohort paid the fixed cost of eight group-bys each time.

    ``staff`` is the staff table or its :func:`compact` form (the result is the same).
    """
    cohorts = [staff.lazy().with_columns(cohort=pl.lit(None, pl.String))]
    cohorts += [
        staff.lazy().filter(keep).with_columns(cohort=pl.lit(name))
        for name, keep in COHORTS.items()
    ]
    table = pl.concat(cohorts)
    frames = []
    for per_member, subject in SCOPES:
        rows = table if subject is None else table.filter(pl.col(subject).is_not_null())
        keys = [pl.col("cohort"), pl.col("month").str.slice(0, 4).alias("period")]
        keys.append(
            pl.col("municipality") if per_member else pl.lit(None, pl.String).alias("municipality")
        )
        label = (
            subject_expr(KINDS[subject].id, pl.col(subject)) if subject else pl.lit(None, pl.String)
        )
        keys.append(label.alias("subject"))
        monthly = rows.group_by(*keys, "month").agg(
            pl.col("headcount").sum(), *(_sum(c) for c in SUMS), pl.col("source").first()
        )
        frames.append(
            monthly.group_by("cohort", "period", "municipality", "subject").agg(
                pl.len().alias("months"),
                pl.col("headcount").mean().alias("average"),
                pl.col("headcount").min().alias("smallest"),
                *(_sum(c) for c in SUMS),
                pl.col("source").first(),
            )
        )
    return pl.concat(frames).collect()


_SHARED: PerReport[pl.DataFrame] = PerReport()


def memo(name: str, ctx: MeasureContext, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """Several KPIs share one summary; compute it once per staff table and period."""
    return _SHARED.get(name, staff_table(ctx), str(ctx.period), compute)


def shown(staff: pl.DataFrame) -> pl.Expr:
    """True for groups large enough to show on their own."""
    return pl.col("smallest") >= min_group(staff)


def summed(ctx: MeasureContext, staff: pl.DataFrame, cohort: str | None = None) -> pl.DataFrame:
    """:func:`yearly` for one cohort of :data:`COHORTS` (``None``: everyone), computed once
    per report for all of them."""
    small = memo("compact", ctx, lambda: compact(staff))
    every = memo("yearly", ctx, lambda: yearly(small))
    return every.filter(pl.col("cohort").eq_missing(cohort)).drop("cohort")

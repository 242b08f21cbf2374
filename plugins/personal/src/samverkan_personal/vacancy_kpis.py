"""Staffing KPIs: open vacancies, time to fill them, and roles only one person holds.

The cooperation promised robust staffing (fler som kan täcka upp för varandra); a role held
by a single person across both members is where that promise is not yet kept.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from samverkan.api import KPI, OBSERVATIONS, KPIType, MeasureContext, as_observations, subject_expr
from samverkan_personal import vacancies
from samverkan_personal.groups import UNIT
from samverkan_personal.kpis import LOWER, personal_kpi
from samverkan_personal.staff import TABLE

OPEN = personal_kpi(
    "vakanser",
    ("Vakanta tjänster vid månadens slut", "Open vacancies at month end"),
    ("tjänster", "positions"),
    LOWER,
    (
        "Annonserade tjänster som inte var tillsatta vid månadens slut.",
        "Posted vacancies not filled at the month's end.",
    ),
)
TIME_TO_FILL = personal_kpi(
    "tid_till_tillsattning",
    ("Tid till tillsättning, median", "Time to fill, median"),
    "dagar",
    LOWER,
    (
        "Median av dagarna från annonsering till tillsättning, för tjänster tillsatta under året.",
        "Median days from posting to filling, for vacancies filled in the year.",
    ),
)
SINGLE = personal_kpi(
    "ensamma_roller",
    ("Roller som bara en person har", "Roles held by a single person"),
    ("roller", "roles"),
    LOWER,
    (
        "Befattningar inom en enhet som bara en anställd har i samverkan som helhet, vid "
        "varje års sista månad i underlaget. Färre betyder mindre sårbarhet.",
        "Roles within a unit that only one employee of the whole cooperation holds, at each "
        "year's last month in the data. Fewer means less vulnerability.",
    ),
)


def _observations(ctx: MeasureContext, kpi: KPI, frame: pl.DataFrame, origin: str) -> pl.DataFrame:
    """Rows of ``municipality``, ``subject``, ``period``, ``value``, ``source`` as observations."""
    return as_observations(frame, kpi.id, ctx.unit.id, origin)


def _both(frame: pl.DataFrame, keys: list[str], value: pl.Expr) -> pl.DataFrame:
    """``value`` per member and for the whole cooperation (municipality null)."""
    per_member = frame.group_by("municipality", *keys).agg(
        value.alias("value"), pl.col("source").first()
    )
    whole = frame.group_by(keys).agg(value.alias("value"), pl.col("source").first())
    whole = whole.with_columns(pl.lit(None, pl.String).alias("municipality"))
    return (
        pl.concat([whole.select(per_member.columns), per_member])
        .with_columns(pl.lit(None, pl.String).alias("subject"))
        .sort(*keys, "municipality", nulls_last=False)
    )


def open_vacancies(ctx: MeasureContext) -> pl.DataFrame:
    """Open posts at every month end from the first posting to the report month."""
    table = ctx.extras.get(vacancies.TABLE)
    if table is None or table.height == 0:
        return pl.DataFrame(schema=OBSERVATIONS)
    last = ctx.period.last_month
    first = table["posted"].min()
    assert isinstance(first, dt.date)
    months = pl.DataFrame(
        {
            "month": pl.date_range(
                first.replace(day=1), dt.date(last.year, last.number, 1), "1mo", eager=True
            )
        }
    ).with_columns(end=pl.col("month").dt.offset_by("1mo"))
    is_open = (pl.col("posted") < pl.col("end")) & (
        pl.col("filled").is_null() | (pl.col("filled") >= pl.col("end"))
    )
    rows = months.join(table, how="cross").with_columns(
        period=pl.col("month").dt.strftime("%Y-%m"), open=is_open
    )
    return _observations(ctx, OPEN, _both(rows, ["period"], pl.col("open").sum()), vacancies.TABLE)


def time_to_fill(ctx: MeasureContext) -> pl.DataFrame:
    table = ctx.extras.get(vacancies.TABLE)
    if table is None:
        return pl.DataFrame(schema=OBSERVATIONS)
    filled = table.filter(pl.col("filled").is_not_null()).with_columns(
        period=pl.col("filled").dt.year().cast(pl.String),
        days=(pl.col("filled") - pl.col("posted")).dt.total_days(),
    )
    return _observations(
        ctx, TIME_TO_FILL, _both(filled, ["period"], pl.col("days").median()), vacancies.TABLE
    )


def single_roles(ctx: MeasureContext) -> pl.DataFrame:
    """Per unit and in all: roles with one person, at each year's last month in the data."""
    staff = ctx.extras.get(TABLE)
    if staff is None or staff["role"].is_null().all():
        return pl.DataFrame(schema=OBSERVATIONS)
    with_role = staff.filter(pl.col("role").is_not_null())
    ends = with_role.group_by(pl.col("month").str.slice(0, 4).alias("year")).agg(
        pl.col("month").max()
    )["month"]
    people = (
        with_role.filter(pl.col("month").is_in(ends.implode()))
        .group_by("month", "unit", "role")
        .agg(pl.col("headcount").sum(), pl.col("source").first())
        .with_columns(alone=pl.col("headcount") == 1)
    )
    per_unit = (
        people.filter(pl.col("unit").is_not_null())
        .group_by("month", "unit")
        .agg(pl.col("alone").sum().alias("value"), pl.col("source").first())
    )
    whole = people.group_by("month").agg(
        pl.col("alone").sum().alias("value"), pl.col("source").first()
    )
    frame = pl.concat(
        [
            whole.with_columns(subject=pl.lit(None, pl.String)),
            per_unit.select(
                "month", "value", "source", subject=subject_expr(UNIT.id, pl.col("unit"))
            ),
        ],
        how="diagonal",
    ).with_columns(
        municipality=pl.lit(None, pl.String),
        period=pl.col("month"),
    )
    return _observations(ctx, SINGLE, frame.sort("period", "subject", nulls_last=False), TABLE)


STAFFING_KPIS = (
    KPIType(OPEN, open_vacancies),
    KPIType(TIME_TO_FILL, time_to_fill),
    KPIType(SINGLE, single_roles),
)

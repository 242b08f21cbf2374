"""Staff KPIs: SKR's seven mandatory sick-leave measures, turnover, payroll quality, cost.

Each is a ratio of two yearly sums from :func:`samverkan_personal.groups.yearly`, for the
whole cooperation, each member, each förvaltning and each unit, for every year in the data up
to the report period (the report's own year so far). Groups smaller than the sources'
``min_group`` are left out, so the goal follow-up sees them as having no data.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import KPI, OBSERVATIONS, Direction, KPIType, MeasureContext, as_observations
from samverkan_personal.groups import DEPARTMENT, UNIT, shown, staff_table, summed
from samverkan_personal.staff import TABLE

LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
SOURCE = "Personal- och lönesystemets månadsuttag"
SKR = (
    " Definition enligt SKR:s obligatoriska sjukfrånvaroredovisning "
    "(kommunallagen 11 kap. 8 § redovisning i årsredovisningen)."
)
SKR_EN = " As defined by SKR for the mandatory sick-leave reporting."


def personal_kpi(  # noqa: PLR0917 (catalogue entries below read as table rows)
    kpi_id: str,
    title: tuple[str, str],
    unit: str | tuple[str, str],
    direction: Direction,
    formula: tuple[str, str],
    decimals: int = 0,
) -> KPI:
    """A staff KPI; ``unit`` is Swedish, or (Swedish, English) for a word the core does not
    translate."""
    sv_unit, en_unit = (unit, None) if isinstance(unit, str) else unit
    return KPI(
        f"personal.{kpi_id}",
        {"sv": title[0], "en": title[1]},
        sv_unit,
        direction,
        "personal",
        {"sv": formula[0], "en": formula[1]},
        SOURCE,
        decimals=1 if sv_unit == "%" else decimals,
        unit_en=en_unit,
        subjects=(UNIT, DEPARTMENT),
    )


def _sick(group_sv: str, group_en: str) -> tuple[str, str]:
    return (
        f"Sjukfrånvarotimmar i procent av ordinarie arbetstid, {group_sv}." + SKR,
        f"Sick-leave hours as a share of ordinary working hours, {group_en}." + SKR_EN,
    )


SICK = personal_kpi(
    "sjukfranvaro",
    ("Sjukfrånvaro", "Sick leave"),
    "%",
    LOWER,
    _sick("alla anställda", "all employees"),
)
SICK_LONG = personal_kpi(
    "sjukfranvaro_lang",
    ("Andel långa sjukfall (60 dagar eller mer)", "Share in spells of 60 days or more"),
    "%",
    LOWER,
    (
        "Sjukfrånvarotimmar i sjukfall som varat 60 dagar eller mer, i procent av all "
        "sjukfrånvaro." + SKR,
        "Sick-leave hours in spells of 60 days or more as a share of all sick-leave hours."
        + SKR_EN,
    ),
)
GROUPS = (  # cohort in groups.COHORTS (also the KPI id's suffix), title, the group in words
    ("kvinnor", ("Sjukfrånvaro, kvinnor", "Sick leave, women"), ("kvinnor", "women")),
    ("man", ("Sjukfrånvaro, män", "Sick leave, men"), ("män", "men")),
    (
        "29",
        ("Sjukfrånvaro, 29 år eller yngre", "Sick leave, age 29 or younger"),
        ("29 år eller yngre", "age 29 or younger"),
    ),
    ("30_49", ("Sjukfrånvaro, 30–49 år", "Sick leave, age 30–49"), ("30–49 år", "age 30–49")),
    (
        "50",
        ("Sjukfrånvaro, 50 år eller äldre", "Sick leave, age 50 or older"),
        ("50 år eller äldre", "age 50 or older"),
    ),
)
GROUP_KPIS = tuple(
    personal_kpi(f"sjukfranvaro_{s}", t, "%", LOWER, _sick(*g)) for s, t, g in GROUPS
)
TURNOVER = personal_kpi(
    "personalomsattning",
    ("Personalomsättning", "Staff turnover"),
    "%",
    LOWER,
    (
        "Avslutade anställningar under året (hittills) i procent av genomsnittligt antal "
        "anställda per månad.",
        "Employments ended in the year (so far) as a share of the average monthly headcount.",
    ),
)
PAYROLL_ERRORS = personal_kpi(
    "lonefel",
    ("Rättade lönebesked", "Corrected payslips"),
    "per 1 000",
    LOWER,
    (
        "Rättade lönebesked per 1 000 utfärdade lönebesked under året.",
        "Corrected payslips per 1,000 payslips issued in the year.",
    ),
    decimals=1,
)
COST_PER_FTE = personal_kpi(
    "kostnad_per_arsarbetare",
    ("Personalkostnad per årsarbetare", "Personnel cost per full-time equivalent"),
    "kr",
    LOWER,
    (
        "Personalkostnad omräknad till helår (× 12 / antal månader) delad med genomsnittligt "
        "antal årsarbetare per månad.",
        "Personnel cost scaled to a full year (× 12 / months) divided by the average monthly "
        "full-time equivalents.",
    ),
)
SICK_RATE = pl.col("sick_hours_x100") / pl.col("ordinary_hours_x100") * 100
Ratio = tuple[KPI, pl.Expr, str | None]
"""(the KPI, its value from the yearly sums, its cohort in ``groups.COHORTS`` or None for
everyone)"""
SEVEN: tuple[Ratio, ...] = (
    (SICK, SICK_RATE, None),
    (SICK_LONG, pl.col("sick_long_hours_x100") / pl.col("sick_hours_x100") * 100, None),
    *((kpi, SICK_RATE, cohort) for kpi, (cohort, *_) in zip(GROUP_KPIS, GROUPS, strict=True)),
)
"""SKR's seven mandatory sick-leave measures, in SKR's order."""
RATIOS: tuple[Ratio, ...] = (
    *SEVEN,
    (TURNOVER, pl.col("terminations") / pl.col("average") * 100, None),
    (PAYROLL_ERRORS, pl.col("corrections") / pl.col("payslips") * 1000, None),
    (COST_PER_FTE, pl.col("cost_ore") * 12 / 100 / (pl.col("fte_x10000") / 10_000), None),
)


def ratio(ctx: MeasureContext, kpi: KPI, value: pl.Expr, cohort: str | None) -> pl.DataFrame:
    """The KPI's observations: one per group and year, small groups left out."""
    staff = staff_table(ctx)
    if staff is None:
        return pl.DataFrame(schema=OBSERVATIONS)
    sums = summed(ctx, staff, cohort)
    rows = sums.filter(shown(staff)).with_columns(value=value)
    return (
        as_observations(rows, kpi.id, ctx.unit.id, TABLE)
        .filter(pl.col("value").is_finite())
        .sort("period", "municipality", "subject", nulls_last=False)
    )


def _compute(kpi: KPI, value: pl.Expr, cohort: str | None) -> KPIType:
    return KPIType(kpi, lambda ctx: ratio(ctx, kpi, value, cohort))


STAFF_KPIS = tuple(_compute(*entry) for entry in RATIOS)

"""IT KPIs from the ticket table: flow, backlog, lead times, SLA, first line, reopened."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from samverkan.api import (
    KPI,
    OBSERVATIONS,
    Direction,
    KPIType,
    MeasureContext,
    PerReport,
    SubjectKind,
    Text,
    sources,
    subject,
)
from samverkan_it.tickets import TABLE

SCHEMA = OBSERVATIONS  # the core's observations table: what a KPI returns


def _observations(
    ctx: MeasureContext, kpi: KPI, rows: Sequence[tuple[object, ...]]
) -> pl.DataFrame:
    """Board-level observations from ``(subject, period, value)`` rows."""
    tickets = ctx.extras.get(TABLE)
    # Once per ticket table: a unique over a million rows per KPI was a third of their time.
    source = _SOURCES.get("source", tickets, None, lambda: "; ".join(sources(tickets)))
    return pl.DataFrame(
        [(kpi.id, ctx.unit.id, None, *row, source, TABLE) for row in rows],
        schema=SCHEMA,
        orient="row",
    )


_SOURCES: PerReport[str] = PerReport()


def month_end(ctx: MeasureContext) -> pl.Expr:
    """The end of the report period (the first moment after it), as a datetime literal."""
    return pl.lit(ctx.period.end, pl.Datetime("ms"))


_SHARED: PerReport[pl.DataFrame] = PerReport()


def _memo(name: str, ctx: MeasureContext, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """Several KPIs share a table; compute it once per ticket table and period."""
    return _SHARED.get(name, ctx.extras.get(TABLE), str(ctx.period), compute)


def _closed_this_year(ctx: MeasureContext) -> pl.DataFrame:
    """Tickets closed from January to the period's end, with their lead time in hours."""
    return _memo("closed", ctx, lambda: _closed_now(ctx))


def _closed_now(ctx: MeasureContext) -> pl.DataFrame:
    tickets = ctx.extras.get(TABLE)
    if tickets is None:  # a report without a ticket log: no rows, the same columns
        return pl.DataFrame(
            schema={
                "category": pl.String,
                "priority": pl.Int8,
                "first_line": pl.Boolean,
                "reopened": pl.Boolean,
                "sla_hours": pl.Int64,
                "hours": pl.Float64,
            }
        )
    start = pl.datetime(ctx.period.year, 1, 1)
    return tickets.filter(
        pl.col("closed").is_not_null()
        & (pl.col("closed") >= start)
        & (pl.col("closed") < month_end(ctx))
    ).with_columns(hours=(pl.col("closed") - pl.col("opened")).dt.total_minutes() / 60)


def flow(ctx: MeasureContext) -> pl.DataFrame:
    """Inflow, outflow and the backlog open at each month end, up to the report's month."""
    return _memo("flow", ctx, lambda: _flow_now(ctx))


def _flow_now(ctx: MeasureContext) -> pl.DataFrame:
    tickets = ctx.extras.get(TABLE)
    if tickets is None:
        return _observations(ctx, BACKLOG, [])
    end = month_end(ctx)

    def per_month(column: str, name: str) -> pl.LazyFrame:
        # Counted per day first: a date is a cast, while year and month of a million
        # timestamps cost three times the whole count. Months are year × 12 + month.
        when, day = pl.col(column), pl.col("day")
        key = (day.dt.year().cast(pl.Int32) * 12 + day.dt.month() - 1).alias("month")
        per_day = tickets.lazy().filter(when < end).group_by(when.cast(pl.Date).alias("day"))
        return per_day.agg(pl.len().alias(name)).group_by(key).agg(pl.col(name).sum())

    months = (
        per_month("opened", "in")
        .join(per_month("closed", "out"), on="month", how="full", coalesce=True)
        .fill_null(0)
        .sort("month")
        .with_columns(
            backlog=(pl.col("in") - pl.col("out")).cum_sum(),
            month=pl.format(
                "{}-{}",
                pl.col("month") // 12,
                (pl.col("month") % 12 + 1).cast(pl.String).str.zfill(2),
            ),
        )
        .collect()
    )
    frames = [
        _observations(
            ctx, kpi, [(None, m, float(v)) for m, v in months.select("month", column).iter_rows()]
        )
        for kpi, column in ((INFLOW, "in"), (OUTFLOW, "out"), (BACKLOG, "backlog"))
    ]
    return pl.concat(frames)


def _per_priority(
    ctx: MeasureContext, kpi: KPI, value: pl.Expr, by_category: bool = False
) -> pl.DataFrame:
    """One value per priority (``prioritet:2``), and per category too when asked."""
    closed = _closed_this_year(ctx)
    if closed.height == 0:
        return _observations(ctx, kpi, [])
    rows = closed.group_by("priority").agg(value.alias("value")).sort("priority")
    subjects = [(subject(PRIORITY.id, p), v) for p, v in rows.iter_rows()]
    if by_category:
        categories = closed.group_by("category").agg(value.alias("value")).sort("category")
        subjects += [(subject(CATEGORY.id, c), v) for c, v in categories.iter_rows()]
    return _observations(
        ctx,
        kpi,
        [(about, str(ctx.period), float(v)) for about, v in subjects if v is not None],
    )


def lead_time_median(ctx: MeasureContext) -> pl.DataFrame:
    return _per_priority(ctx, MEDIAN, pl.col("hours").median(), by_category=True)


def lead_time_p90(ctx: MeasureContext) -> pl.DataFrame:
    return _per_priority(ctx, P90, pl.col("hours").quantile(0.9, "linear"), by_category=True)


def sla(ctx: MeasureContext) -> pl.DataFrame:
    return _per_priority(ctx, SLA, (pl.col("hours") <= pl.col("sla_hours")).mean() * 100)


def _share(ctx: MeasureContext, kpi: KPI, column: str) -> pl.DataFrame:
    closed = _closed_this_year(ctx)
    if closed.height == 0 or closed[column].is_null().all():
        return _observations(ctx, kpi, [])
    return _observations(
        ctx,
        kpi,
        [
            (
                None,
                str(ctx.period),
                float(closed.select(pl.col(column).cast(pl.Float64).mean() * 100).item()),
            )
        ],
    )


def first_line(ctx: MeasureContext) -> pl.DataFrame:
    return _share(ctx, FIRST_LINE, "first_line")


def reopened(ctx: MeasureContext) -> pl.DataFrame:
    return _share(ctx, REOPENED, "reopened")


def new_user(ctx: MeasureContext) -> pl.DataFrame:
    closed = _closed_this_year(ctx)
    # The pattern is tried on the few distinct categories, not on every ticket.
    categories = closed.select(pl.col("category").unique())
    wanted = categories.filter(
        pl.col("category").str.to_lowercase().str.contains("ny användare|nyanställ")
    )["category"].to_list()
    closed = closed.filter(pl.col("category").is_in(wanted))
    if closed.height == 0:
        return _observations(ctx, NEW_USER, [])
    return _observations(
        ctx,
        NEW_USER,
        [(None, str(ctx.period), float(closed.select(pl.col("hours").median() / 24).item()))],
    )


PRIORITY = SubjectKind("prioritet", Text("prioritet", "priority"))
CATEGORY = SubjectKind("kategori", Text("kategori", "category"))
"""What a lead time or service level is about: a ticket priority (``prioritet:2``) or the
category the service desk filed it under (``kategori:E-tjänster``)."""


def _kpi(  # noqa: PLR0917 (catalogue entries below read as table rows)
    kpi_id: str,
    sv: str,
    en: str,
    unit: str,
    direction: Direction,
    formula_sv: str,
    formula_en: str,
    subjects: tuple[SubjectKind, ...] = (),
) -> KPI:
    return KPI(
        f"it_vaxel.{kpi_id}",
        {"sv": sv, "en": en},
        unit,
        direction,
        "it_vaxel",
        {"sv": formula_sv, "en": formula_en},
        "Ärendelogg från servicedesken",
        unit_en="tickets" if unit == "ärenden" else None,  # the core translates the others
        subjects=subjects,
    )


LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
INFLOW = _kpi(
    "inflode",
    "Nya ärenden",
    "New tickets",
    "ärenden",
    Direction.NEUTRAL,  # more tickets can mean more use as much as worse service
    "Registrerade ärenden per månad.",
    "Tickets opened per month.",
)
OUTFLOW = _kpi(
    "utflode",
    "Avslutade ärenden",
    "Closed tickets",
    "ärenden",
    HIGHER,
    "Avslutade ärenden per månad.",
    "Tickets closed per month.",
)
BACKLOG = _kpi(
    "backlog",
    "Öppna ärenden vid månadens slut",
    "Open tickets at month end",
    "ärenden",
    LOWER,
    "Registrerade men inte avslutade vid månadens slut.",
    "Opened but not closed at month end.",
)
MEDIAN = _kpi(
    "ledtid_median",
    "Ledtid, median",
    "Lead time, median",
    "timmar",
    LOWER,
    "Median av tiden från registrering till avslut, ärenden avslutade i år.",
    "Median time from opened to closed, tickets closed this year.",
    (PRIORITY, CATEGORY),
)
P90 = _kpi(
    "ledtid_p90",
    "Ledtid, 90:e percentilen",
    "Lead time, 90th percentile",
    "timmar",
    LOWER,
    "90 % av årets avslutade ärenden löstes inom denna tid.",
    "90% of this year's closed tickets were resolved within this time.",
    (PRIORITY, CATEGORY),
)
SLA = _kpi(
    "sla",
    "Lösta inom servicenivån",
    "Resolved within the service level",
    "%",
    HIGHER,
    "Andel av årets avslutade ärenden lösta inom målet för sin prioritet (sla_hours).",
    "Share of this year's closed tickets resolved within their priority's target.",
    (PRIORITY,),
)
FIRST_LINE = _kpi(
    "forsta_linjen",
    "Lösta i första linjen",
    "First-contact resolution",
    "%",
    HIGHER,
    "Andel av årets avslutade ärenden lösta direkt av servicedesken.",
    "Share of this year's closed tickets resolved at first contact.",
)
REOPENED = _kpi(
    "aterappnade",
    "Återöppnade ärenden",
    "Reopened tickets",
    "%",
    LOWER,
    "Andel av årets avslutade ärenden som öppnats igen.",
    "Share of this year's closed tickets that were reopened.",
)
NEW_USER = _kpi(
    "ny_anvandare",
    "Från nyanställning till fungerande dator",
    "From hire to a working computer",
    "dagar",
    LOWER,
    "Median i dagar för ärenden i kategorin ny användare.",
    "Median days for tickets in the new-user category.",
)


def _flow_of(kpi: KPI) -> KPIType:
    return KPIType(kpi, lambda ctx: flow(ctx).filter(pl.col("kpi_id") == kpi.id))


KPIS = (
    _flow_of(INFLOW),
    _flow_of(OUTFLOW),
    _flow_of(BACKLOG),
    KPIType(MEDIAN, lead_time_median),
    KPIType(P90, lead_time_p90),
    KPIType(SLA, sla),
    KPIType(FIRST_LINE, first_line),
    KPIType(REOPENED, reopened),
    KPIType(NEW_USER, new_user),
)

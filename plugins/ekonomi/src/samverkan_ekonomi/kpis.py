"""The ekonomi plugin's KPIs, each computed from the validated tables (never typed in)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    AREA,
    KPI,
    OBSERVATIONS,
    Direction,
    Highlight,
    HighlightType,
    KPIType,
    MeasureContext,
    ReportContext,
    SubjectKind,
    Text,
    fmt_money,
    sources,
    subject,
)
from samverkan_ekonomi import followup
from samverkan_ekonomi.lines import INVESTMENT_LINE, LineNames
from samverkan_ekonomi.statement import statement

SCHEMA = OBSERVATIONS  # the core's observations table: what a KPI returns


def _rows(
    ctx: MeasureContext, kpi: str, rows: Sequence[tuple[object, ...]], source: str
) -> pl.DataFrame:
    """Observations from ``(municipality, subject, period, value)`` tuples."""
    return pl.DataFrame(
        [(kpi, ctx.unit.id, *row, source, str(ctx.definition.path.name)) for row in rows],
        schema=SCHEMA,
        orient="row",
    )


def budget_deviation(ctx: MeasureContext) -> pl.DataFrame:
    rows = []
    for area in ctx.unit.areas:
        total = followup.budget(ctx.ledger, ctx.period, area.id)
        forecast = followup.forecasts(ctx.ledger, ctx.period, area.id)
        if forecast.height and total:
            latest = int(forecast["prognos"][-1])
            rows.append(
                (None, subject(AREA, area.id), str(ctx.period), (total - latest) / abs(total) * 100)
            )
    return _rows(ctx, DEVIATION.id, rows, "; ".join(sources(ctx.ledger)))


JUDGED_UNTIL = 8
"""The last forecast month the accuracy KPI judges (August). A forecast made in November or
December is made when most of the outcome is booked; judging the board by it would call any
forecast accurate. The section still shows every month's distance from the outcome."""


def forecast_accuracy(ctx: MeasureContext) -> pl.DataFrame:
    rows = []
    for area in ctx.unit.areas:
        accuracy = followup.accuracy(ctx.ledger, ctx.period, area.id)
        rows += [
            (None, subject(AREA, area.id), month, value)
            for month, value in accuracy.select("forecast_month", "sakerhet").iter_rows()
            if value is not None and int(str(month)[-2:]) <= JUDGED_UNTIL
        ]
    return _rows(ctx, ACCURACY.id, rows, "; ".join(sources(ctx.ledger)))


def investment_use(ctx: MeasureContext) -> pl.DataFrame:
    rows = ctx.ledger.filter(pl.col("line") == INVESTMENT_LINE)
    per_project = (
        rows.group_by("object")
        .agg(
            budget=pl.col("amount_ore").filter(pl.col("kind") == "budget").sum(),
            utfall=pl.col("amount_ore").filter(pl.col("kind") == "utfall").sum(),
            has_outcome=(pl.col("kind") == "utfall").any(),
        )
        .filter("has_outcome")
        .sort("object")
    )
    values = [
        (None, subject(PROJECT.id, project), str(ctx.period), utfall / budget * 100)
        for project, budget, utfall in per_project.select("object", "budget", "utfall").iter_rows()
        if budget
    ]
    source = "; ".join(sources(rows))
    return _rows(ctx, USE.id, values, source)


PROJECT = SubjectKind("projekt")
"""An investment project, shown by its own name."""
DEVIATION = KPI(
    "ekonomi.budgetavvikelse",
    {"sv": "Budgetavvikelse", "en": "Budget deviation"},
    "%",
    Direction.HIGHER_IS_BETTER,
    "ekonomi",
    {
        "sv": "(Budget − senaste prognos) / |budget| för områdets nettokostnad; positivt = "
        "överskott mot budget.",
        "en": "(Budget − latest forecast) / |budget| of the area's net cost; positive = surplus.",
    },
    "Resultaträkning",
)
ACCURACY = KPI(
    "ekonomi.prognossakerhet",
    {"sv": "Prognossäkerhet", "en": "Forecast accuracy"},
    "%",
    Direction.LOWER_IS_BETTER,
    "ekonomi",
    {
        "sv": "|Prognos − årets utfall| / |budget| per prognosmånad till och med augusti "
        "(prognoser gjorda innan utfallet var känt); beräknas när utfallet är känt.",
        "en": "|Forecast − year's outcome| / |budget| per forecast month up to August "
        "(forecasts made before the outcome was known), once the outcome is known.",
    },
    "Prognoser och huvudbok",
)
USE = KPI(
    "ekonomi.investeringsgrad",
    {"sv": "Investeringsgrad", "en": "Investment utilisation"},
    "%",
    Direction.HIGHER_IS_BETTER,
    "ekonomi",
    {
        "sv": "Utfall / budget per investeringsprojekt.",
        "en": "Outcome / budget per investment project.",
    },
    "Investeringsredovisning",
    subjects=(PROJECT,),
)

KPIS = (
    KPIType(DEVIATION, budget_deviation),
    KPIType(ACCURACY, forecast_accuracy),
    KPIType(USE, investment_use),
)


def forecast_changes(ctx: ReportContext) -> list[Highlight]:
    """Per area and line: the latest forecast against the one before (Förändring prognos)."""
    out = []
    for area in ctx.unit.areas:
        names = LineNames(ctx.extras, area.id)
        lines = names.sort(statement(ctx.ledger, ctx.period, area.id))
        for line, change in lines.select("line", "forandring").iter_rows():
            if not change:
                continue
            text = (
                f"{area.title(ctx.lang)} – {names.label(line, ctx.lang)}: "
                f"{Text('prognosen', 'forecast')(ctx.lang)} {'+' if change > 0 else ''}"
                f"{fmt_money(change, lang=ctx.lang)} "
                f"{Text('mot föregående prognos', 'against the previous forecast')(ctx.lang)}"
            )
            out.append(Highlight(text, abs(change) / 100, better=change < 0))
    return out


HIGHLIGHTS = (HighlightType("ekonomi.prognosforandringar", forecast_changes),)

"""The section "Personal": key figures, SKR's seven measures, and where the sick leave is.

Tables are built from the KPI observations and the yearly group sums; a group smaller than
the sources' ``min_group`` is never shown: its cell reads ``–*`` and the table says why.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    Block,
    Cards,
    Cell,
    Paragraph,
    ReportContext,
    Row,
    Table,
    Text,
    kpi_card,
    number_cell,
)
from samverkan_personal.figures import (
    cost_figure,
    sick_trend_figure,
    turnover_figure,
    vacancy_figure,
)
from samverkan_personal.groups import min_group, staff_table, summed
from samverkan_personal.kpis import (
    COST_PER_FTE,
    PAYROLL_ERRORS,
    SEVEN,
    SICK,
    SICK_LONG,
    SICK_RATE,
    TURNOVER,
)
from samverkan_personal.vacancy_kpis import OPEN, SINGLE, TIME_TO_FILL

SUPPRESSED = "–*"
KEY_KPIS = (SICK, SICK_LONG, TURNOVER, OPEN, TIME_TO_FILL, SINGLE, PAYROLL_ERRORS, COST_PER_FTE)


def _suppressed_note(ctx: ReportContext, staff: pl.DataFrame) -> str:
    n = min_group(staff)
    return Text(
        f"{SUPPRESSED} = gruppen hade färre än {n} personer någon månad och visas inte.",
        f"{SUPPRESSED} = the group had fewer than {n} people in some month and is not shown.",
    )(ctx.lang)


def key_figures(ctx: ReportContext) -> Cards | None:
    """A card per key KPI for the whole cooperation: latest value and its trend, with the
    same card for each member where the KPI is computed per member (the member filter shows
    the chosen member's)."""
    lang = ctx.lang
    about = ctx.observations.filter(pl.col("subject").is_null())
    cards, sources = [], []
    # Before December this year's value is the year so far: not set against last full year.
    partial = None if ctx.period.last_month.number == 12 else str(ctx.period.year)
    for kpi in KEY_KPIS:
        series = about.filter(pl.col("kpi_id") == kpi.id)
        whole = series.filter(pl.col("municipality").is_null())
        if whole.height:
            sources.append(series)
            per_member = [
                kpi_card(kpi, mine, lang, year_to_date=partial, member=m.kommunkod)
                for m in ctx.unit.members
                for mine in [series.filter(pl.col("municipality") == m.kommunkod)]
                if mine.height
            ]
            cards.append(kpi_card(kpi, whole, lang, year_to_date=partial, members=per_member))
    if not cards:
        return None
    return Cards(
        Text(
            "Nyckeltal i korthet (årets värde: året hittills)",
            "Key figures (this year: the year so far)",
        )(lang),
        cards,
        ctx.cite(pl.concat(sources)),
    )


def _cell(value: float | None, smallest: int | None, threshold: int, lang: str) -> str | Cell:
    if smallest is not None and smallest < threshold:
        return SUPPRESSED
    return "–" if value is None else number_cell(value, 1, lang)  # type: ignore[arg-type]


def seven_measures(ctx: ReportContext, staff: pl.DataFrame) -> Table:
    """SKR's seven measures per member and for the cooperation, for each year in the data."""
    _sv, lang = ctx.lang == "sv", ctx.lang
    threshold = min_group(staff)
    years = sorted(staff["month"].str.slice(0, 4).unique().to_list())
    members = [(None, Text("Samverkan", "Cooperation")(ctx.lang))] + [
        (m.kommunkod, m.name) for m in ctx.unit.members
    ]
    rows = []
    for kpi, value, cohort in SEVEN:
        sums = summed(ctx, staff, cohort)
        table = sums.filter(pl.col("subject").is_null()).with_columns(value=value)
        for code, name in members:
            part = table.filter(pl.col("municipality").eq_missing(code))
            by_year = {
                p: (v, s) for p, v, s in part.select("period", "value", "smallest").iter_rows()
            }
            cells = [_cell(*by_year.get(y, (None, None)), threshold, lang) for y in years]
            rows.append(Row((kpi.title(lang), name, *cells), strong=code is None, member=code))
    return Table(
        caption=Text(
            "Sjukfrånvaro enligt SKR:s sju obligatoriska nyckeltal (%)",
            "Sick leave by SKR's seven mandatory measures (%)",
        )(ctx.lang),
        columns=(
            Text("Nyckeltal", "Measure")(ctx.lang),
            Text("Kommun", "Member")(ctx.lang),
            *years,
        ),
        rows=rows,
        source=ctx.cite(staff),
        numeric=(False, False, *(True for _ in years)),
        note=_suppressed_note(ctx, staff),
    )


def by_group(ctx: ReportContext, staff: pl.DataFrame) -> Table:
    """Sick leave per förvaltning and unit, where the small groups are."""
    _sv, lang = ctx.lang == "sv", ctx.lang
    threshold = min_group(staff)
    sums = summed(ctx, staff).filter(pl.col("subject").is_not_null())
    years = sorted(sums["period"].unique().to_list())[-3:]
    rows = []
    sums = sums.with_columns(value=SICK_RATE)
    for (subject,), part in sums.sort("subject").group_by("subject", maintain_order=True):
        by_year = {p: (v, s) for p, v, s in part.select("period", "value", "smallest").iter_rows()}
        rows.append(
            Row(
                (
                    ctx.subject(str(subject), SICK),
                    *(_cell(*by_year.get(y, (None, None)), threshold, lang) for y in years),
                )
            )
        )
    return Table(
        caption=Text(
            "Sjukfrånvaro per förvaltning och enhet (%)", "Sick leave per department and unit (%)"
        )(ctx.lang),
        columns=(Text("Grupp", "Group")(ctx.lang), *years),
        rows=rows,
        source=ctx.cite(staff),
        note=_suppressed_note(ctx, staff),
    )


def build_personal_section(ctx: ReportContext) -> Sequence[Block]:
    """Key figures, sick leave (trend, the seven measures, groups), turnover and cost."""
    staff = staff_table(ctx)
    if staff is None:
        return [
            Paragraph(
                Text(
                    "Rapporten läser inga personaluppgifter "
                    '(källa med reader = "personal.anstallda").',
                    'The report reads no HR data (a source with reader = "personal.anstallda").',
                )(ctx.lang),
                "warning",
            )
        ]
    blocks: list[Block] = []
    cards = key_figures(ctx)
    if cards is not None:
        blocks.append(cards)
    blocks += [
        sick_trend_figure(ctx, staff),
        seven_measures(ctx, staff),
        by_group(ctx, staff),
        turnover_figure(ctx, staff),
    ]
    vacancies = vacancy_figure(ctx)
    if vacancies is not None:
        blocks.append(vacancies)
    blocks.append(cost_figure(ctx, staff))
    return blocks

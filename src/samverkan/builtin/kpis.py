"""Built-in section "Nyckeltal": every KPI the plugins computed, with its definition."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from samverkan.api import (
    PEER,
    Block,
    Direction,
    Paragraph,
    ReportContext,
    Row,
    SectionType,
    Table,
    Text,
    Texts,
    hookimpl,
    number_cell,
    split_subject,
)

_DIRECTION = {
    Direction.LOWER_IS_BETTER: Text("lägre är bättre", "lower is better"),
    Direction.HIGHER_IS_BETTER: Text("högre är bättre", "higher is better"),
    Direction.NEUTRAL: Text("ingen riktning är bättre", "neither direction is better"),
}


def _whom(code: str | None, subject: str | None, names: dict[str, str], ctx: ReportContext) -> str:
    """The member a value is about, the whole board, or (for a peer statistic) neither."""
    if code:
        return names.get(code, code)
    if subject and split_subject(subject)[0] == PEER.id:
        return "–"  # the peer group's median or quartile, about no one in the board
    return Text("Hela nämnden", "Whole board")(ctx.lang)


def build_kpi_section(ctx: ReportContext) -> Sequence[Block]:
    """One table per KPI: subject, municipality, period and value, with the formula."""
    observations = ctx.observations
    if observations.height == 0:
        return [
            Paragraph(
                Text(
                    "Inga nyckeltal kunde beräknas ur underlaget.",
                    "No KPI could be computed from the data.",
                )(ctx.lang)
            )
        ]
    blocks: list[Block] = []
    for kpi in ctx.kpis:
        rows = observations.filter(pl.col("kpi_id") == kpi.id).sort(
            "subject", "municipality", "period", nulls_last=True
        )
        if rows.height == 0:
            continue
        names = {m.kommunkod: m.name for m in ctx.unit.members}
        decimals = kpi.decimals
        table_rows = [
            Row(
                (
                    ctx.subject(subject, kpi) if subject else "–",
                    _whom(code, subject, names, ctx),
                    period,
                    "–" if value is None else number_cell(value, decimals, ctx.lang),
                ),
                member=code,
            )
            for subject, code, period, value in rows.select(
                "subject", "municipality", "period", "value"
            ).iter_rows()
        ]
        direction = _DIRECTION[kpi.direction](ctx.lang)
        unit = kpi.unit_in(ctx.lang)
        blocks.append(
            Table(
                caption=f"{kpi.title(ctx.lang)} ({unit}, {direction})",
                columns=Texts(
                    ("Avser", "Kommun", "Period", unit), ("Subject", "Municipality", "Period", unit)
                )(ctx.lang),
                rows=table_rows,
                numeric=(False, False, False, True),
                source=ctx.cite(rows),
                note=kpi.description(ctx.lang),
            )
        )
    return blocks


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="nyckeltal",
            title={"sv": "Bilaga: nyckeltal", "en": "Appendix: key figures"},
            build=build_kpi_section,
            appendix=True,
        )
    )

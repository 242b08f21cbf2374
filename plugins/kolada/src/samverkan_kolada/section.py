"""The section "Jämförelse": each KPI for each member against its peers over time.

The peers' interquartile range is a shaded band with their median as a dashed line; each member
is a line of its own (following the report's member filter). A table gives the latest year:
each member's value, the peers' median and quartiles, and where the member stands.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from samverkan.api import (
    KPI,
    Axis,
    Block,
    Chart,
    Direction,
    Figure,
    Paragraph,
    ReportContext,
    Row,
    Series,
    Table,
    Text,
    Texts,
    number_cell,
    peer_subject,
    split_subject,
)
from samverkan_kolada.catalogue import TABLE, kpi_id

BAND = "rgba(120, 120, 120, 0.18)"


def _stats(ctx: ReportContext, kpi: KPI) -> dict[str, dict[str, float]]:
    """Statistic → {year: value} from the KPI's peer rows."""
    rows = ctx.observations.filter(
        (pl.col("kpi_id") == kpi.id) & pl.col("subject").str.starts_with(peer_subject(""))
    )
    out: dict[str, dict[str, float]] = {}
    for subject, period, value in rows.select("subject", "period", "value").iter_rows():
        out.setdefault(split_subject(subject)[1], {})[period] = value
    return out


Chosen = tuple[KPI, pl.DataFrame, dict[str, dict[str, float]]]
"""(a KPI, the members' values, its peer statistics by :func:`_stats`)"""


def _figure(ctx: ReportContext, chosen: Chosen, group: str) -> Figure:
    kpi, values, stats = chosen
    years = sorted(stats.get("median", {}))
    middle = Text("mittersta hälften", "middle half")(ctx.lang)
    series = [
        Series(
            f"{group}: {middle}",
            years,
            [stats["q3"][y] for y in years],
            kind="band",
            low=[stats["q1"][y] for y in years],
        ),
        Series(
            f"{group}: median",
            years,
            [stats["median"][y] for y in years],
            kind="step",
            role="peer",
            dashed=True,
        ),
    ]
    for member in ctx.unit.members:
        part = values.filter(pl.col("municipality") == member.kommunkod).sort("period")
        if part.height:
            series.append(
                Series(
                    None,
                    part["period"].cast(pl.String),
                    part["value"],
                    kind="line",
                    member=member.kommunkod,
                )
            )
    spec = Chart(series, y=Axis(kpi.unit_in(ctx.lang), decimals=1), x="year")
    return Figure(
        f"{kpi.title(ctx.lang)}: "
        + Text(f"medlemmarna mot {group}", f"the members against {group}")(ctx.lang),
        spec,
        ctx.cite(values),
    )


def _position(ctx: ReportContext, kpi: KPI, value: float, q1: float, q3: float) -> str:
    if q1 <= value <= q3:
        return Text("i mittersta hälften", "in the middle half")(ctx.lang)
    low = value < q1
    where = Text("under" if low else "över", "below" if low else "above")(ctx.lang)
    if kpi.direction is Direction.NEUTRAL:
        return f"{where} {Text('kvartilen', 'the quartile')(ctx.lang)}"
    good = low == (kpi.direction is Direction.LOWER_IS_BETTER)
    verdict = Text("bättre" if good else "sämre", "better" if good else "worse")(ctx.lang)
    return (
        f"{'▲' if good else '▼'} {where} {Text('kvartilen', 'the quartile')(ctx.lang)} ({verdict})"
    )


def _table(ctx: ReportContext, kpis: list[Chosen], group: str) -> Table:
    _sv, lang = ctx.lang == "sv", ctx.lang
    rows, sources = [], []
    for kpi, values, stats in kpis:
        if not stats.get("median"):
            continue
        year = max(stats["median"])
        q1, median, q3 = stats["q1"][year], stats["median"][year], stats["q3"][year]
        for member in ctx.unit.members:
            own = values.filter(
                (pl.col("municipality") == member.kommunkod)
                & (pl.col("period").cast(pl.String) == year)
            )
            if own.height == 0 or own["value"][0] is None:
                continue
            value = float(own["value"][0])
            sources.append(own)
            rows.append(
                Row(
                    (
                        kpi.title(lang),
                        member.name,
                        year,
                        number_cell(value, 1, lang),
                        number_cell(median, 1, lang),
                        f"{number_cell(q1, 1, lang)}–{number_cell(q3, 1, lang)}",
                        _position(ctx, kpi, value, q1, q3),
                    ),
                    member=member.kommunkod,
                )
            )
    return Table(
        caption=f"{Text('Senaste året mot', 'Latest year against')(ctx.lang)} {group}",
        columns=Texts(
            ("Nyckeltal", "Kommun", "År", "Värde", "Median", "Mittersta hälften", "Läge"),
            ("Indicator", "Member", "Year", "Value", "Median", "Middle half", "Position"),
        )(ctx.lang),
        rows=rows,
        source=ctx.cite(pl.concat(sources))
        if sources
        else (Text("Källa", "Source")(ctx.lang)) + ": Kolada (RKA)",
        numeric=(False, False, False, True, True, True, False),
    )


def build_comparison(ctx: ReportContext) -> Sequence[Block]:
    """A figure per KPI and one table of the latest year."""
    values = ctx.extras.get(TABLE)
    if values is None or values.height == 0:
        return [
            Paragraph(
                Text(
                    'Rapporten läser inga Kolada-data (en källa med reader = "kolada").',
                    'The report reads no Kolada data (a source with reader = "kolada").',
                )(ctx.lang),
                "warning",
            )
        ]
    group = str(values["peer_group"][0])
    peers = values.filter(pl.col("role") == "peer")["municipality"].n_unique()
    kpis = {k.id: k for k in ctx.kpis}
    members = values.filter((pl.col("role") == "member") & (pl.col("gender") == "T"))
    chosen = [
        (kpis[kpi_id(k)], members.filter(pl.col("kpi") == k), _stats(ctx, kpis[kpi_id(k)]))
        for k in sorted(values["kpi"].unique().to_list())
    ]
    blocks: list[Block] = [
        Paragraph(
            Text(
                f"{group}: {peers} kommuner. Bandet visar den mittersta hälften av gruppens värden "
                "(första till tredje kvartilen), den streckade linjen medianen. Källa: Kolada "
                "(RKA).",
                f"{group}: {peers} municipalities. The band shows the middle half of the group's "
                ""
                "values (first to third quartile), the dashed line the median. Source: Kolada "
                "(RKA).",
            )(ctx.lang)
        )
    ]
    blocks += [_figure(ctx, c, group) for c in chosen]
    blocks.append(_table(ctx, chosen, group))
    return blocks

"""The Kolada KPIs samverkan knows, pinned with how sure we are of each title.

Kolada's titles are quoted as found in public sources (see the reference notes on data
formats), not fetched here; check one with ``GET /v3/kpi/<id>`` before relying on it. A new
KPI is one entry below. Each becomes the samverkan KPI ``kolada.<id in lower case>``; its
members' values come from the reader and the peer group's median and quartiles are computed.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    KPI,
    OBSERVATIONS,
    PEER,
    PEER_STATISTICS,
    Direction,
    KPIType,
    MeasureContext,
    SubjectKind,
    Text,
    as_observations,
    subject_expr,
)

TABLE = "kolada.varden"
# Kolada id: (Swedish title as found, English, unit, direction, how the title was confirmed)
KNOWN = {
    "N00097": (
        "Nettokostnadsavvikelse totalt (exkl. LSS)",
        "Net cost deviation, total (excl. LSS)",
        "%",
        Direction.LOWER_IS_BETTER,
        "titeln bekräftad i två oberoende källor",
    ),
    "N00901": (
        "Skattesats till kommun",
        "Municipal tax rate",
        "%",
        Direction.LOWER_IS_BETTER,
        "titeln från en källa; kontrollera mot Kolada",
    ),
    "N00914": (
        "Förvärvsarbetande invånare 20–64 år, andel",
        "Employed residents aged 20–64, share",
        "%",
        Direction.HIGHER_IS_BETTER,
        "titeln bekräftad i Koladas metadata",
    ),
    "N03002": (
        "Soliditet inkl. hela pensionsskulden",
        "Equity ratio incl. the whole pension liability",
        "%",
        Direction.HIGHER_IS_BETTER,
        "titeln från en källa; kontrollera mot Kolada",
    ),
}


GENDER = SubjectKind("kon", None, {"K": Text("kvinnor", "women"), "M": Text("män", "men")})
"""Kolada's values for women or men (``kon:K``); the total has no subject."""


def kpi_id(kolada_id: str) -> str:
    return f"kolada.{kolada_id.lower()}"


def _kpi(kolada_id: str) -> KPI:
    sv, en, unit, direction, confidence = KNOWN[kolada_id]
    return KPI(
        kpi_id(kolada_id),
        {"sv": f"{sv} (Kolada {kolada_id})", "en": f"{en} (Kolada {kolada_id})"},
        unit,
        direction,
        "kolada",
        {
            "sv": f"Koladas nyckeltal {kolada_id} per kommun och år; jämförelsegruppens median "
            f"och kvartiler räknas här ur gruppens värden ({confidence}).",
            "en": f"Kolada KPI {kolada_id} per municipality and year; the peer group's median "
            "and quartiles are computed here from the group's values.",
        },
        "Kolada (RKA)",
        subjects=(GENDER,),
    )


def peer_statistics(ctx: MeasureContext, kolada_id: str) -> pl.DataFrame:
    """The peer group's median and quartiles per year (total, not per gender)."""
    values = ctx.extras.get(TABLE)
    if values is None:
        return pl.DataFrame(schema=OBSERVATIONS)
    peers = values.filter(
        (pl.col("kpi") == kolada_id)
        & (pl.col("role") == "peer")
        & (pl.col("gender") == "T")
        & pl.col("value").is_not_null()
    )
    quantiles = {"median": 0.5, "q1": 0.25, "q3": 0.75}
    stats = peers.group_by("period").agg(
        *(pl.col("value").quantile(quantiles[s], "linear").alias(s) for s in PEER_STATISTICS),
        pl.col("source").first(),
    )
    rows = stats.unpivot(PEER_STATISTICS, index=["period", "source"], variable_name="stat")
    rows = rows.with_columns(subject=subject_expr(PEER.id, pl.col("stat")))
    return as_observations(rows, kpi_id(kolada_id), ctx.unit.id, TABLE).sort("period", "subject")


def _compute(kolada_id: str) -> KPIType:
    return KPIType(_kpi(kolada_id), lambda ctx: peer_statistics(ctx, kolada_id))


KPIS = tuple(_compute(k) for k in KNOWN)

"""Cached Kolada data into observations for the members, and every value for the comparison.

The source's ``path`` is the cache folder; ``kpis`` lists Kolada ids from the catalogue,
``peers`` the kommunkoder of the peer group (named by ``peer_group``), ``years`` the span
(``"2015-2018"``; by default the four years up to the report's). Every combination asked for
must be in the cache, or the error gives the exact command that fetches it.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import InputError, Problem, ReadContext, ReadResult, Source
from samverkan_kolada import cache
from samverkan_kolada.catalogue import KNOWN, TABLE

OPTIONS = ("kpis", "peers", "peer_group", "years")
GENDER_SUBJECT = {"T": None, "K": "kon:K", "M": "kon:M"}
"""Kolada's gender codes as subjects (catalogue.GENDER): the total (T) has none."""


def _strings(source: Source, key: str, required: bool) -> list[str]:
    value = source.options.get(key, [] if not required else None)
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) for v in value)
        or (required and not value)
    ):
        raise InputError.at(
            f'{key} ska vara en lista, till exempel {key} = ["…"]', source.name, None, key
        )
    return value


def _years(source: Source, context: ReadContext) -> list[int]:
    value = source.options.get("years")
    if value is None:
        return list(range(context.period.year - 3, context.period.year + 1))
    if isinstance(value, str) and value.count("-") == 1:
        first, last = value.split("-")
        if first.isdigit() and last.isdigit() and int(first) <= int(last):
            return list(range(int(first), int(last) + 1))
    raise InputError.at('years ska skrivas som "2015-2018"', source.name, None, "years")


def _check(source: Source, kpis: list[str], peers: list[str], members: list[str]) -> None:
    problems = [
        Problem(
            f"{k!r} finns inte i samverkan-koladas katalog ({', '.join(KNOWN)}); "
            "ett nytt nyckeltal läggs till i samverkan_kolada/catalogue.py",
            source.name,
            None,
            "kpis",
        )
        for k in kpis
        if k not in KNOWN
    ]
    problems += [
        Problem(f"{p!r} är ingen kommunkod (fyra siffror)", source.name, None, "peers")
        for p in peers
        if not cache.KOMMUNKOD.fullmatch(p)
    ]
    problems += [
        Problem(
            f"{p} är medlem och kan inte också vara jämförelsekommun", source.name, None, "peers"
        )
        for p in peers
        if p in members
    ]
    if problems:
        raise InputError(problems)


VALUES: dict[str, pl.DataType] = {
    **{c: t() if isinstance(t, type) else t for c, t in cache.SCHEMA.items()},
    "fetched_at": pl.String(),  # when the cache entry was fetched (ISO timestamp)
    "role": pl.String(),  # member or peer
    "peer_group": pl.String(),  # the definition's name for the peers
    "source": pl.String(),
    "origin": pl.String(),
}
"""The values of members and peers as the reader declares them (``context.extras[TABLE]``)."""


def read_kolada(source: Source, context: ReadContext) -> ReadResult:
    """Members' values as observations; members' and peers' values as the extra table."""
    kpis, peers = _strings(source, "kpis", True), _strings(source, "peers", False)
    members = [m.kommunkod for m in context.unit.members]
    _check(source, kpis, peers, members)
    years = _years(source, context)
    data, covered = cache.load(source.path, source.name)
    wanted = {(k, m, y) for k in kpis for m in [*members, *peers] for y in years}
    missing = wanted - covered
    if missing:
        command = cache.fetch_command(
            sorted({k for k, _, _ in missing}),
            sorted({m for _, m, _ in missing}),
            sorted({y for _, _, y in missing}),
            source.name,
        )
        raise InputError.at(
            f"{len(missing)} kombinationer av nyckeltal, kommun och år saknas i cachen; "
            f"hämta dem med: {command}",
            source.name,
        )
    name = source.options.get("peer_group", "Jämförelsegrupp")
    if not isinstance(name, str):
        raise InputError.at("peer_group ska vara ett namn", source.name, None, "peer_group")
    values = data.filter(
        pl.col("kpi").is_in(kpis)
        & pl.col("municipality").is_in([*members, *peers])
        & pl.col("period").is_in(years)
    ).with_columns(
        role=pl.when(pl.col("municipality").is_in(members))
        .then(pl.lit("member"))
        .otherwise(pl.lit("peer")),
        peer_group=pl.lit(name),
        source=pl.format(
            "Kolada (RKA) {}, hämtad {}", pl.col("kpi"), pl.col("fetched_at").str.slice(0, 10)
        ),
        origin=pl.format("{}:{}/{}/{}", pl.lit(source.name), "kpi", "municipality", "period"),
    )
    observations = values.filter(
        (pl.col("role") == "member") & pl.col("value").is_not_null()
    ).select(
        (pl.lit("kolada.") + pl.col("kpi").str.to_lowercase()).alias("kpi_id"),
        pl.lit(context.unit.id).alias("unit"),
        "municipality",
        pl.col("gender").replace_strict(GENDER_SUBJECT, return_dtype=pl.String).alias("subject"),
        pl.col("period").cast(pl.String),
        "value",
        "source",
        "origin",
    )
    return ReadResult(observations, (), {TABLE: values})

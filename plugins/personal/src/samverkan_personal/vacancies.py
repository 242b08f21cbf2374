"""Vacancies from the recruitment system: when each was posted and when (if yet) filled.

Columns (renamable with ``columns``): ``Vakans``, ``Kommun``, ``Förvaltning``, ``Befattning``,
``Annonserad`` and ``Tillsatt`` (a date, empty while the post is open). Seen from the report
period's end, a post filled later is still open.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    LINE,
    Check,
    InputError,
    Note,
    Noun,
    ReadContext,
    ReadResult,
    Source,
    cell_problems,
    first_row,
    fmt_count,
    member_code,
    read_source,
    require_filled,
    role_columns,
)

TABLE = "personal.vakanser"
VACANCIES = Noun("vakans", "vakanser", "vacancy", "vacancies")
SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "municipality": pl.String(),
    "forvaltning": pl.String(),
    "role": pl.String(),
    "posted": pl.Date(),
    "filled": pl.Date(),  # null: open at the period's end
    "source": pl.String(),
    "origin": pl.String(),
}
"""The vacancy table as the reader declares it (``context.extras[TABLE]``)."""
OPTIONS = ("columns", "separator", "sheet")
ROLES = {
    "id": "Vakans",
    "municipality": "Kommun",
    "forvaltning": "Förvaltning",
    "role": "Befattning",
    "posted": "Annonserad",
    "filled": "Tillsatt",
}


def _date(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return text.str.to_date("%Y-%m-%d", strict=False)


def read_vacancies(source: Source, context: ReadContext) -> ReadResult:
    """The checked vacancy table as an extra; no drivers of its own."""
    table = read_source(source)
    col = role_columns(table, source.options.get("columns"), ROLES, list(ROLES))
    require_filled(table, table.frame, [h for r, h in col.items() if r != "filled"])
    frame = table.frame.with_columns(
        _posted=_date(col["posted"]),
        _filled=_date(col["filled"]),
        _municipality=member_code(col["municipality"], context.unit),
    )
    checks: list[Check] = [
        (
            pl.col(col["id"]).is_duplicated(),
            col["id"],
            "vakans {value!r} förekommer mer än en gång",
        ),
        (pl.col("_posted").is_null(), col["posted"], "{value!r}: skriv datumet som 2018-04-30"),
        (
            pl.col(col["filled"]).is_not_null() & pl.col("_filled").is_null(),
            col["filled"],
            "{value!r}: skriv datumet som 2018-04-30 (tomt om tjänsten inte är tillsatt)",
        ),
        (
            pl.col("_filled") < pl.col("_posted"),
            col["filled"],
            "{value!r}: tillsatt före annonseringen",
        ),
        (
            pl.col("_municipality").is_null(),
            col["municipality"],
            "{value!r} är ingen medlemskommun",
        ),
    ]
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)
    end = pl.lit(context.period.end.date())
    later = frame.filter(pl.col("_posted") >= end)
    notes = []
    if later.height:
        notes.append(
            Note(
                {
                    "sv": f"{fmt_count(later.height, VACANCIES, 'sv')} "
                    f"{'annonserad' if later.height == 1 else 'annonserade'} efter "
                    "periodens slut ingår inte i rapporten",
                    "en": f"{fmt_count(later.height, VACANCIES, 'en')} posted after the period "
                    "left out of the report",
                },
                first_row(later, source.name),
            )
        )
    vacancies = frame.filter(pl.col("_posted") < end).select(
        pl.col(col["id"]).alias("id"),
        pl.col("_municipality").alias("municipality"),
        pl.col(col["forvaltning"]).alias("forvaltning"),
        pl.col(col["role"]).alias("role"),
        pl.col("_posted").alias("posted"),
        pl.when(pl.col("_filled") < end).then(pl.col("_filled")).alias("filled"),
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin"),
    )
    return ReadResult(notes=tuple(notes), extras={TABLE: vacancies})

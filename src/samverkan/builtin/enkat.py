"""Built-in user survey reader and KPI: what the users of a shared service experience.

The evaluation found that efficiency gains inside the services were not what the users felt
(yttre effektivitet). A survey file holds, per period, municipality, förvaltning and question,
the mean answer and the number of respondents, on a 1–5 scale or as NKI (0–100)::

    Period;Kommun;Förvaltning;Fråga;Skala;Medelvärde;Antal svar
    2018;Vårgårda;Socialförvaltningen;Bemötande;1-5;3,9;24

The KPI puts every answer on 0–100 (1–5 becomes (m − 1) / 4 × 100) and weights it by its
respondents. Groups with fewer than :data:`MIN_GROUP` respondents are never shown on their
own, so that no one's answer can be singled out; they still count in the totals above them.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from samverkan.errors import InputError
from samverkan.hookspecs import hookimpl
from samverkan.measure.registry import KPIType, MeasureContext
from samverkan.model.subjects import SubjectKind, subject_expr
from samverkan.model.tables import OBSERVATIONS
from samverkan.model.units import KPI, Direction
from samverkan.read.numbers import parse_amounts
from samverkan.read.raw import LINE, cell_problems
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source
from samverkan.read.tabular import member_code, read_source, require_columns, require_filled

MIN_GROUP = 5
_LEVEL_COLUMNS = ["municipality", "subject", "period", "value", "source", "origin"]
SURVEY = "enkat.svar"
ANSWERS: dict[str, pl.DataType] = {
    "period": pl.String(),
    "municipality": pl.String(),  # null: the whole board
    "forvaltning": pl.String(),
    "question": pl.String(),
    "index": pl.Float64(),  # the mean answer on 0–100
    "respondents": pl.Int64(),
    "source": pl.String(),
    "origin": pl.String(),
}
"""The survey's answers as the reader declares them (``context.extras[SURVEY]``)."""
COLUMNS = ["Period", "Förvaltning", "Fråga", "Skala", "Medelvärde", "Antal svar"]
SCALES = {"1-5": (1.0, 5.0), "NKI": (0.0, 100.0)}

DEPARTMENT = SubjectKind("forvaltning")
"""The förvaltning the respondents work in, shown by its name."""
SATISFACTION = KPI(
    id="enkat.nojdhet",
    title={"sv": "Nöjdhet med servicen", "en": "Satisfaction with the service"},
    unit="index",
    direction=Direction.HIGHER_IS_BETTER,
    area="samverkan",
    description={
        "sv": "Medelvärdet av enkätsvaren på skalan 0–100 (1–5 räknas om som (m − 1) / 4 × 100), "
        f"vägt med antalet svarande. Grupper med färre än {MIN_GROUP} svarande visas inte "
        "för sig men ingår i summorna.",
        "en": "Mean survey answer on 0–100 (1–5 becomes (m − 1) / 4 × 100), weighted by "
        f"respondents. Groups of fewer than {MIN_GROUP} respondents are not shown on their own "
        "but count in the totals.",
    },
    source="Användarenkät (enkat)",
    subjects=(DEPARTMENT,),
)


def read_survey(source: Source, context: ReadContext) -> ReadResult:
    """Every answer row, checked: a known scale, a mean inside it, a count of respondents."""
    table = read_source(source)
    cols = require_columns(table, COLUMNS)
    require_filled(table, table.frame, cols.values())  # Kommun may be empty: the whole board
    frame = parse_amounts(
        table, {"mean": cols["Medelvärde"], "respondents": cols["Antal svar"]}, 100
    )
    member_col = next((c for c in table.frame.columns if c.lower() == "kommun"), None)
    scale = pl.col(cols["Skala"]).str.strip_chars()
    low = scale.replace_strict({k: v[0] for k, v in SCALES.items()}, default=None)
    high = scale.replace_strict({k: v[1] for k, v in SCALES.items()}, default=None)
    mean = pl.col("_mean") / 100
    frame = frame.with_columns(
        _low=low,
        _high=high,
        _member=member_code(member_col, context.unit, "?")
        if member_col
        else pl.lit(None, pl.String),
    )
    period = pl.col(cols["Period"]).str.strip_chars()
    checks = [
        (
            ~period.str.contains(r"^[0-9]{4}(-(0[1-9]|1[0-2])|-T[1-3])?$"),
            cols["Period"],
            "{value!r}: skriv perioden som 2018, 2018-T1 eller 2018-04",
        ),
        (pl.col("_low").is_null(), cols["Skala"], "{value!r}: skalan ska vara 1-5 eller NKI"),
        (
            (mean < pl.col("_low")) | (mean > pl.col("_high")),
            cols["Medelvärde"],
            "{value!r}: utanför skalan",
        ),
        (
            pl.col("_respondents") % 100 != 0,
            cols["Antal svar"],
            "{value!r}: antal svar ska vara ett heltal",
        ),
    ]
    if member_col:
        checks.append((pl.col("_member") == "?", member_col, "{value!r}: okänd kommun"))
    problems = cell_problems(table, frame, checks, limit=50)
    if problems:
        raise InputError(problems)
    answers = frame.select(
        pl.col(cols["Period"]).str.strip_chars().alias("period"),
        pl.col("_member").alias("municipality"),
        pl.col(cols["Förvaltning"]).alias("forvaltning"),
        pl.col(cols["Fråga"]).alias("question"),
        ((mean - pl.col("_low")) / (pl.col("_high") - pl.col("_low")) * 100).alias("index"),
        (pl.col("_respondents") // 100).alias("respondents"),
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin"),
    )
    return ReadResult(extras={SURVEY: answers})


def satisfaction(ctx: MeasureContext) -> pl.DataFrame:
    """Weighted index per period for the board, per member and per förvaltning (if big enough)."""
    answers = ctx.extras.get(SURVEY)
    if answers is None or answers.height == 0:
        return pl.DataFrame(schema=OBSERVATIONS)

    def level(keys: list[str], subject: pl.Expr, member: pl.Expr) -> pl.LazyFrame:
        return (
            answers.lazy()
            .group_by(["period", *keys])
            .agg(
                value=(pl.col("index") * pl.col("respondents")).sum() / pl.col("respondents").sum(),
                # The same people answer every question: a group's size is its answers per
                # question (members' groups added up).
                size=pl.col("respondents").sum() / pl.col("question").n_unique(),
                source=pl.col("source").first(),
                origin=pl.col("origin").first(),
            )
            .filter(pl.col("size") >= MIN_GROUP)
            .with_columns(subject=subject, municipality=member)
        )

    none = pl.lit(None, pl.String)
    parts = [
        level([], none, none),
        level(["municipality"], none, pl.col("municipality")).filter(
            pl.col("municipality").is_not_null()
        ),
        level(["forvaltning"], subject_expr(DEPARTMENT.id, pl.col("forvaltning")), none),
    ]
    return (
        pl.concat([p.select(_LEVEL_COLUMNS) for p in parts])
        .with_columns(kpi_id=pl.lit(SATISFACTION.id), unit=pl.lit(ctx.unit.id))
        .select(list(OBSERVATIONS))
        .cast(pl.Schema(OBSERVATIONS))
        .sort("period", "municipality", "subject", nulls_last=True)
        .collect()
    )


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="enkat",
            table=None,  # only its own table; the KPI makes the observations
            read=read_survey,
            title={"sv": "Användarenkät", "en": "User survey"},
            options=("separator",),
            extras={SURVEY: ANSWERS},
        )
    )


@hookimpl
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    register(KPIType(SATISFACTION, satisfaction))

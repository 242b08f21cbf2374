"""The controller's words beside the numbers, written where a controller writes them.

Two ways, both read by the result-statement reader (``ekonomi.resultatrakning``):

- in the result-statement file itself: a ``Kommentar`` column (a comment on that line) and an
  ``Analys`` column (the area's analysis, written on any one of its rows);
- a Markdown file per area and period in the folder the source's ``analysis`` option names:
  ``<folder>/2018-04/ekonomi.md`` is the analysis of the area ``ekonomi`` in April 2018, and
  ``<folder>/2018-04/it_vaxel.investeringar.md`` that of its investments.

The first paragraph of an area's analysis is its sentence on the report's first screen; the
whole text stands under the area's result statement.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    LINE,
    InputError,
    Markdown,
    Problem,
    RawTable,
    ReadContext,
    ReportContext,
    Source,
    read_text,
)

TABLE = "ekonomi.kommentarer"
SCHEMA: dict[str, pl.DataType] = {
    "area": pl.String(),
    "line": pl.String(),  # the result-statement line; null for an area's analysis
    "topic": pl.String(),  # "resultat" (the statement) or "investeringar"
    "period": pl.String(),  # the month the words were written for
    "text": pl.String(),  # Markdown
    "source": pl.String(),
    "origin": pl.String(),
}
"""The comments as the reader declares them (``context.extras[TABLE]``)."""
TOPICS = ("resultat", "investeringar")


def from_columns(table: RawTable, col: dict[str, str], source: Source, month: str) -> pl.DataFrame:
    """The ``Kommentar`` (per line) and ``Analys`` (per area) cells of a result statement."""
    frame = table.frame
    origin = pl.format("{}:{}", pl.lit(source.name), pl.col(LINE))
    parts = []
    if "comment" in col:
        parts.append(
            frame.filter(pl.col(col["comment"]).is_not_null()).select(
                pl.col(col["area"]).alias("area"),
                pl.col(col["line"]).alias("line"),
                pl.col(col["comment"]).alias("text"),
                origin.alias("origin"),
            )
        )
    if "analysis" in col:
        written = frame.filter(pl.col(col["analysis"]).is_not_null())
        twice = written.filter(pl.col(col["area"]).is_duplicated())
        if twice.height:
            raise InputError(
                [
                    Problem(
                        "området har redan en analys på en annan rad; skriv den på en rad",
                        table.name,
                        n,
                        col["analysis"],
                    )
                    for n in twice[LINE].to_list()[1:]
                ]
            )
        parts.append(
            written.select(
                pl.col(col["area"]).alias("area"),
                pl.lit(None, pl.String).alias("line"),
                pl.col(col["analysis"]).alias("text"),
                origin.alias("origin"),
            )
        )
    if not parts:
        return pl.DataFrame(schema=SCHEMA)
    return (
        pl.concat(parts)
        .with_columns(topic=pl.lit("resultat"), period=pl.lit(month), source=_cited(source))
        .select(list(SCHEMA))
    )


def _cited(source: Source) -> pl.Expr:
    """A comment's citation: the paper it is transcribed from and the file and row it was read
    from, listed under Källor (the text cites it by number, never by its file)."""
    return pl.concat_str(pl.lit(f"{source.citation} ("), pl.col("origin"), pl.lit(")"))


def from_folder(source: Source, context: ReadContext) -> pl.DataFrame:
    """The analysis files of the report's period in the folder the ``analysis`` option names."""
    if "analysis" not in source.options:
        return pl.DataFrame(schema=SCHEMA)
    if not isinstance(source.options["analysis"], str):
        raise InputError.at("analysis ska vara en mapp", source.name, None, "analysis")
    folder = source.option_path("analysis")
    if not folder.is_dir():
        raise InputError.at(
            f"mappen {source.options['analysis']!r} finns inte", source.name, None, "analysis"
        )
    month = str(context.period.last_month)
    areas = {a.id for a in context.unit.areas}
    rows = []
    for path in sorted((folder / month).glob("*.md")):
        area, _, topic = path.stem.partition(".")
        name = f"{source.options['analysis']}/{month}/{path.name}"
        if area not in areas or (topic or "resultat") not in TOPICS:
            raise InputError.at(
                f"filen ska heta <område>.md eller <område>.investeringar.md; områdena är "
                f"{', '.join(sorted(areas))}",
                name,
            )
        text = read_text(path, name).strip()
        if not text:
            raise InputError.at(
                "analysfilen är tom; skriv analysen i den eller ta bort filen", name
            )
        rows.append(
            (area, None, topic or "resultat", month, text, f"{source.citation} ({name})", name)
        )
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _comments(ctx: ReportContext) -> pl.DataFrame:
    table = ctx.extras.get(TABLE)
    if table is None:
        return pl.DataFrame(schema=SCHEMA)
    return table.filter(pl.col("period") == str(ctx.period.last_month))


def analysis(ctx: ReportContext, area: str, topic: str = "resultat") -> pl.DataFrame:
    """The area's analysis texts for the report's month (usually one)."""
    rows = _comments(ctx).filter(
        (pl.col("area") == area) & (pl.col("topic") == topic) & pl.col("line").is_null()
    )
    return rows.sort("origin")


def analysis_blocks(
    ctx: ReportContext, area: str, title: str, topic: str = "resultat"
) -> list[Markdown]:
    """The area's analysis, as the controller wrote it, for the section."""
    return [
        Markdown(title, text, f"{ctx.phrase('source')}: {source}")
        for text, source in analysis(ctx, area, topic).select("text", "source").iter_rows()
    ]


def analysis_lead(ctx: ReportContext, area: str) -> str | None:
    """The first paragraph of the area's analysis, as plain text, for the first screen."""
    texts = analysis(ctx, area)["text"].to_list()
    if not texts:
        return None
    first = next((p for p in texts[0].split("\n\n") if p.strip()), None)
    if first is None:  # an Analys cell of blanks: no sentence to lead with
        return None
    return " ".join(first.replace("**", "").replace("*", "").split())


def line_comments(ctx: ReportContext, area: str) -> dict[str, str]:
    """Line → the controller's comment on it, for the result statement's comment column."""
    rows = _comments(ctx).filter((pl.col("area") == area) & pl.col("line").is_not_null())
    return dict(rows.select("line", "text").iter_rows())

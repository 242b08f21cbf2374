"""The rows of a result statement as a finance system exports it: lines, sum rows, headings.

A row with a line number is a line. A row without one is a sum row when it holds an amount
("Summa", "Totalt", "Nettokostnad"): it is not read as a line, but checked against the lines
above it (those since the previous sum row, or all of its area's lines above it), and a sum
that does not agree is refused with its row. A row without a number or an amount is a
heading, and skipped. The lines are the board's own unless the source declares a catalogue
(``lines = {"1" = "Intäkter", …}``), which every line must then follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from samverkan.api import LINE, ORE_PER, InputError, Problem, RawTable, Source, fmt_money


def is_line(col: Mapping[str, str]) -> pl.Expr:
    return pl.col(col["line"]).is_not_null()


def is_sum(col: Mapping[str, str], amounts: Sequence[str]) -> pl.Expr:
    return ~is_line(col) & pl.any_horizontal(pl.col(col[a]).is_not_null() for a in amounts)


def check_sums(
    frame: pl.DataFrame,
    table: RawTable,
    col: Mapping[str, str],
    amounts: Sequence[str],
    unit: str,
) -> None:
    """Refuse every sum row whose amount is neither the sum of the lines since the previous
    sum row nor that of all its group's lines above it (``frame``: amounts parsed, ``_<role>``)."""
    group = [col[r] for r in ("area", "forecast_month") if r in col]
    sums = frame.filter(is_sum(col, amounts)).sort(LINE)
    if sums.height == 0:
        return
    values = [f"_{a}" for a in amounts]
    lines = frame.filter(is_line(col)).select(
        pl.col(LINE).alias("_above"), *group, *(pl.col(v).fill_null(0) for v in values)
    )
    sums = sums.select(
        LINE,
        *group,
        *values,
        _previous=pl.col(LINE).shift(1).over(group).fill_null(0),
    )
    # Sum rows are few: each is paired with its group's lines above it and they are added.
    above = (
        sums.select(LINE, "_previous", *group)
        .join(lines, on=group)
        .filter(pl.col("_above") < pl.col(LINE))
        .group_by(LINE)
        .agg(
            *(pl.col(v).sum().alias(v + "_at") for v in values),
            *(
                pl.col(v).filter(pl.col("_above") < pl.col("_previous")).sum().alias(v + "_before")
                for v in values
            ),
        )
    )
    joined = sums.join(above, on=LINE, how="left").with_columns(
        pl.col(f"{v}{s}").fill_null(0) for v in values for s in ("_at", "_before")
    )
    problems = []
    for role, value in zip(amounts, values, strict=True):
        at, before = pl.col(value + "_at"), pl.col(value + "_before")
        wrong = joined.filter(
            pl.col(value).is_not_null() & (pl.col(value) != at - before) & (pl.col(value) != at)
        )
        problems += [
            Problem(
                f"summaraden stämmer inte med raderna ovanför: {_in(written, unit)} står, "
                + (
                    f"raderna ger {_in(a, unit)}"
                    if b == 0
                    else f"raderna ger {_in(a - b, unit)} (sedan förra summan) eller "
                    f"{_in(a, unit)} (alla ovanför)"
                ),
                table.name,
                n,
                col[role],
            )
            for n, written, a, b in wrong.select(LINE, value, value + "_at", value + "_before")
            .head(100)
            .iter_rows()
        ]
    if problems:
        raise InputError(problems)


def _in(ore: int, unit: str) -> str:
    return fmt_money(ore, unit, len(str(ORE_PER[unit])) - 1 if ore % ORE_PER[unit] else 0)


def catalogue(source: Source) -> dict[str, str] | None:
    """The ``lines`` option: line number → name, the only lines the file may hold."""
    value = source.options.get("lines")
    if value is None:
        return None
    if (
        not isinstance(value, Mapping)
        or not value
        or not all(isinstance(v, str) for v in value.values())
    ):
        raise InputError.at(
            'lines ska vara en tabell {"1" = "Intäkter", "3" = "Personalkostnader", …}',
            source.name,
            None,
            "lines",
        )
    return {str(k): v for k, v in value.items()}


def check_lines(
    table: RawTable,
    col: Mapping[str, str],
    lines: Mapping[str, str] | None,
    extra_key: list[str],
) -> None:
    """A declared catalogue followed; one name per line number; no line twice per area."""
    frame = table.frame.filter(is_line(col))
    line, name = col["line"], col["line_name"]
    problems = []
    if lines is not None:
        known = ", ".join(f"{k} {v}" for k, v in lines.items())
        problems += [
            Problem(f"okänd rad {v!r}; definitionens rader: {known}", table.name, n, line)
            for n, v in frame.filter(~pl.col(line).is_in(list(lines)))
            .select(LINE, line)
            .iter_rows()
        ]
        expected = pl.col(line).replace_strict(
            {k: v.lower() for k, v in lines.items()}, default=None
        )
        mismatch = frame.filter(
            pl.col(line).is_in(list(lines)) & (pl.col(name).str.to_lowercase() != expected)
        )
        problems += [
            Problem(f"radnamnet {v!r} hör inte till rad {r} ({lines[r]})", table.name, n, name)
            for n, r, v in mismatch.select(LINE, line, name).iter_rows()
        ]
    else:
        first = frame.unique(line, keep="first", maintain_order=True).select(line, _first=name)
        other = frame.join(first, on=line).filter(
            pl.col(name).str.to_lowercase() != pl.col("_first").str.to_lowercase()
        )
        problems += [
            Problem(f"rad {r} heter {f!r} på en tidigare rad, här {v!r}", table.name, n, name)
            for n, r, v, f in other.select(LINE, line, name, "_first").head(100).iter_rows()
        ]
    duplicated = frame.filter(pl.struct(col["area"], line, *extra_key).is_duplicated())
    problems += [
        Problem(f"rad {r} förekommer mer än en gång för området", table.name, n, line)
        for n, r in duplicated.select(LINE, line).iter_rows()
    ]
    if problems:
        raise InputError(problems)

"""Casts that keep every value or say which one they would change.

A plugin hands the core frames of its own making; the core brings each column to its table's
type. polars' own casts round (``1.5`` hours as ``Int64`` is ``1``), truncate (a third as
``Decimal(38, 6)``) or turn what does not fit into null, all without a word. These casts take a
column only if casting it back gives every value again, and otherwise name the first value
that would change and its row's ``origin``.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

QUANTITY = pl.Decimal(38, 6)
"""A counted or measured quantity (a population, hours, m², årsarbetare): exact, six decimals."""
MAX_QUANTITY = 10**12
"""The largest quantity one row may hold; a weight of it times 10⁶ still fits 64 bits."""


class LossyCast(ValueError):
    """A column that cannot take its table's type without changing a value."""

    def __init__(  # noqa: PLR0917 (the fields of one message)
        self, column: str, found: str, wanted: str, value: str, origin: str | None, count: int
    ) -> None:
        self.column = column
        where = f" ({origin})" if origin else ""
        more = f" och {count - 1} till" if count > 1 else ""
        super().__init__(
            f"kolumnen {column} är {found}, men tabellen vill ha {wanted}: "
            f"värdet {value}{where}{more} skulle ändras"
        )


def _changed(original: pl.Series, cast: pl.Series) -> pl.Series:
    """Rows whose value the cast lost: became null, or does not come back when cast back."""
    try:
        back = cast.cast(original.dtype, strict=False)
    except pl.exceptions.PolarsError:
        return original.is_not_null()
    if original.dtype.is_float():
        same = (back == original) | (original.is_nan() & back.is_nan())
    else:
        same = back == original
    return original.is_not_null() & (cast.is_null() | ~same.fill_null(False))


def cast_exactly(frame: pl.DataFrame, column: str, dtype: pl.DataType) -> pl.Series:
    """``frame[column]`` as ``dtype``, or :class:`LossyCast` naming the first value it changes."""
    original = frame.get_column(column)
    if original.dtype == dtype:
        return original
    try:
        cast = original.cast(dtype, strict=False)
    except pl.exceptions.PolarsError:
        cast = pl.Series(column, [None] * len(original), dtype)
    bad = _changed(original, cast)
    if isinstance(dtype, pl.Decimal):
        bad |= cast.is_not_null() & (cast.abs() > MAX_QUANTITY)
    count = int(bad.sum())
    if not count:
        return cast
    first = int(bad.arg_true()[0])
    origin = frame.get_column("origin")[first] if "origin" in frame.columns else None
    wanted = (
        "ett av " + ", ".join(dtype.categories.to_list())
        if isinstance(dtype, pl.Enum)
        else str(dtype)
    )
    raise LossyCast(
        column,
        str(original.dtype),
        wanted,
        repr(original[first]),
        None if origin is None else str(origin),
        count,
    )


def integer_weights(quantity: pl.Series) -> pl.Series:
    """Exact quantities as integers in their common smallest step (1.5 and 2 as 15 and 20).

    A split by these weights is the split by the quantities themselves: only the ratios count,
    and every ratio is kept. Whole quantities stay as they are."""
    exact = quantity.cast(QUANTITY, strict=True)
    scaled = (exact * 10**6).cast(pl.Int64)
    step = 10**6
    while step > 1 and (scaled % step != 0).any():
        step //= 10
    return (scaled // step).alias(quantity.name)


class SchemaMismatch(ValueError):
    """A frame whose columns are not the ones its schema declares."""


def conform_to(schema: Mapping[str, pl.DataType], frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with exactly ``schema``'s columns, in its order and types, every value kept;
    :class:`SchemaMismatch` for a missing or undeclared column, :class:`LossyCast` for a
    value the type would change."""
    missing = [c for c in schema if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema]
    if missing or extra:
        said = [f"saknar {', '.join(missing)}"] if missing else []
        said += [f"har odeklarerade {', '.join(extra)}"] if extra else []
        raise SchemaMismatch(" och ".join(said))
    return pl.DataFrame([cast_exactly(frame, c, t) for c, t in schema.items()])

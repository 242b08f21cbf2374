"""From a SIE 4 file to ledger rows: utfall from vouchers, budget from #PBUDGET.

Definition options: ``areas`` maps cost centres (dimension 1, Ansvar) to the unit's areas;
``municipalities`` marks cost centres whose costs are one member's own (kommunspecifika);
``accounts`` names a mapping file that replaces the Kommun-Bas 13 default; ``budget = false``
leaves #PBUDGET out (when the budget comes from another source). What cannot be mapped is
returned as data-quality notes with its amount, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan import InputError, Source
from samverkan.registry import Note, ReadContext, ReadResult
from samverkan_ekonomi.accounts import default_mapping, map_accounts, read_mapping
from samverkan_ekonomi.sie import SieData, read_sie

SIE_OPTIONS = ("areas", "municipalities", "accounts", "budget")


def _table(source: Source, key: str, allowed: list[str] | None = None) -> dict[str, str]:
    value = source.options.get(key, {})
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise InputError.at(f'{key} ska vara en tabell {{"ansvar" = "…"}}', source.name, None, key)
    if allowed is not None:
        wrong = sorted(v for v in value.values() if v not in allowed)
        if wrong:
            raise InputError.at(
                f"okända värden {wrong}; tillåtna: {', '.join(allowed)}", source.name, None, key
            )
    return {str(k): v for k, v in value.items()}


def _movements(data: SieData) -> pl.DataFrame:
    """Voucher rows that count (not #BTRANS) with their month; #PBUDGET rows as budget."""
    year = data.years.get(0, ("", ""))[0][:4]
    utfall = (
        data.transactions.filter(pl.col("status") != "removed")
        .join(
            data.vouchers.select(pl.col("line").alias("ver_line"), "verdatum"),
            on="ver_line",
            how="left",
        )
        .select(
            pl.col("line").alias("row"),
            "account",
            "object",
            "amount_ore",
            pl.when(pl.col("transdat") != "").then("transdat").otherwise("verdatum").alias("date"),
        )
        .with_columns(
            period=pl.format(
                "{}-{}", pl.col("date").str.slice(0, 4), pl.col("date").str.slice(4, 2)
            ),
            kind=pl.lit("utfall"),
        )
    )
    budget = data.periods.filter(
        (pl.col("label") == "#PBUDGET") & (pl.col("year_index") == 0)
    ).select(
        pl.col("line").alias("row"),
        "account",
        "object",
        "amount_ore",
        "period",
        kind=pl.lit("budget"),
    )
    return pl.concat([utfall.drop("date"), budget]).with_columns(year=pl.lit(year))


def _notes(rows: pl.DataFrame, name: str, message: tuple[str, str], by: list[str]) -> list[Note]:
    """One note per group of ``rows``; ``message`` in Swedish and English, formatted per row."""
    grouped = rows.group_by(by, maintain_order=True).agg(
        pl.len().alias("n"), pl.col("amount_ore").sum(), pl.col("row").min()
    )
    return [
        Note(
            {"sv": message[0].format(**r), "en": message[1].format(**r)},
            f"{name}:{r['row']}",
            r["amount_ore"],
        )
        for r in grouped.iter_rows(named=True)
    ]


def read_sie_ledger(source: Source, context: ReadContext) -> ReadResult:
    """Ledger rows from a SIE file mapped to the unit's areas and result-statement lines."""
    areas = _table(source, "areas", [a.id for a in context.unit.areas])
    municipalities = _table(source, "municipalities", [m.kommunkod for m in context.unit.members])
    if not areas and len(context.unit.areas) == 1:
        areas = {}  # one area: every cost centre belongs to it
    elif not areas:
        raise InputError.at(
            "areas saknas: ange vilket ansvar (dimension 1) som hör till vilket "
            'område, till exempel areas = {"1100" = "ekonomi"}',
            source.name,
            None,
            "areas",
        )
    mapping = (
        read_mapping(source.option_path("accounts"), str(source.options["accounts"]))
        if "accounts" in source.options
        else default_mapping()
    )
    data = read_sie(source.path, source.name)
    rows = _movements(data)
    if source.options.get("budget", True) is False:
        rows = rows.filter(pl.col("kind") != "budget")
    notes = [Note(str(w.message), f"{w.file}:{w.row}") for w in data.warnings]
    rows, more = _map(
        rows,
        areas,
        municipalities=municipalities,
        mapping=mapping,
        context=context,
        name=source.name,
    )
    notes += more
    return ReadResult(_ledger(rows, source, context), tuple(notes))


def _map(
    rows: pl.DataFrame,
    areas: dict[str, str],
    *,
    municipalities: dict[str, str],
    mapping: pl.DataFrame,
    context: ReadContext,
    name: str,
) -> tuple[pl.DataFrame, list[Note]]:
    single = context.unit.areas[0].id if len(context.unit.areas) == 1 and not areas else None
    rows = map_accounts(rows, mapping).with_columns(
        area=pl.lit(single, pl.String)
        if single
        else pl.col("object").replace_strict(areas, default=None, return_dtype=pl.String),
        municipality=pl.col("object").replace_strict(
            municipalities, default=None, return_dtype=pl.String
        ),
    )
    balance = pl.col("account").str.slice(0, 1).is_in(["1", "2"])
    in_year = pl.col("period").str.starts_with(pl.col("year"))
    notes = _notes(
        rows.filter(balance),
        name,
        (
            "{n} rader på balanskonton (klass 1–2) ingår inte i resultaträkningen",
            "{n} rows on balance-sheet accounts (class 1–2) are not in the result statement",
        ),
        [],
    )
    result = rows.filter(~balance)
    notes += _notes(
        result.filter(~in_year),
        name,
        (
            "{n} rader med datum utanför räkenskapsåret {year}",
            "{n} rows dated outside the financial year {year}",
        ),
        ["year"],
    )
    result = result.filter(in_year)
    notes += _notes(
        result.filter(pl.col("line").is_null()),
        name,
        (
            "konto {account} saknar rad i kontomappningen ({n} rader)",
            "account {account} has no line in the account mapping ({n} rows)",
        ),
        ["account"],
    )
    notes += _notes(
        result.filter(pl.col("line").is_not_null() & pl.col("area").is_null()),
        name,
        (
            "ansvar {object} saknar område i definitionens areas ({n} rader)",
            "cost centre {object} has no area in the definition's areas ({n} rows)",
        ),
        ["object"],
    )
    return result.filter(pl.col("line").is_not_null() & pl.col("area").is_not_null()), notes


def _ledger(rows: pl.DataFrame, source: Source, context: ReadContext) -> pl.DataFrame:
    """One ledger row per area, member, line, account, cost centre, month and kind.

    ``origin`` names the first file line of each group, so every figure leads back to a voucher.
    """
    keys = ["area", "municipality", "line", "account", "object", "period", "kind"]
    grouped = rows.group_by(keys).agg(pl.col("amount_ore").sum(), pl.col("row").min())
    return grouped.sort(keys, nulls_last=True).select(
        pl.lit(context.unit.id).alias("unit"),
        *keys[:-1],
        "kind",
        pl.lit(None, pl.String).alias("forecast_month"),
        "amount_ore",
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col("row")).alias("origin"),
    )

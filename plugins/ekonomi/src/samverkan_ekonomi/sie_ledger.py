"""From a SIE file to ledger rows: utfall from vouchers (or period balances), budget from
#PBUDGET, and the file checked against itself.

Definition options: ``areas`` maps cost centres (dimension 1, Ansvar) to the unit's areas;
``municipalities`` marks cost centres whose costs are one member's own (kommunspecifika);
``accounts`` names a mapping file that replaces the Kommun-Bas 13 default; ``budget = false``
leaves #PBUDGET out (when the budget comes from another source).

The outcome comes from the vouchers (SIE 4); a file without vouchers but with period balances
(SIE 2 and 3) gives it from #PSALDO; a file with only year balances (SIE 1) is refused, since
a year's total cannot be followed up month by month. Where the file states totals beside its
vouchers (#RES, #PSALDO, #IB/#UB), every account is reconciled and each difference is a note
that ``--strict`` refuses. What cannot be mapped is returned as notes with its amount and as
unused rows (``samverkan ledger`` lists them), never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from samverkan.api import (
    InputError,
    Lang,
    Note,
    Noun,
    ReadContext,
    ReadResult,
    Source,
    fmt_amount,
    fmt_count,
)
from samverkan_ekonomi.accounts import default_mapping, map_accounts, read_mapping
from samverkan_ekonomi.sie import SieData, read_sie
from samverkan_ekonomi.sie.reconcile import Difference, reconcile

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


def _voucher_outcome(data: SieData) -> pl.DataFrame:
    """Voucher rows that count (not #BTRANS), each in the month of its date."""
    return (
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
        .select(
            "row",
            "account",
            "object",
            "amount_ore",
            period=pl.format(
                "{}-{}", pl.col("date").str.slice(0, 4), pl.col("date").str.slice(4, 2)
            ),
        )
    )


def _period_outcome(data: SieData) -> pl.DataFrame:
    """#PSALDO of the current year as each account's month, by cost centre where the file
    splits it: the cost centres' rows, and what the account total holds beyond them."""
    rows = data.periods.filter((pl.col("label") == "#PSALDO") & (pl.col("year_index") == 0))
    totals = rows.filter(pl.col("objects") == "")
    centres = rows.filter(pl.col("object").is_not_null())
    key = ["account", "period"]
    split = centres.group_by(key).agg(pl.col("amount_ore").sum().alias("_split"))
    rest = (
        totals.join(split, on=key, how="left")
        .with_columns(pl.col("amount_ore") - pl.col("_split").fill_null(0))
        .filter(pl.col("amount_ore") != 0)
        .with_columns(object=pl.lit(None, pl.String))
    )
    columns = [pl.col("line").alias("row"), "account", "object", "amount_ore", "period"]
    return pl.concat([centres.select(columns), rest.select(columns)])


def _movements(data: SieData, source: Source) -> pl.DataFrame:
    """The outcome (from vouchers, else #PSALDO) and, unless ``budget = false``, #PBUDGET."""
    if data.transactions.height:
        utfall = _voucher_outcome(data)
    elif data.periods.filter(pl.col("label") == "#PSALDO").height:
        utfall = _period_outcome(data)
    else:
        has = sorted(set(data.balances["label"])) or ["inga saldon"]
        raise InputError.at(
            "filen har varken verifikationer (#VER) eller periodsaldon (#PSALDO), bara "
            f"{', '.join(has)}: en årssumma kan inte följas upp per månad. Exportera SIE 4 "
            "(med verifikationer) eller SIE 2 (periodsaldon) ur ekonomisystemet",
            source.name,
            1,
        )
    parts = [utfall.with_columns(kind=pl.lit("utfall"))]
    if source.options.get("budget", True) is not False:
        budget = data.periods.filter((pl.col("label") == "#PBUDGET") & (pl.col("year_index") == 0))
        parts.append(
            budget.select(
                pl.col("line").alias("row"), "account", "object", "amount_ore", "period"
            ).with_columns(kind=pl.lit("budget"))
        )
    return pl.concat(parts)


def _fiscal_year(data: SieData, context: ReadContext) -> str:
    """The year of #RAR 0; an import file (4I) without #RAR belongs to the report's year."""
    return data.years[0][0][:4] if 0 in data.years else str(context.period.year)


def _differences(differences: list[Difference], name: str) -> list[Note]:
    def kr(ore: int, lang: Lang) -> str:
        return fmt_amount(ore, "kr", 2, lang)

    return [
        Note(
            {
                "sv": f"konto {d.account}: verifikationerna summerar till "
                f"{kr(d.vouchers_ore, 'sv')} kr men {d.what} anger "
                f"{kr(d.stated_ore, 'sv')} kr; filen stämmer inte med sig själv (en "
                "ofullständig export?)",
                "en": f"account {d.account}: the vouchers sum to SEK {kr(d.vouchers_ore, 'en')} "
                f"but {d.what} states SEK {kr(d.stated_ore, 'en')}; the file disagrees with "
                "itself (a partial export?)",
            },
            f"{name}:{d.line}",
            d.difference_ore,
            strict_error=True,
        )
        for d in differences
    ]


def read_sie_ledger(source: Source, context: ReadContext) -> ReadResult:
    """Ledger rows from a SIE file mapped to the unit's areas and result-statement lines."""
    areas = _table(source, "areas", [a.id for a in context.unit.areas])
    municipalities = _table(source, "municipalities", [m.kommunkod for m in context.unit.members])
    if not areas and len(context.unit.areas) > 1:
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
    rows = _movements(data, source).with_columns(year=pl.lit(_fiscal_year(data, context)))
    notes = [Note(str(w.message), f"{w.file}:{w.row}") for w in data.warnings]
    notes += _differences(reconcile(data), source.name)
    used, unused, more = _map(
        rows,
        areas,
        municipalities=municipalities,
        mapping=mapping,
        context=context,
        name=source.name,
    )
    return ReadResult(
        _ledger(used, source, context), (*notes, *more), unused=_ledger(unused, source, context)
    )


REASONS: tuple[tuple[str, str, str, str, list[str]], ...] = (
    (
        "balance",
        "balanskonto (klass 1–2): ingår inte i resultaträkningen",
        "{rows} på balanskonton (konton som börjar på 1 eller 2: tillgångar, skulder och eget "
        "kapital) ingår inte i resultaträkningen",
        "{rows} on balance-sheet accounts (accounts beginning with 1 or 2: assets, liabilities "
        "and equity) left out of the result statement",
        [],
    ),
    (
        "outside",
        "utanför räkenskapsåret",
        "{rows} med datum utanför räkenskapsåret {year}",
        "{rows} dated outside the financial year {year}",
        ["year"],
    ),
    (
        "no_line",
        "kontot saknar rad i kontomappningen",
        "konto {account} finns inte i kontomappningen, som säger vilken rad i resultaträkningen "
        "ett konto hör till ({rows})",
        "account {account} is not in the account mapping, which says which line of the result "
        "statement an account belongs to ({rows})",
        ["account"],
    ),
    (
        "no_area",
        "ansvaret saknar område i definitionens areas",
        "ansvar {object} hör inte till något av nämndens områden i rapportdefinitionen ({rows})",
        "cost centre {object} belongs to none of the board's areas in the report definition "
        "({rows})",
        ["object"],
    ),
)
"""Why a row is not used: its reason in ``samverkan ledger``, and the note per group, in the
words of the report's reader (``{rows}``: the count with ``rad``/``rader`` as it agrees)."""

ROWS = Noun("rad", "rader", "row", "rows")


def _map(
    rows: pl.DataFrame,
    areas: dict[str, str],
    *,
    municipalities: dict[str, str],
    mapping: pl.DataFrame,
    context: ReadContext,
    name: str,
) -> tuple[pl.DataFrame, pl.DataFrame, list[Note]]:
    """(rows used, rows not used with their ``reason``, a note per group of unused rows)."""
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
    failing = {
        "balance": balance,
        "outside": ~pl.col("period").str.starts_with(pl.col("year")),
        "no_line": pl.col("line").is_null(),
        "no_area": pl.col("area").is_null(),
    }
    reason = pl.lit(None, pl.String)
    for key, why, *_ in reversed(REASONS):  # the first reason that applies is the one given
        reason = pl.when(failing[key]).then(pl.lit(why)).otherwise(reason)
    rows = rows.with_columns(reason=reason)
    notes: list[Note] = []
    for _key, why, sv, en, by in REASONS:
        group = rows.filter(pl.col("reason") == why)
        if group.height:
            notes += _notes(group, name, (sv, en), by)
    unused = rows.filter(pl.col("reason").is_not_null())
    return rows.filter(pl.col("reason").is_null()), unused, notes


def _notes(rows: pl.DataFrame, name: str, message: tuple[str, str], by: list[str]) -> list[Note]:
    """One note per group of ``rows``; ``message`` in Swedish and English, formatted per row."""
    grouped = rows.group_by(by or pl.lit(0), maintain_order=True).agg(
        pl.len().alias("n"), pl.col("amount_ore").sum(), pl.col("row").min()
    )
    return [
        Note(
            {
                "sv": message[0].format(**r, rows=fmt_count(r["n"], ROWS, "sv")),
                "en": message[1].format(**r, rows=fmt_count(r["n"], ROWS, "en")),
            },
            f"{name}:{r['row']}",
            r["amount_ore"],
        )
        for r in grouped.iter_rows(named=True)
    ]


def _ledger(rows: pl.DataFrame, source: Source, context: ReadContext) -> pl.DataFrame:
    """One ledger row per area, member, line, account, cost centre, month and kind (and the
    reason, for unused rows).

    ``origin`` names the first file line of each group, so every figure leads back to a voucher.
    """
    keys = ["area", "municipality", "line", "account", "object", "period", "kind"]
    extra = ["reason"] if rows.get_column("reason").is_not_null().any() else []
    grouped = rows.group_by(keys + extra).agg(pl.col("amount_ore").sum(), pl.col("row").min())
    return grouped.sort(keys, nulls_last=True).select(
        pl.lit(context.unit.id).alias("unit"),
        *keys[:-1],
        "kind",
        pl.lit(None, pl.String).alias("forecast_month"),
        "amount_ore",
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col("row")).alias("origin"),
        *extra,
    )

"""SIE files as real finance systems write them, and corrupt ones, in ``sie_shapes/``.

Each ordinary shape is read through the ``ekonomi.sie`` reader and its ledger summed per kind
and account; the expected sums were worked out by hand from the files, not by the reader.
Each corrupt shape must be refused naming its line.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from samverkan.api import Area, InputError, Municipality, Period, ReadContext, ServiceUnit, Source
from samverkan_ekonomi.sie import read_sie
from samverkan_ekonomi.sie_ledger import read_sie_ledger

SHAPES = Path(__file__).parent / "sie_shapes"
UNIT = ServiceUnit(
    "sn_it",
    "IT",
    Municipality("1466", "Herrljunga"),
    [Municipality("1466", "Herrljunga"), Municipality("1442", "Vårgårda")],
    [Area("it_vaxel", "IT")],
)
CONTEXT = ReadContext(UNIT, Period.parse("2018-12"))

ORDINARY = {
    # file: ({(kind, account): öre}, a fragment every note together holds, or "")
    "objektlista-utelamnad.se": (
        {("utfall", "5011"): 65_050, ("budget", "5011"): 200_000, ("budget", "3011"): -50_000},
        "utelämnar objektlistan på 5 rader",
    ),
    "ver-utan-nummer.se": ({("utfall", "6412"): 12_345, ("utfall", "3011"): -5_000}, ""),
    "langa-serienummer.se": ({("utfall", "6412"): 100_000}, ""),
    "sie2-periodsaldon.se": ({("utfall", "5011"): 250_000, ("utfall", "3011"): -40_000}, ""),
    "sie3-objekt.se": ({("utfall", "5011"): 100_000, ("utfall", "6412"): 5_000}, ""),
    "sie4i-import.si": ({("utfall", "5011"): 3_100_000}, ""),
    "pc8-egentligen-iso8859-15.se": ({("utfall", "6412"): 7_525}, ""),
    "pc8-egentligen-utf8.se": ({("utfall", "5011"): 50_000}, ""),
    "program-utan-version.se": ({("utfall", "6412"): 1_000}, ""),
    "samma-nummer-olika-verifikationer.se": (
        {("utfall", "6412"): 300},
        "samma nummer som verifikationen på rad 15 men annat innehåll",
    ),
    # BL Administration numbers each depreciation of its asset register `#VER # 1`.
    "bl-avskrivningar-samma-nummer.se": (
        {("utfall", "6412"): 45_000, ("utfall", "7832"): 333_333},
        "har samma nummer som verifikationen på rad 19",
    ),
    "ofullstandig-export.se": (
        {("utfall", "5011"): 70_000, ("utfall", "6412"): 10_000},
        "stämmer inte med sig själv",
    ),
}
CORRUPT = {
    "sie1-arssaldon.se": "filen har varken verifikationer (#VER) eller periodsaldon (#PSALDO)",
    "trans-utan-konto.se": "rad 17, kolumn/nyckel 'konto': kontot '' är inget kontonummer",
    "konto-inte-nummer.se": "rad 17, kolumn/nyckel 'konto': kontot 'KASSA' är inget kontonummer",
    "rar-slutar-fore-start.se": "rad 7: #RAR: räkenskapsåret slutar 20180101, före starten",
    "samma-verifikation-tva-ganger.se": (
        "står två gånger i filen, med samma datum och rader (rad 15 och rad 20)"
    ),
    "psaldo-tvetydig.se": "rad 15, kolumn/nyckel 'objektlista'",
}


def source(name: str) -> Source:
    return Source("ekonomi.sie", SHAPES / name, name, f"Test {name}", {})


@pytest.mark.parametrize("name", sorted(ORDINARY))
def test_an_ordinary_export_reads_to_the_sums_worked_out_by_hand(name: str) -> None:
    expected, noted = ORDINARY[name]
    result = read_sie_ledger(source(name), CONTEXT)
    sums = result.frame.group_by("kind", "account").agg(pl.col("amount_ore").sum())
    assert {(k, a): s for k, a, s in sums.iter_rows()} == expected
    notes = " | ".join(n.message("sv") for n in result.notes)
    assert noted in notes
    assert all(
        o.startswith(f"{name}:") and o.split(":")[1].isdigit() for o in result.frame["origin"]
    )


def test_texts_are_decoded_whatever_the_file_says_its_encoding_is() -> None:
    iso = read_sie(SHAPES / "pc8-egentligen-iso8859-15.se", "iso")
    assert iso.vouchers["text"].to_list() == ["Förbrukningsmaterial åt IT"]
    utf8 = read_sie(SHAPES / "pc8-egentligen-utf8.se", "utf8")
    assert utf8.vouchers["text"].to_list() == ["Lön juli, ändrad"]
    assert read_sie(SHAPES / "program-utan-version.se", "p").meta["PROGRAM"] == "Fortnox"


def test_a_partial_export_is_reported_account_by_account_at_the_total_it_contradicts() -> None:
    notes = read_sie_ledger(source("ofullstandig-export.se"), CONTEXT).notes
    differences = sorted((n.origin, n.amount_ore) for n in notes if n.strict_error)
    # #UB − #IB of 1930 is −1 600 kr, its vouchers −800 kr; #RES 5011 says 1 500 kr, the
    # vouchers 700 kr; #PSALDO 2018-02 for 5011 says 800 kr and no voucher holds it.
    assert differences == [
        ("ofullstandig-export.se:16", 80_000),
        ("ofullstandig-export.se:17", -80_000),
        ("ofullstandig-export.se:20", -80_000),
    ]


def test_each_voucher_sharing_a_number_is_read_and_noted_at_its_line() -> None:
    result = read_sie_ledger(source("bl-avskrivningar-samma-nummer.se"), CONTEXT)
    shared = [n.origin for n in result.notes if "samma nummer" in n.message("sv")]
    assert shared == ["bl-avskrivningar-samma-nummer.se:24", "bl-avskrivningar-samma-nummer.se:29"]


def test_a_year_balance_file_refers_to_the_exports_that_work() -> None:
    with pytest.raises(InputError, match="Exportera SIE 4"):
        read_sie_ledger(source("sie1-arssaldon.se"), CONTEXT)


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_a_corrupt_file_is_refused_naming_its_line(name: str) -> None:
    with pytest.raises(InputError) as caught:
        read_sie_ledger(source(name), CONTEXT)
    assert CORRUPT[name] in str(caught.value)


def test_the_ledger_lists_every_row_with_why_it_is_not_used() -> None:
    result = read_sie_ledger(source("objektlista-utelamnad.se"), CONTEXT)
    assert result.unused is not None
    reasons = dict(result.unused.group_by("reason").agg(pl.col("amount_ore").sum()).iter_rows())
    assert reasons == {"balanskonto (klass 1–2): ingår inte i resultaträkningen": -65_050}

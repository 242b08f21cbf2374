"""The Personal section of the example report, checked against the export read by hand."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import polars as pl

from conftest import REPORTS
from htmltables import tables
from samverkan.plugins import Plugins
from samverkan.read.definition import load_definition
from samverkan.read.stage import read_tables

EXPORT = REPORTS / "data" / "herrljunga-vargarda" / "personal-2015-2018-exempeldata.csv"
APRIL = "servicenamnd-ekonomi-personal-2018-04"


def hand_sums() -> dict[tuple[str, str], dict[str, float]]:
    """(member name, year) → summed columns, with the csv module and float()."""
    sums: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    with EXPORT.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["Månad"] > "2018-04":
                continue
            key = (row["Kommun"], row["Månad"][:4])
            for column in ("Ordinarie timmar", "Sjuktimmar", "Lönebesked"):
                sums[key][column] += float(row[column].replace(",", "."))
    return sums


def section_tables(html: str, caption_start: str) -> list[list[str]]:
    table = next(t for t in tables(html) if str(t["caption"]).startswith(caption_start))
    rows = table["rows"]
    assert isinstance(rows, list)
    return rows


def test_sick_leave_in_the_report_is_the_exports_hours(built_reports: dict[str, Path]) -> None:
    html = built_reports[APRIL].read_text("utf-8")
    rows = section_tables(html, "Sjukfrånvaro enligt SKR:s sju")
    header, body = rows[0], rows[1:]
    assert header == ["Nyckeltal", "Kommun", "2015", "2016", "2017", "2018"]
    assert len(body) == 7 * 3  # seven measures × (the cooperation, Herrljunga, Vårgårda)
    sums = hand_sums()
    for name in ("Herrljunga", "Vårgårda"):
        row = next(r for r in body if r[0] == "Sjukfrånvaro" and r[1] == name)
        for year, cell in zip(header[2:], row[2:], strict=True):
            s = sums[(name, year)]
            expected = f"{s['Sjuktimmar'] / s['Ordinarie timmar'] * 100:.1f}".replace(".", ",")
            assert cell == expected, (name, year)


def test_small_groups_are_hidden_and_the_reason_given(built_reports: dict[str, Path]) -> None:
    html = built_reports[APRIL].read_text("utf-8")
    rows = section_tables(html, "Sjukfrånvaro per förvaltning och enhet")
    vaxel = next(r for r in rows if r[0] == "enhet Växel")  # four telephonists
    assert vaxel[1:] == ["–*", "–*", "–*"]
    assert "–* = gruppen hade färre än 5 personer någon månad och visas inte." in html
    it = next(r for r in rows if r[0] == "enhet IT")
    assert "–*" not in it


def test_payslips_from_the_export_are_the_usage_key(plugins: Plugins) -> None:
    definition = load_definition(REPORTS / f"{APRIL}.toml")
    drivers = read_tables(definition, plugins.readers())["drivers"]
    # One row per member and month (a key counts the months its rule takes): 2018's add up
    # to the year's payslips in the export.
    payslips = (
        drivers.filter(
            (pl.col("driver") == "payslips") & pl.col("reference_date").str.starts_with("2018-")
        )
        .group_by("municipality")
        .agg(pl.col("quantity").sum())
    )
    sums = hand_sums()
    codes = {"1466": "Herrljunga", "1442": "Vårgårda"}
    assert dict(payslips.select("municipality", "quantity").iter_rows()) == {
        code: int(sums[(name, "2018")]["Lönebesked"]) for code, name in codes.items()
    }


def test_the_papers_service_desk_hire_is_in_the_export() -> None:
    frame = pl.read_csv(EXPORT, separator=";", infer_schema=False)
    april = frame.filter(
        (pl.col("Månad") == "2018-04") & (pl.col("Enhet") == "IT") & (pl.col("Nyanställda") != "0")
    )
    assert april["Befattning"].to_list() == ["servicedesktekniker"]
    on_leave = frame.filter(
        (pl.col("Månad") == "2018-04")
        & (pl.col("Enhet") == "IT")
        & (pl.col("Tjänstledighet timmar") != "0")
    )
    assert on_leave.height == 1


def test_key_figures_are_cards_with_words_as_well_as_colour(
    built_reports: dict[str, Path],
) -> None:
    html = built_reports[APRIL].read_text("utf-8")
    section = html[html.index('<section id="personal-oversikt"') :]
    section = section[: section.index("</section>")]
    assert "Nyckeltal i korthet" in section
    assert '<p class="scope" data-whole-only>Hela samverkan</p>' in section
    cards = re.findall(r'<div class="card trend-[^>]*>.*?</div>', section, re.S)
    whole = [c for c in cards if "data-member-only" not in c]
    assert len(whole) == 8
    # Each member's card where the KPI is split by member: all but the roles one person has.
    assert len(cards) - len(whole) == 7 * 2
    trends = (
        "bättre än 20",
        "sämre än 20",
        "oförändrat mot 20",
        "året hittills, jämförs inte med förra helåret",
    )
    # Every card says how it moved, in words, and against which period.
    assert sum(sum(c.count(t) for t in trends) for c in cards) == len(cards)


def test_the_year_so_far_is_not_set_against_last_full_year(
    built_reports: dict[str, Path],
) -> None:
    april = built_reports[APRIL].read_text("utf-8")
    cards = april[april.index('class="cards"') :]
    cards = cards[: cards.index("</figure>")]
    # Sick leave January–April 2018 against all of 2017 would compare four months with twelve.
    sick = cards[cards.index("Sjukfrånvaro") :]
    sick = sick[: sick.index("</div>")]
    assert "året hittills, jämförs inte med förra helåret" in sick
    assert "bättre än" not in sick
    assert "sämre än" not in sick
    december = built_reports["servicenamnd-ekonomi-personal-2018-12"].read_text("utf-8")
    assert "trend-partial" not in december  # a whole year is compared with the one before

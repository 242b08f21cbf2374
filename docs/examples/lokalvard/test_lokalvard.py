"""Tests for the lokalvård example plugin, as a plugin's own test suite would hold them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import samverkan_lokalvard

import samverkan_ekonomi
from samverkan.api import InputError, Period, PluginError, ReadContext, ServiceUnit, Source

if TYPE_CHECKING:  # (importing samverkan.testing itself would come before pytest loads it)
    from samverkan.testing import Plugins

pytest_plugins = ["samverkan.testing"]  # samverkan's fixtures: tiny_unit, build_report_from …
HERE = Path(__file__).resolve().parent
SHEET = "Datum;Kommun;Lokal;Timmar\n2018-03-05;Herrljunga;Stadshuset;1,5\n"


def read(tiny_unit: ServiceUnit, tmp_path: Path, text: str) -> object:
    path = tmp_path / "timmar.csv"
    path.write_text(text, "utf-8")
    source = Source("lokalvard.timmar", path, "timmar.csv", "Tidrapporter", {})
    return samverkan_lokalvard.read_hours(source, ReadContext(tiny_unit, Period.parse("2018-04")))


def test_hours_stay_exact_and_every_row_keeps_its_origin(
    tiny_unit: ServiceUnit, tmp_path: Path
) -> None:
    result = read(tiny_unit, tmp_path, SHEET)
    drivers = result.frame  # type: ignore[attr-defined]
    assert drivers.select("municipality", "reference_date").row(0) == ("1466", "2018-03")
    assert str(drivers["quantity"][0]) == "1.500000"  # 1,5 hours, not 1 or 2
    assert drivers["origin"].to_list() == ["timmar.csv:2"]


def test_a_bad_cell_is_refused_with_file_row_and_column(
    tiny_unit: ServiceUnit, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match=r"timmar\.csv, rad 2, kolumn/nyckel 'Timmar'"):
        read(tiny_unit, tmp_path, SHEET.replace("1,5", "en och en halv"))


def test_negative_hours_are_refused_by_the_core_in_the_files_own_words(
    tiny_unit: ServiceUnit, tmp_path: Path, samverkan_plugins: Callable[..., Plugins]
) -> None:
    from samverkan.testing import read_context, read_one  # noqa: PLC0415 (once pytest loaded it)

    reader = samverkan_plugins(samverkan_lokalvard).readers()["lokalvard.timmar"][1]
    path = tmp_path / "timmar.csv"
    path.write_text(SHEET.replace("1,5", "-1,5"), "utf-8")
    with pytest.raises(InputError, match=r"rad 2, kolumn/nyckel 'Timmar': '-1\.5': en förd"):
        read_one(reader, path, read_context(tiny_unit))


DEFINITION = """
[report]
id = "lokalvard-2018-04"
title = "Lokalvård april 2018"
period = "2018-04"
data_date = "2018-04-30"
sections = ["allocation", "nyckeltal"]

[unit]
id = "demo_board"
name = "Demonämnd"
host = "1466"
members = [{ kommunkod = "1466", name = "Herrljunga" }, { kommunkod = "1442", name = "Vårgårda" }]
areas = [{ id = "lokalvard", title = { sv = "Lokalvård", en = "Cleaning" } }]

[[sources]]
reader = "ekonomi.resultatrakning"
path = "data/rr.csv"
source = "Budget 2018 (test)"

[[sources]]
reader = "lokalvard.timmar"
path = "data/timmar.csv"
source = "Tidrapporter (test)"

[allocation]
method = "usage:stadtimmar"
rounding = "krona"
"""
BUDGET = "Område;Rad;Radnamn;Budget\nlokalvard;3;Personalkostnader;1 000\n"  # tkr


def test_the_key_splits_the_budget_by_the_hours(
    samverkan_plugins: Callable[..., Plugins], build_report_from: Callable[..., Path]
) -> None:
    # The ledger comes from the ekonomi plugin's reader, so the test loads it beside ours.
    plugins = samverkan_plugins(samverkan_lokalvard, samverkan_ekonomi)
    sheet = SHEET + "2018-01-22;Vårgårda;Kommunhuset;0,5\n"
    files = {"data/rr.csv": BUDGET, "data/timmar.csv": sheet}
    html = build_report_from(DEFINITION, plugins, files).read_text("utf-8")
    # The key names the time its hours cover: the year to date of the April report.
    assert "Fördelningsnyckel: Nyttjande (städtimmar, januari–april 2018)" in html
    assert "750\u00a0000" in html
    assert "250\u00a0000" in html


def test_a_driver_that_would_be_rounded_is_the_plugins_fault(
    samverkan_plugins: Callable[..., Plugins],
    build_report_from: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = samverkan_lokalvard.read_hours

    def thirds(source: Source, context: ReadContext) -> object:
        result = real(source, context)
        return type(result)(result.frame.with_columns(quantity=1 / 3), extras=result.extras)

    monkeypatch.setattr(samverkan_lokalvard, "read_hours", thirds)
    plugins = samverkan_plugins(samverkan_lokalvard, samverkan_ekonomi)
    files = {"data/rr.csv": BUDGET, "data/timmar.csv": SHEET}
    with pytest.raises(PluginError, match=r"läsaren lokalvard\.timmar: kolumnen quantity"):
        build_report_from(DEFINITION, plugins, files)

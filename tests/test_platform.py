"""The plugin platform's promises, held by a test plugin that is none of the bundled four
(tests/platform_plugin/samverkan_stadtest.py) on a three-member board with two areas: a KPI
with nothing to say, a decimal usage key over several months, the core's check of a driver's
date, hooks that take fewer arguments than their specification, an area with its own key and
a KPI that reads the allocation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polars as pl
import pytest

from conftest import EXAMPLES, ROOT
from samverkan.cli.app import main
from samverkan.compose.prepare import Prepared, prepare
from samverkan.errors import InputError, PluginError
from samverkan.hookspecs import hookimpl
from samverkan.model.tables import SCHEMAS
from samverkan.plugins import Plugins, get_plugins, opted_in
from samverkan.read.registry import Reader
from samverkan.render.report import build_report
from samverkan.testing import measure_context, prepared, read_context, read_one

sys.path.insert(0, str(Path(__file__).parent / "platform_plugin"))
import samverkan_stadtest  # (the test plugin, from its folder)

DEFINITION = """
[report]
id = "stadtest-2018-02"
title = "Lokalvård och ekonomi februari 2018"
period = "2018-02"
data_date = "2018-02-28"
sections = ["allocation", "nyckeltal"]

[unit]
id = "testnamnd"
name = "Testnämnd (Sjuhärad)"
host = "1491"
members = [
    { kommunkod = "1465", name = "Svenljunga" },
    { kommunkod = "1452", name = "Tranemo" },
    { kommunkod = "1491", name = "Ulricehamn" },
]
areas = [
    { id = "ekonomi", title = { sv = "Ekonomi", en = "Finance" } },
    { id = "lokalvard", title = { sv = "Lokalvård", en = "Cleaning" } },
]

[[sources]]
reader = "ekonomi.resultatrakning"
path = "data/rr.csv"
source = "Budget 2018 (påhittad testdata)"

[[sources]]
reader = "population"
path = "data/folkmangd.csv"
source = "SCB Folkmängd 31 december 2017"

[[sources]]
reader = "stadtest.timmar"
path = "data/timmar.csv"
source = "Tidrapporter 2018 (påhittad testdata)"

[allocation]
method = "population"
reference_date = "2017-12-31"
rounding = "krona"

[allocation.areas.lokalvard]
method = "usage:stadtimmar"
"""
BUDGET = (
    "Område;Rad;Radnamn;Budget\n"
    "ekonomi;3;Personalkostnader;1 000\nlokalvard;3;Personalkostnader;810\n"
)
POPULATION = (  # real SCB figures (/work/shared/data/population-peers.csv)
    "kommunkod,reference_date,population,source\n"
    "1465,2017-12-31,10659,SCB\n1452,2017-12-31,11841,SCB\n1491,2017-12-31,24296,SCB\n"
)
HOURS = (  # invented: January and February, and March, which a February report must not count
    "Månad;Kommun;Lokal;Timmar\n"
    "2018-01;Svenljunga;Kommunhuset;10,5\n2018-01;Tranemo;Skolan;20,25\n"
    "2018-01;Ulricehamn;Biblioteket;30\n2018-02;Svenljunga;Kommunhuset;9,5\n"
    "2018-02;Tranemo;Skolan;0,75\n2018-02;Ulricehamn;Biblioteket;10\n"
    "2018-03;Svenljunga;Kommunhuset;100\n"
)


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return get_plugins(extra=[("stadtest", samverkan_stadtest)])


def board(tmp_path: Path, hours: str = HOURS, extra: str = "") -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for name, text in (("rr.csv", BUDGET), ("folkmangd.csv", POPULATION), ("timmar.csv", hours)):
        (data / name).write_text(text, "utf-8")
    path = tmp_path / "stadtest.toml"
    path.write_text(DEFINITION + extra, "utf-8")
    return path


def charges(prepared: Prepared, area: str) -> dict[str, int]:
    assert prepared.allocation is not None
    rows = prepared.allocation.by_area().filter(
        (pl.col("area") == area) & (pl.col("kind") == "budget")
    )
    return {m: int(v) // 100 for m, v in rows.select("municipality", "amount_ore").iter_rows()}


def test_an_area_keeps_its_own_key_and_a_usage_key_counts_the_year_to_date(
    tmp_path: Path, plugins: Plugins
) -> None:
    prepared = prepare(board(tmp_path), plugins.registered(), strict=True)
    # January and February: 20, 21 and 40 hours of 81; March's 100 hours do not count.
    assert charges(prepared, "lokalvard") == {"1465": 200_000, "1452": 210_000, "1491": 400_000}
    # Finance stays with the board's key, population: in proportion to 10 659, 11 841, 24 296.
    finance = charges(prepared, "ekonomi")
    assert sum(finance.values()) == 1_000_000
    # (227 775,88, 253 034,44 and 519 189,67 kr: the two largest remainders get a krona)
    assert finance == {"1465": 227_776, "1452": 253_034, "1491": 519_190}
    keyed = prepared.allocation.areas["lokalvard"]  # type: ignore[union-attr]
    assert keyed.title("sv") == "Nyttjande (städtimmar, januari–februari 2018)"
    assert [str(q) for q in keyed.weights["quantity"]] == ["21.000000", "20.000000", "40.000000"]


def test_the_report_names_both_keys_and_the_time_the_usage_key_covers(
    tmp_path: Path, plugins: Plugins
) -> None:
    html = build_report(board(tmp_path), plugins, strict=True).html
    assert "Fördelningsnyckel: Folkmängd" in html
    assert (
        "Lokalvård fördelas i stället efter nyttjande (städtimmar, januari–februari 2018)" in html
    )
    assert "per 2017-12-31" in html  # the population key's date, in the lead


def test_the_cost_answer_says_what_each_key_splits_when_an_area_has_its_own(
    tmp_path: Path, plugins: Plugins
) -> None:
    # 1 000 tkr of finance by population (1 000 000 kr / 46 796 people: 21 kr each), the
    # 810 tkr of cleaning by hours: the per-inhabitant figure covers the population part only.
    path = board(tmp_path)
    sv = build_report(path, plugins, strict=True, lang="sv").html.replace("\u00a0", " ")
    assert (
        "Kommunbidragen 2018 är 1 810 tkr: 1 000 tkr för Ekonomi fördelade efter folkmängd "
        "(folkmängden 2017-12-31), 21 kr per invånare; 810 tkr för Lokalvård fördelade efter "
        "nyttjande (städtimmar, januari–februari 2018)."
    ) in sv
    en = build_report(path, plugins, strict=True, lang="en").html
    assert (
        "The 2018 contributions are 1,810 SEK k: 1,000 SEK k for Finance shared by population "
        "(population on 2017-12-31), SEK 21 per inhabitant; 810 SEK k for Cleaning shared by "
        "usage (cleaning hours, January–February 2018)."
    ) in en
    assert "Svenljunga: 428 SEK k (23.6%)." in en  # the charge over both keys, no head count


def test_the_definition_may_count_the_period_alone_or_a_fixed_one(
    tmp_path: Path, plugins: Plugins
) -> None:
    period = board(tmp_path, extra='\n[allocation.periods]\nstadtimmar = "period"\n')
    keyed = prepare(period, plugins.registered()).allocation.areas["lokalvard"]  # type: ignore[union-attr]
    assert keyed.title("en") == "Usage (cleaning hours, February 2018)"
    assert [str(q) for q in keyed.weights["quantity"]] == ["0.750000", "9.500000", "10.000000"]
    fixed = board(tmp_path, extra='\n[allocation.periods]\nstadtimmar = "2018-01"\n')
    keyed = prepare(fixed, plugins.registered()).allocation.areas["lokalvard"]  # type: ignore[union-attr]
    assert [str(q) for q in keyed.weights["quantity"]] == ["20.250000", "10.500000", "30.000000"]


@pytest.mark.parametrize("written", ["18-02", "2018-02-30", "2018/02", "2018-1", "2018-13"])
def test_a_driver_date_the_core_cannot_place_is_refused_with_reader_file_and_row(
    tmp_path: Path, plugins: Plugins, written: str
) -> None:
    hours = HOURS + f"{written};Tranemo;Skolan;100\n"
    with pytest.raises(InputError) as caught:
        prepare(board(tmp_path, hours), plugins.registered(), strict=True)
    message = str(caught.value)
    assert f"data/timmar.csv, rad 9, kolumn/nyckel 'Månad': {written!r}" in message
    assert "(läst av stadtest.timmar, insticksmodulen stadtest)" in message


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("2018-03;Tranemo;Skolan;-3", "Timmar", "'-3': en fördelningsnyckel kan inte vara negativ"),
        ("2018-02;Borås;Skolan;3", "Kommun", "'Borås': kommunkoden är inte medlem i testnamnd"),
    ],
)
def test_a_refusal_names_the_files_own_column_and_quotes_what_was_written(
    tmp_path: Path, row: str, column: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The reader says which of the file's columns it read (ReadResult.columns) and keeps their
    # text: the core's checks name Timmar and quote -3, not quantity and '-3.000000'.
    path = board(tmp_path, HOURS + row + "\n")
    folder = str(Path(__file__).parent / "platform_plugin")
    code = main(["--plugins-dir", folder, "report", str(path), "--out", str(tmp_path / "ut")])
    assert code == 2
    said = " ".join(capsys.readouterr().err.split())
    assert f"data/timmar.csv, rad 9, kolumn/nyckel '{column}': {message}" in said


def test_a_duplicate_member_and_month_names_the_files_columns_that_clash(
    tmp_path: Path, plugins: Plugins
) -> None:
    with pytest.raises(InputError) as caught:
        prepare(board(tmp_path, HOURS + "2018-02;Tranemo;Förskolan;2\n"), plugins.registered())
    message = str(caught.value)
    assert "rad 9, kolumn/nyckel 'Månad, Kommun': '2018-02': samma kommun och datum" in message
    assert "Timmar" not in message


def test_a_readers_own_table_gets_the_checks_its_schema_declares(
    tmp_path: Path, plugins: Plugins
) -> None:
    # stadtest.pass declares Lokal required: the core refuses the row, the plugin need not.
    with pytest.raises(InputError) as caught:
        prepare(board(tmp_path, HOURS + "2018-03;Tranemo;;4\n"), plugins.registered())
    assert [str(p) for p in caught.value.problems] == [
        "data/timmar.csv, rad 9, kolumn/nyckel 'Lokal': värde saknas"
    ]
    done = prepare(board(tmp_path), plugins.registered())
    passes = done.tables.extras[samverkan_stadtest.PASSES]
    # in its declared columns, the file's text kept for the messages gone again
    assert passes.columns == list(samverkan_stadtest.SCHEMA)
    assert done.tables["drivers"].columns == list(SCHEMAS["drivers"])
    assert passes.filter(pl.col("lokal") == "Skolan")["hours"].cast(pl.String).to_list() == [
        "20.250000",
        "0.750000",
    ]


@pytest.mark.parametrize(
    ("required", "message"),
    [
        ({"stadtest.annat": ("lokal",)}, "required nämner stadtest.annat, som extras saknar"),
        ({"stadtest.pass": ("yta",)}, "required stadtest.pass nämner yta, som tabellens schema"),
    ],
)
def test_a_required_column_is_one_of_a_declared_table(
    required: dict[str, tuple[str, ...]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Reader(
            "stadtest.timmar",
            "drivers",
            samverkan_stadtest.read_hours,
            "Städtimmar",
            extras={samverkan_stadtest.PASSES: samverkan_stadtest.SCHEMA},
            required=required,
        )


def test_a_row_reaching_beyond_the_keys_time_is_refused_not_dropped(
    tmp_path: Path, plugins: Plugins
) -> None:
    # (named, as the read stage names it, by the file's own column: Månad)
    with pytest.raises(InputError, match=r"rad 9, kolumn/nyckel 'Månad': '2018' täcker mer än"):
        prepare(board(tmp_path, HOURS + "2018;Tranemo;Skolan;100\n"), plugins.registered())


def test_an_unknown_area_or_rule_is_refused_in_the_definition(
    tmp_path: Path, plugins: Plugins
) -> None:
    wrong = board(tmp_path, extra='\n[allocation.areas.it]\nmethod = "even"\n')
    with pytest.raises(InputError, match=r"allocation\.areas\.it.*okänt verksamhetsområde"):
        prepare(wrong, plugins.registered())
    wrong = board(tmp_path, extra='\n[allocation.periods]\nstadtimmar = "hela året"\n')
    with pytest.raises(InputError, match=r"allocation\.periods\.stadtimmar"):
        prepare(wrong, plugins.registered())


def test_an_empty_kpi_is_harmless_and_a_kpi_may_read_the_allocation(
    tmp_path: Path, plugins: Plugins
) -> None:
    prepared = prepare(board(tmp_path), plugins.registered(), strict=True)
    kpis = set(prepared.observations["kpi_id"])
    assert "stadtest.tom" not in kpis
    cost = prepared.observations.filter(pl.col("kpi_id") == "stadtest.kostnad_per_timme")
    # 810 000 kr over 81 hours: every member pays 10 000 kr an hour under the usage key.
    assert sorted(cost.select("municipality", "value").rows()) == [
        ("1452", 10_000.0),
        ("1465", 10_000.0),
        ("1491", 10_000.0),
    ]


def test_hooks_may_take_no_argument_or_register_by_keyword_only() -> None:
    plugins = get_plugins(extra=[("stadtest", samverkan_stadtest)])  # (nothing collected yet)
    samverkan_stadtest.CALLED.clear()
    plugins.highlights()
    assert samverkan_stadtest.CALLED == ["samverkan_register_highlights"]
    assert plugins.kpis()["stadtest.tom"][0] == "stadtest"  # registered by keyword only


def test_an_implementation_asking_for_what_the_hook_lacks_is_the_plugins_error() -> None:
    class Greedy:
        @staticmethod
        def samverkan_register_sections(*, register: object, colour: str) -> None:
            raise AssertionError("never called")

    greedy = Greedy()
    hookimpl(greedy.samverkan_register_sections)
    with pytest.raises(PluginError, match=r"'greedy'.*tar argumentet 'colour'"):
        get_plugins(load_entrypoints=False, extra=[("greedy", greedy)]).sections()
    assert opted_in(lambda register: register, {"register": 1})() == 1


def load_docs_example(name: str) -> object:
    path = ROOT / "docs" / "examples" / name / f"samverkan_{name}.py"
    spec = importlib.util.spec_from_file_location(f"samverkan_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("definition", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_report_builds_strictly_with_the_docs_examples_installed(
    definition: Path,
) -> None:
    # Every plugin's KPIs run for every report: the docs' lokalvård plugin, whose KPI has
    # nothing to say about these boards, must not fail them.
    examples = [(p.name, load_docs_example(p.name)) for p in (ROOT / "docs" / "examples").iterdir()]
    plugins = get_plugins(extra=examples)
    report = build_report(definition, plugins, strict=True)
    assert report.definition.id == definition.stem


def test_samverkan_testing_runs_one_reader_through_the_cores_checks(
    tmp_path: Path, plugins: Plugins
) -> None:
    definition = prepared(board(tmp_path), plugins).definition
    reader = plugins.readers()["stadtest.timmar"][1]
    sheet = tmp_path / "ark.csv"
    sheet.write_text(HOURS, "utf-8")
    rows = read_one(reader, sheet, read_context(definition)).frame
    assert rows is not None
    assert str(rows["quantity"][1]) == "20.250000"
    sheet.write_text(HOURS + "2018-02-30;Tranemo;Skolan;1\n", "utf-8")
    with pytest.raises(InputError, match=r"ark\.csv, rad 9, kolumn/nyckel 'Månad': '2018-02-30'"):
        read_one(reader, sheet, read_context(definition))


def test_samverkan_testing_gives_a_kpi_its_context_with_the_allocation(
    tmp_path: Path, plugins: Plugins
) -> None:
    context = measure_context(board(tmp_path), plugins)
    rows = samverkan_stadtest.cost_per_hour(context)
    assert rows["value"].to_list() == [10_000.0, 10_000.0, 10_000.0]
    assert samverkan_stadtest.nothing(context).height == 0


def test_the_bundled_plugins_ship_their_types() -> None:
    packages = sorted(ROOT.glob("plugins/*/src/samverkan_*"))
    assert packages
    assert [p.name for p in packages if not (p / "py.typed").is_file()] == []


def test_a_number_in_the_other_decimal_mark_is_told_the_form_its_file_takes(
    tmp_path: Path, plugins: Plugins
) -> None:
    # ';' and tab files write decimals with ',', ',' files (and xlsx) with '.': "12,5" in a ','
    # file is one field when quoted but still no number there, and the hint says what is.
    definition = prepared(board(tmp_path), plugins).definition
    reader = plugins.readers()["stadtest.timmar"][1]
    sheet = tmp_path / "komma.csv"
    sheet.write_text('Månad,Kommun,Lokal,Timmar\n2018-01,Svenljunga,Skolan,"12,5"\n', "utf-8")
    with pytest.raises(InputError) as caught:
        read_one(reader, sheet, read_context(definition))
    assert str(caught.value) == (
        "komma.csv, rad 2, kolumn/nyckel 'Timmar': '12,5': i en fil med kommatecken som "
        "avgränsare skrivs decimaler med punkt: skriv 12.5, eller spara filen med semikolon (;) "
        "som avgränsare, så gäller decimalkomma"
    )
    sheet.write_text("Månad,Kommun,Lokal,Timmar\n2018-01,Svenljunga,Skolan,12.5\n", "utf-8")
    rows = read_one(reader, sheet, read_context(definition)).frame
    assert rows is not None
    assert str(rows["quantity"][0]) == "12.500000"
    sheet.write_text("Månad;Kommun;Lokal;Timmar\n2018-01;Svenljunga;Skolan;12.5\n", "utf-8")
    with pytest.raises(InputError, match=r"'12\.5': i en fil med semikolon .* skriv 12,5$"):
        read_one(reader, sheet, read_context(definition))

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from conftest import EXAMPLES, REPORTS
from samverkan.cli.app import main
from samverkan.model import tables

PERSONAL = "servicenamnd-ekonomi-personal-2018-04"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def here(capsys: pytest.CaptureFixture[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    """What :func:`run` gives, from ``main`` in this process (no interpreter to start, nothing
    to import), where the test is about the command's exit code and words, not its process."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out, err)


def test_report_writes_one_file_per_definition(tmp_path: Path) -> None:
    result = run("report", *EXAMPLES, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.html") if p.name != "index.html")
    assert written == [f"{p.stem}.html" for p in EXAMPLES]
    assert result.stdout.splitlines() == [str(tmp_path / w) for w in written]
    assert sorted(p.name for p in tmp_path.glob("*.meta.json")) == [
        f"{p.stem}.meta.json" for p in EXAMPLES
    ]
    assert (tmp_path / "index.html").exists()
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_validate_checks_without_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", *map(str, EXAMPLES)]) == 0
    assert capsys.readouterr().out.count(": OK") == len(EXAMPLES)


def test_plugins_lists_hooks_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--json", "--hook", "samverkan_register_allocation_methods"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in listed] == ["samverkan.allocation"]


def test_bad_csv_exits_2_with_file_row_and_column(
    examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    data = (
        examples / "data" / "herrljunga-vargarda" / "resultatrakning-ekonomi-personal-2018-04.csv"
    )
    data.write_text(data.read_text("utf-8").replace("8 097", "8 O97"), "utf-8")
    result = here(capsys, "report", examples / f"{PERSONAL}.toml", "--out", out)
    assert result.returncode == 2
    assert (
        "resultatrakning-ekonomi-personal-2018-04.csv, rad 3, kolumn/nyckel 'Budget 2018'"
        in result.stderr
    )
    assert "'8 O97' är inget belopp" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_unknown_area_and_municipality_are_named(
    examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (
        examples / "data" / "herrljunga-vargarda" / "resultatrakning-ekonomi-personal-2018-04.csv"
    )
    data.write_text(data.read_text("utf-8").replace("personal;6", "juridik;6"), "utf-8")
    definition = examples / f"{PERSONAL}.toml"
    result = here(capsys, "validate", definition)
    assert result.returncode == 2
    assert "rad 10, kolumn/nyckel 'Område': 'juridik': okänt verksamhetsområde" in result.stderr
    assert result.stderr.count("okänt verksamhetsområde") == 1  # one problem per file line
    definition.write_text(
        definition.read_text("utf-8").replace(
            'forecast_month = "2018-04"', 'forecast_month = "2018-04"\nmunicipality = "1401"'
        ),
        "utf-8",
    )
    result = here(capsys, "validate", definition)
    assert result.returncode == 2
    assert "kolumn/nyckel 'municipality': 1401 är inte medlem" in result.stderr


def test_wrong_separator_and_encoding_are_explained(
    examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (
        examples / "data" / "herrljunga-vargarda" / "resultatrakning-ekonomi-personal-2018-04.csv"
    )
    data.write_bytes(data.read_text("utf-8").replace(";", ",").encode("utf-8"))
    definition = examples / f"{PERSONAL}.toml"
    definition.write_text(
        definition.read_text("utf-8").replace(
            'forecast_month = "2018-04"', 'forecast_month = "2018-04"\nseparator = ";"'
        ),
        "utf-8",
    )
    result = here(capsys, "report", definition, "--out", tmp_path)
    assert result.returncode == 2
    assert "rad 1: fel avgränsare: väntade ';' men hittade ','" in result.stderr


def test_failure_leaves_the_earlier_report_intact(
    examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition, out = examples / f"{PERSONAL}.toml", tmp_path / "out"
    assert here(capsys, "report", definition, "--out", out).returncode == 0
    before = (out / f"{PERSONAL}.html").read_bytes()
    definition.write_text(
        definition.read_text("utf-8").replace(
            'reference_date = "2017-12-31"', 'reference_date = "2015-12-31"'
        )
    )
    result = here(capsys, "report", definition, "--out", out)
    assert result.returncode == 2
    assert (
        f"{definition}, kolumn/nyckel 'allocation.reference_date': folkmängd per 2015-12-31 "
        "saknas för 1442, 1466" in result.stderr
    )
    assert (out / f"{PERSONAL}.html").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{PERSONAL}.html", f"{PERSONAL}.meta.json", "index.html"]
    )


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "report", tmp_path / "missing.toml")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_toml_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[report\nid = 1\n", "utf-8")
    result = here(capsys, "validate", bad)
    assert result.returncode == 2
    assert f"{bad}, rad 1" in result.stderr


def test_unknown_section_names_the_key(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = examples / f"{PERSONAL}.toml"
    definition.write_text(definition.read_text("utf-8").replace('"allocation",', '"alocation",'))
    result = here(capsys, "validate", definition)
    assert result.returncode == 2
    assert (
        "kolumn/nyckel 'report.sections': ingen plugin ger avsnittet 'alocation'" in result.stderr
    )


def test_internal_errors_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("oväntat")

    monkeypatch.setattr("samverkan.cli.app.build_report", explode)
    assert main(["report", str(EXAMPLES[0])]) == 1
    assert "Internt fel: RuntimeError: oväntat." in capsys.readouterr().err


MAPPING = """period = "2018-04"
[unit]
id = "sn_it"
name = "IT"
host = "1466"
members = [{ kommunkod = "1466", name = "Herrljunga" }, { kommunkod = "1442", name = "Vårgårda" }]
areas = [{ id = "it_vaxel", title = "IT" }]
[options]
areas = { "1300" = "it_vaxel", "1310" = "it_vaxel" }
municipalities = { "1310" = "1442" }
"""
SIE = REPORTS / "data" / "herrljunga-vargarda" / "huvudbok-2018-sn-it-vaxel-telefoni-exempeldata.se"


def test_ledger_converts_sie_to_the_canonical_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, "utf-8")
    out = tmp_path / "ledger.parquet"
    result = here(capsys, "ledger", SIE, "--mapping", mapping, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "kontrollerade mot sn_it" in result.stdout
    assert "konto 8411 finns inte i kontomappningen" in result.stderr
    ledger = pl.read_parquet(out)
    assert list(ledger.columns) == [*tables.LEDGER, "reason"]
    assert set(ledger["municipality"].drop_nulls()) == {"1442"}
    # Every voucher row is listed, used or not: balanced vouchers sum to zero over them all.
    outcome = ledger.filter(pl.col("kind") == "utfall")
    assert outcome["amount_ore"].sum() == 0
    unmapped = outcome.filter(pl.col("account") == "8411")
    assert unmapped.height
    assert unmapped["line"].is_null().all()
    assert set(unmapped["reason"]) == {"kontot saknar rad i kontomappningen"}
    assert outcome.filter(pl.col("reason").is_null())["line"].is_not_null().all()
    assert ledger["amount_ore"].dtype == pl.Int64
    as_csv = tmp_path / "ledger.csv"
    assert here(capsys, "ledger", SIE, "--mapping", mapping, "--out", as_csv).returncode == 0
    assert pl.read_csv(as_csv)["amount_ore"].sum() == ledger["amount_ore"].sum()


def test_ledger_checks_against_the_unit_and_names_unknown_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING.replace('"1310" = "it_vaxel"', '"1310" = "ekonomi"'), "utf-8")
    result = here(capsys, "ledger", SIE, "--mapping", mapping, "--out", tmp_path / "x.csv")
    assert result.returncode == 2
    assert "okända värden ['ekonomi']" in result.stderr
    result = here(capsys, "ledger", tmp_path / "mapping.toml", "--out", tmp_path / "x.csv")
    assert result.returncode == 2
    assert "kan inte välja läsare för .toml" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_hook_samverkan_register_commands_adds_a_subcommand_never_a_core_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hello.py").write_text(
        "import argparse\n"
        "from samverkan import InputError, hookimpl\n"
        "from samverkan.api import Command\n"
        "def configure(parser):\n"
        "    parser.add_argument('--name', required=True)\n"
        "def run(args):\n"
        "    if args.name == 'fel':\n"
        "        raise InputError.at('inget namn', None, None, '--name')\n"
        "    print('hej', args.name)\n"
        "    return 0\n"
        "@hookimpl\n"
        "def samverkan_register_commands(register):\n"
        "    register(Command(id='hej', help='säger hej', configure=configure, run=run))\n",
        "utf-8",
    )
    assert main(["--plugins-dir", str(tmp_path), "hej", "--name", "Vårgårda"]) == 0
    assert "hej Vårgårda" in capsys.readouterr().out
    assert main(["--plugins-dir", str(tmp_path), "hej", "--name", "fel"]) == 2
    assert "inget namn" in capsys.readouterr().err
    text = (tmp_path / "hello.py").read_text("utf-8").replace("id='hej'", "id='report'")
    (tmp_path / "hello.py").write_text(text, "utf-8")
    assert main(["--plugins-dir", str(tmp_path), "plugins"]) == 1
    assert "kommandot 'report' finns redan" in capsys.readouterr().err

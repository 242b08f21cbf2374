from __future__ import annotations

import re
import shutil
from pathlib import Path

import attrs
import pytest

from conftest import EXAMPLES, REPORTS
from samverkan.cli.app import main
from samverkan.errors import InputError
from samverkan.read.definition import load_definition
from samverkan.read.registry import Source

EXAMPLE = (REPORTS / "servicenamnd-ekonomi-personal-2018-04.toml").read_text("utf-8")


def write(tmp_path: Path, text: str) -> Path:
    if not (tmp_path / "data").exists():
        shutil.copytree(REPORTS / "data", tmp_path / "data")
    path = tmp_path / "def.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_load(path: Path) -> None:
    definition = load_definition(path)
    assert str(definition.period) == path.stem[-7:]
    assert definition.data_date.isoformat()[:7] == path.stem[-7:]
    assert [m.kommunkod for m in definition.unit.members] == ["1442", "1466"]
    assert all(s.path.is_file() for s in definition.sources)


def test_paths_are_relative_to_the_definition(tmp_path: Path) -> None:
    definition = load_definition(write(tmp_path, EXAMPLE))
    assert definition.sources[0].path == (
        tmp_path / "data" / "herrljunga-vargarda" / "resultatrakning-ekonomi-personal-2018-04.csv"
    )


@pytest.mark.parametrize(
    ("change", "key", "fragment"),
    [
        (('period = "2018-04"', 'period = "2018-13"'), "report.period", "ingen period"),
        (('language = "sv"', 'language = "de"'), "report.language", "språket"),
        (('language = "sv"', 'language = "sv"\ncolour = "blue"'), "report.colour", "okänd nyckel"),
        (('host = "1442"', 'host = "1401"'), "unit.host", "finns inte bland"),
        (('kommunkod = "1466"', 'kommunkod = "146"'), "unit.members[0].kommunkod", "fyra siffror"),
        (
            ('path = "data/herrljunga-vargarda/folkmangd.csv"', 'path = "data/saknas.csv"'),
            "sources[5].path",
            "finns inte",
        ),
        (('rounding = "krona"', 'rounding = "tkr"'), "allocation.rounding", "väntade ett av"),
        (('data_date = "2018-04-30"', 'data_date = "30/4"'), "report.data_date", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_bad_keys_are_named(
    tmp_path: Path, change: tuple[str, str], key: str, fragment: str
) -> None:
    assert change[0] in EXAMPLE
    path = write(tmp_path, EXAMPLE.replace(*change))
    with pytest.raises(InputError) as caught:
        load_definition(path)
    problems = caught.value.problems
    assert [p.column for p in problems] == [key]
    assert fragment in problems[0].message
    assert problems[0].file == str(path)


def test_sections_must_be_a_list(tmp_path: Path) -> None:
    text = re.sub(r"sections = \[[^\]]*\]", 'sections = "allocation"', EXAMPLE)
    with pytest.raises(InputError) as caught:
        load_definition(write(tmp_path, text))
    assert [(p.column, p.message[:13]) for p in caught.value.problems] == [
        ("report.sections", "väntade lista")
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = EXAMPLE.replace('period = "2018-04"', 'period = "x"').replace('host = "1442"', "")
    with pytest.raises(InputError) as caught:
        load_definition(write(tmp_path, text))
    assert {p.column for p in caught.value.problems} == {"report.period", "unit.host"}


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, EXAMPLE.replace('period = "2018-04"', "period = 2018-04-"))
    with pytest.raises(InputError) as caught:
        load_definition(path)
    assert caught.value.problems[0].row == 8
    assert "TOML-fel" in str(caught.value)


def test_missing_definition(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="finns inte"):
        load_definition(tmp_path / "nope.toml")


def test_files_outside_the_definitions_folder_need_allow_outside(
    examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = examples / "servicenamnd-ekonomi-personal-2018-04.toml"
    outside = tmp_path / "utanfor"
    outside.mkdir()
    population = examples / "data" / "herrljunga-vargarda" / "folkmangd.csv"
    shutil.copy(population, outside / "folkmangd.csv")
    text = definition.read_text("utf-8")
    escaped = text.replace(
        'path = "data/herrljunga-vargarda/folkmangd.csv"', 'path = "../utanfor/folkmangd.csv"'
    )
    definition.write_text(escaped, "utf-8")
    with pytest.raises(InputError, match=r"'../utanfor/folkmangd.csv' leder utanför"):
        load_definition(definition)
    assert load_definition(definition, allow_outside=True).sources
    assert main(["validate", str(definition)]) == 2
    assert "--allow-outside" in capsys.readouterr().err
    # A symlink inside the folder that leads outside is followed before the check.
    (examples / "data" / "lank.csv").symlink_to(outside / "folkmangd.csv")
    definition.write_text(
        text.replace('path = "data/herrljunga-vargarda/folkmangd.csv"', 'path = "data/lank.csv"'),
        "utf-8",
    )
    with pytest.raises(InputError, match=r"'data/lank.csv' leder utanför"):
        load_definition(definition)


def test_an_option_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "rapporter"
    folder.mkdir()
    source = Source(
        "ekonomi.sie",
        folder / "bok.se",
        "bok.se",
        "Bok",
        {"accounts": "../konton.csv"},
        folder=folder,
    )
    with pytest.raises(InputError, match=r"'../konton.csv' leder utanför mappen"):
        source.option_path("accounts")
    allowed = attrs.evolve(source, allow_outside=True)
    assert allowed.option_path("accounts") == (tmp_path / "konton.csv").resolve()

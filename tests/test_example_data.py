"""The bundled example data: regenerable, labelled, and consistent with the board papers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPORTS
from htmltables import tables

DATA = REPORTS / "data" / "herrljunga-vargarda"
NB = "\u00a0"


def generator(name: str = "generate_example_data") -> ModuleType:
    if str(REPORTS) not in sys.path:  # the generators import each other, as sibling scripts do
        sys.path.insert(0, str(REPORTS))
    spec = importlib.util.spec_from_file_location(name, REPORTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_example_data_is_exactly_what_the_script_writes(tmp_path: Path) -> None:
    for name in (
        "resultatrakning-ekonomi-personal-2018-04.csv",
        "resultatrakning-it-vaxel-telefoni-2018-04.csv",
        "investeringar-it-2018-04.csv",
        "folkmangd.csv",
    ):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    module = generator()
    module.DATA = tmp_path  # read the papers' figures from the copy
    written = module.generate(tmp_path)
    assert len(written) == 7
    for path in written:
        assert "exempeldata" in path.name
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_committed_it_data_is_exactly_what_the_script_writes(tmp_path: Path) -> None:
    written = generator("generate_it_example_data").generate(tmp_path)
    assert len(written) == 6
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_committed_personal_data_is_exactly_what_the_script_writes(tmp_path: Path) -> None:
    written = generator("generate_personal_example_data").generate(tmp_path)
    assert [p.name for p in written] == [
        "personal-2015-2018-exempeldata.csv",
        "vakanser-2015-2018-exempeldata.csv",
    ]
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_generated_files_say_they_are_example_data() -> None:
    for path in DATA.glob("*exempeldata*"):
        text = path.read_bytes().decode("cp437" if path.suffix == ".se" else "utf-8")
        assert "EXEMPELDATA" in text or "Exempeldata" in text, path.name
        assert "exempeldata" in path.name


def test_april_reports_say_which_parts_are_example_data(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-it-vaxel-telefoni-2018-04"].read_text("utf-8")
    about = html[html.index('<div class="about-data"') :]
    about = about[: about.index("</div>")]
    real, example = about.split("övrigt är genererade exempeldata, märkta Exempeldata.")
    assert "Verkliga uppgifter: budget och prognos per 2018-04-30 (nämndens handling)" in real
    assert "folkmängden" in real  # SCB's figures, no estimate any more
    assert "huvudboken, ärendeloggen" in example
    assert "målvärdena" in example  # the goals file says its targets are examples
    assert "Uppskattad" not in about
    assert ".csv" not in about
    assert ".se" not in about


def test_year_end_reports_say_their_december_figures_are_example_data(
    built_reports: dict[str, Path], built_reports_en: dict[str, Path]
) -> None:
    """Where a year-end report names its real figures (the April papers), it says in the same
    line that the period's own forecast and outcome are generated."""
    said = {
        "sv": "prognosen och utfallet för december 2018 är genererade exempeldata",
        "en": "the forecast and outcome for December 2018 are generated example data",
    }
    for lang, built in (("sv", built_reports), ("en", built_reports_en)):
        for board in ("ekonomi-personal", "it-vaxel-telefoni"):
            for month, stated in (("12", True), ("04", False)):
                html = built[f"servicenamnd-{board}-2018-{month}"].read_text("utf-8")
                about = html[html.index('<div class="about-data"') :]
                summary = about[about.index("<summary") : about.index("</summary>")]
                assert (said[lang] in summary) is stated, (lang, board, month, summary)


def test_data_quality_notes_reach_the_report(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-04"].read_text("utf-8")
    notes = next(t for t in tables(html) if t["caption"] == "Anmärkningar från inläsningen")
    rows = notes["rows"]
    assert isinstance(rows, list)
    messages = {r[0]: r[1] for r in rows[1:]}
    account = (
        "konto 8411 finns inte i kontomappningen, som säger vilken rad i resultaträkningen ett "
        "konto hör till (1 rad)"
    )
    centre = "ansvar 1999 hör inte till något av nämndens områden i rapportdefinitionen (1 rad)"
    # Where each is said in words (the file is named under Källor, which the table cites).
    assert messages[account] == "huvudboken, rad 509"
    assert messages[centre] == "huvudboken, rad 514"
    # The header's count says what the notes are about: the sources they were read from.
    said = "5 anmärkningar om uppgifter som lästes men inte används som de är (huvudboken 3, "
    assert said in html


@pytest.mark.parametrize("board", ["ekonomi-personal", "it-vaxel-telefoni"])
def test_december_shows_forecast_accuracy_ending_at_the_outcome(
    built_reports: dict[str, Path], board: str
) -> None:
    html = built_reports[f"servicenamnd-{board}-2018-12"].read_text("utf-8")
    accuracy = [t for t in tables(html) if str(t["caption"]).endswith(": prognossäkerhet")]
    assert accuracy
    for table in accuracy:
        rows = table["rows"]
        assert isinstance(rows, list)
        months = [r[0] for r in rows[1:]]
        assert months == [f"2018-{m:02d}" for m in range(1, 13)]
        outcome = {r[2] for r in rows[1:]}
        assert len(outcome) == 1  # one year, one outcome


def test_april_forecast_in_the_trajectory_is_the_papers(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-04"].read_text("utf-8")
    assert "prognossäkerheten kan beräknas när årets utfall är känt" in html
    # Each member's share of the April forecast, by SCB's population 11 490 : 9 485.
    charges = next(t for t in tables(html) if t["caption"] == "Nettokostnad per kommun (kr)")
    rows = charges["rows"]
    assert isinstance(rows, list)
    forecast = {r[0]: r[2] for r in rows[1:]}
    # Ekonomi's 9 907 tkr: Vårgårda 9 907 000 × 11 490 / 20 975 = 5 427 005,01 kr, which rounds
    # to the krona as 5 427 005; the rest, 4 479 995 kr, is Herrljunga's.
    assert forecast["Ekonomi – Vårgårda"] == "5\u00a0427\u00a0005"
    assert forecast["Ekonomi – Herrljunga"] == "4\u00a0479\u00a0995"

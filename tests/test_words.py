"""Words a kommunchef uses (issue 28), held on every example in both languages and on a second
board: no file path outside *Källor*, counts that agree with their noun, no formal method name
or configuration word in the text, one column where the fair-share methods agree (and three
under plain names where they differ), and an English report with one unit for thousands of
kronor, one percent style and its Swedish data marked ``lang="sv"``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from htmltables import tables
from newboard import year_board
from report_text import Piece, pieces
from samverkan.model.period import Period
from samverkan.plugins import Plugins
from samverkan.render.report import build_report

PATH = re.compile(r"[\w./-]+\.(?:md|csv|toml|se|sie|xlsx|json)\b")
"""A file named in the text (``kommentarer/2018-04/x.md``, ``huvudbok.se:509``)."""

DISAGREEING = re.compile(
    r"(?<![\d\u00a0,.])1 (?:rader|anmärkningar|ärenden|vakanser|rows|notes|tickets|vacancies)\b"
    r"|(?<![\d\u00a0,.])(?:[02-9]|\d{2,}) (?:rad|anmärkning|ärende|vakans|row|note|ticket)\b"
)
"""A count that does not agree with its noun: ``(1 rader)``, ``2 row``."""

JARGON = ("definitionens areas", "klass 1–2", "class 1–2", "lika rest", "kommunkod first")
FORMAL = ("Shapley", "SCRB", "Nucleolus", "nukleol", "största-rest", "largest-remainder")
"""Formal method names: in the appendix *Bilaga: metoder och begrepp* only."""

TERMS, SOURCES = "metoder", "kallor"


def _reports(built: dict[str, Path], built_en: dict[str, Path]) -> dict[str, str]:
    return {
        f"{name} ({lang})": path.read_text("utf-8")
        for lang, reports in (("sv", built), ("en", built_en))
        for name, path in reports.items()
    }


@pytest.fixture(scope="module")
def every_report(
    built_reports: dict[str, Path],
    built_reports_en: dict[str, Path],
    second_board: dict[str, str],
) -> dict[str, str]:
    """The four examples and the second board, in Swedish and English: name → HTML."""
    return {**_reports(built_reports, built_reports_en), **second_board}


COALITIONS = """coalition;cost;estimate;source
1452+1465+1491;18400000;nej;Nämndens budget 2019
1452;8000000;ja;EXEMPELDATA: uppskattad kostnad på egen hand
1465;8200000;ja;EXEMPELDATA: uppskattad kostnad på egen hand
1491;9500000;ja;EXEMPELDATA: uppskattad kostnad på egen hand
1452+1465;13000000;ja;EXEMPELDATA: uppskattad kostnad
1452+1491;14500000;ja;EXEMPELDATA: uppskattad kostnad
1465+1491;15500000;ja;EXEMPELDATA: uppskattad kostnad
"""
"""Three members whose pairs save unevenly: the three fair shares differ."""


@pytest.fixture(scope="module")
def second_board(tmp_path_factory: pytest.TempPathFactory, plugins: Plugins) -> dict[str, str]:
    """Lönenämnden Sjuhärad (three members) with stand-alone estimates, June 2019."""
    folder = tmp_path_factory.mktemp("words") / "board"
    definition = year_board(folder)
    (folder / "data" / "fristaende.csv").write_text(COALITIONS, "utf-8")
    text = definition.read_text("utf-8")
    text += '\ncoalitions = "data/fristaende.csv"\ncoalitions_origin = "example"\n'
    definition.write_text(text, "utf-8")
    june = Period.parse("2019-06")
    return {
        f"lonenamnden ({lang})": build_report(
            definition, plugins, lang=lang, strict=True, period=june
        ).html
        for lang in ("sv", "en")
    }


def _text(html: str, *, outside: tuple[str, ...] = ()) -> list[Piece]:
    """The report's text, its footer (the colophon naming the definition it was built from)
    left out."""
    report = html.split("<footer>", 1)[0]
    return [p for p in pieces(report) if p.section not in outside]


def test_file_paths_stand_only_under_sources(every_report: dict[str, str]) -> None:
    found = {
        name: [(p.section, p.text) for p in _text(html, outside=(SOURCES,)) if PATH.search(p.text)]
        for name, html in every_report.items()
    }
    assert found == {name: [] for name in every_report}
    for name, html in every_report.items():  # the files are still named, where sources are
        listed = " ".join(p.text for p in pieces(html) if p.section == SOURCES)
        assert PATH.search(listed), name


def test_counts_agree_with_their_nouns(every_report: dict[str, str]) -> None:
    found = {
        name: [p.text for p in _text(html) if DISAGREEING.search(p.text)]
        for name, html in every_report.items()
    }
    assert found == {name: [] for name in every_report}


def test_no_configuration_words_or_formal_names_in_the_text(every_report: dict[str, str]) -> None:
    found = {
        name: [
            p.text
            for p in _text(html, outside=(TERMS, SOURCES))
            if any(word in p.text for word in (*JARGON, *FORMAL))
        ]
        for name, html in every_report.items()
    }
    assert found == {name: [] for name in every_report}
    for name, html in every_report.items():  # the appendix names what the text calls plainly
        appendix = " ".join(p.text for p in pieces(html) if p.section == TERMS)
        assert all(word in appendix for word in ("Shapley", "SCRB", "Schmeidler")), name


def _gain_table(html: str) -> list[list[str]]:
    captions = ("Samverkansvinst och rättvis fördelning", "Cooperation gain and fair shares")
    found = next(t for t in tables(html) if str(t["caption"]).startswith(captions))
    rows = found["rows"]
    assert isinstance(rows, list)
    return rows


def test_agreeing_methods_are_one_column_and_one_sentence(
    built_reports: dict[str, Path], built_reports_en: dict[str, Path]
) -> None:
    for name, html in _reports(built_reports, built_reports_en).items():
        head, *body = _gain_table(html)
        columns = list(zip(*body, strict=True))[1:]
        assert len(set(columns)) == len(columns), name  # no two columns alike
        assert ("Rättvis fördelning" in head) or ("Fair share" in head), name
        said = " ".join(p.text for p in pieces(html))
        assert (
            "Alla tre metoderna ger samma fördelning" in said
            or "All three methods give the same shares" in said
        ), name


def test_differing_methods_keep_a_plain_column_each(second_board: dict[str, str]) -> None:
    for name, html in second_board.items():
        head, *body = _gain_table(html)
        plain = {
            "sv": ["Genomsnittligt tillskott", "Egen merkostnad och del av resten"],
            "en": ["Average added cost", "Own added cost and part of the rest"],
        }[name[-3:-1]]
        assert all(column in head for column in plain), head
        fair = [[row[head.index(c)] for row in body] for c in plain]
        assert fair[0] != fair[1], name  # the methods differ here, so both are shown
        said = " ".join(p.text for p in pieces(html))
        assert "samma fördelning" not in said
        assert "same shares" not in said
        assert f"{plain[0]}: " in said  # each method said in a line where it is shown


def _english(every_report: dict[str, str]) -> dict[str, str]:
    return {name: html for name, html in every_report.items() if name.endswith("(en)")}


FIGURE_DATA = re.compile(r'<script type="application/json" id="fig-[^"]+">(.*?)</script>', re.S)


def test_english_reports_write_thousands_of_kronor_one_way(every_report: dict[str, str]) -> None:
    for name, html in _english(every_report).items():
        text = [p.text for p in pieces(html) if not p.swedish]
        assert not [t for t in text if re.search(r"\btkr\b", t)], name
        assert any("SEK k" in t for t in text), name
        drawn = " ".join(FIGURE_DATA.findall(html))  # axes and hovers too
        assert "tkr" not in drawn, name


def test_english_reports_write_percentages_one_way(every_report: dict[str, str]) -> None:
    spaced = re.compile(r"\d[\s\u00a0]%")
    for name, html in _english(every_report).items():
        text = [p.text for p in pieces(html) if not p.swedish]
        assert not [t for t in text if spaced.search(t)], name
        assert any(re.search(r"\d%", t) for t in text), name
        # the cards: value and unit in two elements, with nothing between them
        assert not re.search(r'card-value">[^<]*\d <span class="card-unit">%', html), name
        drawn = " ".join(FIGURE_DATA.findall(html))  # hovers: %{y:,.1f}% as in the text
        assert not re.search(r"\}(?:\\u00a0| )%(?!\{)", drawn), name


EFFECTS = re.compile(r"<figcaption>Perceived effects.*?<tbody>(.*?)</tbody>", re.S)


def test_english_effects_mark_the_evaluations_words_swedish(
    built_reports_en: dict[str, Path],
) -> None:
    for name, path in built_reports_en.items():
        body = EFFECTS.search(path.read_text("utf-8"))
        assert body is not None, name
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body.group(1), re.S)
        assert any('<span lang="sv">' in c for c in cells), name
        for cell in cells:  # what is left outside the Swedish quotes is the template's English
            left = re.sub(r"<[^>]+>", "", re.sub(r'<span lang="sv">.*?</span>', "", cell))
            assert re.fullmatch(r"\s*(\(; ?(; followed up by [^;]+)?\))?\s*", left), (name, cell)


SMALL_MONTH = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b"
)
"""An English month name written small, as a Swedish one is (``may`` is also a word)."""


def test_english_month_names_keep_their_capital(every_report: dict[str, str]) -> None:
    for name, html in _english(every_report).items():
        # Källor quotes the sources' titles as written ("31 december", Swedish data).
        shown = _text(html, outside=(SOURCES,))
        assert [p.text for p in shown if not p.swedish and SMALL_MONTH.search(p.text)] == [], name
        assert not SMALL_MONTH.search(" ".join(FIGURE_DATA.findall(html))), name  # legends

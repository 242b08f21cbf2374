"""Sources as a numbered list, and Exempeldata marked where generated data is used."""

from __future__ import annotations

import re
from pathlib import Path

from htmltables import tables
from samverkan.model.provenance import EXAMPLE, REAL, Origin, Provenance
from samverkan.render.citations import number_sources, split_citation


def test_a_citation_line_splits_into_its_sources_but_not_inside_one() -> None:
    assert split_citation("Källor: A (x; y); B") == ["A (x; y)", "B"]
    assert split_citation("Source: A") == ["A"]
    # A known source holding "; " stays whole, wherever it stands in the line.
    known = {"Folkmängd 2017; SCB:s siffra för 2024", "B"}
    assert split_citation("Källor: B; Folkmängd 2017; SCB:s siffra för 2024", known) == [
        "B",
        "Folkmängd 2017; SCB:s siffra för 2024",
    ]


def test_sources_are_numbered_in_order_of_first_use_and_marked_by_declared_origin() -> None:
    registry = {
        "Handlingen": REAL,
        # A word in a citation decides nothing: this one is declared real.
        "Huvudbok, exempeldata i namnet": REAL,
        "Folkmängd 2017": Provenance(Origin.ESTIMATE, "mitten av intervallet"),
        "mal.toml": EXAMPLE,
    }
    cited = number_sources(
        [
            "Källor: Handlingen; Huvudbok, exempeldata i namnet",
            "Källa: Handlingen",
            "Källor: mal.toml; Folkmängd 2017",
            "Källa: Okänd källa",
        ],
        registry,
    )
    assert [(c.number, c.text, c.origin) for c in cited.sources] == [
        (1, "Handlingen", Origin.REAL),
        (2, "Huvudbok, exempeldata i namnet", Origin.REAL),
        (3, "mal.toml", Origin.EXAMPLE),
        (4, "Folkmängd 2017", Origin.ESTIMATE),
        (5, "Okänd källa", Origin.EXAMPLE),  # never shown as real without a declaration
    ]
    assert [c.number for c in cited.cites("Källa: Handlingen")] == [1]


def _sources(html: str) -> dict[int, str]:
    start = html.index('<section id="kallor"')
    block = html[start : html.index("</section>", start)]
    return {int(n): text for n, text in re.findall(r'<li id="kalla-(\d+)">([^<]*)', block)}


def test_every_citation_points_into_the_numbered_list(built_reports: dict[str, Path]) -> None:
    for path in built_reports.values():
        html = path.read_text("utf-8")
        listed = _sources(html)
        assert sorted(listed) == list(range(1, len(listed) + 1))
        cited = {int(n) for n in re.findall(r'<a href="#kalla-(\d+)"', html)}
        assert cited == set(listed)  # every source cited, every citation listed
        body = html[: html.index('<section id="kallor"')].split("<main>")[1]
        assert "https://" not in re.sub(r"<[^>]*>", "", body)  # addresses only in the list


def test_tables_built_on_generated_data_carry_the_mark(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-it-vaxel-telefoni-2018-04"].read_text("utf-8")
    by_caption = {str(t["caption"]): t for t in tables(html)}
    assert not by_caption["Investeringar (tkr)"]["example"]  # the papers' own table
    assert by_caption["Ärenden januari–april 2018 per kommun"][
        "example"
    ]  # the generated ticket log


def test_the_key_figure_listing_is_a_folded_appendix(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-12"].read_text("utf-8")
    section = html[html.index('<section id="nyckeltal"') :]
    section = section[: section.index("</section>")]
    assert '<details class="appendix"><summary>Visa tabellerna (' in section
    assert section.count("<table>") >= 10
    assert section.index("<details") < section.index("<table>")

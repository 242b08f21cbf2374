"""The first screen (Sammanfattning): every number in it is the one in the tables below."""

from __future__ import annotations

import re
from pathlib import Path

from htmltables import tables
from samverkan.plugins import Plugins
from samverkan.render.report import build_report

EKONOMI_APRIL = "servicenamnd-ekonomi-personal-2018-04"


def _answer(html: str, question: str) -> list[str]:
    start = html.index(f'id="svar-{question}"')
    block = html[start : html.index("</article>", start)]
    texts = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li[^>]*>(.*?)</li>", block)]
    return [t.strip().lstrip("✔✖").strip() for t in texts]  # the tone marks stand apart


def _tkr(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", "").replace("−", "-"))


def test_the_finances_answer_is_the_result_statement(built_reports: dict[str, Path]) -> None:
    html = built_reports[EKONOMI_APRIL].read_text("utf-8")
    lines = _answer(html, "ekonomi")
    statements = {
        t["caption"]: t["rows"][-1] for t in tables(html) if t["caption"] in {"Ekonomi", "Personal"}
    }
    assert set(statements) == {"Ekonomi", "Personal"}
    for area, total in statements.items():
        budget, forecast = _tkr(total[1]), _tkr(total[2])
        line = next(t for t in lines if t.startswith(f"{area}: "))
        assert f"prognos {total[2]} tkr mot budget {total[1]} tkr" in line
        if budget == forecast:
            assert "i nivå med budget" in line
        else:
            assert f"{total[3]} tkr" in line
    whole = sum(_tkr(t[2]) for t in statements.values())
    assert lines[0].startswith(f"Helårsprognosen är {whole:,} tkr".replace(",", "\u00a0"))
    # The controller's words, quoted from the April analysis file.
    analysis = Path("reports/data/herrljunga-vargarda/analys-sn-ekonomi-personal/2018-04")
    first = (analysis / "ekonomi.md").read_text("utf-8").split("\n\n")[0]
    assert lines[1].startswith("Ekonomi: prognos")
    assert lines[2] == f"Controllerns analys: {' '.join(first.split())}"  # its own line
    assert f"<q>{' '.join(first.split())}</q>" in html  # quoted as written


def test_what_each_member_pays_is_the_allocation(built_reports: dict[str, Path]) -> None:
    html = built_reports[EKONOMI_APRIL].read_text("utf-8")
    lines = _answer(html, "kostnad")
    keys = next(t for t in tables(html) if str(t["caption"]).startswith("Kommunbidrag per år"))
    for member, agreed, usage, _ in keys["rows"][1:]:
        agreed_tkr = round(_tkr(agreed) / 1000)
        usage_tkr = round(_tkr(usage) / 1000)
        assert any(
            t.startswith(f"{member}: {agreed_tkr:,} tkr".replace(",", "\u00a0")) for t in lines
        )
        assert any(
            t.startswith(f"{member} med nyckeln")
            and f"{usage_tkr:,} tkr".replace(",", "\u00a0") in t
            for t in lines
        )
    shares = [float(m.replace(",", ".")) for m in re.findall(r"\((\d+,\d)\s%\)", " ".join(lines))]
    assert abs(sum(shares) - 100) < 0.15


def test_without_a_goals_file_the_summary_says_no_targets_are_set(
    examples: Path, plugins: Plugins
) -> None:
    definition = examples / f"{EKONOMI_APRIL}.toml"
    text = definition.read_text("utf-8")
    text = re.sub(r"^goals = .*\n", "", text, flags=re.MULTILINE)
    text = text.replace('"maluppfyllelse",\n', "")
    definition.write_text(text, "utf-8")
    html = build_report(definition, plugins).html
    (line,) = _answer(html, "mal")
    assert line.startswith("Nämnden har inga målvärden satta")
    assert "Finns det tydliga målvärden?" in line


def test_an_estimated_gain_is_said_to_be_one_and_is_not_a_headline(
    built_reports: dict[str, Path],
) -> None:
    html = built_reports[EKONOMI_APRIL].read_text("utf-8")
    (line,) = _answer(html, "vinst")
    assert line.startswith("Enligt uppskattade fristående kostnader")
    assert "inte samarbetets verkliga vinst" in line
    start = html.index('id="svar-vinst"')
    assert "Exempeldata" in html[start : html.index("</article>", start)]


def test_the_finances_answer_gives_each_members_share(built_reports: dict[str, Path]) -> None:
    """Each member's share of the forecast, or of the outcome once the year has ended, against
    its share of the budget: the sums of its rows in *Nettokostnad per kommun*; at the year end
    the area's line quotes the outcome, not December's forecast."""
    said = {"Prognos": "andel av prognosen", "Utfall": "andel av utfallet"}
    for report_id in (EKONOMI_APRIL, "servicenamnd-it-vaxel-telefoni-2018-12"):
        html = built_reports[report_id].read_text("utf-8")
        lines = _answer(html, "ekonomi")
        net = next(t for t in tables(html) if t["caption"] == "Nettokostnad per kommun (kr)")
        table = net["rows"]
        assert isinstance(table, list)
        header, *rows = table
        kind = header[2]
        shares: dict[str, list[int]] = {}
        for area_member, budget, figure in rows:
            _, _, member = area_member.partition(" – ")
            if member:
                total = shares.setdefault(member, [0, 0])
                total[0] += _tkr(budget)
                total[1] += _tkr(figure)
        assert len(shares) == 2
        for member, (budget, figure) in shares.items():
            amounts = f"{round(figure / 1000):,} tkr mot budget {round(budget / 1000):,} tkr"
            expected = f"{member}: {said[kind]} " + amounts.replace(",", "\u00a0")
            assert any(line.startswith(expected) for line in lines), (expected, lines)
        if kind == "Utfall":
            outcome, budget = _tkr(rows[-1][2]), _tkr(rows[-1][1])
            area = rows[-1][0].removesuffix(", summa")
            amounts = f"utfall {round(outcome / 1000):,} tkr mot budget {round(budget / 1000):,}"
            assert lines[0].startswith(f"{area}: " + amounts.replace(",", "\u00a0")), lines
            assert not any(": prognos " in line for line in lines)


def test_at_the_year_end_the_result_statement_shows_the_outcome_the_summary_quotes(
    built_reports: dict[str, Path],
) -> None:
    """December's table is a forecast in the papers; once the year's outcome is known it stands
    beside the forecast, and the deviation and the first screen's line are the outcome's."""
    for report_id in (
        "servicenamnd-it-vaxel-telefoni-2018-12",
        "servicenamnd-ekonomi-personal-2018-12",
    ):
        html = built_reports[report_id].read_text("utf-8")
        lines = _answer(html, "ekonomi")
        statements = [
            t for t in tables(html) if t["rows"] and t["rows"][0][0] == "RESULTATRÄKNING (tkr)"
        ]
        assert statements
        for table in statements:
            header, *_, total = table["rows"]
            assert header[1:5] == ["Budget 2018", "Prognos 2018", "Utfall 2018", "Avvikelse helår"]
            budget, outcome, deviation = _tkr(total[1]), _tkr(total[3]), _tkr(total[4])
            assert deviation == budget - outcome
            line = next(t for t in lines if t.startswith(f"{table['caption']}: "))
            assert f"utfall {total[3]} tkr mot budget {total[1]} tkr" in line, (line, total)
        april = built_reports[report_id.replace("-12", "-04")].read_text("utf-8")
        header = next(
            t for t in tables(april) if t["rows"] and t["rows"][0][0] == "RESULTATRÄKNING (tkr)"
        )
        assert "Utfall 2018" not in header["rows"][0]

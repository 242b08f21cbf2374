"""The Kostnadsfördelning section: keys side by side, the gain and a member joining."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from htmltables import tables
from samverkan.errors import InputError
from samverkan.plugins import Plugins
from samverkan.render.report import build_report

IT = "servicenamnd-it-vaxel-telefoni-2018-04"


def kronor(cell: str) -> int:
    return int(cell.split(" (", maxsplit=1)[0].replace("\u00a0", "").replace("\u2212", "-"))


def table(html: str, caption: str) -> list[list[str]]:
    found = next(t for t in tables(html) if str(t["caption"]).startswith(caption))
    rows = found["rows"]
    assert isinstance(rows, list)
    return rows


def test_keys_side_by_side_sum_to_the_same_budget(built_reports: dict[str, Path]) -> None:
    html = built_reports[IT].read_text("utf-8")
    rows = table(html, "Kommunbidrag per år med olika fördelningsnycklar")
    # The driver as its reader titles it (Reader.drivers), not its id "tickets", and the time
    # its rows cover: the year to date of the April report.
    assert rows[0] == ["Kommun", "Folkmängd", "Nyttjande (ärenden, januari–april 2018)", "Skillnad"]
    population = sum(kronor(r[1]) for r in rows[1:])
    usage = sum(kronor(r[2]) for r in rows[1:])
    assert population == usage == 15_199_000
    assert sum(kronor(r[3]) for r in rows[1:]) == 0  # one member's extra is the other's saving
    assert "skulle betala" in html


def test_gain_table_and_individual_rationality(built_reports: dict[str, Path]) -> None:
    html = built_reports[IT].read_text("utf-8")
    rows = table(html, "Samverkansvinst och rättvis fördelning")
    # Two members: Shapley, SCRB and the nucleolus agree, shown as one column.
    assert rows[0][1:] == [
        "På egen hand (uppskattning)",
        "Enligt nyckeln",
        "Rättvis fördelning",
        "Besparing enligt nyckeln",
    ]
    body = {r[0]: [kronor(c) for c in r[1:]] for r in rows[1:]}
    for column in (1, 2):  # the key and the fair share: each sums to the budget
        assert sum(v[column] for v in body.values()) == 15_199_000
    gain = sum(v[0] for v in body.values()) - 15_199_000
    for standalone, key, fair, saving in body.values():
        assert saving == standalone - key
        assert abs(2 * (standalone - fair) - gain) <= 2  # each saves half, to the krona
    assert "Samarbetet beräknas spara" in html
    assert "mindre än på egen hand" in html


def test_a_joining_member_lowers_everyones_charge(built_reports: dict[str, Path]) -> None:
    rows = table(
        built_reports[IT].read_text("utf-8"), "Om Exempelkommun (fiktiv) går med i samarbetet"
    )
    scenario = {r[0]: r for r in rows[1:]}
    assert scenario["Exempelkommun (fiktiv)"][1] == "–"
    assert sum(kronor(r[2]) for r in rows[1:]) == 15_199_000
    assert all(kronor(scenario[m][3]) < 0 for m in ("Vårgårda", "Herrljunga"))


def test_a_key_charging_more_than_going_alone_is_named(examples: Path, plugins: Plugins) -> None:
    data = examples / "data" / "herrljunga-vargarda"
    coalitions = data / "fristaende-kostnader-sn-it-vaxel-telefoni-exempeldata.csv"
    lines = coalitions.read_text("utf-8").splitlines()
    lines[2] = "1442;5000000;ja;UPPSKATTNING, EXEMPELDATA: test"  # Vårgårda alone: 5 Mkr
    coalitions.write_text("\n".join(lines) + "\n", "utf-8")
    html = build_report(examples / f"{IT}.toml", plugins).html
    assert "med den nyckeln lönar sig samarbetet inte för Vårgårda" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('compare = ["usage:tickets"]', 'compare = ["usage:printers"]'),
            "nyckeln printers saknas för 1442, 1466",
        ),
        (("population = 10000", "tickets = 10000"), "ange population för Exempelkommun"),
        (
            (
                'method = "population"\nreference_date = "2017-12-31"',
                'method = "fixed"\nshares = { "1466" = 40, "1442" = 50 }',
            ),
            "ska summera till 100 %",
        ),
        (('method = "population"', 'method = "even"'), "okänd nyckel för metoden"),
    ],
)
def test_bad_allocation_settings_name_the_definition(
    examples: Path, plugins: Plugins, change: tuple[str, str], message: str
) -> None:
    definition = examples / f"{IT}.toml"
    text = definition.read_text("utf-8")
    assert change[0] in text
    definition.write_text(text.replace(*change), "utf-8")
    with pytest.raises(InputError) as caught:
        build_report(definition, plugins)
    assert message in str(caught.value)
    assert str(definition) in str(caught.value)


def test_every_example_definition_uses_a_key_and_compares(plugins: Plugins) -> None:
    for path in EXAMPLES:
        text = path.read_text("utf-8")
        assert "compare = [" in text
        assert "coalitions = " in text


def test_a_compared_key_may_use_the_options_of_its_method(examples: Path, plugins: Plugins) -> None:
    definition = examples / f"{IT}.toml"
    text = definition.read_text("utf-8")
    changed = (
        text.replace('method = "population"', 'method = "usage:tickets"')
        .replace('compare = ["usage:tickets"]', 'compare = ["population"]')
        .replace("population = 10000", "population = 10000\ntickets = 900")
    )
    assert 'method = "usage:tickets"' in changed
    assert 'compare = ["population"]' in changed
    definition.write_text(changed, "utf-8")
    html = build_report(definition, plugins).html  # reference_date serves the compared key
    assert "Folkmängd" in html

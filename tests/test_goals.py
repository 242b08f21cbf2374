"""Goals as data: the file's checks, the status rules and the Måluppfyllelse section."""

from __future__ import annotations

from pathlib import Path

import pytest

from htmltables import tables
from samverkan import InputError
from samverkan.goal_status import Status, Trend, indicator_status, roll_up, trend
from samverkan.goals import check_against_kpis, load_goals
from samverkan.pipeline import build_report
from samverkan.plugins import Plugins

IT_DECEMBER = "servicenamnd-it-vaxel-telefoni-2018-12"
GOALS = "data/herrljunga-vargarda/mal-sn-it-vaxel-telefoni-exempel.toml"
INDICATOR = """
[[purposes.goals.indicators]]
kpi = "it_vaxel.backlog"
target = 80
partly = 100
baseline = 110
baseline_period = "2017"
owner = "IT-chef"
source = "Ärendesystemet"
"""


def goals_file(tmp_path: Path, indicators: str) -> Path:
    path = tmp_path / "mal.toml"
    path.write_text(
        '[[purposes]]\nid = "p"\ntitle = "Syfte"\n\n'
        '[[purposes.goals]]\nid = "kortare_ko"\ntitle = "Kortare kö"\n' + indicators,
        "utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("value", "higher", "expected"),
    [
        (95.0, True, Status.MET),  # the target itself is met
        (94.9, True, Status.PARTLY),
        (90.0, True, Status.PARTLY),  # the partly limit itself is partly met
        (89.9, True, Status.NOT_MET),
        (None, True, Status.NO_DATA),
        (5.0, False, Status.MET),
        (7.0, False, Status.PARTLY),
        (8.1, False, Status.NOT_MET),
    ],
)
def test_status_follows_target_limit_and_direction(
    value: float | None, higher: bool, expected: Status
) -> None:
    target, partly = (95.0, 90.0) if higher else (5.0, 8.0)
    assert indicator_status(value, target, partly, higher) is expected


def test_trend_is_polarity_aware_with_a_one_percent_dead_band() -> None:
    assert trend(92, 99, higher=False) is Trend.BETTER
    assert trend(92, 99, higher=True) is Trend.WORSE
    assert trend(100.5, 100, higher=True) is Trend.SAME
    assert trend(0, 0, higher=True) is Trend.SAME
    assert trend(1, None, higher=True) is None


def test_roll_up_takes_the_worst_known_status() -> None:
    assert roll_up([Status.MET, Status.PARTLY, Status.NO_DATA]) is Status.PARTLY
    assert roll_up([Status.MET, Status.NOT_MET, Status.PARTLY]) is Status.NOT_MET
    assert roll_up([Status.NO_DATA, Status.MET]) is Status.MET
    assert roll_up([Status.NO_DATA]) is Status.NO_DATA
    assert roll_up([]) is Status.NO_DATA


def test_a_goal_without_indicator_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="målet 'kortare_ko' saknar indikator"):
        load_goals(goals_file(tmp_path, ""), "mal.toml")


@pytest.mark.parametrize("key", ["target", "baseline", "source", "partly"])
def test_an_indicator_needs_target_limit_baseline_and_source(tmp_path: Path, key: str) -> None:
    lines = [line for line in INDICATOR.splitlines() if not line.startswith(f"{key} =")]
    with pytest.raises(InputError) as caught:
        load_goals(goals_file(tmp_path, "\n".join(lines)), "mal.toml")
    problem = caught.value.problems[0]
    assert problem.message == f"målet 'kortare_ko': indikatorn saknar {key}"
    assert (problem.file, problem.column) == (
        "mal.toml",
        f"purposes[0].goals[0].indicators[0].{key}",
    )


def test_unknown_kpi_and_overlapping_bands_name_the_goal(tmp_path: Path, plugins: Plugins) -> None:
    path = goals_file(
        tmp_path,
        INDICATOR.replace("partly = 100", "partly = 70")
        + INDICATOR.replace("it_vaxel.backlog", "it_vaxel.kaffe"),
    )
    kpis = {kpi_id: kpi.kpi for kpi_id, (_, kpi) in plugins.kpis().items()}
    messages = [p.message for p in check_against_kpis(load_goals(path, "mal.toml"), kpis)]
    assert messages == [
        "målet 'kortare_ko': gränsen för delvis uppfyllt (70) ska ligga över målvärdet (80) för "
        "it_vaxel.backlog (lägre är bättre), annars överlappar nivåerna",
        "målet 'kortare_ko': ingen plugin ger nyckeltalet 'it_vaxel.kaffe'",
    ]


def test_a_bad_goals_file_stops_the_report(examples: Path, plugins: Plugins) -> None:
    goals = examples / GOALS
    goals.write_text(goals.read_text("utf-8").replace("it_vaxel.nedtid", "it_vaxel.x"), "utf-8")
    with pytest.raises(InputError, match="målet 'leverans': ingen plugin ger nyckeltalet"):
        build_report(examples / f"{IT_DECEMBER}.toml", plugins)


def test_the_example_goals_are_followed_up_from_the_data(
    built_reports: dict[str, Path],
) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    found = {str(t["caption"]): t["rows"] for t in tables(html)}
    caption = "Vara en gemensam resurs för samtliga verksamheter i de båda kommunerna"
    rows = found[f"{caption}: ◐ delvis uppfyllt"]
    backlog = next(r for r in rows if r[1] == "Öppna ärenden vid månadens slut")
    # 99 open tickets at the end of November, 92 at the end of December: target 80, limit 100.
    assert backlog[2:8] == [
        "92 ärenden",
        "2018-12",
        "80 ärenden",
        "110 ärenden (2017)",
        "◐ delvis uppfyllt",
        "↗ förbättras",
    ]
    statuses = {r[6] for rows in found.values() for r in rows if len(r) == 10}
    assert {"✔ uppfyllt", "◐ delvis uppfyllt", "✖ ej uppfyllt"} <= statuses
    assert "EXEMPEL: målvärdena i denna målfil är exempel" in html

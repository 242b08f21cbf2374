"""Targets as rules: one-sided (minst, högst) and two-sided (inom ±1 %), read from the goals
file, measured, and written the same way wherever a target is shown. The two-sided goal is
exercised on a board other than the bundled example: Svenljunga, Tranemo and Ulricehamn."""

from __future__ import annotations

from pathlib import Path

import attrs
import polars as pl
import pytest

from samverkan import InputError
from samverkan.follow_up.status import Status, Trend, indicator_status, measure, trend
from samverkan.model.period import Period
from samverkan.model.targets import Band, partly_text, rule_text
from samverkan.model.units import KPI, Direction
from samverkan.read.goals import check_against_kpis, load_goals

DEVIATION = KPI(
    id="lon.budgetavvikelse",
    title="Budgetavvikelse",
    unit="%",
    direction=Direction.HIGHER_IS_BETTER,
    area="lon",
    description="(Budget − prognos) / budget",
    source="Huvudboken",
)
INDICATOR = """
[[purposes.goals.indicators]]
kpi = "lon.budgetavvikelse"
{limits}
baseline = 0
baseline_period = "2018"
owner = "Lönechef"
source = "Huvudboken"
"""


def goals(tmp_path: Path, limits: str) -> Path:
    path = tmp_path / "mal.toml"
    path.write_text(
        '[[purposes]]\nid = "p"\ntitle = "Lönenämnden"\n\n'
        '[[purposes.goals]]\nid = "i_budget"\ntitle = "Inom budget"\n'
        + INDICATOR.format(limits=limits),
        "utf-8",
    )
    return path


def sv(value: float) -> str:
    return DEVIATION.shown(value, "sv")


def test_the_rule_is_written_as_it_is_held() -> None:
    assert rule_text(0.0, True, sv, "sv") == "minst 0,0\u00a0%"
    assert rule_text(2.0, False, sv, "sv") == "högst 2,0\u00a0%"
    assert rule_text(Band(-1.0, 1.0), True, sv, "sv") == "inom ±1,0\u00a0%"
    assert rule_text(Band(-0.5, 1.0), False, sv, "sv") == "mellan −0,5\u00a0% och 1,0\u00a0%"
    assert partly_text(-1.0, True, sv, "sv") == "delvis: minst −1,0\u00a0%"
    assert partly_text(None, True, sv, "sv") == ""
    peer = rule_text("peer:median", True, sv, "sv", 62.0)
    assert peer == "minst jämförelsegruppens median (62,0\u00a0%)"
    english = rule_text(Band(-1.0, 1.0), True, lambda v: DEVIATION.shown(v, "en"), "en")
    assert english == "within ±1.0%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, Status.MET),
        (1.0, Status.MET),  # the band's edge is inside it
        (-1.0, Status.MET),
        (1.3, Status.NOT_MET),  # +1,3 % against ±1 %: over, not met
        (-1.3, Status.NOT_MET),
        (None, Status.NO_DATA),
    ],
)
def test_a_two_sided_target_is_met_only_inside_its_band(
    value: float | None, expected: Status
) -> None:
    assert indicator_status(value, Band(-1.0, 1.0), None, higher=True) is expected


def test_an_outer_band_gives_partly_met() -> None:
    outer = Band(-2.0, 2.0)
    assert indicator_status(1.3, Band(-1.0, 1.0), outer, higher=True) is Status.PARTLY
    assert indicator_status(-2.5, Band(-1.0, 1.0), outer, higher=True) is Status.NOT_MET


def test_a_two_sided_trend_is_better_closer_to_the_middle() -> None:
    band = Band(-1.0, 1.0)
    assert trend(0.8, 0.2, higher=True, band=band) is Trend.WORSE  # higher, yet further out
    assert trend(-0.2, -0.9, higher=True, band=band) is Trend.BETTER
    assert trend(0.2, 0.8, higher=True) is Trend.WORSE  # one-sided: the KPI's direction


def test_the_goals_file_writes_a_band_as_within_or_min_max(tmp_path: Path) -> None:
    read = load_goals(goals(tmp_path, "target = { within = 1.0 }"), "mal.toml")
    indicator = read.indicators()[0][1]
    assert (indicator.target, indicator.partly) == (Band(-1.0, 1.0), None)
    read = load_goals(
        goals(tmp_path, "target = { min = -0.5, max = 1 }\npartly = { within = 2 }"), "mal.toml"
    )
    indicator = read.indicators()[0][1]
    assert (indicator.target, indicator.partly) == (Band(-0.5, 1.0), Band(-2.0, 2.0))


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ("target = { within = 1.0 }\npartly = { within = 0.5 }", "rymmer målintervallet"),
        ("target = { within = 1.0 }\npartly = -2", "rymmer målintervallet"),
        ("target = 0\npartly = { within = 2 }", "ensidig gräns"),
        ("target = { min = 2, max = 1 }", "min högst max"),
        ("target = { low = -1 }", "skrivs { within = 1.0 }"),
        ('target = "om möjligt"\npartly = 1', "ska vara ett tal, peer:median"),
    ],
)
def test_a_band_written_wrong_is_refused_naming_the_key(
    tmp_path: Path, limits: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_goals(goals(tmp_path, limits), "mal.toml")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.column is not None
    assert problem.column.startswith("purposes[0].goals[0]")


def test_a_kpi_without_a_better_direction_can_have_a_band(tmp_path: Path) -> None:
    neutral = {DEVIATION.id: attrs.evolve(DEVIATION, direction=Direction.NEUTRAL)}
    banded = load_goals(goals(tmp_path, "target = { within = 1.0 }"), "mal.toml")
    assert check_against_kpis(banded, neutral) == []
    one_sided = load_goals(goals(tmp_path, "target = 0\npartly = -1"), "mal.toml")
    [problem] = check_against_kpis(one_sided, neutral)
    assert "target = { within = 1.0 }" in problem.message


def test_a_three_member_board_measures_its_band(tmp_path: Path) -> None:
    """Ulricehamn hosts the payroll board; its forecast deviates +1,3 % in April: not met,
    and worse than March's +0,4 % though the number rose on a higher-is-better KPI."""
    observations = pl.DataFrame(
        {
            "kpi_id": [DEVIATION.id] * 4,
            "municipality": [None, None, None, "1491"],
            "subject": [None] * 4,
            "period": ["2019-02", "2019-03", "2019-04", "2019-04"],
            "value": [-0.2, 0.4, 1.3, 9.0],
            "source": ["Lönenämndens prognoser 2019 (exempeldata)"] * 4,
        },
        schema_overrides={"municipality": pl.String, "subject": pl.String},
    )
    read = load_goals(goals(tmp_path, "target = { within = 1.0 }"), "mal.toml")
    [m] = measure(read, observations, {DEVIATION.id: DEVIATION}, Period.parse("2019-04"))
    assert (m.value, m.status, m.trend) == (1.3, Status.NOT_MET, Trend.WORSE)
    assert m.rule("sv") == "inom ±1,0\u00a0%"
    assert m.trend_text("sv") == "↗ försämras mot 2019-03 (då 0,4\u00a0%)"
    assert m.trend_text("en") == "↗ worsening against 2019-03 (then 0.4%)"


def test_a_trend_compares_the_latest_earlier_period_with_a_value_or_says_there_is_none(
    tmp_path: Path,
) -> None:
    """March has no value: April is compared with February, and says so; a first value says
    there is nothing to compare it with, never a change against nothing."""
    observations = pl.DataFrame(
        {
            "kpi_id": [DEVIATION.id] * 3,
            "municipality": [None] * 3,
            "subject": [None] * 3,
            "period": ["2019-02", "2019-03", "2019-04"],
            "value": [0.4, None, 1.3],
            "source": ["Lönenämndens prognoser 2019 (exempeldata)"] * 3,
        },
        schema_overrides={"municipality": pl.String, "subject": pl.String},
    )
    read = load_goals(goals(tmp_path, "target = { within = 1.0 }"), "mal.toml")
    kpis = {DEVIATION.id: DEVIATION}
    [m] = measure(read, observations, kpis, Period.parse("2019-04"))
    assert m.trend_text("sv") == "↗ försämras mot 2019-02 (då 0,4\u00a0%)"
    [first] = measure(read, observations.head(1), kpis, Period.parse("2019-02"))
    assert first.trend_text("sv") == "inget tidigare värde att jämföra med"
    assert first.trend_text("en") == "no earlier value to compare with"

"""Switchboard, disturbances and projects: read, checked, and turned into KPIs."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from samverkan.api import (
    Area,
    InputError,
    MeasureContext,
    Municipality,
    Period,
    ReadContext,
    ServiceUnit,
    Source,
)
from samverkan.testing import load_definition
from samverkan_it.operations import (
    DISTURBANCES,
    PROJECTS,
    SWITCHBOARD,
    project_state,
    read_disturbances,
    read_projects,
    read_switchboard,
)
from samverkan_it.operations_kpis import ABANDONED, ANSWERED, KPIS, WAIT

MEMBERS = [Municipality("1466", "Herrljunga"), Municipality("1442", "Vårgårda")]
UNIT = ServiceUnit("sn_it", "IT", MEMBERS[0], MEMBERS, [Area("it_vaxel", "IT")])
CONTEXT = ReadContext(UNIT, Period.parse("2018-04"))
REPORTS = Path(__file__).resolve().parents[3] / "reports"


def source(tmp_path: Path, text: str, reader: str) -> Source:
    path = tmp_path / "in.csv"
    path.write_text(text, "utf-8")
    return Source(reader, path, "in.csv", "Test", {})


def test_switchboard_kpis_weight_waiting_by_answered_calls(tmp_path: Path) -> None:
    text = (
        "Tid;Inkommande;Besvarade;Tappade;Medelväntetid\n"
        "2018-04-02 08:00;10;9;1;10\n2018-04-02 09:00;30;27;3;40\n"
        "2018-05-02 09:00;30;27;3;40\n"
    )
    calls = read_switchboard(source(tmp_path, text, "it_vaxel.vaxel"), CONTEXT).extras[SWITCHBOARD]
    assert calls.height == 2  # May is after the report's period
    definition = load_definition(REPORTS / "servicenamnd-it-vaxel-telefoni-2018-04.toml")
    ctx = MeasureContext(
        definition, pl.DataFrame(), pl.DataFrame(), pl.DataFrame(), extras={SWITCHBOARD: calls}
    )
    values = {kpi.kpi.id: kpi.compute(ctx)["value"].to_list() for kpi in KPIS[:3]}
    assert values[ANSWERED.id] == [90.0]
    assert values[WAIT.id] == pytest.approx([(9 * 10 + 27 * 40) / 36])
    assert values[ABANDONED.id] == [10.0]


def test_impossible_call_counts_are_named(tmp_path: Path) -> None:
    text = "Tid;Inkommande;Besvarade;Tappade;Medelväntetid\n2018-04-02 08:00;10;9;5;10\n"
    with pytest.raises(InputError, match=r"rad 2.*fler än de inkommande"):
        read_switchboard(source(tmp_path, text, "it_vaxel.vaxel"), CONTEXT)


def test_disturbances_need_a_start_before_the_end(tmp_path: Path) -> None:
    ok = "Start;Slut;Omfattning;Kommun\n2018-01-02 08:00;2018-01-02 09:30;Växel;\n"
    events = read_disturbances(source(tmp_path, ok, "x"), CONTEXT).extras[DISTURBANCES]
    assert events.select("minutes", "municipality").rows() == [(90, None)]
    bad = "Start;Slut;Omfattning;Kommun\n2018-01-02 08:00;2018-01-01 09:30;Växel;Borås\n"
    with pytest.raises(InputError) as caught:
        read_disturbances(source(tmp_path, bad, "x"), CONTEXT)
    assert sorted(p.column for p in caught.value.problems) == ["Kommun", "Slut"]


def test_projects_are_checked_and_their_state_computed(tmp_path: Path) -> None:
    text = (
        "Projekt;Status;Start;Planerat slut;Budget;Prognos\n"
        "Wifi;pågår;2018-01-01;2018-03-31;1 400;1 400\n"
        "Server;pågår;2018-01-01;2018-09-30;2 000;2 300\n"
        "Brandvägg;klart;2017-10-01;2018-02-28;450;430\n"
    )
    projects = read_projects(source(tmp_path, text, "x"), CONTEXT).extras[PROJECTS]
    end = pl.datetime(2018, 5, 1)
    assert projects.select(project_state(end).alias("state"))["state"].to_list() == [
        "försenat",
        "risk",
        "klart",
    ]
    with pytest.raises(InputError, match="okänd status 'nästan klart'"):
        read_projects(source(tmp_path, text.replace("pågår", "nästan klart", 1), "x"), CONTEXT)

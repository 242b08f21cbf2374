"""Subjects are structured (``kind:value``): the KPI declares its kinds and their words, the
report names a subject in either language from them, and nothing else is accepted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from conftest import EXAMPLES
from samverkan.api import (
    AREA,
    KPI,
    Direction,
    KPIType,
    MeasureContext,
    SubjectKind,
    Text,
    hookimpl,
    peer_subject,
    subject,
)
from samverkan.compose.prepare import prepare
from samverkan.errors import PluginError
from samverkan.model.subjects import describe_subject, split_subject, unknown_kinds
from samverkan.plugins import Plugins, get_plugins
from samverkan.read import validate
from samverkan.read.goals import check_against_kpis, load_goals
from test_goals import INDICATOR, goals_file
from test_model import unit

ROOM = SubjectKind("lokal", Text("lokal", "room"))
SEX = SubjectKind("kon", None, {"K": Text("kvinnor", "women")})
AREAS = {"ekonomi": "Finance"}


@pytest.mark.parametrize(
    ("about", "sv", "en"),
    [
        (subject("lokal", "Nämndrummet"), "lokal Nämndrummet", "room Nämndrummet"),
        (subject("kon", "K"), "kvinnor", "women"),
        (subject(AREA, "ekonomi"), "Finance", "Finance"),  # the area's title in each language
        (peer_subject("median"), "jämförelsegrupp: median", "peer group: median"),
    ],
)
def test_a_subject_is_named_by_its_kind_in_each_language(about: str, sv: str, en: str) -> None:
    areas_sv = {"ekonomi": "Ekonomi"} if sv != "Finance" else AREAS
    assert describe_subject(about, (ROOM, SEX), areas_sv, "sv") == sv
    assert describe_subject(about, (ROOM, SEX), AREAS, "en") == en


def test_a_value_may_hold_a_colon_and_kinds_are_checked() -> None:
    assert split_subject("kategori:Tid: 10:00") == ("kategori", "Tid: 10:00")
    assert unknown_kinds(["lokal:A", "omrade:x", "jamforelsegrupp:q1", "rum:B", None], [ROOM]) == [
        "rum:B"
    ]
    with pytest.raises(ValueError, match="gemena"):
        SubjectKind("Prioritet")


def test_an_observation_read_with_a_sentence_for_a_subject_is_refused() -> None:
    frame = pl.DataFrame(
        {
            "kpi_id": ["x"],
            "unit": ["sn_it"],
            "municipality": [None],
            "subject": ["prioritet 2"],
            "period": ["2018"],
            "value": [1.0],
            "source": ["s"],
            "origin": ["obs.csv:2"],
        },
        schema_overrides={"municipality": pl.String},
    )
    problems = validate.validate_observations(frame, unit())
    assert [(p.row, p.column) for p in problems] == [(2, "subject")]
    assert "typ:värde" in problems[0].message


def rooms_kpi(subjects: tuple[SubjectKind, ...]) -> object:
    kpi = KPI(
        "lokaler.bokade",
        "Bokade timmar",
        "timmar",
        Direction.HIGHER_IS_BETTER,
        "lokaler",
        "Bokade timmar per lokal.",
        "Bokningar",
        subjects=subjects,
    )

    class Rooms:
        @hookimpl
        def samverkan_register_kpis(self, register: Callable[[KPIType], None]) -> None:
            def compute(ctx: MeasureContext) -> pl.DataFrame:
                return pl.DataFrame(
                    {
                        "kpi_id": [kpi.id],
                        "unit": [ctx.unit.id],
                        "subject": [subject("lokal", "Nämndrummet")],
                        "period": ["2018"],
                        "value": [12.0],
                        "source": ["Bokningar"],
                        "origin": ["bokningar.csv:2"],
                    }
                )

            register(KPIType(kpi, compute))

    return Rooms()


def test_a_kpi_whose_subject_kind_it_did_not_declare_is_a_plugin_error(examples: Path) -> None:
    definition = examples / EXAMPLES[0].name
    undeclared = get_plugins(extra=[("lokaler", rooms_kpi(()))])
    with pytest.raises(
        PluginError, match=r"ämnet 'lokal:Nämndrummet' har en typ .*inte deklarerar"
    ):
        prepare(definition, undeclared.registered(), strict=True)
    declared = get_plugins(extra=[("lokaler", rooms_kpi((ROOM,)))])
    observations = prepare(definition, declared.registered(), strict=True).observations
    rows = observations.filter(pl.col("kpi_id") == "lokaler.bokade")
    assert rows["subject"].to_list() == ["lokal:Nämndrummet"]


def test_a_goal_written_with_the_old_sentence_subject_names_the_kinds(
    tmp_path: Path, plugins: Plugins
) -> None:
    indicator = INDICATOR.replace("it_vaxel.backlog", "it_vaxel.sla").replace(
        "target = 80\npartly = 100\nbaseline = 110",
        'subject = "prioritet 1"\ntarget = 90\npartly = 80\nbaseline = 85',
    )
    kpis = {kpi_id: kpi.kpi for kpi_id, (_, kpi) in plugins.kpis().items()}
    goals = load_goals(goals_file(tmp_path, indicator), "mal.toml")
    problems = check_against_kpis(goals, kpis)
    assert [(Path(str(p.file)).name, p.column) for p in problems] == [
        ("mal.toml", "indikator 1 (subject)")
    ]
    assert "nyckeltalets typer: prioritet" in problems[0].message
    fixed = load_goals(goals_file(tmp_path, indicator.replace("prioritet 1", "prioritet:1")), "m")
    assert check_against_kpis(fixed, kpis) == []

"""Goals as data: the file's checks, the status rules and the Måluppfyllelse section."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPORTS
from htmltables import tables
from samverkan import InputError
from samverkan.follow_up.status import Status, Trend, indicator_status, roll_up, trend
from samverkan.plugins import Plugins, get_plugins
from samverkan.read.goals import check_against_kpis, load_goals
from samverkan.render.report import build_report

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
        "92\u00a0ärenden",
        "2018-12",
        "högst 80\u00a0ärenden (delvis: högst 100\u00a0ärenden)",
        "110\u00a0ärenden (2017)",
        "◐ delvis uppfyllt",
        "↘ förbättras mot 2018-11 (då 99\u00a0ärenden)",  # the number falls, which is better
    ]
    statuses = {r[6] for rows in found.values() for r in rows if len(r) == 10}
    assert {"✔ uppfyllt", "◐ delvis uppfyllt", "✖ ej uppfyllt"} <= statuses
    assert "EXEMPEL: målvärdena i denna målfil är exempel" in html


def test_every_purpose_of_the_example_has_two_indicators_from_the_area_plugins() -> None:
    goals = load_goals(REPORTS / GOALS, GOALS)
    assert len(goals.purposes) == 6
    for purpose in goals.purposes:
        assert sum(len(g.indicators) for g in purpose.goals) >= 2, purpose.id
    areas = {i.kpi_id.split(".")[0] for _, i in goals.indicators()}
    assert {"ekonomi", "it_vaxel", "personal"} <= areas


COMMENTS = "data/herrljunga-vargarda/kommentarer/2018-12"


def test_comments_are_markdown_next_to_the_goals_file(built_reports: dict[str, Path]) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    assert "Kommentar: Nämnden håller sin budget och prognostiserar säkert" in html
    assert "<strong>övriga kostnader</strong>" in html  # Markdown, rendered
    assert "kommentarer/2018-12/leverans.it_vaxel.sla.md" in html
    assert "Ej uppfyllt utan kommentar" not in html  # every red indicator is explained


def test_raw_html_in_a_comment_is_shown_as_text(examples: Path, plugins: Plugins) -> None:
    (examples / COMMENTS / "tillganglig.md").write_text("<script>alert(1)</script> *ok*", "utf-8")
    html = build_report(examples / f"{IT_DECEMBER}.toml", plugins).html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <em>ok</em>" in html


def test_a_red_indicator_without_comment_is_flagged_and_fails_strict(
    examples: Path, plugins: Plugins
) -> None:
    (examples / COMMENTS / "kom_igang.it_vaxel.ny_anvandare.md").unlink()
    definition = examples / f"{IT_DECEMBER}.toml"
    html = build_report(definition, plugins).html
    assert "Ej uppfyllt utan kommentar för 2018-12: kom_igang/it_vaxel.ny_anvandare." in html
    with pytest.raises(InputError, match="utan kommentar för 2018-12: kom_igang/it_vaxel"):
        build_report(definition, plugins, strict=True)


def test_a_comment_that_belongs_nowhere_is_an_error(examples: Path, plugins: Plugins) -> None:
    (examples / COMMENTS / "kom_igang.it_vaxel.sla.md").write_text("Fel indikator", "utf-8")
    with pytest.raises(InputError) as caught:
        build_report(examples / f"{IT_DECEMBER}.toml", plugins)
    problem = caught.value.problems[0]
    assert problem.column == "kommentarer/2018-12/kom_igang.it_vaxel.sla.md"
    assert "hör inte till något mål" in problem.message


def test_an_override_needs_a_comment_and_is_shown_as_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="en manuell status kräver en kommentar"):
        load_goals(goals_file(tmp_path, INDICATOR + 'override = "uppfyllt"\n'), "mal.toml")
    path = goals_file(
        tmp_path, INDICATOR + 'override = "uppfyllt"\noverride_comment = "Mätfel i november"\n'
    )
    assert load_goals(path, "mal.toml").indicators()[0][1].override == "uppfyllt"


def test_overridden_status_shows_beside_the_computed_one(examples: Path, plugins: Plugins) -> None:
    goals = examples / GOALS
    text = goals.read_text("utf-8")
    anchor = 'kpi = "it_vaxel.storningar"\n'
    override = anchor + 'override = "uppfyllt"\noverride_comment = "En störning var planerad."\n'
    goals.write_text(text.replace(anchor, override), "utf-8")
    html = build_report(examples / f"{IT_DECEMBER}.toml", plugins).html
    stable = next(
        r for t in tables(html) for r in t["rows"] if r[0].startswith("IT-tjänsterna är stabila")
    )
    assert stable[6] == "✔ uppfyllt (manuell; beräknad ◐ delvis uppfyllt)"
    assert "Motivering: En störning var planerad." in html


def test_the_action_plan_flags_overdue_activities(built_reports: dict[str, Path]) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    plan = next(t for t in tables(html) if t["caption"] == "Handlingsplan")
    states = {r[0]: r[5] for r in plan["rows"][1:]}
    # Deadline 2018-10-31, still "pågår" on 2018-12-31: overdue whatever its status says.
    assert states["Beställningsflöde för ny användare i e-tjänst"] == "⚠ försenad"
    assert states["Kunskapsdatabas för vanliga ärenden i servicedesken"] == "klar"
    assert states["Schemaläggning i växeln efter samtalstoppar"] == "pågår"
    assert "varav 1 försenad per 2018-12-31" in html


def test_activities_are_checked(tmp_path: Path) -> None:
    activity = (
        '\n[[activities]]\nwhat = "Ny rutin"\ngoal = "okant"\nowner = "IT-chef"\n'
        'start = 2018-05-01\ndeadline = 2018-04-01\nstatus = "snart"\n'
    )
    with pytest.raises(InputError) as caught:
        load_goals(goals_file(tmp_path, INDICATOR + activity), "mal.toml")
    messages = [p.message for p in caught.value.problems]
    assert "aktiviteten 'Ny rutin': okänt mål 'okant'" in messages
    assert "status ska vara en av: ej påbörjad, pågår, klar, försenad" in messages
    assert "aktiviteten 'Ny rutin' slutar före sin start" in messages


def test_the_effects_register_is_two_columns(built_reports: dict[str, Path]) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    effects = next(t for t in tables(html) if t["caption"] == "Upplevda effekter av samarbetet")
    assert effects["rows"][0] == ["Positiva effekter", "Negativa effekter"]
    assert effects["rows"][1][0].startswith("Förhöjd kompetens (upplevd)")
    assert effects["rows"][1][0].endswith("följs upp med Lösta i första linjen)")
    # Tabell 1 whole: five positive effects beside six negative ones, in the papers' order.
    assert [bool(r[0]) for r in effects["rows"][1:]] == [True] * 5 + [False]
    assert effects["rows"][5][1].startswith("Otydliga roller, otydligt mål och uppdrag")
    assert effects["rows"][6][1].startswith("Kommunerna har inte alltid en enad linje")


def test_the_first_screen_counts_the_goals_and_names_those_not_met(
    built_reports: dict[str, Path],
) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    start = html.index('id="svar-mal"')
    answer = html[start : html.index("</article>", start)]
    goals = [t for t in tables(html) if t["rows"][0][:2] == ["Mål", "Indikator"]]
    statuses = [str(r[6]) for t in goals for r in t["rows"][1:]]
    not_met = statuses.count("✖ ej uppfyllt")
    assert not_met > 0
    assert f"{not_met} ej uppfyllda" in answer
    assert answer.count("Ej uppfyllt: ") == not_met
    assert "Exempeldata" in answer  # the goals file is example goals
    assert (
        "Från nyanställning till fungerande dator är 14\u00a0dagar, målet är högst 5\u00a0dagar. "
        "Kommentar: <q>EXEMPEL (kommentar skriven för exempeldata). Beställningen av ny "
        "användare kommer ofta in samma vecka som anställningen börjar.</q></li>"
    ) in answer


def test_comments_outside_the_goals_folder_are_refused(examples: Path) -> None:
    goals = examples / GOALS
    goals.write_text(
        goals.read_text("utf-8").replace("example = true", 'example = true\ncomments = "../../.."'),
        "utf-8",
    )
    with pytest.raises(InputError, match="kommentarsmappen ska ligga i målfilens mapp"):
        load_goals(goals, GOALS)


def test_the_ekonomi_personal_board_follows_up_its_own_goals(
    built_reports: dict[str, Path],
) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-12"].read_text("utf-8")
    assert "Personalavdelningen håller sin budget (✖ ej uppfyllt)" in html
    assert "Personalcontroller som bro mellan personal och ekonomi" in html
    assert "⚠ försenad" in html
    assert "personalkostnaderna följs upp tillsammans med ekonomiavdelningen" in html


def test_the_year_end_answers_the_evaluations_questions_from_data(
    built_reports: dict[str, Path],
) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    table = next(t for t in tables(html) if t["caption"] == "Utvärderingens frågor")
    rows = table["rows"]
    mark = " Exempeldata"  # per row: what the row rests on
    assert [r[0].removesuffix(mark) for r in rows[1:]] == [
        "Finns det tydliga målvärden?",
        "Har en god styrning etablerats (roller, mandat, formell styrning)?",
        "Hur uppfattas servicen (yttre effektivitet)?",
        "Motsvarar nuläget målbilden?",
        "Vilka erfarenheter har gjorts?",
    ]
    assert rows[1][0].endswith(mark)  # example targets
    assert not rows[2][0].endswith(mark)  # the governance papers are real
    goals = [t for t in tables(html) if t["rows"][0][:2] == ["Mål", "Indikator"]]
    indicators = [r for t in goals for r in t["rows"][1:]]
    assert rows[1][1].startswith("Inte ännu: målvärdena är exempel.")
    assert f"{len(indicators)} indikatorer med målvärde" in rows[1][1]
    # Governance from [governance], each item cited; what the papers do not state is missing.
    assert "Avtal: Överenskommelse om gemensam servicenämnd" in rows[2][1]
    assert "Ordförande: Johnny Carlsson (C)" in rows[2][1]
    assert "Sammanträden 2018: 1; beslut registrerade: 0." in rows[2][1]
    assert "Kallelse till Servicenämnd IT/Växel/Telefoni 2018-05-14" in rows[2][2]
    assert rows[2][3] == "nämndens beslut"
    outer = [r for r in indicators if r[8] == "yttre effektivitet"]
    assert rows[3][1].startswith(f"Av {len(outer)}: ")
    # Example targets are missing decided ones: never "inget" where the goals are examples.
    for row in (rows[1], rows[3], rows[4]):
        assert "målvärden beslutade av nämnden" in row[3]
    assert all(r[3] for r in rows[1:])  # every answer says what is missing, or "inget"


def test_a_kpi_with_no_better_direction_is_neutral_and_cannot_be_a_goal(
    examples: Path, built_reports: dict[str, Path]
) -> None:
    html = built_reports[IT_DECEMBER].read_text("utf-8")
    assert "Nya ärenden (ärenden, ingen riktning är bättre)" in html
    goals = examples / GOALS
    text = goals.read_text("utf-8")
    goals.write_text(text.replace('kpi = "it_vaxel.storningar"', 'kpi = "it_vaxel.inflode"', 1))
    declared = {kpi_id: kpi.kpi for kpi_id, (_, kpi) in get_plugins().kpis().items()}
    problems = check_against_kpis(load_goals(goals, GOALS), declared)
    assert [p.column for p in problems if "ingen riktning som är bättre" in p.message]


def test_the_evaluation_says_what_each_answer_lacks(built_reports: dict[str, Path]) -> None:
    html = built_reports["servicenamnd-ekonomi-personal-2018-12"].read_text("utf-8")
    rows = next(t for t in tables(html) if t["caption"] == "Utvärderingens frågor")["rows"]
    assert rows[2][3] == "nämndens sammanträden och nämndens beslut"  # not in the papers
    assert "en användarenkät" in rows[3][3]  # this board has no survey

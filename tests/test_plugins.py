from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

import samverkan_ekonomi
from conftest import EXAMPLES
from samverkan import KPI, Direction, KPIType, PluginError, Reader, SectionType, hookimpl
from samverkan.api import Answer, AnswerType, Line
from samverkan.cli.app import main
from samverkan.compose.registry import Highlight, HighlightType, ReportContext
from samverkan.plugins import Plugins, get_plugins
from samverkan.render.report import build_report

HERE = Path(__file__).parent


def test_hook_samverkan_register_readers_finds_installed_and_built_in_readers() -> None:
    readers = get_plugins().readers()
    assert readers["ekonomi.resultatrakning"][0] == "ekonomi"
    assert readers["population"][0] == "samverkan.drivers"


def test_hook_samverkan_register_sections_remembers_the_plugin() -> None:
    sections = get_plugins().sections()
    assert sections["ekonomi.resultatrakning"][0] == "ekonomi"
    assert sections["allocation"][0] == "samverkan.allocation"


def test_hook_samverkan_register_allocation_methods_has_population_and_even() -> None:
    methods = get_plugins().allocation_methods()
    assert set(methods) >= {"population", "even"}


def test_hook_samverkan_register_kpis_computes_every_kpi_once(plugins: Plugins) -> None:
    kpis = plugins.kpis()
    assert {
        "ekonomi.budgetavvikelse",
        "ekonomi.prognossakerhet",
        "ekonomi.investeringsgrad",
    } <= set(kpis)
    assert {plugin for plugin, _ in kpis.values()} == {
        "ekonomi",
        "it_vaxel",
        "kolada",
        "personal",
        "samverkan.enkat",
    }
    # A KPI id starts with its plugin's name (a built-in's without the "samverkan." prefix).
    assert all(
        kpi_id.startswith(f"{plugin.removeprefix('samverkan.')}.")
        for kpi_id, (plugin, _) in kpis.items()
    )


def test_a_kpi_that_returns_foreign_rows_is_refused(examples: Path) -> None:
    class Liar:
        @hookimpl
        def samverkan_register_kpis(self, register: Callable[[KPIType], None]) -> None:
            kpi = KPI("liar.kpi", "Lögn", "st", Direction.LOWER_IS_BETTER, "liar", "x", "y")

            def compute(ctx: ReportContext) -> pl.DataFrame:
                return pl.DataFrame(
                    {
                        "kpi_id": ["other"],
                        "unit": [ctx.unit.id],
                        "period": ["2018"],
                        "value": [1.0],
                        "source": ["s"],
                        "origin": ["o"],
                    }
                )

            register(KPIType(kpi, compute))

    plugins = get_plugins(extra=[("liar", Liar())])
    with pytest.raises(PluginError, match=r"liar\.kpi: 1 rader har ett annat kpi_id"):
        build_report(examples / EXAMPLES[0].name, plugins, strict=True)
    # Without --strict the rest is built and the refusal is listed with the data-quality notes.
    html = build_report(examples / EXAMPLES[0].name, plugins).html
    assert "Nyckeltalet liar.kpi kunde inte beräknas: Pluginet &#39;liar&#39; misslyckades" in html


def test_a_failing_highlight_is_noted_unless_strict(examples: Path) -> None:
    class Broken:
        @hookimpl
        def samverkan_register_highlights(self, register: Callable[[HighlightType], None]) -> None:
            register(HighlightType("broken.changes", lambda ctx: 1 / 0))

    plugins = get_plugins(extra=[("broken", Broken())])
    html = build_report(examples / EXAMPLES[0].name, plugins).html
    assert "Förändringarna från broken.changes kunde inte beräknas" in html
    assert "ZeroDivisionError" in html
    with pytest.raises(PluginError, match="samverkan_register_highlights: ZeroDivisionError"):
        build_report(examples / EXAMPLES[0].name, plugins, strict=True)


def test_hook_samverkan_register_highlights_ranks_the_largest_changes(
    examples: Path, plugins: Plugins
) -> None:
    class Loud:
        @hookimpl
        def samverkan_register_highlights(self, register: Callable[[HighlightType], None]) -> None:
            register(
                HighlightType(
                    "loud.changes",
                    lambda ctx: [
                        Highlight("störst <b>först</b>", 10**12, better=False),
                        Highlight("liten", 1.0, better=True),
                    ],
                )
            )

    assert "ekonomi.prognosforandringar" in plugins.highlights()
    html = build_report(examples / EXAMPLES[0].name, get_plugins(extra=[("loud", Loud())])).html
    first = html.index('id="svar-andringar"')
    assert html.index("störst &lt;b&gt;först&lt;/b&gt;", first) < html.index("liten", first)
    assert '<li class="tone-bad"><span class="tone-mark" aria-hidden="true">✖</span> störst' in html


def test_hook_samverkan_register_answers_adds_sentences_to_its_question(
    examples: Path, plugins: Plugins
) -> None:
    def broken(ctx: ReportContext) -> Answer:
        raise ValueError("inga siffror")

    class Gains:
        @hookimpl
        def samverkan_register_answers(self, register: Callable[[AnswerType], None]) -> None:
            register(
                AnswerType(
                    "gains.first",
                    "vinst",
                    lambda ctx: Answer(
                        [Line("Vår <b>vinst</b>", member="1466", tone="good")],
                        evidence="allocation",
                        example_data=True,
                    ),
                    order=1,
                )
            )
            register(AnswerType("gains.broken", "vinst", broken))

    assert "samverkansvinst" in plugins.answers()
    built = build_report(examples / EXAMPLES[0].name, get_plugins(extra=[("gains", Gains())]))
    start = built.html.index('id="svar-vinst"')
    answer = built.html[start : built.html.index("</article>", start)]
    first = answer.index('<li class="tone-good" data-member="1466">')
    assert answer.index("Vår &lt;b&gt;vinst&lt;/b&gt;") > first  # escaped, and first by order
    assert '<span class="example-mark">Exempeldata</span>' in answer
    assert '<a href="#allocation">' in answer
    assert (
        "Sammanfattningens svar gains.broken kunde inte beräknas: Pluginet &#39;gains&#39; "
        "misslyckades i samverkan_register_answers: ValueError: inga siffror"
    ) in built.html
    with pytest.raises(PluginError, match="inga siffror"):
        build_report(
            examples / EXAMPLES[0].name, get_plugins(extra=[("gains", Gains())]), strict=True
        )


def test_entry_points_are_listed_with_distribution_version_requirement_and_ids() -> None:
    info = {i.name: i for i in get_plugins().describe()}
    assert info["ekonomi"].origin == "samverkan-ekonomi"
    assert info["ekonomi"].version == samverkan_ekonomi.__version__
    assert info["ekonomi"].requires == "samverkan<1,>=0.2"
    assert "samverkan_register_readers" in info["ekonomi"].hooks
    assert "ekonomi.sie" in info["ekonomi"].registered["readers"]
    assert info["samverkan.allocation"].registered["allocation_methods"] == (
        "even",
        "fixed",
        "population",
        "usage",
    )


def test_samverkan_plugins_lists_every_registered_id_also_as_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plugins"]) == 0
    text = capsys.readouterr().out
    assert (
        "    läsare: it_vaxel.arenden, it_vaxel.projekt, it_vaxel.storningar, it_vaxel.vaxel"
        in text
    )
    assert "    fördelningsmetoder: even, fixed, population, usage" in text
    assert main(["plugins", "--json"]) == 0
    listed = {p["name"]: p for p in json.loads(capsys.readouterr().out)}
    assert listed["kolada"]["registered"]["commands"] == ["kolada"]
    assert "personal.sjukfranvaro" in listed["personal"]["registered"]["kpis"]


def test_disable_plugins_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_DISABLE_PLUGINS", "ekonomi, samverkan.allocation")
    plugins = get_plugins()
    assert "ekonomi.resultatrakning" not in plugins.readers()
    assert "allocation" not in plugins.sections()
    assert "population" in plugins.readers()


def test_entry_points_can_be_skipped() -> None:
    assert "ekonomi.resultatrakning" not in get_plugins(load_entrypoints=False).readers()


def test_an_installed_plugin_passed_again_is_registered_once() -> None:
    """samverkan.testing's samverkan_plugins(mine, entrypoints=True) with mine installed: pluggy
    refused the module under a second name (ValueError); it stays under its entry-point name."""
    extra = [("samverkan_ekonomi", samverkan_ekonomi)]
    plugins = get_plugins(extra=extra)
    assert plugins.readers()["ekonomi.resultatrakning"][0] == "ekonomi"
    assert "it_vaxel.arenden" in plugins.readers()
    alone = get_plugins(load_entrypoints=False, extra=extra)
    assert alone.readers()["ekonomi.resultatrakning"][0] == "samverkan_ekonomi"
    assert "it_vaxel.arenden" not in alone.readers()


def test_plugins_directory_adds_one_off_plugins() -> None:
    plugins = get_plugins(plugins_dir=HERE / "plugins_dir")
    assert plugins.sections()["local.hello"][0] == "local_hello"


def test_a_plugin_that_raises_is_named_with_its_hook() -> None:
    class Broken:
        @hookimpl
        def samverkan_register_readers(self, register: Callable[[Reader], None]) -> None:
            raise RuntimeError("kaputt")

    with pytest.raises(PluginError) as caught:
        get_plugins(extra=[("trasig", Broken())]).readers()
    assert caught.value.plugin == "trasig"
    assert caught.value.hook == "samverkan_register_readers"
    assert "kaputt" in str(caught.value)


def test_registering_the_wrong_type_is_refused() -> None:
    class Wrong:
        @hookimpl
        def samverkan_register_sections(self, register: Callable[[object], None]) -> None:
            register("allocation")

    with pytest.raises(PluginError, match="registrerade str, väntade SectionType"):
        get_plugins(extra=[("fel", Wrong())]).sections()


def test_duplicate_ids_name_both_plugins() -> None:
    class Twin:
        @hookimpl
        def samverkan_register_sections(self, register: Callable[[SectionType], None]) -> None:
            register(SectionType(id="allocation", title="Igen", build=lambda ctx: []))

    with pytest.raises(PluginError, match=r"redan registrerad av 'samverkan\.allocation'"):
        get_plugins(extra=[("tvilling", Twin())]).sections()


def test_a_misspelled_hook_is_caught_at_load() -> None:
    class Typo:
        @hookimpl
        def samverkan_register_reader(self, register: object) -> None:
            """Missing the final s."""

    with pytest.raises(PluginError) as caught:
        get_plugins(extra=[("stavfel", Typo())])
    assert caught.value.plugin == "stavfel"


def test_a_section_that_fails_is_shown_unless_strict(examples: Path) -> None:
    class Failing:
        @hookimpl
        def samverkan_register_sections(self, register: Callable[[SectionType], None]) -> None:
            def build(ctx: object) -> list[object]:
                raise ZeroDivisionError("division by zero")

            register(SectionType(id="failing.section", title="Trasig", build=build))

    definition = examples / EXAMPLES[0].name
    text = definition.read_text("utf-8")
    definition.write_text(text.replace("sections = [", 'sections = [\n    "failing.section",'))
    plugins = get_plugins(extra=[("failing", Failing())])
    report = build_report(definition, plugins)
    assert "Avsnittet kunde inte beräknas" in report.html
    assert "Pluginet &#39;failing&#39; misslyckades" in report.html
    assert "ZeroDivisionError" in report.html
    assert "10\u00a0307" in report.html  # the rest of the report is still built
    with pytest.raises(PluginError, match="failing"):
        build_report(definition, plugins, strict=True)


def test_trace_logs_every_hook_call(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SAMVERKAN_TRACE_PLUGINS", "1")
    caplog.set_level("INFO", logger="samverkan.plugins")
    get_plugins().readers()
    assert any("samverkan_register_readers → plugin ekonomi" in r.message for r in caplog.records)

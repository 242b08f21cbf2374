"""A partial plotly.js: used only when it draws every figure of a report, else the full one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import plotly.offline
import pytest

from conftest import EXAMPLES
from example_builds import ExampleBuilds
from samverkan import InputError
from samverkan.render import plotly_bundle
from samverkan.render.pdf import wait_until_drawn
from samverkan.render.report import write_report

VERSION = plotly.offline.get_plotlyjs_version()


def fake(tmp_path: Path, traces: str, version: str = VERSION) -> Path:
    path = tmp_path / "partial.js"
    path.write_text(
        f"/* samverkan plotly.js partial bundle {version}: {traces} */\nwindow.Plotly = {{}};",
        "utf-8",
    )
    return path


def test_a_bundle_serves_only_reports_whose_traces_it_draws(tmp_path: Path) -> None:
    partial = plotly_bundle.load(fake(tmp_path, "bar,heatmap"))
    assert plotly_bundle.choose({"bar", "scatter"}, partial) is partial
    assert plotly_bundle.choose({"bar", "pie"}, partial).traces is None  # the full bundle
    assert plotly_bundle.choose({"bar"}, None).text == plotly.offline.get_plotlyjs()


def test_a_file_that_is_no_bundle_or_for_another_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="bygg det igen med samverkan plotly-bundle"):
        plotly_bundle.load(fake(tmp_path, "bar", "1.0.0"))
    other = tmp_path / "other.js"
    other.write_text("var Plotly = {};", "utf-8")
    with pytest.raises(InputError, match="inget plotly-paket"):
        plotly_bundle.load(other)


def test_a_report_needing_a_trace_the_bundle_lacks_gets_the_full_one(
    tmp_path: Path, example_builds: ExampleBuilds
) -> None:
    partial = plotly_bundle.load(fake(tmp_path, "bar"))  # no heatmap, sunburst, waterfall
    html = example_builds.report(EXAMPLES[0], plotly_bundle=partial).html
    assert plotly.offline.get_plotlyjs() in html
    assert "partial bundle" not in html


@pytest.fixture(scope="session")
def built_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real partial bundle, fetched from the npm registry (20 s); skipped without npm."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed (apt-get install npm)")
    return plotly_bundle.build(tmp_path_factory.mktemp("plotly") / "partial.min.js")


@pytest.mark.browser
def test_the_partial_bundle_draws_every_figure_in_a_report_under_2_mb(
    browser: Any, built_bundle: Path, example_builds: ExampleBuilds, tmp_path: Path
) -> None:
    partial = plotly_bundle.load(built_bundle)
    errors: list[str] = []
    for definition in EXAMPLES:
        report = example_builds.report(definition, plotly_bundle=partial)
        assert partial.text in report.html
        assert len(report.html.encode("utf-8")) <= 2_000_000
        path = write_report(report, tmp_path)[0]
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        wait_until_drawn(page)
        assert page.locator(".main-svg").count() >= page.locator("[data-figure]").count()
        page.close()
    assert errors == []

"""Fixtures shared by the core's tests: the example definitions, built reports, a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import sync_playwright

from example_builds import ExampleBuilds, shared_folder
from samverkan.model.text import Lang
from samverkan.plugins import Plugins, get_plugins
from samverkan.render.pdf import CHROMIUM_ARGS  # the browser the PDF uses, as tested
from samverkan.render.report import write_report

# Timings say nothing on a loaded machine (performance is measured in bench/): no deadline.
settings.register_profile("samverkan", deadline=None)
settings.load_profile("samverkan")

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
EXAMPLES = sorted(REPORTS.glob("*.toml"))


@pytest.fixture(scope="session")
def plugins() -> Plugins:
    return get_plugins()


@pytest.fixture(scope="session")
def example_builds(tmp_path_factory: pytest.TempPathFactory, plugins: Plugins) -> ExampleBuilds:
    """The bundled examples, each read once per test run (:mod:`example_builds`)."""
    return ExampleBuilds(plugins, shared_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def built_reports(
    tmp_path_factory: pytest.TempPathFactory, example_builds: ExampleBuilds
) -> dict[str, Path]:
    """Every bundled example report, built once per test session: report id → HTML path."""
    return _write_all(tmp_path_factory.mktemp("reports"), example_builds, None)


@pytest.fixture(scope="session")
def built_reports_en(
    tmp_path_factory: pytest.TempPathFactory, example_builds: ExampleBuilds
) -> dict[str, Path]:
    """Every bundled example report in English, built once per test session."""
    return _write_all(tmp_path_factory.mktemp("reports-en"), example_builds, "en")


def _write_all(out: Path, builds: ExampleBuilds, lang: Lang | None) -> dict[str, Path]:
    builds.prepare_all(EXAMPLES)
    built = {}
    for definition in EXAMPLES:
        report = builds.report(definition, lang)
        built[report.definition.id] = write_report(report, out)[0]
    return built


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("SAMVERKAN_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium through Playwright; missing Chromium fails under CI's flag."""
    executable = _chromium()
    if executable is None:
        if os.environ.get("SAMVERKAN_REQUIRE_BROWSER"):
            pytest.fail("Chromium saknas men SAMVERKAN_REQUIRE_BROWSER är satt")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def copy_examples(target: Path) -> Path:
    """Copy reports/ (definitions and data) to ``target``; return the copied folder."""
    shutil.copytree(REPORTS, target / "reports")
    return target / "reports"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A private copy of reports/ that a test may change."""
    return copy_examples(tmp_path)


@pytest.fixture
def artifacts() -> Path:
    """A folder kept after the run for screenshots (test-artifacts/, ignored by git)."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder

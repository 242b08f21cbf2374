"""The hook reference is the hookspecs' docstrings; every hook must be in it and documented."""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import plotly.offline
import polars as pl
import pytest

from conftest import ROOT
from example_builds import ExampleBuilds
from samverkan import Period, Source, api, hookspecs
from samverkan.cli.app import COMMANDS
from samverkan.cli.newplugin import create_plugin
from samverkan.compose.prepare import prepare
from samverkan.plugins import get_plugins
from samverkan.read.definition import load_definition
from samverkan.read.registry import ReadContext
from samverkan.render.report import build_report
from samverkan_personal.staff import TABLE, read_staff

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("samverkan_"))
REFERENCE = (ROOT / "docs" / "reference" / "hooks.md").read_text("utf-8")


def test_the_plugin_manager_knows_exactly_the_documented_hooks() -> None:
    pm = get_plugins(load_entrypoints=False).pm
    specs = sorted(name for name in dir(pm.hook) if name.startswith("samverkan_"))
    assert specs == HOOKS
    assert set(re.findall(r"\.\. hook:: (\w+)", REFERENCE)) == set(HOOKS)


def test_every_name_of_the_plugin_api_is_on_its_reference_page() -> None:
    page = (ROOT / "docs" / "reference" / "plugin-api.md").read_text("utf-8")
    documented = set(re.findall(r"\.\. (?:auto\w+|py:data):: samverkan\.api\.(\w+)", page))
    assert documented == set(api.__all__)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_docstring_documents_every_argument(name: str) -> None:
    spec = getattr(hookspecs, name)
    doc = inspect.getdoc(spec) or ""
    assert len(doc.splitlines()[0]) > 10, f"{name} needs a summary line"
    for argument in inspect.signature(spec).parameters:
        assert f":param {argument}:" in doc, f"{name} does not document {argument}"
    assert f"autofunction:: samverkan.hookspecs.{name}" in REFERENCE


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_test(name: str) -> None:
    tests = "\n".join(p.read_text("utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    assert f"def test_hook_{name}" in tests, f"no test named test_hook_{name}_…"


def _docs_extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "samverkan_docs_data", ROOT / "docs" / "_ext" / "samverkan_docs_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_kpi_catalogue_lists_exactly_the_installed_kpis() -> None:
    rows = _docs_extension().kpi_rows()
    assert [r[0] for r in rows] == sorted(get_plugins().kpis())
    assert all(r[1] and r[2] and r[3] and r[5] for r in rows)


def test_cli_reference_covers_every_command() -> None:
    documented = {command for command, _ in _docs_extension().cli_help()}
    core = {f"samverkan {c}" for c in COMMANDS}
    assert core | {"samverkan", "samverkan kolada", "samverkan kolada fetch"} == documented


def _docs_with_shared_builds(example_builds: ExampleBuilds) -> ModuleType:
    """The docs extension, its example reports the session's (the same build, made once)."""
    docs = _docs_extension()
    docs._example = lambda definition: example_builds.report(ROOT / "reports" / definition)
    return docs


def test_every_figure_the_docs_show_comes_from_an_example_report(
    example_builds: ExampleBuilds,
) -> None:
    docs = _docs_with_shared_builds(example_builds)
    pattern = re.compile(r"```\{samverkan-figure\} (\S+)\n:section: (\S+)\n:index: (\d+)")
    shown = [m for page in (ROOT / "docs").rglob("*.md") for m in pattern.findall(page.read_text())]
    assert len(shown) >= 3
    for definition, section, index in shown:
        caption, source, spec = docs.example_figure(definition, section, int(index))
        assert caption
        assert source
        assert '"data": [{' in spec
        assert "</script" not in spec


def test_the_payroll_how_to_example_is_a_file_the_reader_accepts(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "howto" / "export-payroll-data.md").read_text("utf-8")
    example = re.search(r"```text\n(.*?)```", page, re.DOTALL)
    assert example is not None
    path = tmp_path / "personal.csv"
    path.write_text(example[1], "utf-8")
    unit = load_definition(ROOT / "reports" / "servicenamnd-ekonomi-personal-2018-12.toml").unit
    result = read_staff(
        Source("personal.anstallda", path, path.name, "how-to"),
        ReadContext(unit, Period.parse("2018-12")),
    )
    staff = result.extras[TABLE]
    assert staff.select("municipality", "headcount", "sick_long_hours_x100").rows() == [
        ("1442", 164, 51240)
    ]


@pytest.mark.browser
def test_a_docs_figure_draws_as_in_the_report(
    browser: Any, tmp_path: Path, example_builds: ExampleBuilds
) -> None:
    """The markup and scripts a docs page holds, opened in Chromium: Swedish numbers with
    true minus signs, as in the report (the docs load the report's own minus.js)."""
    docs = _docs_with_shared_builds(example_builds)
    caption, source, spec = docs.example_figure(
        "servicenamnd-ekonomi-personal-2018-04.toml", "ekonomi-avvikelser", 1
    )
    page_html = tmp_path / "page.html"
    page_html.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<script>{plotly.offline.get_plotlyjs()}</script><script>{docs.figure_script()}</script>"
        f"</head><body>{docs.figure_markup('fig', caption, source, spec)}</body></html>",
        "utf-8",
    )
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_html.as_uri())
    page.wait_for_function("document.querySelector('#fig text.bartext')")
    labels = page.locator("#fig text.bartext").all_text_contents()
    assert "\u2212150" in labels, labels
    assert not any(t.startswith("-") for t in labels), labels
    assert any("\u00a0" in t for t in page.locator("#fig .ytick text").all_text_contents())
    assert errors == []
    page.close()


def load_example_plugin() -> ModuleType:
    path = ROOT / "docs" / "examples" / "lokalvard" / "samverkan_lokalvard.py"
    spec = importlib.util.spec_from_file_location("samverkan_lokalvard", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_usage_key_how_to_works_as_written(examples: Path) -> None:
    """The how-to's plugin, data and definition snippet, in the April report."""
    page = (ROOT / "docs" / "howto" / "usage-key-from-a-plugin.md").read_text("utf-8")
    snippet = re.search(r"```toml\n(.*?)```", page, re.DOTALL)
    assert snippet is not None
    source, allocation = snippet[1].split("[allocation]\n")
    data = ROOT / "docs" / "examples" / "lokalvard" / "stadtimmar-exempeldata.csv"
    (examples / "data" / data.name).write_bytes(data.read_bytes())
    definition = examples / "servicenamnd-ekonomi-personal-2018-04.toml"
    text = definition.read_text("utf-8")
    head, _, tail = text.partition("[allocation]\n")
    tail = tail[tail.index("coalitions") :]  # the definition's own keys give way to the how-to's
    definition.write_text(
        head.replace("[[sources]]", source + "[[sources]]", 1)
        + "[allocation]\n"
        + allocation
        + tail,
        "utf-8",
    )
    plugins = get_plugins(extra=[("lokalvard", load_example_plugin())])
    prepared = prepare(definition, plugins.registered(), strict=True)
    assert prepared.allocation is not None
    weights = dict(prepared.allocation.weights.select("municipality", "quantity").iter_rows())
    assert weights == {"1442": Decimal("6.75"), "1466": Decimal("4.25")}  # 2017 left out
    rooms = prepared.observations.filter(pl.col("kpi_id") == "lokalvard.timmar_per_lokal")
    assert dict(rooms.select("subject", "value").iter_rows()) == {
        "lokal:Biblioteket": 0.75,
        "lokal:Kommunhuset": 6.75,
        "lokal:Stadshuset": 3.5,
    }
    html = build_report(definition, plugins, strict=True).html
    assert "Fördelningsnyckel: Nyttjande (städtimmar, januari–april 2018)" in html
    # The lead names the hours' time in the key, not the compared population key's date.
    assert "efter nyttjande (städtimmar, januari–april 2018)." in html
    assert "4,25" in html
    assert "Nyttjande (stadtimmar)" not in html


def test_the_testing_how_to_example_suite_passes() -> None:
    """docs/examples/lokalvard/test_lokalvard.py, run as a plugin author runs their tests."""
    folder = ROOT / "docs" / "examples" / "lokalvard"
    env = {**os.environ, "PYTHONPATH": str(folder)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_lokalvard.py"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 passed" in run.stdout


def test_every_kpi_a_page_lists_is_registered() -> None:
    """The KPI tables of the area pages name only KPIs a plugin registers (a page listed
    ekonomi.nettokostnad_per_invanare, which none did)."""
    registered = set(get_plugins().kpis())
    named = set()
    for page in sorted((ROOT / "docs" / "explanation").glob("*.md")):
        text = page.read_text("utf-8")
        for section in re.findall(r"^## KPIs.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL):
            for row in re.findall(r"^\| (`[^|]+`) \|", section, re.MULTILINE):
                named |= set(re.findall(r"`([a-z_]+\.[a-z0-9_]+)`", row))
    assert named
    assert sorted(named - registered) == []


def test_the_tutorial_shows_the_files_new_plugin_writes(tmp_path: Path) -> None:
    """docs/tutorials/write-a-plugin.md holds the scaffold's files as plain Markdown (readable
    in a clone, before any docs build), each exactly as `samverkan new-plugin vatten` writes
    it."""
    page = (ROOT / "docs" / "tutorials" / "write-a-plugin.md").read_text("utf-8")
    block = r"^`samverkan-vatten/([^`]+)`:\n\n```\w+\n(.*?)^```$"
    shown = dict(re.findall(block, page, re.MULTILINE | re.DOTALL))
    written = create_plugin("vatten", tmp_path, "Vattenprover")
    made = {p.relative_to(tmp_path / "samverkan-vatten").as_posix(): p for p in written}
    assert set(shown) == set(made) - {"README.md"}
    for name, text in shown.items():
        assert text == made[name].read_text("utf-8"), f"the tutorial's {name} differs"
    assert "_generated" not in page

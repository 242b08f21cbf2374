"""The shape of the code, as tests: the core laid out by stage with data flowing one way, no
import cycle (TYPE_CHECKING imports included), and plugins on the public API only."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT
from samverkan import api

CORE = ROOT / "src" / "samverkan"
LAYERS = (
    ("samverkan.model", "samverkan.errors"),
    ("samverkan.read",),
    ("samverkan.allocate",),
    ("samverkan.measure",),
    ("samverkan.follow_up",),
    ("samverkan.compose",),
    ("samverkan.hookspecs", "samverkan.plugins"),
    ("samverkan.render",),
    ("samverkan.api", "samverkan.builtin", "samverkan"),
    ("samverkan.cli", "samverkan.__main__"),
    ("samverkan.testing",),  # a plugin's tests use every stage, the command line too
)
"""The stages in order: a module may import from its own layer and the layers above it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports(path: Path) -> set[str]:
    """Every samverkan module ``path`` imports, under ``TYPE_CHECKING`` too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "samverkan":
                found.add(node.module)
                # ``from samverkan import hookspecs`` imports the module samverkan.hookspecs.
                found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "samverkan"}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in CORE.rglob("*.py")}
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for target in imports(path):
            if target in modules and target != name:
                edges[name].add(target)
    return edges


def layer(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def test_no_stage_reaches_back_into_a_later_one() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in targets
        if layer(target) > layer(source) and target != "samverkan"
    ]
    assert wrong == []


def test_there_is_no_import_cycle_not_even_under_type_checking() -> None:
    edges = graph()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*trail, node, target]
            if state.get(target) is None and (cycle := visit(target, [*trail, node])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(edges):
        if state.get(start) is None:
            assert visit(start, []) is None


def test_a_module_imported_by_name_from_its_package_is_seen() -> None:
    assert "samverkan.hookspecs" in graph()["samverkan.plugins"]


def test_the_top_level_holds_only_the_model_hooks_facade_errors_and_api() -> None:
    top = {p.name for p in CORE.iterdir() if not p.name.startswith(("_", "."))}
    stages = {"model", "read", "measure", "allocate", "follow_up", "compose", "render", "cli"}
    allowed = {"api.py", "errors.py", "hookspecs.py", "plugins.py", "testing", "builtin"}
    assert top == stages | allowed | {"py.typed"}


PLUGIN_CODE = sorted(
    [
        *ROOT.glob("plugins/*/src/**/*.py"),
        *ROOT.glob("docs/examples/**/samverkan_*.py"),
        *(CORE / "cli" / "scaffold" / "src").rglob("*.tmpl"),
    ]
)


@pytest.mark.parametrize("path", PLUGIN_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugins_import_samverkan_only_through_its_api(path: Path) -> None:
    text = path.read_text("utf-8").replace("$name", "demo")
    used = {m for m in imports_of_text(text) if not m.startswith("samverkan_")}
    assert used <= {"samverkan.api"}, f"{path.name} imports {sorted(used)}"


PLUGIN_TESTS = sorted(ROOT.glob("plugins/*/tests/**/*.py"))


@pytest.mark.parametrize("path", PLUGIN_TESTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_bundled_plugins_test_through_the_api_and_the_testing_helpers(path: Path) -> None:
    # What a plugin's own tests may use is what an outside author's may: a bundled plugin's
    # test reaching into the core would hide what samverkan.testing lacks.
    used = {m for m in imports_of_text(path.read_text("utf-8")) if not m.startswith("samverkan_")}
    assert used <= {"samverkan.api", "samverkan.testing"}, f"{path.name} imports {sorted(used)}"


def imports_of_text(text: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("samverkan"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("samverkan")}
    return found


def test_the_api_exports_exactly_what_it_names() -> None:
    assert sorted(api.__all__) == sorted(set(api.__all__))
    for name in api.__all__:
        assert hasattr(api, name), name


PLOTLY_USE = re.compile(r"^\s*(?:import plotly|from plotly)|go\.Figure", re.MULTILINE)
"""Code that uses plotly (an import of it, a figure built); naming the render stage's
plotly_bundle module is not."""


def test_no_figure_is_built_outside_the_render_package() -> None:
    builders = [
        str(p.relative_to(ROOT))
        for p in [*CORE.rglob("*.py"), *ROOT.glob("plugins/*/src/**/*.py")]
        if PLOTLY_USE.search(p.read_text("utf-8"))
        and "render" not in p.relative_to(CORE.parent).parts
    ]
    assert builders == []

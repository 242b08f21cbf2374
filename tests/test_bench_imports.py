"""Every bench module imports, and every script a bench runs in a fresh process names modules
and objects that exist: the bench broke once when the core moved a module under it, and
`nox -s bench` is not part of the test suite."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
MODULES = sorted(p.stem for p in BENCH.glob("*.py"))


@pytest.fixture(autouse=True)
def _bench_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))  # as bench/run.py puts its folder first


@pytest.mark.parametrize("module", MODULES)
def test_bench_module_imports(module: str) -> None:
    loaded = importlib.import_module(module)  # fails where a module it imports has moved
    assert Path(loaded.__file__ or "").resolve() == BENCH / f"{module}.py"


def _scripts(module: str) -> list[str]:
    """The strings holding Python (the scripts run with ``python -c``); the pieces of an
    f-string are not scripts on their own."""
    out = []
    tree = ast.parse((BENCH / f"{module}.py").read_text(encoding="utf-8"))
    pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value if id(node) not in pieces else ""
            if "\nimport " in text or "\nfrom " in text:
                out.append(text)
    return out


@pytest.mark.parametrize("module", MODULES)
def test_bench_scripts_import_what_exists(module: str) -> None:
    for script in _scripts(module):
        for node in ast.walk(ast.parse(script)):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(imported, alias.name), f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    importlib.import_module(alias.name)


def test_every_bench_module_is_found() -> None:
    assert {"run", "sie_bench", "scale_bench"} <= set(MODULES)

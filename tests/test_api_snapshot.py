"""The plugin API cannot drift: every name ``samverkan.api`` and ``samverkan.testing`` export,
with its signature (and each class's public fields and methods, each fixture's arguments), is
written in ``tests/api_snapshot.txt``. A change to the API is a change to that file in the same
commit, with an entry in CHANGELOG.md.

To accept a deliberate change: ``python tests/test_api_snapshot.py > tests/api_snapshot.txt``.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import re
from pathlib import Path
from types import ModuleType

from samverkan import api, testing

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "api_snapshot.txt"
ROOT = HERE.parent


def _signature(obj: object) -> str:
    try:
        return str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "(…)"


def describe(name: str, module: ModuleType = api) -> list[str]:
    """One line for a function, fixture or value, and one more per public member of a class."""
    obj = getattr(module, name)
    if hasattr(obj, "__wrapped__") and not inspect.isfunction(obj):  # a pytest fixture
        return [f"fixture {name}{_signature(obj)}"]
    if inspect.isclass(obj):
        lines = [f"class {name}{_signature(obj)}"]
        for member, value in sorted(vars(obj).items()):
            if member.startswith("_"):
                continue
            if isinstance(value, property):
                lines.append(f"    .{member}: property")
            elif isinstance(value, classmethod | staticmethod):
                lines.append(f"    .{member}{_signature(value.__func__)}")
            elif inspect.isfunction(value):
                lines.append(f"    .{member}{_signature(value)}")
        return lines
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return [f"def {name}{_signature(obj)}"]
    if name == "API_VERSION":
        return [f"{name} = {obj!r}"]
    return [f"{name}: {type(obj).__name__}"]


def current() -> str:
    lines = [line for name in sorted(api.__all__) for line in describe(name)]
    lines.append("# samverkan.testing")
    lines += [line for name in sorted(testing.__all__) for line in describe(name, testing)]
    return "".join(f"{line}\n" for line in lines)


def test_the_api_is_exactly_its_snapshot() -> None:
    assert current() == SNAPSHOT.read_text("utf-8"), (
        "samverkan.api or samverkan.testing changed: if deliberate, regenerate "
        "tests/api_snapshot.txt (python tests/test_api_snapshot.py > tests/api_snapshot.txt) "
        "and say what changed "
        "for plugin authors in CHANGELOG.md"
    )


def test_the_snapshot_and_the_changelog_name_the_api_version() -> None:
    assert f"## Unreleased ({api.API_VERSION})" in (ROOT / "CHANGELOG.md").read_text("utf-8") or (
        f"## {api.API_VERSION}" in (ROOT / "CHANGELOG.md").read_text("utf-8")
    )


def test_the_api_version_is_the_releases_and_every_bundled_plugin_admits_it() -> None:
    version = importlib.metadata.version("samverkan")
    major, minor = (int(part) for part in version.split(".")[:2])
    assert f"{major}.{minor}" == api.API_VERSION
    for pyproject in sorted(ROOT.glob("plugins/*/pyproject.toml")):
        pin = re.search(r'"samverkan>=([0-9.]+),<([0-9]+)"', pyproject.read_text("utf-8"))
        assert pin is not None, pyproject
        low = tuple(int(p) for p in pin[1].split("."))
        assert low <= (major, minor), pyproject
        assert int(pin[2]) == major + 1, pyproject  # names are only removed in a new major


if __name__ == "__main__":
    print(current(), end="")

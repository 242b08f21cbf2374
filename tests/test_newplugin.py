"""`samverkan new-plugin` makes a plugin that works and passes its own tests unedited."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from samverkan.cli.app import main
from samverkan.cli.newplugin import create_plugin
from samverkan.errors import InputError


def test_the_new_plugin_passes_its_own_tests(tmp_path: Path) -> None:
    assert main(["new-plugin", "vatten", "--title", "Vattenprover", "--dir", str(tmp_path)]) == 0
    plugin = tmp_path / "samverkan-vatten"
    project = tomllib.loads((plugin / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["entry-points"]["samverkan"] == {"vatten": "samverkan_vatten"}
    env = {**os.environ, "PYTHONPATH": str(plugin / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(plugin / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=plugin,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    assert "Vattenprover per 1 000 invånare" in (
        plugin / "src" / "samverkan_vatten" / "__init__.py"
    ).read_text("utf-8")
    # What a plugin author's own checks will say of it, unedited:
    for check in (
        ["ruff", "format", "--check", "."],
        ["ruff", "check", "--select", "E,F,I,UP,B", "."],
        ["mypy", "--strict", "src", "tests"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *check],
            capture_output=True,
            text=True,
            env=env,
            cwd=plugin,
            check=False,
        )
        assert result.returncode == 0, " ".join(check) + "\n" + result.stdout + result.stderr


def test_bad_names_and_existing_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gemena"):
        create_plugin("Vatten-Prov", tmp_path)
    create_plugin("vatten", tmp_path)
    with pytest.raises(InputError, match="finns redan"):
        create_plugin("vatten", tmp_path)

"""The shared example builds that the suite's tests use are the builds themselves."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from conftest import EXAMPLES
from example_builds import ExampleBuilds
from samverkan.plugins import Plugins
from samverkan.render.report import build_report, compose


def test_a_shared_build_is_the_build(example_builds: ExampleBuilds, plugins: Plugins) -> None:
    """Composed from what a worker saved for the others, the report equals a build of its own
    (strictly, and in English: a language chosen when composing). The Swedish, not strict, is
    held for every example by test_report.py's test_same_input_gives_the_same_bytes."""
    definition = EXAMPLES[-1]
    shared = example_builds.report(definition, "en")
    saved = example_builds.shared / f"{definition.stem}.prepared.pickle"
    loaded = compose(pickle.loads(saved.read_bytes()), plugins.registered(), "en")
    own = build_report(definition, plugins, lang="en", strict=True)
    assert own.html == shared.html == loaded.html
    assert own == shared == loaded


def test_only_the_untouched_examples_are_shared(
    example_builds: ExampleBuilds, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="is not a bundled example"):
        example_builds.prepared(tmp_path / EXAMPLES[0].name)

"""The bundled examples, read once per test session and shared by pytest-xdist's workers.

Reading is most of a build (about 12 of an example's 14 CPU seconds); the language and the
plotly bundle are chosen only when composing. So each example is prepared once, by whichever
worker asks first (the others wait on a lock and load what it saved), and composed once per
language in each worker. Every example builds under ``--strict`` (``nox -s report`` holds
this), so it is prepared strictly, and the report equals what ``build_report`` gives with or
without ``strict`` (``test_a_shared_build_is_the_build`` checks it).

Only the untouched examples in ``reports/`` with the installed plugins are shared: a test
that changes a copy of the data, or adds a plugin, builds its own report.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from samverkan.compose.prepare import Prepared, prepare
from samverkan.model.text import Lang
from samverkan.plugins import Plugins
from samverkan.render.plotly_bundle import Bundle
from samverkan.render.report import BuiltReport, compose

REPORTS = Path(__file__).resolve().parent.parent / "reports"


class ExampleBuilds:
    """Prepared examples (saved in ``shared`` for the other workers) and composed reports."""

    def __init__(self, plugins: Plugins, shared: Path) -> None:
        self._registered = plugins.registered()
        self.shared = shared
        self._prepared: dict[str, Prepared] = {}
        self._reports: dict[tuple[str, Lang | None], BuiltReport] = {}

    def prepared(self, definition: Path) -> Prepared:
        """The example ``definition`` read, allocated and measured (strictly)."""
        path = Path(definition).resolve()
        if path.parent != REPORTS:
            raise ValueError(f"{definition} is not a bundled example in {REPORTS}")
        if path.stem not in self._prepared:
            self._take(path, timeout=-1)
        return self._prepared[path.stem]

    def prepare_all(self, definitions: list[Path]) -> None:
        """Prepare ``definitions``: first those no other worker is preparing (so that the
        workers read different examples at the same time), then wait for the others."""
        for definition in definitions:
            path = Path(definition).resolve()
            if path.stem not in self._prepared:
                with contextlib.suppress(Timeout):
                    self._take(path, timeout=0)
        for definition in definitions:
            self.prepared(definition)

    def _take(self, path: Path, timeout: float) -> None:
        """Load what a worker saved, or prepare and save it; wait ``timeout`` for the lock."""
        saved = self.shared / f"{path.stem}.prepared.pickle"
        with FileLock(f"{saved}.lock", timeout=timeout):
            if saved.exists():
                prepared = pickle.loads(saved.read_bytes())
            else:
                prepared = prepare(path, self._registered, strict=True)
                partial = saved.with_suffix(".partial")  # a worker that dies leaves no half
                partial.write_bytes(pickle.dumps(prepared))
                partial.replace(saved)
        self._prepared[path.stem] = prepared

    def report(
        self, definition: Path, lang: Lang | None = None, plotly_bundle: Bundle | None = None
    ) -> BuiltReport:
        """The example as ``build_report(definition, plugins, lang=lang, ...)`` builds it."""
        prepared = self.prepared(definition)
        if plotly_bundle is not None:  # seldom asked for: composed each time
            return compose(prepared, self._registered, lang, plotly_bundle=plotly_bundle)
        key = (Path(definition).resolve().stem, lang)
        if key not in self._reports:
            self._reports[key] = compose(prepared, self._registered, lang)
        return self._reports[key]


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this run sees: the parent of the workers' own temporary
    folders under xdist (pytest-N/popen-gwK), the run's own otherwise."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "examples"
    folder.mkdir(exist_ok=True)
    return folder

"""Sessions for samverkan: `nox -s tests`, `nox -s report`, lint, typecheck, docs and bench."""

from __future__ import annotations

import glob
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "docs", "tests"]
nox.options.download_python = "never"

PYPROJECT = nox.project.load_toml("pyproject.toml")
PLUGINS = sorted(glob.glob("plugins/*/pyproject.toml"))


def install_project(session: nox.Session, *groups: str) -> None:
    """Install the core and every plugin under plugins/ (editable), plus dependency groups."""
    editable = ["-e", "."]
    for pyproject in PLUGINS:
        editable += ["-e", pyproject.rsplit("/", 1)[0]]
    requirements = [r for g in groups for r in nox.project.dependency_groups(PYPROJECT, g)]
    # Compiled at install (uv does not by default): every process the tests start (a killed
    # build, the CLI as a user runs it) and every xdist worker otherwise compiles polars,
    # scipy and plotly again wherever PYTHONDONTWRITEBYTECODE is set, about 1.5 s each.
    session.install(*editable, *requirements, env={"UV_COMPILE_BYTECODE": "1"})


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite in parallel (pytest-xdist, one worker per core), browser tests
    in headless Chromium included; `nox -s tests -- -m "not slow"` leaves out the slowest."""
    install_project(session, "test")
    session.run("pytest", "-n", "auto", *session.posargs)


@nox.session
def report(session: nox.Session) -> None:
    """Build every reports/*.toml into build/reports/ (add `-- --pdf` for the board's PDFs)."""
    install_project(session)
    if "--pdf" in session.posargs:
        session.install("playwright>=1.45")
    definitions = sorted(glob.glob("reports/*.toml"))
    session.run(
        "samverkan",
        "report",
        *definitions,
        "--out",
        "build/reports",
        "--strict",
        "--xlsx",
        *plotly_bundle(session),
        *session.posargs,
    )


PLOTLY_BUNDLE = "build/plotly/plotly-partial.min.js"


def plotly_bundle(session: nox.Session) -> list[str]:
    """A plotly.js of only the reports' trace types, fetched with npm once (about 1.4 MB instead
    of 4.8 MB per report); without npm or the registry, the reports embed the full one."""
    if not Path(PLOTLY_BUNDLE).exists():
        if shutil.which("npm") is None:
            session.warn("npm saknas: rapporterna får hela plotly.js (4,8 MB)")
            return []
        try:
            session.run("samverkan", "plotly-bundle", "--out", PLOTLY_BUNDLE)
        except nox.command.CommandFailed:
            session.warn("plotly-paketet kunde inte byggas: rapporterna får hela plotly.js")
            return []
    return ["--plotly-bundle", PLOTLY_BUNDLE]


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff (rules pinned in pyproject.toml)."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the core and the plugins with mypy --strict."""
    install_project(session, "typing")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx documentation with warnings as errors."""
    install_project(session, "docs")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Print performance figures with ratios against baselines run in the same session."""
    install_project(session)
    session.install("playwright>=1.45", "pandas")  # Chromium timing and the pandas baseline
    session.run("python", "bench/run.py", *session.posargs)

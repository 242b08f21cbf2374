"""The fixtures of :mod:`samverkan.testing` (a plugin's tests get them with
``pytest_plugins = ["samverkan.testing"]``): a plugin manager of exactly the plugins a test
passes, a small board, its validated tables, a definition of it and a report built from one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import polars as pl
import pytest

from samverkan.model import tables
from samverkan.model.units import Area, Municipality, ServiceUnit
from samverkan.plugins import Plugins, get_plugins
from samverkan.read.validate import VALIDATORS
from samverkan.render.report import build_report, write_report

HERRLJUNGA = Municipality("1466", "Herrljunga")
VARGARDA = Municipality("1442", "Vårgårda")


@pytest.fixture
def samverkan_plugins() -> Callable[..., Plugins]:
    """``make(*plugins, entrypoints=False)`` → :class:`samverkan.plugins.Plugins` with the
    built-ins and ``plugins`` (modules or objects with ``@hookimpl`` methods), named by their
    module or class; ``entrypoints=True`` adds every installed plugin (one of ``plugins``
    installed too is registered once, under its entry-point name)."""

    def make(*plugins: object, entrypoints: bool = False) -> Plugins:
        named = [(getattr(p, "__name__", type(p).__name__), p) for p in plugins]
        return get_plugins(load_entrypoints=entrypoints, extra=named)

    return make


@pytest.fixture
def tiny_unit() -> ServiceUnit:
    return ServiceUnit(
        "demo_board",
        "Demonämnd",
        HERRLJUNGA,
        [HERRLJUNGA, VARGARDA],
        [Area("demo", {"sv": "Demo", "en": "Demo"})],
    )


@pytest.fixture
def tiny_tables(tiny_unit: ServiceUnit) -> dict[str, pl.DataFrame]:
    """One budget and one forecast line, populations, and one observation, all validated."""
    ledger = tables.conform(
        "ledger",
        pl.DataFrame(
            {
                "unit": [tiny_unit.id] * 2,
                "area": ["demo"] * 2,
                "line": ["3", "3"],
                "period": ["2018", "2018"],
                "kind": ["budget", "prognos"],
                "forecast_month": [None, "2018-04"],
                "amount_ore": [100_000_000, 95_000_000],
                "source": ["testdata"] * 2,
                "origin": ["test.csv:2", "test.csv:3"],
            }
        ),
    )
    drivers = tables.conform(
        "drivers",
        pl.DataFrame(
            {
                "driver": ["population"] * 2,
                "municipality": ["1442", "1466"],
                "reference_date": ["2017-12-31"] * 2,
                "quantity": [11_490, 9_300],
                "estimate": [False, True],
                "source": ["testdata"] * 2,
                "origin": ["pop.csv:2", "pop.csv:3"],
            }
        ),
    )
    observations = tables.conform(
        "observations",
        pl.DataFrame(
            {
                "kpi_id": ["demo.kpi"],
                "unit": [tiny_unit.id],
                "period": ["2018"],
                "value": [1.5],
                "source": ["testdata"],
                "origin": ["obs.csv:2"],
            }
        ),
    )
    for name, frame in (("ledger", ledger), ("drivers", drivers), ("observations", observations)):
        assert VALIDATORS[name](frame, tiny_unit, "tiny") == []
    return {"ledger": ledger, "drivers": drivers, "observations": observations}


@pytest.fixture
def tiny_board() -> Callable[..., str]:
    """``board(sections, sources, allocation)`` → a definition for ``tiny_unit`` (Herrljunga
    and Vårgårda, one area ``demo``) for April 2018: ``sources`` is the ``[[sources]]`` TOML,
    ``allocation`` the body of ``[allocation]`` (none when empty)."""

    def board(
        sections: Sequence[str] = ("allocation",), sources: str = "", allocation: str = ""
    ) -> str:
        listed = ", ".join(f'"{s}"' for s in sections)
        return (
            '[report]\nid = "tiny-2018-04"\ntitle = "Demonämnd april 2018"\n'
            f'period = "2018-04"\ndata_date = "2018-04-30"\nsections = [{listed}]\n\n'
            '[unit]\nid = "demo_board"\nname = "Demonämnd"\nhost = "1466"\n'
            'members = [{ kommunkod = "1466", name = "Herrljunga" }, '
            '{ kommunkod = "1442", name = "Vårgårda" }]\n'
            'areas = [{ id = "demo", title = { sv = "Demo", en = "Demo" } }]\n\n'
            + sources
            + (f"\n[allocation]\n{allocation}\n" if allocation else "")
        )

    return board


@pytest.fixture
def build_report_from(tmp_path: Path) -> Callable[..., Path]:
    """``build(definition_text, plugins, files={"data/x.csv": "…"})`` → the report's HTML."""

    def build(
        definition: str,
        plugins: Plugins,
        files: Mapping[str, str] | None = None,
        strict: bool = True,
    ) -> Path:
        for name, content in (files or {}).items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
        target = tmp_path / "definition.toml"
        target.write_text(definition, "utf-8")
        report = build_report(target, plugins, strict=strict)
        return write_report(report, tmp_path / "out")[0]

    return build

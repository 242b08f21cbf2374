"""Damaged example inputs: every build is refused with a located message, or its figures are
exactly those of the undamaged build. Nothing in between (a property over many damages)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORTS
from example_builds import ExampleBuilds
from samverkan.compose.blocks import Figure, Table
from samverkan.errors import InputError
from samverkan.plugins import get_plugins
from samverkan.render.report import BuiltReport, build_report

# Slow (every example damaged, each built): in the default run, deselected by -m "not slow".
pytestmark = pytest.mark.slow

DEFINITION = "servicenamnd-ekonomi-personal-2018-04.toml"
DATA = "data/herrljunga-vargarda/"
FILES = {
    DATA + "resultatrakning-ekonomi-personal-2018-04.csv": "utf-8",
    DATA + "prognoser-2018-sn-ekonomi-personal-exempeldata.csv": "utf-8",
    DATA + "huvudbok-2018-sn-ekonomi-personal-exempeldata.se": "cp437",
    DATA + "personal-2015-2018-exempeldata.csv": "utf-8",
    DATA + "vakanser-2015-2018-exempeldata.csv": "utf-8",
    DATA + "folkmangd.csv": "utf-8",
}
ERRORS = ("#DIV/0!", "#N/A", "#VÄRDEFEL!", "#REF!")
PLUGINS = get_plugins()
UNDAMAGED: list[list[Any]] = []
"""The undamaged build's figures, computed once."""


def figures(report: BuiltReport) -> list[Any]:
    """Every number the report shows: the numeric cells of its tables, its figures' data."""
    out: list[Any] = []
    for section in report.sections:
        if section.anchor == "datakvalitet":
            continue  # notes: a harmless damage may add one (checked to be located)
        for block in section.blocks:
            if isinstance(block, Table):
                numeric = [i for i in range(len(block.columns)) if block.is_numeric(i)]
                out.append([[row.cells[i] for i in numeric] for row in block.rows])
            elif isinstance(block, Figure):
                out.append(block.spec)  # the figure's data as described
    return out


def damage(text: str, kind: str, line: int, at: int, choice: int) -> str:
    """``text`` with one line damaged the way ``kind`` says (chosen by the other numbers)."""
    lines = text.split("\n")
    index = 1 + line % max(1, len(lines) - 2)  # never the header, never the last empty line
    target = lines[index]
    if kind == "cut":
        target = target[: 1 + at % max(1, len(target.rstrip("\r")) - 1)]
    elif kind == "date":
        # A real date (2018-04-30, 2018-04 or, in SIE, 20180430) made one the calendar lacks.
        dates = list(re.finditer(r"\b((?:19|20)\d\d)(-?)(0[1-9]|1[0-2])(\2\d\d)?\b", target))
        if dates:
            found = dates[choice % len(dates)]
            year, dash, _, day = found.groups()
            invalid = f"{year}{dash}02{dash}30" if day else f"{year}{dash}13"
            target = target[: found.start()] + invalid + target[found.end() :]
    elif kind == "error":
        separator = ";" if ";" in target else ","
        fields = target.split(separator)
        fields[choice % len(fields)] = ERRORS[at % len(ERRORS)]
        target = separator.join(fields)
    elif kind == "separator":
        separator = ";" if ";" in target else ","
        places = [m.start() for m in re.finditer(re.escape(separator), target)]
        if places:
            cut = places[choice % len(places)]
            target = target[:cut] + target[cut + 1 :]
    lines[index] = target
    return "\n".join(lines)


def build(folder: Path) -> BuiltReport | InputError:
    try:
        return build_report(folder / DEFINITION, PLUGINS, strict=True)
    except InputError as exc:
        return exc


# Seven damages of each of the six files (42 builds, at least the 40 of one draw over all
# files): one test per file, so that pytest-xdist spreads the builds over its workers.
@pytest.mark.parametrize("file", sorted(FILES), ids=lambda f: f.rsplit("/", 1)[-1])
@settings(
    max_examples=7, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["cut", "date", "error", "separator"]),
    where=st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 100)),
)
def test_a_damaged_input_is_refused_where_it_is_or_changes_no_figure(
    tmp_path_factory: Any,
    example_builds: ExampleBuilds,
    file: str,
    kind: str,
    where: tuple[int, int, int],
) -> None:
    folder = tmp_path_factory.mktemp("rapporter")
    shutil.copytree(REPORTS, folder, dirs_exist_ok=True)
    if not UNDAMAGED:
        UNDAMAGED.append(figures(example_builds.report(REPORTS / DEFINITION)))
    path = folder / file
    text = damage(path.read_bytes().decode(FILES[file]), kind, *where)
    path.write_bytes(text.encode(FILES[file]))
    damaged = build(folder)
    if isinstance(damaged, InputError):
        assert damaged.problems
        for problem in damaged.problems:
            assert problem.file, problem
            assert problem.row is not None or problem.column is not None, problem
    else:
        assert figures(damaged) == UNDAMAGED[0], (file, kind)
        notes = [s for s in damaged.sections if s.anchor == "datakvalitet"]
        for block in (b for s in notes for b in s.blocks if isinstance(b, Table)):
            for row in block.rows:  # every note says where: the file (in words) and the line
                assert re.search(r"^\S.*, (rad|line) \d+$", row.cells[1].text), row

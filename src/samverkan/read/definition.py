"""Report definitions: TOML files in ``reports/`` saying what to build from which data.

Read with :mod:`tomllib`; every path is relative to the definition's folder. Unknown keys, wrong
types and missing files are all reported at once, each naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from samverkan.errors import InputError, Problem
from samverkan.model.money import ORE_PER
from samverkan.model.period import Period
from samverkan.model.tables import KINDS
from samverkan.model.text import LANGUAGES, Lang, Text, text
from samverkan.model.units import Area, Municipality, ServiceUnit
from samverkan.read import files
from samverkan.read.goals import Goals, load_goals
from samverkan.read.registry import Source
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits

MAX_QUANTITY = 10**12
"""The largest quantity of a key a definition may state (a population, a number of tickets)."""
_REPORT_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
REPORT_ID_MAX = 100
"""The longest report id: its files (``<id>.meta.json``, and the hidden temporary names beside
them) must fit the 255 bytes a file name may have on every common file system."""
ROUNDING = {"öre": ORE_PER["öre"], "krona": ORE_PER["kr"]}


@attrs.frozen
class AllocationSpec:
    """The ``[allocation]`` table: which key splits the board's costs between the members."""

    method: str
    unit_ore: int
    """Smallest part handed out, in öre: 100 for ``rounding = "krona"``, 1 for ``"öre"``."""
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """The method's own keys, for example ``reference_date``."""
    compare: tuple[str, ...] = ()
    """Other keys to show side by side with ``method`` (``usage:tickets`` …)."""
    coalitions: Path | None = None
    """A CSV of what coalitions of members would cost (stand-alone estimates), for the gain."""
    coalitions_name: str | None = None
    join: JoinScenario | None = None
    leave: str | None = None
    """Kommunkod of a member whose leaving the report shows."""


@attrs.frozen
class JoinScenario:
    """A municipality that might join: its code, name and its quantities of each driver."""

    kommunkod: str
    name: str
    quantities: Mapping[str, int]
    estimate: bool = True


@attrs.frozen
class ReportDefinition:
    """A validated report definition."""

    path: Path
    id: str
    title: Text
    period: Period
    language: Lang
    data_date: dt.date
    sections: tuple[str, ...]
    unit: ServiceUnit
    sources: tuple[Source, ...]
    allocation: AllocationSpec | None
    meeting_date: dt.date | None = None
    """The board meeting the report is for (printed on the PDF's cover)."""
    diarienummer: str | None = None
    agenda_item: str | None = None
    """The item (ärende) on the meeting's agenda, printed with the meeting."""
    goals: Goals | None = None
    """The goals file named in ``[report] goals``, read and checked
    (:mod:`samverkan.read.goals`)."""

    @property
    def example_data(self) -> bool:
        return any(s.example_data for s in self.sources)


class _Reader:
    """Reads typed keys from nested TOML tables and collects every problem with its key path."""

    def __init__(
        self,
        file: str,
        folder: Path,
        allow_outside: bool = False,
        limits: ReadLimits = DEFAULT_LIMITS,
    ) -> None:
        self.file = file
        self.folder = folder
        self.allow_outside = allow_outside
        self.limits = limits
        self.problems: list[Problem] = []

    def place(self, key: str, rel: str) -> Path | None:
        """``rel`` resolved against the definition's folder (symlinks too), refused when it
        leads outside that folder unless ``--allow-outside`` was given."""
        try:
            full = (self.folder / rel).resolve()
        except (OSError, RuntimeError):
            self.fail(key, f"{rel!r}: {files.problem_text(OSError(errno.ELOOP, ''))}")
            return None
        if self.allow_outside or full.is_relative_to(self.folder):
            return full
        self.fail(key, f"{rel!r} leder utanför definitionens mapp {self.folder}; {OUTSIDE_HINT}")
        return None

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(message, self.file, None, key))

    def get(
        self,
        table: Mapping[str, Any],
        prefix: str,
        key: str,
        kind: type | tuple[type, ...],
        *,
        default: Any = ...,
        what: str = "",
    ) -> Any:
        path = f"{prefix}.{key}" if prefix else key
        if key not in table:
            if default is ...:
                self.fail(path, f"nyckeln saknas{'; ' + what if what else ''}")
            return None if default is ... else default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = (
                kind.__name__
                if isinstance(kind, type)
                else " eller ".join(k.__name__ for k in kind)
            )
            self.fail(path, f"väntade {_SWEDISH_TYPES.get(names, names)}, fick {value!r}")
            return None
        return value

    def unknown(self, table: Mapping[str, Any], prefix: str, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            path = f"{prefix}.{key}" if prefix else key
            self.fail(path, f"okänd nyckel; tillåtna: {', '.join(sorted(allowed))}")

    def convert(self, key: str, func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except (ValueError, TypeError) as exc:
            self.fail(key, str(exc))
            return None


_SWEDISH_TYPES = {
    "str": "text",
    "int": "heltal",
    "bool": "true/false",
    "list": "lista",
    "dict": "tabell",
    "str eller dict": "text eller tabell {sv = …, en = …}",
}


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} ska vara ett datum ÅÅÅÅ-MM-DD, till exempel 2018-04-30"
        ) from None


OUTSIDE_HINT = files.OUTSIDE_HINT


def load_definition(
    path: Path, *, allow_outside: bool = False, limits: ReadLimits = DEFAULT_LIMITS
) -> ReportDefinition:
    """Read and check a definition; raise :class:`InputError` listing every problem.

    Files it names must lie in its folder (after resolving symlinks) unless ``allow_outside``:
    a definition from someone else cannot make samverkan read ``/etc`` or a home folder.
    """
    name = str(path)
    raw = files.read_toml(path, name)
    r = _Reader(name, files.resolved(path.parent), allow_outside, limits)
    definition = _build(raw, path, r)
    if r.problems or definition is None:
        raise InputError(r.problems)
    return definition


def _build(raw: dict[str, Any], path: Path, r: _Reader) -> ReportDefinition | None:
    r.unknown(raw, "", {"report", "unit", "sources", "allocation"})
    report = r.get(raw, "", "report", dict, default={})
    r.unknown(
        report,
        "report",
        {
            "id",
            "title",
            "period",
            "language",
            "data_date",
            "sections",
            "meeting_date",
            "agenda_item",
            "diarienummer",
            "goals",
        },
    )
    report_id = r.get(report, "report", "id", str)
    if report_id is not None and not _REPORT_ID.fullmatch(report_id):
        r.fail("report.id", "använd gemena a–z, siffror, - och _ (id:t blir filnamnet)")
    elif report_id is not None and len(report_id) > REPORT_ID_MAX:
        r.fail(
            "report.id",
            f"id:t är {len(report_id)} tecken; högst {REPORT_ID_MAX} (id:t blir filnamnet)",
        )
    title = r.get(report, "report", "title", (str, dict), default=None)
    period_raw = r.get(report, "report", "period", str, what='till exempel "2018-04"')
    period = r.convert("report.period", Period.parse, period_raw) if period_raw else None
    language = r.get(report, "report", "language", str, default="sv")
    if language not in LANGUAGES:
        r.fail("report.language", f"språket ska vara ett av {', '.join(LANGUAGES)}")
    data_date = r.get(report, "report", "data_date", (dt.date, str))
    if isinstance(data_date, str):
        data_date = r.convert("report.data_date", _iso_date, data_date)
    # toordinal: a TOML date-time (a datetime) compares by its day, as a date does.
    if (
        isinstance(data_date, dt.date)
        and period
        and data_date.toordinal() < period.start.toordinal()
    ):
        r.fail(
            "report.data_date",
            f"uppgifterna per {data_date.isoformat()} ligger före perioden {period} "
            f"(som börjar {period.start.date().isoformat()}); ange dagen uppgifterna togs ut",
        )
    sections = r.get(report, "report", "sections", list, what="listan över avsnitt i ordning")
    meeting = r.get(report, "report", "meeting_date", (dt.date, str), default=None)
    if isinstance(meeting, str):
        meeting = r.convert("report.meeting_date", _iso_date, meeting)
    diarienummer = r.get(report, "report", "diarienummer", str, default=None)
    agenda_item = r.get(report, "report", "agenda_item", str, default=None)
    goals_file = r.get(report, "report", "goals", str, default=None)
    goals = None
    if goals_file is not None:
        goals_path = r.place("report.goals", goals_file)
        try:
            goals = load_goals(goals_path, goals_file) if goals_path else None
        except InputError as exc:
            r.problems += exc.problems
    unit = _unit(r.get(raw, "", "unit", dict, default={}), r)
    sources = tuple(
        s
        for i, t in enumerate(r.get(raw, "", "sources", list, default=[]) or [])
        if (s := _source(t, i, r)) is not None
    )
    allocation = _allocation(raw.get("allocation"), r)
    title_text = r.convert("report.title", text, title) if title is not None else None
    if r.problems or unit is None or period is None or data_date is None:
        return None
    return ReportDefinition(
        path=path,
        id=report_id,
        title=title_text or unit.name,
        period=period,
        language=language,
        data_date=data_date,
        sections=tuple(sections),
        unit=unit,
        sources=sources,
        allocation=allocation,
        meeting_date=meeting if isinstance(meeting, dt.date) else None,
        diarienummer=diarienummer,
        agenda_item=agenda_item,
        goals=goals,
    )


def _unit(table: dict[str, Any], r: _Reader) -> ServiceUnit | None:
    r.unknown(table, "unit", {"id", "name", "host", "members", "areas"})
    members = []
    for i, m in enumerate(r.get(table, "unit", "members", list) or []):
        key = f"unit.members[{i}]"
        if not isinstance(m, dict):
            r.fail(key, 'väntade {kommunkod = "1466", name = "Herrljunga"}')
            continue
        r.unknown(m, key, {"kommunkod", "name"})
        code, name = r.get(m, key, "kommunkod", str), r.get(m, key, "name", str)
        if code is not None and name is not None:
            members.append(r.convert(f"{key}.kommunkod", Municipality, code, name))
    areas = []
    for i, a in enumerate(r.get(table, "unit", "areas", list) or []):
        key = f"unit.areas[{i}]"
        if not isinstance(a, dict):
            r.fail(key, 'väntade {id = "ekonomi", title = "Ekonomi"}')
            continue
        r.unknown(a, key, {"id", "title"})
        area_id, title = r.get(a, key, "id", str), r.get(a, key, "title", (str, dict))
        if area_id is not None and title is not None:
            areas.append(r.convert(key, Area, area_id, title))
    unit_id, name = r.get(table, "unit", "id", str), r.get(table, "unit", "name", (str, dict))
    host_code = r.get(table, "unit", "host", str, what="värdkommunens kommunkod")
    by_code = {m.kommunkod: m for m in members if m is not None}
    if host_code is not None and host_code not in by_code:
        r.fail("unit.host", f"värdkommunen {host_code} finns inte bland unit.members")
        return None
    if None in (unit_id, name, host_code) or None in members or None in areas:
        return None
    return r.convert("unit", ServiceUnit, unit_id, name, by_code[host_code], members, areas)  # type: ignore[no-any-return]


_SOURCE_KEYS = {"reader", "path", "source", "example_data", "label", "kinds"}


def _source(table: Any, index: int, r: _Reader) -> Source | None:
    key = f"sources[{index}]"
    if not isinstance(table, dict):
        r.fail(key, "väntade en tabell [[sources]] med reader, path och source")
        return None
    reader = r.get(table, key, "reader", str)
    rel = r.get(table, key, "path", str)
    citation = r.get(table, key, "source", str, what="varifrån uppgifterna kommer")
    example = r.get(table, key, "example_data", bool, default=False)
    label = r.get(table, key, "label", (str, dict), default=None)
    label = r.convert(f"{key}.label", text, label) if label is not None else None
    kinds = _kinds(r.get(table, key, "kinds", list, default=None), f"{key}.kinds", r)
    if None in (reader, rel, citation):
        return None
    full = r.place(f"{key}.path", rel)
    if full is None:
        return None
    if not full.exists():  # a file, or a folder for readers of one (the Kolada cache)
        r.fail(f"{key}.path", f"filen {rel!r} finns inte (sökt som {full})")
        return None
    options = {k: v for k, v in table.items() if k not in _SOURCE_KEYS}
    return Source(
        reader,
        full,
        rel,
        citation,
        options,
        bool(example),
        r.folder,
        r.allow_outside,
        r.limits,
        label,
        kinds,
    )


def _kinds(value: list[Any] | None, key: str, r: _Reader) -> tuple[str, ...] | None:
    """The ``kinds`` a source contributes to the ledger: a list of budget, prognos, utfall."""
    if value is None:
        return None
    if not value or not all(isinstance(k, str) and k in KINDS for k in value):
        r.fail(key, f"väntade en lista av {', '.join(KINDS)}, fick {value!r}")
        return None
    return tuple(value)


_ALLOCATION_KEYS = {"method", "rounding", "compare", "coalitions", "join", "leave"}


def _allocation(table: Any, r: _Reader) -> AllocationSpec | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        r.fail("allocation", "väntade en tabell [allocation]")
        return None
    method = r.get(table, "allocation", "method", str, what='till exempel "population"')
    rounding = r.get(table, "allocation", "rounding", str, default="krona")
    if rounding not in ROUNDING:
        r.fail("allocation.rounding", f"väntade ett av {', '.join(ROUNDING)}")
        return None
    compare = r.get(table, "allocation", "compare", list, default=[])
    if not all(isinstance(c, str) for c in compare or []):
        r.fail("allocation.compare", 'väntade en lista av nycklar, till exempel ["usage:tickets"]')
    coalitions = r.get(table, "allocation", "coalitions", str, default=None)
    path = r.place("allocation.coalitions", coalitions) if coalitions else None
    if path is not None and not path.is_file():
        r.fail("allocation.coalitions", f"filen {coalitions!r} finns inte (sökt som {path})")
    leave = r.get(table, "allocation", "leave", str, default=None)
    join = _join(table.get("join"), r)
    options = {k: v for k, v in table.items() if k not in _ALLOCATION_KEYS}
    if not method or r.problems:
        return None
    return AllocationSpec(
        method, ROUNDING[rounding], options, tuple(compare or ()), path, coalitions, join, leave
    )


def _join(table: Any, r: _Reader) -> JoinScenario | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        r.fail("allocation.join", "väntade en tabell [allocation.join]")
        return None
    code = r.get(table, "allocation.join", "kommunkod", str)
    name = r.get(table, "allocation.join", "name", str)
    estimate = r.get(table, "allocation.join", "estimate", bool, default=True)
    quantities = {k: v for k, v in table.items() if k not in {"kommunkod", "name", "estimate"}}
    for key, value in quantities.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_QUANTITY:
            r.fail(
                f"allocation.join.{key}",
                f"väntade ett heltal mellan 0 och {MAX_QUANTITY:,} (nyckelns mängd), fick "
                f"{value!r}".replace(",", " "),
            )
    if code is None or name is None:
        return None
    try:
        Municipality(code, name)
    except ValueError as exc:
        r.fail("allocation.join.kommunkod", str(exc))
        return None
    return JoinScenario(code, name, quantities, bool(estimate))

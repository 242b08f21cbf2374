"""Report definitions: TOML files in ``reports/`` saying what to build from which data.

Read with :mod:`tomllib`; every path is relative to the definition's folder. Unknown keys, wrong
types and missing files are all reported at once, each naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from samverkan.errors import InputError
from samverkan.model.money import ORE_PER
from samverkan.model.notes import Note
from samverkan.model.period import Period, Window
from samverkan.model.provenance import REAL, Origin, Provenance
from samverkan.model.tables import KINDS
from samverkan.model.text import LANGUAGES, Lang, Text, text
from samverkan.model.units import Area, Municipality, ServiceUnit
from samverkan.read import files, monthly
from samverkan.read import year as year_keys
from samverkan.read.goals import Goals, load_goals
from samverkan.read.governance import Governance, read_governance
from samverkan.read.keys import KeyReader, iso_date
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
    allow_zero: tuple[str, ...] = ()
    """Keys as written (``usage:tickets``) under which any member may weigh 0, and kommunkoder
    that may weigh 0 under every key; any other weight of 0 is refused."""
    periods: Mapping[str, str] = attrs.field(factory=dict)
    """``[allocation.periods]``: per driver, which of its rows a key counts: ``year_to_date``
    (the default), ``period``, or a fixed period or date (``2017``, ``2017-12-31``)."""
    areas: Mapping[str, str] = attrs.field(factory=dict)
    """``[allocation.areas.AREA] method = …``: an area's own key instead of ``method``."""

    def method_for(self, area: str) -> str:
        """The key that splits ``area``'s net cost."""
        return self.areas.get(area, self.method)

    coalitions_origin: Provenance = REAL
    """Where the stand-alone costs come from (``coalitions_origin``); rows the file marks
    ``estimate`` are estimates whatever this says, unless it says ``example``."""


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
    year: int | None = None
    """``[report] year`` of a year's definition (one of whose periods this is); None for a
    definition of one ``period``."""
    notes: tuple[Note, ...] = ()
    """What the definition itself tells the report: a month of the year without its file."""
    governance: Governance | None = None
    """The ``[governance]`` table: agreement, reglemente, roles, meetings, decisions."""

    @property
    def example_data(self) -> bool:
        return any(s.example_data for s in self.sources)


def load_definition(
    path: Path,
    *,
    period: Period | None = None,
    allow_outside: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> ReportDefinition:
    """Read and check a definition; raise :class:`InputError` listing every problem.

    Files it names must lie in its folder (after resolving symlinks) unless ``allow_outside``:
    a definition from someone else cannot make samverkan read ``/etc`` or a home folder.
    A year's definition (``[report] year``) gives the report of ``period``, by default its
    latest month with data (:func:`definition_periods`); a definition of one period only
    that one.
    """
    raw, r = _parse(path, allow_outside, limits)
    definition = _build(raw, path, r, period)
    if r.problems or definition is None:
        raise InputError(r.problems)
    return definition


def definition_periods(
    path: Path, *, allow_outside: bool = False, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[Period, ...]:
    """The periods a definition builds: its ``period``, or every month of its ``year`` for
    which a file of a ``{month}`` pattern exists, in order."""
    raw, r = _parse(path, allow_outside, limits)
    definition = _build(raw, path, r, None)
    if r.problems or definition is None:
        raise InputError(r.problems)
    if definition.year is None:
        return (definition.period,)
    return tuple(sorted(year_keys.months_with_data(raw, r, definition.year)))


def _parse(path: Path, allow_outside: bool, limits: ReadLimits) -> tuple[dict[str, Any], KeyReader]:
    name = str(path)
    raw = files.read_toml(path, name)
    return raw, KeyReader(name, files.resolved(path.parent), allow_outside, limits)


def _build(
    raw: dict[str, Any], path: Path, r: KeyReader, wanted: Period | None
) -> ReportDefinition | None:
    r.unknown(raw, "", {"report", "unit", "sources", "allocation", "governance"})
    report = r.get(raw, "", "report", dict, default={})
    r.unknown(
        report,
        "report",
        {
            "id",
            "title",
            "period",
            "year",
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
    year = year_keys.year(report, r)
    period = year_keys.period(raw, report, r, year, wanted)
    language = r.get(report, "report", "language", str, default="sv")
    if language not in LANGUAGES:
        r.fail("report.language", f"språket ska vara ett av {', '.join(LANGUAGES)}")
    data_date = (
        r.get(report, "report", "data_date", (dt.date, str))
        if year is None or period is None
        else monthly.last_day(period)
    )
    if isinstance(data_date, str):
        data_date = r.convert("report.data_date", iso_date, data_date)
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
        meeting = r.convert("report.meeting_date", iso_date, meeting)
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
    tables = r.get(raw, "", "sources", list, default=[]) or []
    sources = tuple(
        s
        for i, t in enumerate(tables)
        for s in _sources(t, i, r, period if year is not None else None)
    )
    allocation = _allocation(raw.get("allocation"), unit, r)
    governance = read_governance(raw.get("governance"), r.fail)
    title_text = r.convert("report.title", text, title) if title is not None else None
    if r.problems or unit is None or period is None or data_date is None:
        return None
    return ReportDefinition(
        path=path,
        id=report_id if year is None else f"{report_id}-{period}",
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
        year=year,
        notes=() if year is None else year_keys.gap_notes(tables, r, period),
        governance=governance,
    )


def _unit(table: dict[str, Any], r: KeyReader) -> ServiceUnit | None:
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


def _sources(table: Any, index: int, r: KeyReader, period: Period | None) -> list[Source]:
    """The source a ``[[sources]]`` table names; of a ``{month}`` pattern in a year's
    definition, one per month up to ``period`` whose file exists."""
    pattern = table.get("path") if isinstance(table, dict) else None
    if period is None or not isinstance(pattern, str) or not monthly.is_pattern(pattern):
        one = _source(table, index, r)
        return [] if one is None else [one]
    found = year_keys.found(pattern, r, period.year)
    sources = []
    for month in (m for m in monthly.months(period.year) if m <= period and m in found):
        files = monthly.month_files(pattern, month, r.folder)
        if len(files) > 1:
            r.fail(
                f"sources[{index}].path",
                f"{' och '.join(files)} finns båda: {month.name('sv')} har en fil, "
                "{ext} läser den med sin egen filtyp; ta bort eller flytta den andra",
            )
        elif (s := _source(table, index, r, month, pattern, files[0])) is not None:
            sources.append(s)
    return sources


_SOURCE_KEYS = {"reader", "path", "source", "example_data", "origin", "estimated", "label", "kinds"}
_SOURCE_KEYS |= {"unchanged_months"}


def _provenance(
    table: Mapping[str, Any], key: str, r: KeyReader, prefix: str = ""
) -> Provenance | None:
    """``origin`` (``real``, ``estimate`` with ``estimated`` saying how, ``example``), or the
    older ``example_data = true``, which means ``origin = "example"`` (each key after
    ``prefix``: ``coalitions_origin`` in ``[allocation]``)."""
    example = r.get(table, key, f"{prefix}example_data", bool, default=None)
    origin = r.get(table, key, f"{prefix}origin", str, default=None)
    how = r.get(table, key, f"{prefix}estimated", str, default=None)
    if origin is None:
        origin = "example" if example else "real"
    elif origin not in {o.value for o in Origin}:
        r.fail(
            f"{key}.{prefix}origin", f"okänt ursprung {origin!r}; välj real, estimate eller example"
        )
        return None
    if example is not None and example != (origin == "example"):
        r.fail(f"{key}.{prefix}example_data", f"säger emot origin = {origin!r}; ange bara origin")
        return None
    if (origin == "estimate") != (how is not None):
        r.fail(
            f"{key}.{prefix}estimated",
            'en uppskattning säger hur den är gjord (estimated = "…"), och bara en uppskattning',
        )
        return None
    return Provenance(Origin(origin), how)


def _source(  # noqa: PLR0917 (a month's file: its month, pattern and file)
    table: Any,
    index: int,
    r: KeyReader,
    month: Period | None = None,
    pattern: str | None = None,
    file: str | None = None,
) -> Source | None:
    key = f"sources[{index}]"
    if not isinstance(table, dict):
        r.fail(key, "väntade en tabell [[sources]] med reader, path och source")
        return None
    reader = r.get(table, key, "reader", str)
    rel = r.get(table, key, "path", str)
    if rel is not None and file is not None:
        rel = file
    elif rel is not None and (refused := year_keys.outside_a_year(rel)):
        r.fail(f"{key}.path", refused)
        return None
    citation = r.get(table, key, "source", str, what="varifrån uppgifterna kommer")
    provenance = _provenance(table, key, r)
    label = r.get(table, key, "label", (str, dict), default=None)
    label = r.convert(f"{key}.label", text, label) if label is not None else None
    kinds = _kinds(r.get(table, key, "kinds", list, default=None), f"{key}.kinds", r)
    unchanged = year_keys.unchanged_months(table, key, r, month)
    if None in (reader, rel, citation) or provenance is None:
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
        provenance.example,
        r.folder,
        r.allow_outside,
        r.limits,
        label,
        kinds,
        month,
        pattern,
        provenance,
        unchanged,
    )


def _kinds(value: list[Any] | None, key: str, r: KeyReader) -> tuple[str, ...] | None:
    """The ``kinds`` a source contributes to the ledger: a list of budget, prognos, utfall."""
    if value is None:
        return None
    if not value or not all(isinstance(k, str) and k in KINDS for k in value):
        r.fail(key, f"väntade en lista av {', '.join(KINDS)}, fick {value!r}")
        return None
    return tuple(value)


_ALLOCATION_KEYS = {
    "method",
    "rounding",
    "compare",
    "coalitions",
    "coalitions_origin",
    "coalitions_estimated",
    "join",
    "leave",
    "allow_zero",
    "periods",
    "areas",
}


def _allocation(table: Any, unit: ServiceUnit | None, r: KeyReader) -> AllocationSpec | None:
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
    coalitions_provenance = _provenance(table, "allocation", r, "coalitions_")
    leave = r.get(table, "allocation", "leave", str, default=None)
    allow_zero = r.get(table, "allocation", "allow_zero", list, default=[])
    if not all(isinstance(a, str) for a in allow_zero or []):
        r.fail(
            "allocation.allow_zero",
            'väntade en lista av nycklar eller kommunkoder, till exempel ["usage:tickets"]',
        )
    join = _join(table.get("join"), r)
    periods = _periods(r.get(table, "allocation", "periods", dict, default={}) or {}, r)
    areas = _area_methods(r.get(table, "allocation", "areas", dict, default={}) or {}, unit, r)
    options = {k: v for k, v in table.items() if k not in _ALLOCATION_KEYS}
    if not method or r.problems or coalitions_provenance is None:
        return None
    return AllocationSpec(
        method,
        ROUNDING[rounding],
        options,
        tuple(compare or ()),
        path,
        coalitions,
        join,
        leave,
        tuple(allow_zero or ()),
        periods,
        areas,
        coalitions_provenance,
    )


def _periods(table: Mapping[str, Any], r: KeyReader) -> dict[str, str]:
    """Each driver's rule, checked for its form (the period it resolves to comes later)."""
    for driver, rule in table.items():
        try:
            Window.for_rule(rule if isinstance(rule, str) else repr(rule), Period.parse("2000"))
        except ValueError as exc:
            r.fail(f"allocation.periods.{driver}", str(exc))
    return {str(k): v for k, v in table.items() if isinstance(v, str)}


def _area_methods(
    table: Mapping[str, Any], unit: ServiceUnit | None, r: KeyReader
) -> dict[str, str]:
    """``[allocation.areas.AREA]``: an area of the board with a key of its own."""
    known = {a.id for a in unit.areas} if unit is not None else set(table)
    methods = {}
    for area, own in table.items():
        where = f"allocation.areas.{area}"
        if area not in known:
            r.fail(where, f"okänt verksamhetsområde; nämnden har {', '.join(sorted(known))}")
        elif not isinstance(own, dict):
            r.fail(where, f'väntade en tabell [{where}] med method = "…"')
        else:
            r.unknown(own, where, {"method"})
            method = r.get(own, where, "method", str, what='till exempel "usage:stadtimmar"')
            if method:
                methods[str(area)] = method
    return methods


def _join(table: Any, r: KeyReader) -> JoinScenario | None:
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

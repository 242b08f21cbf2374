"""One way through: read → validate → allocate → build sections → render.

Each stage takes frozen inputs and returns new values, so each can be tested alone. Input
problems from every source are gathered and reported together before anything is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import polars as pl

from samverkan import __version__, comparison, overview, tables
from samverkan.allocation import (
    Allocation,
    MethodSpec,
    allocate_net_cost,
    method_weights,
)
from samverkan.context import AllocationContext, ReportContext
from samverkan.definition import ReportDefinition, load_definition
from samverkan.errors import InputError, PluginError, Problem
from samverkan.i18n import Lang, phrase
from samverkan.plugins import Plugins
from samverkan.quality import quality_section
from samverkan.references import check_references
from samverkan.registry import KPIType, Note, ReadContext, ReadResult, Source
from samverkan.render import publish
from samverkan.render.exports import write_index, write_meta, write_xlsx
from samverkan.render.html import Notice, RenderedSection, render_html, write_atomic
from samverkan.render.pdf import write_pdf
from samverkan.workbook import DEFAULT_LIMITS, ReadLimits

Progress = Callable[[str], None]


def _quiet(_step: str) -> None:
    return None


@attrs.frozen
class Tables:
    """The validated canonical tables and the data-quality notes the readers made."""

    frames: dict[str, pl.DataFrame] = attrs.field(eq=False, repr=False)
    notes: tuple[Note, ...] = ()
    extras: dict[str, pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]


def read_tables(
    definition: ReportDefinition,
    plugins: Plugins,
    progress: Progress = _quiet,
    *,
    strict: bool = False,
) -> Tables:
    """Read every source and validate each table; raise one error listing every problem.

    A source that gives the report nothing (no rows, or for a ledger no row of the report's
    year) is an error naming it, with the reader's notes saying why; under ``strict`` so is
    every note a reader marks :attr:`~samverkan.registry.Note.strict_error`."""
    readers = plugins.readers()
    context = ReadContext(definition.unit, definition.period)
    frames: dict[str, list[pl.DataFrame]] = {name: [] for name in tables.SCHEMAS}
    problems: list[Problem] = []
    notes: list[Note] = []
    extras: dict[str, list[pl.DataFrame]] = {}
    for source in definition.sources:
        progress(f"läser {source.name}")
        plugin, reader = readers[source.reader]
        try:
            frame = plugins.call(plugin, "samverkan_register_readers", reader.read, source, context)
        except InputError as exc:
            problems += exc.problems
            continue
        result = frame if isinstance(frame, ReadResult) else ReadResult(frame)
        if not isinstance(result.frame, pl.DataFrame):
            raise PluginError(
                plugin,
                "samverkan_register_readers",
                f"läsaren {reader.id} returnerade {type(result.frame).__name__}",
            )
        notes += result.notes
        for name, extra in result.extras.items():
            extras.setdefault(name, []).append(extra)
        frame = tables.conform(reader.table, result.frame)
        found = tables.VALIDATORS[reader.table](frame, definition.unit, source.name)
        problems += found or _nothing_read(reader.table, frame, result, source, definition)
        frames[reader.table].append(frame)
    if strict:
        problems += [strict_problem(note) for note in notes if note.strict_error]
    if problems:
        raise InputError(problems)
    merged = {name: tables.concat(name, parts) for name, parts in frames.items()}
    stacked = {name: pl.concat(parts, how="diagonal_relaxed") for name, parts in extras.items()}
    return Tables(merged, tuple(notes), stacked)


def _nothing_read(
    table: str,
    frame: pl.DataFrame,
    result: ReadResult,
    source: Source,
    definition: ReportDefinition,
) -> list[Problem]:
    """A problem when ``source`` gives the report nothing at all."""
    year = str(definition.period.year)
    if table == "ledger":
        if frame.filter(pl.col("period").str.starts_with(year)).height:
            return []
        what = f"inga rader för rapportens år {year}"
    elif frame.height or any(e.height for e in result.extras.values()):
        return []
    else:
        what = "inga rader"
    why = "; ".join(f"{n.message('sv')} ({n.origin})" for n in result.notes[:5])
    return [Problem(f"källan ger {what}" + (f": {why}" if why else ""), source.name)]


def strict_problem(note: Note) -> Problem:
    """A note ``--strict`` refuses, as the problem it then is (``file:line`` split again)."""
    file, _, line = note.origin.rpartition(":")
    message = f"{note.message('sv')} (--strict)"
    return Problem(message, file or note.origin, int(line) if line.isdigit() else None)


def allocate(definition: ReportDefinition, plugins: Plugins, data: Tables) -> Allocation | None:
    """The allocate stage: the definition's key applied to each line of each area's net cost."""
    spec = definition.allocation
    if spec is None:
        return None
    try:
        method = MethodSpec.parse(spec.method)
    except ValueError as exc:
        raise InputError.at(str(exc), definition.path, None, "allocation.method") from None
    context = AllocationContext(definition.unit, definition.period, data["drivers"], spec.options)
    title, weights = method_weights(method, plugins, context, str(definition.path))
    try:
        charges = allocate_net_cost(
            data["ledger"],
            weights,
            definition.period,
            unit_ore=spec.unit_ore,
            spec=method,
            params={"method": spec.method, **spec.options},
        )
    except ValueError as exc:
        raise InputError.at(str(exc), definition.path, None, "allocation") from None
    main = Allocation(method, title, weights, charges)
    alternatives = tuple(
        comparison.alternative(
            text,
            plugins=plugins,
            context=context,
            ledger=data["ledger"],
            definition=definition,
            unit_ore=spec.unit_ore,
        )
        for text in spec.compare
    )
    try:
        gain = comparison.cooperation_gain(spec, main, definition) if spec.coalitions else None
        scenario = (
            comparison.membership_scenario(spec, main, data["ledger"], context)
            if spec.join or spec.leave
            else None
        )
    except InputError as exc:
        raise exc.located_in(definition.path) from None
    return attrs.evolve(main, alternatives=alternatives, gain=gain, scenario=scenario)


def compute_kpis(context: ReportContext, plugins: Plugins) -> tuple[pl.DataFrame, tuple[Note, ...]]:
    """The compute stage: every registered KPI's observations added to those read.

    A KPI whose plugin fails is left out with a note saying why; under ``context.strict``
    the failure stops the build instead."""
    parts, failed = [context.observations], []
    for kpi_id, (plugin, kpi) in sorted(plugins.kpis().items()):
        try:
            parts.append(_kpi_rows(context, plugins, plugin, kpi_id, kpi))
        except PluginError as exc:
            if context.strict:
                raise
            failed.append(
                Note(
                    {
                        "sv": f"Nyckeltalet {kpi_id} kunde inte beräknas: {exc}",
                        "en": f"The KPI {kpi_id} could not be computed: {exc}",
                    },
                    f"plugin {plugin}",
                )
            )
    return tables.concat("observations", parts), tuple(failed)


def _kpi_rows(
    context: ReportContext, plugins: Plugins, plugin: str, kpi_id: str, kpi: KPIType
) -> pl.DataFrame:
    frame = plugins.call(plugin, "samverkan_register_kpis", kpi.compute, context)
    frame = tables.conform("observations", frame)
    problems = tables.validate_observations(frame, context.unit, kpi_id)
    wrong = frame.filter(pl.col("kpi_id") != kpi_id).height
    if problems or wrong:
        detail = f"{wrong} rader har ett annat kpi_id" if wrong else str(problems[0])
        raise PluginError(plugin, "samverkan_register_kpis", f"{kpi_id}: {detail}")
    return frame


def build_sections(
    context: ReportContext, plugins: Plugins, strict: bool, progress: Progress = _quiet
) -> list[RenderedSection]:
    """Run every section's builder; without ``strict`` a failing section shows why instead."""
    available = plugins.sections()
    out = []
    for section_id in context.definition.sections:
        plugin, section = available[section_id]
        progress(f"bygger avsnittet {section_id}")
        anchor = section_id.replace(".", "-")
        title = section.title(context.lang)
        try:
            blocks = plugins.call(plugin, "samverkan_register_sections", section.build, context)
        except (PluginError, InputError) as exc:
            if strict:
                raise
            out.append(RenderedSection(anchor, title, error=str(exc)))
            continue
        out.append(RenderedSection(anchor, title, tuple(blocks)))
    return out


def _notices(
    definition: ReportDefinition, data: Tables, notes: Sequence[Note], lang: Lang
) -> list[Notice]:
    notices = []
    example = [s.name for s in definition.sources if s.example_data]
    if example:
        text = (
            "Rapporten bygger delvis på genererade exempeldata, inte på verkliga uppgifter: "
            if lang == "sv"
            else "Parts of this report use generated example data: "
        )
        notices.append(
            Notice("example", f"{phrase('example_data', lang)}. {text}{', '.join(example)}.")
        )
    if notes:
        notices.append(Notice("estimate", phrase("quality_notice", lang).format(count=len(notes))))
    estimates = data["drivers"].filter(pl.col("estimate"))
    for code, driver, date, source in estimates.select(
        "municipality", "driver", "reference_date", "source"
    ).iter_rows():
        name = definition.unit.member(code).name
        notices.append(
            Notice("estimate", f"{phrase('estimates', lang)}: {driver} {name} {date}. {source}")
        )
    return notices


@attrs.frozen
class BuiltReport:
    definition: ReportDefinition
    html: str
    sections: tuple[RenderedSection, ...] = ()
    language: Lang = "sv"


def build_report(
    path: Path,
    plugins: Plugins,
    *,
    lang: Lang | None = None,
    strict: bool = False,
    progress: Progress = _quiet,
    allow_outside: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> BuiltReport:
    """Read, validate, allocate, build and render one definition; return the HTML."""
    progress(f"läser definitionen {path}")
    definition = load_definition(path, allow_outside=allow_outside, limits=limits)
    problems = check_references(definition, plugins)
    if problems:
        raise InputError(problems)
    data = read_tables(definition, plugins, progress, strict=strict)
    progress("fördelar kostnader")
    allocation = allocate(definition, plugins, data)
    language = lang or definition.language
    context = ReportContext(
        definition,
        language,
        data["ledger"],
        data["drivers"],
        data["observations"],
        allocation,
        data.notes,
        tuple(k.kpi for _, (_, k) in sorted(plugins.kpis().items())),
        extras=data.extras,
        strict=strict,
    )
    progress("beräknar nyckeltal")
    observations, failed = compute_kpis(context, plugins)
    context = attrs.evolve(context, observations=observations)
    sections = build_sections(context, plugins, strict, progress)
    highlights, failed_highlights = overview.highlights(context, plugins)
    notes = (*data.notes, *failed, *failed_highlights)
    if notes:
        sections.append(quality_section(notes, language))
    progress("skriver HTML")
    unit = definition.unit
    html = render_html(
        {
            "version": __version__,
            "title": definition.title(language),
            "unit_name": unit.name(language),
            "period_name": definition.period.name(language),
            "members": ", ".join(f"{m.name} ({m.kommunkod})" for m in unit.members),
            "host": unit.host.name,
            "data_date": definition.data_date.isoformat(),
            "definition_name": definition.path.name,
            "member_options": unit.members,
            "meeting_date": definition.meeting_date.isoformat()
            if definition.meeting_date
            else None,
            "diarienummer": definition.diarienummer,
            "cards": overview.cards(context),
            "highlights": highlights,
        },
        sections,
        _notices(definition, data, notes, language),
        language,
    )
    return BuiltReport(definition, html, tuple(sections), language)


def write_report(
    report: BuiltReport,
    out_dir: Path,
    *,
    xlsx: bool = False,
    pdf: bool = False,
    progress: Progress = _quiet,
) -> list[Path]:
    """Write ``<report-id>.html`` (and ``.xlsx``, ``.pdf`` when asked), its meta and the
    folder's ``index.html`` as one set (:mod:`samverkan.render.publish`); return the files.

    A file of the report that this build does not write (a PDF of an earlier build) is
    removed, so the set never holds a workbook or PDF older than its report. A PDF that
    cannot be printed (no Chromium) still leaves the HTML listed in the index; the error is
    raised after that."""
    definition = report.definition
    report_id = definition.id
    names = {"html": f"{report_id}.html", "xlsx": f"{report_id}.xlsx", "pdf": f"{report_id}.pdf"}
    out = publish.check_folder(out_dir)
    publish.check_targets(out, [*names.values(), f"{report_id}.meta.json", "index.html"])
    wanted = ["html", *(["xlsx"] if xlsx else []), *(["pdf"] if pdf else [])]
    failed: Exception | None = None
    with publish.staged(out, progress) as stage:
        write_atomic(stage / names["html"], report.html)
        for kind in ("xlsx", "pdf"):
            (stage / names[kind]).unlink(missing_ok=True)
        if xlsx:
            write_xlsx(report.sections, stage / names["xlsx"], definition.data_date)
        if pdf:
            try:
                write_pdf(stage / names["html"], stage / names["pdf"])
            except Exception as exc:  # re-raised below, once the set is written
                failed = exc
                wanted.remove("pdf")
        write_meta(stage, report_id, _meta(report, [names[k] for k in wanted]))
        write_index(stage)
    if failed is not None:
        raise failed
    return [out / names[kind] for kind in wanted]


def _meta(report: BuiltReport, files: list[str]) -> dict[str, object]:
    definition, period = report.definition, report.definition.period
    return {
        "unit": definition.unit.name(report.language),
        "title": definition.title(report.language),
        "period": period.name(report.language),
        "file": files[0],
        "period_sort": f"{period.year:04d}-{period.last_month.number:02d}-"
        f"{period.granularity.value}",
        "data_date": definition.data_date.isoformat(),
        "extra_files": files[1:],
    }

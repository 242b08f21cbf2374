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
from samverkan.registry import KPIType, Note, ReadContext, ReadResult
from samverkan.render.exports import write_index, write_meta, write_xlsx
from samverkan.render.html import Notice, RenderedSection, render_html, write_atomic
from samverkan.render.pdf import write_pdf

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
    definition: ReportDefinition, plugins: Plugins, progress: Progress = _quiet
) -> Tables:
    """Read every source and validate each table; raise one error listing every problem."""
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
        if isinstance(frame, ReadResult):
            notes += frame.notes
            for name, extra in frame.extras.items():
                extras.setdefault(name, []).append(extra)
            frame = frame.frame
        if not isinstance(frame, pl.DataFrame):
            raise PluginError(
                plugin,
                "samverkan_register_readers",
                f"läsaren {reader.id} returnerade {type(frame).__name__}",
            )
        frame = tables.conform(reader.table, frame)
        problems += tables.VALIDATORS[reader.table](frame, definition.unit, source.name)
        frames[reader.table].append(frame)
    if problems:
        raise InputError(problems)
    merged = {name: tables.concat(name, parts) for name, parts in frames.items()}
    stacked = {name: pl.concat(parts, how="diagonal_relaxed") for name, parts in extras.items()}
    return Tables(merged, tuple(notes), stacked)


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
) -> BuiltReport:
    """Read, validate, allocate, build and render one definition; return the HTML."""
    progress(f"läser definitionen {path}")
    definition = load_definition(path, allow_outside=allow_outside)
    problems = check_references(definition, plugins)
    if problems:
        raise InputError(problems)
    data = read_tables(definition, plugins, progress)
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
    report: BuiltReport, out_dir: Path, *, xlsx: bool = False, pdf: bool = False
) -> list[Path]:
    """Write ``<report-id>.html`` (and ``.xlsx``, ``.pdf`` when asked) atomically to
    ``out_dir``, then refresh the folder's ``index.html``; return the files written.

    A PDF that cannot be printed (no Chromium) still leaves the HTML listed in the index;
    the error is raised after that."""
    definition = report.definition
    target = out_dir / f"{definition.id}.html"
    write_atomic(target, report.html)
    written = [target]
    if xlsx:
        written.append(out_dir / f"{definition.id}.xlsx")
        write_xlsx(report.sections, written[-1])
    failed: Exception | None = None
    if pdf:
        try:
            write_pdf(target, out_dir / f"{definition.id}.pdf")
            written.append(out_dir / f"{definition.id}.pdf")
        except Exception as exc:  # re-raised below, once the index is right
            failed = exc
    period = definition.period
    write_meta(
        out_dir,
        definition.id,
        {
            "unit": definition.unit.name(report.language),
            "title": definition.title(report.language),
            "period": period.name(report.language),
            "file": target.name,
            "period_sort": f"{period.year:04d}-{period.last_month.number:02d}-"
            f"{period.granularity.value}",
            "data_date": definition.data_date.isoformat(),
            "extra_files": [p.name for p in written[1:]],
        },
    )
    write_index(out_dir)
    if failed is not None:
        raise failed
    return written

"""A report built and written: the prepared definition composed into sections and rendered
into one HTML file, then written with its workbook, PDF and meta as one set."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from samverkan import __version__
from samverkan.compose import overview
from samverkan.compose.headline import headline
from samverkan.compose.prepare import Prepared, Registered, prepare
from samverkan.compose.quality import QUALITY_SOURCE, quality_section
from samverkan.compose.rendered import RenderedSection
from samverkan.compose.sections import build_sections, notices, source_label
from samverkan.compose.strategy import strategy_facts
from samverkan.compose.summary import summary
from samverkan.model.format import fmt_money
from samverkan.model.period import Period
from samverkan.model.provenance import EXAMPLE, REAL, Origin, Provenance
from samverkan.model.text import LANGUAGES, Lang, Text, phrase
from samverkan.plugins import Plugins
from samverkan.read.definition import ReportDefinition
from samverkan.read.goals import comment_citations, effect_citations
from samverkan.read.stage import Progress, _quiet
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits
from samverkan.render import publish
from samverkan.render.exports import write_index, write_meta, write_xlsx
from samverkan.render.html import render_html, write_atomic
from samverkan.render.pdf import write_pdf
from samverkan.render.plotly_bundle import Bundle


@attrs.frozen
class BuiltReport:
    definition: ReportDefinition
    html: str
    sections: tuple[RenderedSection, ...] = ()
    language: Lang = "sv"
    headline: Mapping[str, Any] = attrs.field(factory=dict)
    """The figures the dashboard shows (:func:`samverkan.compose.headline.headline`)."""
    provenance: Mapping[str, Provenance] = attrs.field(factory=dict)
    """Every citation → its origin, for the workbook's marks."""


def build_report(
    path: Path,
    plugins: Plugins,
    *,
    lang: Lang | None = None,
    strict: bool = False,
    progress: Progress = _quiet,
    allow_outside: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
    plotly_bundle: Bundle | None = None,
    period: Period | None = None,
) -> BuiltReport:
    """Prepare, compose and render one definition (of a year's definition, the report of
    ``period``); return the HTML. ``plotly_bundle``: a partial plotly.js to embed when it
    draws every figure (else the full one)."""
    registered = plugins.registered()
    prepared = prepare(
        path,
        registered,
        strict=strict,
        progress=progress,
        allow_outside=allow_outside,
        limits=limits,
        period=period,
    )
    return compose(prepared, registered, lang, progress, plotly_bundle)


def compose(
    prepared: Prepared,
    registered: Registered,
    lang: Lang | None,
    progress: Progress = _quiet,
    plotly_bundle: Bundle | None = None,
) -> BuiltReport:
    """The sections of a prepared definition, the first screen, and the page around them."""
    definition = prepared.definition
    context = prepared.context(registered, lang)
    language = context.lang
    sections = build_sections(context, registered.sections, progress)
    highlights, failed = overview.highlights(context, registered.highlights)
    answered, unanswered = summary(context, registered.answers, highlights, sections)
    notes = (*prepared.notes, *failed, *unanswered)
    if notes:
        label = source_label(registered.readers, language)
        sections.append(quality_section(notes, language, definition, label))
    progress("skriver HTML")
    registry = provenance(prepared)
    figures = {**headline(context), **strategy_facts(context, registry, answered)}
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
            "meeting": _meeting(definition, language),
            "diarienummer": definition.diarienummer,
            "summary": answered,
            "member_totals": _member_totals(figures, definition, language),
            "plotly_bundle": plotly_bundle,
            "provenance": registry,
        },
        sections,
        notices(definition, prepared.tables, notes, language, registered.readers),
        language,
    )
    return BuiltReport(definition, html, tuple(sections), language, figures, registry)


def _member_totals(
    figures: Mapping[str, Any], definition: ReportDefinition, lang: Lang
) -> dict[str, str]:
    """Kommunkod → what the member pays this year, said when the filter chooses it."""
    year = definition.period.year
    return {
        m["kommunkod"]: Text(
            f"{m['name']}: totalt {fmt_money(m['budget_ore'], 'kr', lang=lang)} i "
            f"kommunbidrag {year} enligt budget",
            f"{m['name']}: in all {fmt_money(m['budget_ore'], 'kr', lang=lang)} in "
            f"contributions for {year} as budgeted",
        )(lang)
        for m in figures.get("members", [])
        if m.get("budget_ore") is not None
    }


def provenance(prepared: Prepared) -> dict[str, Provenance]:
    """Every citation a block can hold → its provenance: what the read stage registered for
    the rows, and the goals file (its targets are examples when the file says so)."""
    registry = dict(prepared.tables.provenance)
    goals = prepared.definition.goals
    if goals is not None:
        # Cited as the file, or as "mål: <file>" beside the indicators' own sources.
        name = goals.path.name
        for cited in (name, *(f"{Text('mål', 'goals')(lang)}: {name}" for lang in LANGUAGES)):
            registry[cited] = EXAMPLE if goals.example else REAL
        for cited in comment_citations(goals):  # versioned with the goals file
            registry[cited] = EXAMPLE if goals.example else REAL
        for cited in effect_citations(goals):  # findings quoted from the evaluation
            registry.setdefault(cited, REAL)
    spec, costs = prepared.definition.allocation, prepared.tables.coalitions
    if spec is not None and spec.coalitions_name is not None and costs is not None:
        declared = spec.coalitions_origin
        estimated = Provenance(Origin.ESTIMATE, "estimate = ja i filen")
        registry[spec.coalitions_name] = (
            estimated if costs.estimated and not declared.example else declared
        )
    governance = prepared.definition.governance
    for cited in governance.sources() if governance else []:  # the board's papers, quoted
        registry.setdefault(cited, REAL)
    for lang in LANGUAGES:  # the data-quality notes: samverkan's own reading of the sources
        registry[QUALITY_SOURCE(lang)] = REAL
    return registry


def _meeting(definition: ReportDefinition, lang: Lang) -> str | None:
    """``2018-05-14, ärende 2``: the meeting as the definition names it, or None."""
    if definition.meeting_date is None:
        return None
    item = definition.agenda_item
    return definition.meeting_date.isoformat() + (
        f", {phrase('agenda_item', lang)} {item}" if item else ""
    )


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
    removed, so the set never holds a workbook or PDF older than its report. Every file is
    made before anything is published: a PDF that cannot be printed (no Chromium) stops the
    build with the folder as it was."""
    return write_reports([report], out_dir, xlsx=xlsx, pdf=pdf, progress=progress)


def write_reports(
    reports: Sequence[BuiltReport],
    out_dir: Path,
    *,
    xlsx: bool = False,
    pdf: bool = False,
    progress: Progress = _quiet,
) -> list[Path]:
    """Write several reports (the months of a year's definition) as one set, as
    :func:`write_report` writes one: every report's files are made before any is published,
    so the folder gets all of them or, when one cannot be made, none."""
    out = publish.check_folder(out_dir)
    names = [_names(report.definition.id) for report in reports]
    publish.check_targets(
        out,
        [
            *(n for named, r in zip(names, reports, strict=True) for n in named.values()),
            *(f"{r.definition.id}.meta.json" for r in reports),
            "index.html",
        ],
    )
    wanted = ["html", *(["xlsx"] if xlsx else []), *(["pdf"] if pdf else [])]
    with publish.staged(out, progress) as stage:
        for report, named in zip(reports, names, strict=True):
            _write_into(stage, report, named, xlsx=xlsx, pdf=pdf)
            write_meta(stage, report.definition.id, _meta(report, [named[k] for k in wanted]))
        write_index(stage)
    return [out / named[kind] for named in names for kind in wanted]


def _names(report_id: str) -> dict[str, str]:
    return {kind: f"{report_id}.{kind}" for kind in ("html", "xlsx", "pdf")}


def _write_into(
    stage: Path, report: BuiltReport, names: Mapping[str, str], *, xlsx: bool, pdf: bool
) -> None:
    """The report's HTML, and its workbook and PDF when asked, into the staging folder; an
    earlier workbook or PDF this build does not write is removed from the set."""
    definition = report.definition
    write_atomic(stage / names["html"], report.html)
    for kind in ("xlsx", "pdf"):
        (stage / names[kind]).unlink(missing_ok=True)
    if xlsx:
        write_xlsx(
            report.sections,
            stage / names["xlsx"],
            definition.data_date,
            report.provenance,
            report.language,
        )
    if pdf:
        lang = report.language
        title = f"{definition.title(lang)} – {definition.period.name(lang)}"
        write_pdf(stage / names["html"], stage / names["pdf"], title, lang)


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
        "lang": report.language,
        "headline": dict(report.headline),
    }

"""The compose stage's sections: each section of the definition built by its plugin, in order,
and the notices under the report's header."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import polars as pl

from samverkan.allocate.split import current_view
from samverkan.compose.blocks import Term
from samverkan.compose.quality import note_source
from samverkan.compose.registry import ReportContext, SectionType
from samverkan.compose.rendered import Notice, RenderedSection
from samverkan.compose.terms import terms_section, without_terms
from samverkan.errors import SamverkanError, tolerated
from samverkan.model.format import fmt_count
from samverkan.model.notes import Note
from samverkan.model.provenance import Origin
from samverkan.model.text import Lang, Noun, Text, joined, phrase
from samverkan.read.definition import ReportDefinition
from samverkan.read.registry import Reader, Source
from samverkan.read.stage import Progress, Tables, _quiet


def build_sections(
    context: ReportContext,
    available: Mapping[str, tuple[str, SectionType]],
    progress: Progress = _quiet,
) -> list[RenderedSection]:
    """Run every section's builder; without ``context.strict`` a failing section shows why."""
    out = []
    terms: list[Term] = []  # the methods the sections name, for the appendix after them
    for section_id in context.definition.sections:
        plugin, section = available[section_id]
        progress(f"bygger avsnittet {section_id}")
        anchor = section_id.replace(".", "-")
        title = section.title(context.lang)

        def failed(exc: SamverkanError, anchor: str = anchor, title: str = title) -> None:
            out.append(RenderedSection(anchor, title, error=str(exc)))

        hook = "samverkan_register_sections"
        blocks = tolerated(context.strict, failed, plugin, hook, section.build, context)
        if blocks is not None:
            shown, used = without_terms(blocks)
            terms += used
            out.append(RenderedSection(anchor, title, shown, appendix=section.appendix))
    appendix = terms_section(terms, context.lang)
    return [*out, appendix] if appendix is not None else out


def source_label(readers: Mapping[str, tuple[str, Reader]], lang: Lang) -> Callable[[Source], str]:
    """How the report names a source in a sentence: its ``label`` (``huvudboken``), or what
    its reader reads."""

    def label(source: Source) -> str:
        return (source.label or readers[source.reader][1].title.lower())(lang)

    return label


def notices(
    definition: ReportDefinition,
    data: Tables,
    notes: Sequence[Note],
    lang: Lang,
    readers: Mapping[str, tuple[str, Reader]],
) -> list[Notice]:
    """The remarks under the header: in one line what is real and what is generated example
    data (by each source's declared origin, as the marks are), what the data-quality notes
    are about, and the estimates."""
    out = []
    label = source_label(readers, lang)
    by_origin: dict[Origin, list[str]] = {o: [] for o in Origin}
    for source in definition.sources:
        by_origin[source.provenance.origin].append(label(source))
    if definition.goals is not None and definition.goals.example:
        by_origin[Origin.EXAMPLE].append(Text("målvärdena", "the targets")(lang))
    spec = definition.allocation
    if spec is not None and spec.coalitions is not None and spec.coalitions_origin.example:
        alone = Text("de fristående kostnaderna", "the stand-alone costs")
        by_origin[Origin.EXAMPLE].append(alone(lang))
    real, estimated, example = (_unique(by_origin[o]) for o in Origin)
    if example or estimated:
        generated = _generated_figures(definition, data, lang) if real else ""
        out.append(_origin_notice(real, estimated, example, lang, generated))
    if notes:
        out.append(Notice("estimate", _notes_line(definition, notes, lang, label)))
    estimates = data["drivers"].filter(pl.col("estimate"))
    titles = data.driver_titles
    for code, driver, date in estimates.select(
        "municipality", "driver", "reference_date"
    ).iter_rows():
        name = definition.unit.member(code).name
        what = titles[driver](lang) if driver in titles else driver
        out.append(
            Notice(
                "estimate",
                Text(
                    f"Uppskattad uppgift: {what} i {name} {date}. Källan säger hur den är "
                    "uppskattad.",
                    f"Estimated figure: {what} in {name} on {date}. The source says how it was "
                    "estimated.",
                )(lang),
            )
        )
    return out


def _generated_figures(definition: ReportDefinition, data: Tables, lang: Lang) -> str:
    """When the period's own forecast or outcome is generated example data (a year-end report
    on a year whose real papers end in April), what they are: ``prognosen och utfallet för
    december 2018``; empty when they are the board's own."""
    ledger, period = data["ledger"], definition.period
    ended = period.last_month.number == 12  # the year's outcome is then shown
    year = pl.col("period").str.starts_with(str(period.year)) & (pl.col("scope") == "drift")
    outcome = ledger.filter(year & (pl.col("kind") == "utfall"))
    shown = pl.concat([current_view(ledger, period), outcome.head(outcome.height * ended)])
    generated = [s.citation for s in definition.sources if s.provenance.origin == Origin.EXAMPLE]
    kinds = set(shown.filter(pl.col("source").is_in(generated))["kind"].cast(pl.String))
    kinds.discard("budget")
    if not kinds:
        return ""
    name = period.name(lang)
    if kinds == {"prognos"}:
        return Text(f"prognosen för {name}", f"the forecast for {name}")(lang)
    if kinds == {"utfall"}:
        return Text(f"utfallet för {name}", f"the outcome for {name}")(lang)
    return Text(f"prognosen och utfallet för {name}", f"the forecast and outcome for {name}")(lang)


def _origin_notice(
    real: list[str], estimated: list[str], example: list[str], lang: Lang, generated: str = ""
) -> Notice:
    """One line saying what is real (and, when the period's own figures are generated, that
    they are), and the estimates and example data by name under it."""
    if not real:
        line = Text(
            "Alla uppgifter i rapporten är genererade exempeldata.",
            "Every figure in the report is generated example data.",
        )(lang)
    else:
        rest = Text(
            "övrigt är genererade exempeldata, märkta Exempeldata",
            "the rest is generated example data, marked Example data",
        )(lang)
        if estimated and not example:
            rest = Text(
                "övrigt är uppskattningar, märkta Uppskattning",
                "the rest is estimates, marked Estimate",
            )(lang)
        elif estimated:
            rest += Text(" eller Uppskattning", " or Estimate")(lang)
        if generated and example:  # the period's own figures first: they are not the board's
            rest = Text(
                f"{generated} är genererade exempeldata, liksom övrigt märkt Exempeldata",
                f"{generated} are generated example data, as is the rest marked Example data",
            )(lang)
            if estimated:
                rest += Text(" (uppskattningar: Uppskattning)", " (estimates: Estimate)")(lang)
        line = Text(
            f"Verkliga uppgifter: {joined(real, 'sv')}; {rest}.",
            f"Real figures: {joined(real, 'en')}; {rest}.",
        )(lang)
    parts = [
        Text(f"Exempeldata: {joined(example, 'sv')}.", f"Example data: {joined(example, 'en')}.")(
            lang
        )
        if example
        else "",
        Text(
            f"Uppskattningar: {joined(estimated, 'sv')}.", f"Estimates: {joined(estimated, 'en')}."
        )(lang)
        if estimated
        else "",
    ]
    return Notice("example", line, " ".join(p for p in parts if p))


def _notes_line(
    definition: ReportDefinition,
    notes: Sequence[Note],
    lang: Lang,
    label: Callable[[Source], str],
) -> str:
    """``5 anmärkningar om inläsningen (huvudboken 4, ärendeloggen 1), se Datakvalitet``: the
    count with what the notes are about, the source each was read from."""
    counts: dict[str, int] = {}
    for note in notes:
        found = note_source(note, definition)
        about = label(found) if found is not None else note.origin.split(":")[0]
        counts[about] = counts.get(about, 0) + 1
    about = ", ".join(f"{what} {n}" for what, n in counts.items())
    counted = fmt_count(len(notes), NOTES, lang)
    return phrase("quality_notice", lang).format(notes=counted, about=about)


NOTES = Noun("anmärkning", "anmärkningar", "note", "notes")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

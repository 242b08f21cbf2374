"""The compose stage's sections: each section of the definition built by its plugin, in order,
and the notices under the report's header."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import polars as pl

from samverkan.compose.registry import ReportContext, SectionType
from samverkan.compose.rendered import Notice, RenderedSection
from samverkan.errors import SamverkanError, tolerated
from samverkan.model.notes import Note
from samverkan.model.text import Lang, Text, joined, phrase
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
            out.append(RenderedSection(anchor, title, tuple(blocks), appendix=section.appendix))
    return out


def notices(
    definition: ReportDefinition,
    data: Tables,
    notes: Sequence[Note],
    lang: Lang,
    readers: Mapping[str, tuple[str, Reader]],
) -> list[Notice]:
    """The remarks under the header: in one sentence which figures are the board's own and
    which are generated example data, the data-quality notes, and the estimates."""
    out = []

    def label(source: Source) -> str:
        return (source.label or readers[source.reader][1].title.lower())(lang)

    real = _unique(label(s) for s in definition.sources if not s.example_data)
    example = _unique(label(s) for s in definition.sources if s.example_data)
    if example:
        if real:
            text = Text(
                f"{joined(real, 'sv').capitalize()} är verkliga uppgifter; "
                f"{joined(example, 'sv')} är genererade exempeldata och märks "
                "Exempeldata där de används.",
                f"{joined(real, 'en').capitalize()} are real figures; "
                f"{joined(example, 'en')} are generated example data, marked Example data "
                "where they are used.",
            )(lang)
        else:
            text = Text(
                "Alla uppgifter i rapporten är genererade exempeldata.",
                "Every figure in the report is generated example data.",
            )(lang)
        out.append(Notice("example", text))
    if notes:
        out.append(Notice("estimate", phrase("quality_notice", lang).format(count=len(notes))))
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


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

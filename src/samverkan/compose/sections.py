"""The compose stage's sections: each section of the definition built by its plugin, in order,
and the notices under the report's header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from samverkan.compose.registry import ReportContext, SectionType
from samverkan.compose.rendered import Notice, RenderedSection
from samverkan.errors import SamverkanError, tolerated
from samverkan.model.notes import Note
from samverkan.model.text import Lang, Text, phrase
from samverkan.read.definition import ReportDefinition
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
            out.append(RenderedSection(anchor, title, tuple(blocks)))
    return out


def notices(
    definition: ReportDefinition, data: Tables, notes: Sequence[Note], lang: Lang
) -> list[Notice]:
    """The remarks under the header: example data, data-quality notes, estimates."""
    out = []
    example = [s.name for s in definition.sources if s.example_data]
    if example:
        text = Text(
            "Rapporten bygger delvis på genererade exempeldata, inte på verkliga uppgifter: ",
            "Parts of this report use generated example data: ",
        )(lang)
        out.append(
            Notice("example", f"{phrase('example_data', lang)}. {text}{', '.join(example)}.")
        )
    if notes:
        out.append(Notice("estimate", phrase("quality_notice", lang).format(count=len(notes))))
    estimates = data["drivers"].filter(pl.col("estimate"))
    for code, driver, date, source in estimates.select(
        "municipality", "driver", "reference_date", "source"
    ).iter_rows():
        name = definition.unit.member(code).name
        out.append(
            Notice("estimate", f"{phrase('estimates', lang)}: {driver} {name} {date}. {source}")
        )
    return out

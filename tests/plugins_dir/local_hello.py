"""A one-off local plugin, loaded from a plugins directory by the tests."""

from collections.abc import Callable

from samverkan import Paragraph, SectionType, hookimpl
from samverkan.compose.registry import ReportContext


def build(ctx: ReportContext) -> list[Paragraph]:
    return [Paragraph(f"Hej från en lokal plugin, {ctx.unit.name(ctx.lang)}")]


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(SectionType(id="local.hello", title="Hej", build=build))

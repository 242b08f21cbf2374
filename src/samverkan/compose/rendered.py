"""A section as the renderer takes it, and the remarks under the report's header."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from samverkan.compose.blocks import Block


@attrs.frozen
class RenderedSection:
    """A section ready for the template: its anchor, title, blocks or the reason it failed."""

    anchor: str
    title: str
    blocks: Sequence[Block] = ()
    error: str | None = None
    appendix: bool = False
    """Folded on screen and left out of print (the workbook holds it whole)."""


@attrs.frozen
class Notice:
    """A remark printed under the report header (example data, estimates)."""

    kind: str
    text: str
    details: str = ""
    """What the one line sums up (the example sources by name), folded under it."""

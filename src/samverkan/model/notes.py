"""Notes: what a reader read but could not use as it stands, kept with its place and amount."""

from __future__ import annotations

import attrs

from samverkan.model.text import Text, text


@attrs.frozen
class Note:
    """A data-quality remark: something read but not used as it stands, with its amount.

    Unmapped accounts and cost centres, rows outside the period and the like are never dropped
    silently: readers return them as notes and the report lists them under "Datakvalitet".
    """

    message: Text = attrs.field(converter=text)
    """Swedish, or ``{"sv": …, "en": …}`` for both report languages."""
    origin: str
    """``file:line`` (or the file) the remark is about."""
    amount_ore: int | None = None
    strict_error: bool = False
    """True for a fault the report can be built around but ``--strict`` refuses: a file
    that disagrees with itself (vouchers against the totals it states)."""

"""Where a figure comes from, as data: every source declares its origin, and what a report
shows carries the origins of the sources it used.

``real``: the board's own papers, SCB, a ledger a finance system exported. ``estimate``: a
figure someone estimated, with how (the report says so beside it). ``example``: generated
example data. A table, figure or answer is marked by the origins of the rows it actually used,
looked up by their citation in the registry the read stage builds, never guessed from words
in a citation.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from samverkan.model.text import Text


class Origin(enum.Enum):
    REAL = "real"
    ESTIMATE = "estimate"
    EXAMPLE = "example"


_ORDER = (Origin.REAL, Origin.ESTIMATE, Origin.EXAMPLE)
"""From most to least trustworthy: a citation two sources share takes the less trusted."""

MARKS = {
    Origin.EXAMPLE: Text("Exempeldata", "Example data"),
    Origin.ESTIMATE: Text("Uppskattning", "Estimate"),
}
"""The mark shown where a figure uses a source of this origin (real figures need none)."""


def _how(instance: Provenance, _a: attrs.Attribute[str | None], value: str | None) -> None:
    if (instance.origin is Origin.ESTIMATE) != bool(value):
        raise ValueError("an estimate says how it was estimated, and only an estimate does")


@attrs.frozen
class Provenance:
    """The origin of one source, and for an estimate how it was estimated."""

    origin: Origin = Origin.REAL
    how: str | None = attrs.field(default=None, validator=_how)

    @property
    def example(self) -> bool:
        return self.origin is Origin.EXAMPLE


REAL = Provenance()
EXAMPLE = Provenance(Origin.EXAMPLE)


def least_real(a: Provenance, b: Provenance) -> Provenance:
    """Of two provenances for one citation, the one a reader must be warned about."""
    return a if _ORDER.index(a.origin) >= _ORDER.index(b.origin) else b


def origins(cited: Iterable[str], registry: Mapping[str, Provenance]) -> frozenset[Origin]:
    """The origins of the cited sources; a citation the registry does not hold counts as
    example data, so that an unknown source is never shown as real."""
    return frozenset(registry.get(c, EXAMPLE).origin for c in cited)


def sorted_origins(found: Iterable[Origin]) -> list[str]:
    """Origins as JSON-ready values, most trustworthy first (the meta's ``origins``)."""
    present = set(found)
    return [o.value for o in _ORDER if o in present]

"""What the allocate stage gives an allocation method and takes back.

A plugin registers an :class:`AllocationMethod`; its ``weights(context)`` returns one weight per
member, and the core does the splitting itself, exactly, in öre."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import polars as pl

from samverkan.model.period import Period
from samverkan.model.text import Text, text
from samverkan.model.units import ServiceUnit, identifier, strings


@attrs.frozen
class AllocationContext:
    """Input to an allocation method's ``weights``."""

    unit: ServiceUnit
    period: Period
    drivers: pl.DataFrame = attrs.field(eq=False, repr=False)
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """The ``[allocation]`` table's keys other than ``method`` and ``rounding``."""
    argument: str | None = None
    """What follows the method's name: ``tickets`` in ``usage:tickets``."""
    driver_titles: Mapping[str, Text] = attrs.field(factory=dict)
    """What the readers call each driver they gave (``payslips``: lönebesked / payslips)."""
    periods: Mapping[str, str] = attrs.field(factory=dict)
    """The definition's rule per driver (``[allocation.periods]``): which of its rows a key
    counts, ``year_to_date`` (the default), ``period`` or a fixed period or date. The core
    applies it before ``weights`` sees ``drivers``."""

    def driver_title(self, driver: str) -> Text:
        """The driver's title, or its id where no reader named it."""
        return self.driver_titles.get(driver, Text(driver))


@attrs.frozen
class AllocationMethod:
    """A key by which the members share costs (see the allocation explanation in the docs)."""

    id: str = attrs.field(validator=identifier)
    title: Text = attrs.field(converter=text)
    weights: Callable[[AllocationContext], pl.DataFrame]
    """Returns ``municipality`` and ``weight`` (a non-negative exact number: an integer, a
    Decimal or a float that is exact to six decimals), one row per member."""
    options: tuple[str, ...] = attrs.field(default=(), converter=strings)
    """Extra keys the definition's ``[allocation]`` table may set for this method."""
    quantity: str | None = None
    """The driver whose quantity is a member's weight (``population``), or ``{argument}`` for
    the driver named after the method (``usage:tickets`` weighs by ``tickets``): what a
    municipality that joins is weighed by, from ``[allocation.join]``."""
    equal: bool = False
    """Every member weighs the same (``even``): a joining member weighs as much as the others."""

    def quantity_for(self, argument: str | None) -> str | None:
        """The driver a member is weighed by under this method and its argument."""
        if self.quantity == "{argument}":
            return argument
        return self.quantity

"""The plugin contract: every hook samverkan calls, documented by its docstring.

Plugins implement these with ``@hookimpl`` (``from samverkan.api import hookimpl``).
Registration hooks receive a ``register`` callback: a plugin declares values (readers, sections,
allocation methods) and the core checks them, remembers which plugin gave them, and calls them
itself. An implementation may accept fewer arguments than the specification names, none at all,
and may take them by keyword only (pluggy's opt-in arguments; the core calls each implementation
with the arguments it names), so a hook can gain arguments without breaking plugins. An
implementation asking for an argument the hook does not give is the plugin's error, named with
the plugin and the hook.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pluggy

from samverkan.model.text import Text, text
from samverkan.model.units import identifier

if TYPE_CHECKING:
    from samverkan.allocate.registry import AllocationMethod
    from samverkan.compose.answers import AnswerType
    from samverkan.compose.registry import HighlightType, SectionType
    from samverkan.measure.registry import KPIType
    from samverkan.read.registry import Reader

hookspec = pluggy.HookspecMarker("samverkan")
hookimpl = pluggy.HookimplMarker("samverkan")


@attrs.frozen
class Command:
    """A ``samverkan`` subcommand a plugin adds (``samverkan kolada fetch …``)."""

    id: str = attrs.field(validator=identifier)
    """The subcommand's name on the command line."""
    help: Text = attrs.field(converter=text)
    configure: Callable[[argparse.ArgumentParser], None]
    """Adds the subcommand's arguments (and its own subcommands) to its parser."""
    run: Callable[[argparse.Namespace], int]
    """Runs it and returns the exit code; raise :class:`samverkan.api.InputError` for bad
    input, which the command line reports with exit code 2."""


# ---------------------------------------------------------------------------------------------
# Registration hooks: called once per plugin manager, in registration order of the plugins.
# ---------------------------------------------------------------------------------------------


@hookspec
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    """Register readers that turn input files into canonical tables.

    :param register: call with a :class:`samverkan.api.Reader` for each reader. Its ``id``
        is what a report definition names as ``reader = "…"`` in ``[[sources]]``; by convention
        it starts with the plugin's area, for example ``ekonomi.resultatrakning``.

    The reader's ``read(source, context)`` returns a polars frame with the columns of its
    ``table`` (``ledger``, ``drivers`` or ``observations``; see the canonical tables), or a
    :class:`samverkan.api.ReadResult` with notes and tables of the plugin's own (``extras``),
    each declared with its schema in ``Reader.extras``; a reader with ``table=None`` gives only
    those. Optional columns may be left out. The core adds nothing to what the reader returns
    and changes nothing: a column takes its table's type only if every value survives (a
    value that would be rounded or nulled is a :class:`samverkan.api.PluginError` naming the
    reader and column), and a row with an unknown area or municipality is reported with its
    ``origin`` (``file:line``). Raise :class:`samverkan.api.InputError` naming file, row and
    column for bad input.

    Example::

        @hookimpl
        def samverkan_register_readers(register):
            register(Reader(id="ekonomi.resultatrakning", table="ledger",
                            read=read_result_statement, title="Resultaträkning"))
            register(Reader(id="it_vaxel.vaxel", table=None, read=read_switchboard,
                            title="Växelstatistik",
                            extras={"it_vaxel.vaxel": {"time": pl.Datetime("ms"),
                                                       "incoming": pl.Int64, …,
                                                       "source": pl.String,
                                                       "origin": pl.String}}))
    """


@hookspec
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    """Register report sections.

    :param register: call with a :class:`samverkan.api.SectionType`. Its ``id`` is what a
        definition lists under ``sections``; the report shows sections in that order.

    ``build(context)`` receives a :class:`samverkan.api.ReportContext` (the definition, the
    validated canonical tables, the allocation results and the language) and returns a sequence
    of blocks (``Table``, ``Figure`` with a figure spec, ``Paragraph`` … from
    :mod:`samverkan.api`). Every table and figure names its source. If ``build`` raises, the
    report shows the section as not computable with the plugin's name and reason, or the build
    fails under ``--strict``.
    """


@hookspec
def samverkan_register_allocation_methods(register: Callable[[AllocationMethod], None]) -> None:
    """Register keys by which members share a board's costs.

    :param register: call with a :class:`samverkan.api.AllocationMethod`. Its ``id`` is what
        a definition names as ``method`` in ``[allocation]``.

    ``weights(context)`` receives a :class:`samverkan.api.AllocationContext` (the unit, the
    drivers table and the ``[allocation]`` options) and returns one row per member with
    ``municipality`` and a non-negative integer ``weight``. The core does the splitting itself,
    in integer öre with largest-remainder rounding, so every method's parts sum to the cost.
    The built-in methods are ``population`` and ``even``.
    """


@hookspec
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    """Register key performance indicators and how to compute them.

    :param register: call with a :class:`samverkan.api.KPIType`: a
        :class:`samverkan.api.KPI` (id, Swedish and English title, unit, direction, area,
        description with the formula, source) and a ``compute(context)`` function.

    The core computes every registered KPI after the allocate stage, so ``compute`` may read
    ``context.allocation`` (each member's charges under the key, per area: a cost per m² for
    each member), validates the rows each returns as ``observations`` (``kpi_id`` must be the
    KPI's id) and gives them to the sections in ``context.observations``; the built-in section
    ``nyckeltal`` lists them. Every installed plugin's KPIs run for every report: a KPI whose
    data is missing (another board's report) returns an empty frame (``pl.DataFrame()`` will
    do), which is left out, rather than a made-up value.
    """


@hookspec
def samverkan_register_highlights(register: Callable[[HighlightType], None]) -> None:
    """Register what the report's first screen lists as "changed most since last time".

    :param register: call with a :class:`samverkan.api.HighlightType` whose
        ``compute(context)`` returns :class:`samverkan.api.Highlight` values.

    The core gathers every plugin's highlights, orders them by ``magnitude`` (in kronor, or
    what the plugin's change is worth) and shows the three largest under the report's header,
    green for good news and orange for bad, with a symbol as well as a colour.
    """


@hookspec
def samverkan_register_answers(register: Callable[[AnswerType], None]) -> None:
    """Register answers to the questions on the report's first screen (Sammanfattning).

    :param register: call with a :class:`samverkan.api.AnswerType` naming the ``question``
        it answers: ``ekonomi`` (how the finances are going), ``kostnad`` (what each member
        pays), ``mal`` (whether the goals are met), ``vinst`` (what the cooperation gains) or
        ``andringar`` (what changed since the last report).

    The core's own ``kostnad`` answer quotes each member's share of the year's **budget**
    (the kommunbidrag) under the agreed key, not the forecast, which the ``ekonomi`` answer
    sets against the budget.

    ``answer(context)`` receives the :class:`samverkan.api.ReportContext` and returns an
    :class:`samverkan.api.Answer` (a few sentences, each about the whole board or one member,
    computed from the data) or None when it has nothing to say. ``evidence`` names the section
    with the figures, which the summary links to. The core asks the questions and says plainly
    when no plugin answers one; it knows no area. A failing answer is listed under
    *Datakvalitet*, or stops the build under ``--strict``.
    """


@hookspec
def samverkan_register_commands(register: Callable[[Command], None]) -> None:
    """Register subcommands of the ``samverkan`` command line.

    :param register: call with a :class:`samverkan.api.Command`. Its ``id`` becomes the
        subcommand (``samverkan kolada …``); ``configure(parser)`` adds its arguments and
        ``run(args)`` returns the exit code.

    A command whose name the core or another plugin already uses is refused with both
    plugins' names. ``run`` raising :class:`samverkan.api.InputError` ends with exit code 2
    and one message (file, row, key); any other exception is reported as the plugin's error.
    """

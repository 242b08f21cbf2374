"""samverkan-kolada: compare the members with similar municipalities through Kolada.

Registered under the entry-point group ``samverkan`` as ``kolada``: the command
``samverkan kolada fetch`` fills an offline cache from the Kolada API, the reader ``kolada``
reads it, the catalogue's KPIs give the peer group's median and quartiles, and the section
``kolada.jamforelse`` draws each member against its peers.
"""

from __future__ import annotations

from collections.abc import Callable

from samverkan.api import Command, KPIType, Reader, SectionType, hookimpl
from samverkan_kolada import command, reader
from samverkan_kolada.catalogue import KPIS, TABLE
from samverkan_kolada.section import build_comparison

__version__ = "0.2.0"


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="kolada",
            table="observations",
            read=reader.read_kolada,
            title={"sv": "Kolada (cachade nyckeltal)", "en": "Kolada (cached KPIs)"},
            options=reader.OPTIONS,
            extras={TABLE: reader.VALUES},
        )
    )


@hookimpl
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    for kpi in KPIS:
        register(kpi)


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="kolada.jamforelse",
            title={"sv": "Jämförelse", "en": "Comparison"},
            build=build_comparison,
        )
    )


@hookimpl
def samverkan_register_commands(register: Callable[[Command], None]) -> None:
    register(
        Command(
            id="kolada",
            help={"sv": "hämta nyckeltal från Kolada till en cache", "en": "fetch Kolada KPIs"},
            configure=command.configure,
            run=command.run,
        )
    )

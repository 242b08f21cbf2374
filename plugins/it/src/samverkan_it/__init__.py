"""samverkan-it: IT/växel/telefoni — the service desk's tickets, service levels and use.

Registered under the entry-point group ``samverkan`` as ``it_vaxel``.
"""

from __future__ import annotations

from collections.abc import Callable

from samverkan import KPIType, Reader, SectionType, hookimpl
from samverkan_it.kpis import KPIS
from samverkan_it.section import build_it_section
from samverkan_it.tickets import TICKET_OPTIONS, read_tickets

__version__ = "0.1.0"
TITLE = {"sv": "IT/växel/telefoni", "en": "IT/switchboard/telephony"}


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="it_vaxel.arenden",
            table="drivers",
            read=read_tickets,
            title={"sv": "Ärendelogg från servicedesken", "en": "Service-desk tickets"},
            options=TICKET_OPTIONS,
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
            id="it_vaxel.oversikt",
            title={"sv": "IT och växel", "en": "IT and switchboard"},
            build=build_it_section,
        )
    )

"""samverkan-it: IT/växel/telefoni — the service desk's tickets, service levels and use.

Registered under the entry-point group ``samverkan`` as ``it_vaxel``.
"""

from __future__ import annotations

from collections.abc import Callable

from samverkan.api import KPIType, Reader, SectionType, hookimpl
from samverkan_it import operations
from samverkan_it.kpis import KPIS
from samverkan_it.operations_kpis import KPIS as OPERATION_KPIS
from samverkan_it.section import build_it_section
from samverkan_it.tickets import SCHEMA as TICKET_SCHEMA
from samverkan_it.tickets import TABLE as TICKETS
from samverkan_it.tickets import TICKET_OPTIONS, read_tickets

__version__ = "0.2.0"
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
            extras={TICKETS: TICKET_SCHEMA},
            drivers={"tickets": {"sv": "ärenden", "en": "tickets"}},
        )
    )
    for reader_id, read, sv, en in (
        ("it_vaxel.vaxel", operations.read_switchboard, "Växelstatistik", "Switchboard statistics"),
        ("it_vaxel.storningar", operations.read_disturbances, "Störningslogg", "Disturbance log"),
        ("it_vaxel.projekt", operations.read_projects, "Projektportfölj", "Project portfolio"),
    ):
        register(
            Reader(
                id=reader_id,
                table=None,  # only its own table
                read=read,
                title={"sv": sv, "en": en},
                options=operations.OPTIONS,
                extras={reader_id: operations.SCHEMAS[reader_id]},
            )
        )


@hookimpl
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    for kpi in (*KPIS, *OPERATION_KPIS):
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

"""samverkan-personal: HR and payroll — sick leave as SKR defines it, turnover, vacancies,
payroll quality and personnel cost, with employees and payslips as allocation drivers.

Registered under the entry-point group ``samverkan`` as ``personal``.
"""

from __future__ import annotations

from collections.abc import Callable

from samverkan.api import KPIType, Reader, SectionType, hookimpl
from samverkan_personal import staff, vacancies
from samverkan_personal.kpis import STAFF_KPIS
from samverkan_personal.section import build_personal_section
from samverkan_personal.vacancy_kpis import STAFFING_KPIS

__version__ = "0.2.0"


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="personal.anstallda",
            table="drivers",
            read=staff.read_staff,
            title={
                "sv": "Personal- och löneuttag per månad",
                "en": "Monthly HR and payroll export",
            },
            options=staff.OPTIONS,
            extras={staff.TABLE: staff.SCHEMA},
            drivers={
                "employees": {"sv": "anställda", "en": "employees"},
                "payslips": {"sv": "lönebesked", "en": "payslips"},
            },
        )
    )
    register(
        Reader(
            id="personal.vakanser",
            table=None,  # only its own table
            read=vacancies.read_vacancies,
            title={"sv": "Vakanser och rekryteringar", "en": "Vacancies and recruitment"},
            options=vacancies.OPTIONS,
            extras={vacancies.TABLE: vacancies.SCHEMA},
        )
    )


@hookimpl
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    for kpi in (*STAFF_KPIS, *STAFFING_KPIS):
        register(kpi)


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="personal.oversikt",
            title={"sv": "Personal", "en": "Human resources"},
            build=build_personal_section,
        )
    )

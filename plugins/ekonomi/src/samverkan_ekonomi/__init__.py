"""samverkan-ekonomi: result statements, ledgers (SIE 4), forecasts, investments and their KPIs.

Registered under the entry-point group ``samverkan`` as ``ekonomi``.
"""

from __future__ import annotations

from collections.abc import Callable

from samverkan.api import AnswerType, HighlightType, KPIType, Reader, SectionType, hookimpl
from samverkan_ekonomi import answers, comments, investment_section, lines, views
from samverkan_ekonomi.investments import INVESTMENT_OPTIONS, read_investments
from samverkan_ekonomi.kpis import HIGHLIGHTS, KPIS
from samverkan_ekonomi.reader import READER_OPTIONS, read_result_statement
from samverkan_ekonomi.section import build_result_statement_section
from samverkan_ekonomi.sie_ledger import SIE_OPTIONS, read_sie_ledger

__version__ = "0.2.0"

READERS = (
    Reader(
        id="ekonomi.resultatrakning",
        table="ledger",
        read=read_result_statement,
        title={
            "sv": "Resultaträkning eller prognoser per område och rad",
            "en": "Result statement or forecasts per area and line",
        },
        options=READER_OPTIONS,
        extensions=(".csv", ".xlsx"),
        extras={comments.TABLE: comments.SCHEMA, lines.TABLE: lines.SCHEMA},
    ),
    Reader(
        id="ekonomi.sie",
        table="ledger",
        read=read_sie_ledger,
        title={"sv": "Huvudbok i SIE 4-format", "en": "General ledger in SIE 4 format"},
        options=SIE_OPTIONS,
        extensions=(".se", ".si", ".sie"),
    ),
    Reader(
        id="ekonomi.investeringar",
        table="ledger",
        read=read_investments,
        title={"sv": "Investeringar per projekt", "en": "Investments per project"},
        options=INVESTMENT_OPTIONS,
    ),
)
SECTIONS = (
    SectionType(
        id="ekonomi.resultatrakning",
        title={"sv": "Ekonomi: resultaträkning", "en": "Finance: result statement"},
        build=build_result_statement_section,
    ),
    SectionType(
        id="ekonomi.avvikelser",
        title={"sv": "Från budget till prognos", "en": "From budget to forecast"},
        build=views.build_deviation_section,
    ),
    SectionType(
        id="ekonomi.prognoser",
        title={"sv": "Prognoser och prognossäkerhet", "en": "Forecasts and forecast accuracy"},
        build=views.build_forecast_section,
    ),
    SectionType(
        id="ekonomi.kommuner",
        title={"sv": "Per kommun", "en": "Per municipality"},
        build=views.build_municipality_section,
    ),
    SectionType(
        id="ekonomi.investeringar",
        title={"sv": "Investeringar", "en": "Investments"},
        build=investment_section.build_investment_section,
    ),
)


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    for reader in READERS:
        register(reader)


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    for section in SECTIONS:
        register(section)


@hookimpl
def samverkan_register_kpis(register: Callable[[KPIType], None]) -> None:
    for kpi in KPIS:
        register(kpi)


@hookimpl
def samverkan_register_highlights(register: Callable[[HighlightType], None]) -> None:
    for source in HIGHLIGHTS:
        register(source)


@hookimpl
def samverkan_register_answers(register: Callable[[AnswerType], None]) -> None:
    answers.samverkan_register_answers(register)

"""samverkan-ekonomi: result statements (resultaträkning) with budget, prognos and utfall.

Registered under the entry-point group ``samverkan`` as ``ekonomi``.
"""

from __future__ import annotations

from collections.abc import Callable

from samverkan import Reader, SectionType, hookimpl
from samverkan_ekonomi.reader import READER_OPTIONS, read_result_statement
from samverkan_ekonomi.section import build_result_statement_section

__version__ = "0.1.0"


@hookimpl
def samverkan_register_readers(register: Callable[[Reader], None]) -> None:
    register(
        Reader(
            id="ekonomi.resultatrakning",
            table="ledger",
            read=read_result_statement,
            title={"sv": "Resultaträkning per område och rad", "en": "Result statement per area"},
            options=READER_OPTIONS,
        )
    )


@hookimpl
def samverkan_register_sections(register: Callable[[SectionType], None]) -> None:
    register(
        SectionType(
            id="ekonomi.resultatrakning",
            title={"sv": "Ekonomi: resultaträkning", "en": "Finance: result statement"},
            build=build_result_statement_section,
        )
    )

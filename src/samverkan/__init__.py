"""samverkan: evaluate shared services between municipalities and report on them."""

from samverkan.blocks import Card, Cards, Figure, Markdown, Paragraph, Row, Table
from samverkan.errors import InputError, PluginError, Problem, SamverkanError
from samverkan.goals import Goal, Goals, Indicator, Purpose
from samverkan.hookspecs import hookimpl
from samverkan.i18n import Text
from samverkan.model import KPI, Area, Direction, Municipality, ServiceUnit
from samverkan.period import Period
from samverkan.registry import (
    AllocationMethod,
    KPIType,
    Note,
    Reader,
    ReadResult,
    SectionType,
    Source,
)

__version__ = "0.1.0"

__all__ = [
    "KPI",
    "AllocationMethod",
    "Area",
    "Card",
    "Cards",
    "Direction",
    "Figure",
    "Goal",
    "Goals",
    "Indicator",
    "InputError",
    "KPIType",
    "Markdown",
    "Municipality",
    "Note",
    "Paragraph",
    "Period",
    "PluginError",
    "Problem",
    "Purpose",
    "ReadResult",
    "Reader",
    "Row",
    "SamverkanError",
    "SectionType",
    "ServiceUnit",
    "Source",
    "Table",
    "Text",
    "__version__",
    "hookimpl",
]

"""The plugin API: everything a plugin may use, and nothing else.

A plugin imports from this module only (``from samverkan.api import hookimpl, Reader, …``);
the test suite holds every plugin in ``plugins/`` and the ``new-plugin`` scaffold to that.
What is here is kept stable within a major version of :data:`API_VERSION`, which is the
release's major and minor number: a name may be added in a minor version, and is removed or
changed incompatibly only in the next major one, after a release that warns. A plugin states
the samverkan it needs in its distribution's dependencies (``samverkan>=0.2,<1``), and
``samverkan plugins`` shows it.

The groups, in the order a report is made:

- **hooks and registration**: :data:`hookimpl` and the values a plugin registers
  (:class:`Reader`, :class:`KPIType`, :class:`AllocationMethod`, :class:`SectionType`,
  :class:`HighlightType`, :class:`Command`);
- **the definition** as the contexts hold it (:class:`ReportDefinition`, :class:`AllocationSpec`,
  :class:`ReadLimits` …) and the type aliases the values above name;
- **the contexts** each stage hands a plugin (:class:`ReadContext` with :class:`Source`,
  :class:`MeasureContext`, :class:`AllocationContext`, :class:`ReportContext`) and what a
  reader returns (:class:`ReadResult`, :class:`Note`);
- **the model**: municipalities, boards, areas, KPIs, periods, text in two languages, money;
- **the canonical tables** and helpers to build their rows;
- **reading files** the Swedish way (CSV and xlsx, located errors): ``read_source``,
  ``require_columns``, ``require_filled``, ``parse_amounts``, ``parse_quantities``,
  ``member_code`` and ``cell_problems`` are what a reader normally needs; ``read_text_table``,
  ``first_row``, ``role_columns``, ``find_column``, ``amount_expr``, ``parse_integers``,
  ``utf8_bytes``, ``wide_encoding``, ``read_bytes``, ``RawTable`` and ``Check`` are low-level
  helpers for unusual files;
- **blocks and figures** a section returns, and **formats** for numbers;
- **goals** as followed up, for sections that show them;
- **errors**.
"""

from samverkan.allocate.keys import MethodSpec, in_window
from samverkan.allocate.registry import AllocationContext, AllocationMethod
from samverkan.allocate.results import Allocation, Gain, Scenario, budget_by_member
from samverkan.allocate.split import current_view
from samverkan.compose.answers import Answer, AnswerType, Line
from samverkan.compose.blocks import (
    Block,
    Card,
    Cards,
    Cell,
    Figure,
    Markdown,
    Paragraph,
    Row,
    Table,
    Term,
    amount_cell,
    number_cell,
    pct_cell,
    swedish_cell,
)
from samverkan.compose.figures import (
    Axis,
    Chart,
    FigureSpec,
    Format,
    Heatmap,
    Role,
    Series,
    Timeline,
    Tree,
    Waterfall,
    XKind,
)
from samverkan.compose.overview import kpi_card
from samverkan.compose.registry import Highlight, HighlightType, ReportContext, SectionType
from samverkan.errors import InputError, PluginError, Problem, SamverkanError
from samverkan.follow_up.status import (
    STATUS_SYMBOL,
    STATUS_TEXT,
    TREND_TEXT,
    Measured,
    Status,
    Trend,
    roll_up,
)
from samverkan.hookspecs import Command, hookimpl
from samverkan.measure.memo import PerReport
from samverkan.measure.registry import KPIType, MeasureContext
from samverkan.model.casts import MAX_QUANTITY, QUANTITY, integer_weights
from samverkan.model.format import (
    MoneyScale,
    against_budget,
    fmt_amount,
    fmt_count,
    fmt_money,
    fmt_number,
    fmt_pct,
    money_scale,
)
from samverkan.model.money import MAX_ORE, ORE_PER
from samverkan.model.notes import Note
from samverkan.model.period import MONTHS_SV, SHORT_MONTHS_SV, Granularity, Period, Window
from samverkan.model.subjects import (
    AREA,
    PEER,
    SubjectKind,
    peer_subject,
    split_subject,
    subject,
    subject_expr,
)
from samverkan.model.tables import (
    DRIVERS,
    LEDGER,
    OBSERVATIONS,
    PEER_STATISTICS,
    as_observations,
    empty,
    sources,
)
from samverkan.model.targets import Band, Limit
from samverkan.model.text import Lang, Noun, Text, Texts, in_sentence
from samverkan.model.units import KPI, Area, Direction, Municipality, ServiceUnit
from samverkan.read.definition import AllocationSpec, JoinScenario, ReportDefinition
from samverkan.read.encodings import utf8_bytes, wide_encoding
from samverkan.read.files import read_bytes, read_text
from samverkan.read.goal_plan import Activity, Comment, Effect
from samverkan.read.goals import KINDS, Goal, Goals, Indicator, Purpose
from samverkan.read.numbers import amount_expr, parse_amounts, parse_integers, parse_quantities
from samverkan.read.raw import LINE, Check, RawTable, cell_problems, first_row
from samverkan.read.registry import ReadContext, Reader, ReadResult, Source, TableName
from samverkan.read.tabular import (
    find_column,
    member_code,
    read_source,
    read_text_table,
    require_columns,
    require_filled,
    role_columns,
)
from samverkan.read.workbook import ReadLimits

API_VERSION = "0.2"
"""The plugin API's version: the samverkan release's major and minor number (samverkan 0.2.x
gives API 0.2). Within a major version names are only added (in a minor one); a name is
removed or changed incompatibly only in the next major one, after a release that warns. So a
plugin pins ``samverkan>=X.Y,<X+1``: the bundled ones ``samverkan>=0.2,<1``. Every exported
name and signature is held by ``tests/api_snapshot.txt``; a change to it comes with an entry
in ``CHANGELOG.md``."""

__all__ = [
    "API_VERSION",
    "AREA",
    "DRIVERS",
    "KINDS",
    "KPI",
    "LEDGER",
    "LINE",
    "MAX_ORE",
    "MAX_QUANTITY",
    "MONTHS_SV",
    "OBSERVATIONS",
    "ORE_PER",
    "PEER",
    "PEER_STATISTICS",
    "QUANTITY",
    "SHORT_MONTHS_SV",
    "STATUS_SYMBOL",
    "STATUS_TEXT",
    "TREND_TEXT",
    "Activity",
    "Allocation",
    "AllocationContext",
    "AllocationMethod",
    "AllocationSpec",
    "Answer",
    "AnswerType",
    "Area",
    "Axis",
    "Band",
    "Block",
    "Card",
    "Cards",
    "Cell",
    "Chart",
    "Check",
    "Command",
    "Comment",
    "Direction",
    "Effect",
    "Figure",
    "FigureSpec",
    "Format",
    "Gain",
    "Goal",
    "Goals",
    "Granularity",
    "Heatmap",
    "Highlight",
    "HighlightType",
    "Indicator",
    "InputError",
    "JoinScenario",
    "KPIType",
    "Lang",
    "Limit",
    "Line",
    "Markdown",
    "MeasureContext",
    "Measured",
    "MethodSpec",
    "MoneyScale",
    "Municipality",
    "Note",
    "Noun",
    "Paragraph",
    "PerReport",
    "Period",
    "PluginError",
    "Problem",
    "Purpose",
    "RawTable",
    "ReadContext",
    "ReadLimits",
    "ReadResult",
    "Reader",
    "ReportContext",
    "ReportDefinition",
    "Role",
    "Row",
    "SamverkanError",
    "Scenario",
    "SectionType",
    "Series",
    "ServiceUnit",
    "Source",
    "Status",
    "SubjectKind",
    "Table",
    "TableName",
    "Term",
    "Text",
    "Texts",
    "Timeline",
    "Tree",
    "Trend",
    "Waterfall",
    "Window",
    "XKind",
    "against_budget",
    "amount_cell",
    "amount_expr",
    "as_observations",
    "budget_by_member",
    "cell_problems",
    "current_view",
    "empty",
    "find_column",
    "first_row",
    "fmt_amount",
    "fmt_count",
    "fmt_money",
    "fmt_number",
    "fmt_pct",
    "hookimpl",
    "in_sentence",
    "in_window",
    "integer_weights",
    "kpi_card",
    "member_code",
    "money_scale",
    "number_cell",
    "parse_amounts",
    "parse_integers",
    "parse_quantities",
    "pct_cell",
    "peer_subject",
    "read_bytes",
    "read_source",
    "read_text",
    "read_text_table",
    "require_columns",
    "require_filled",
    "role_columns",
    "roll_up",
    "sources",
    "split_subject",
    "subject",
    "subject_expr",
    "swedish_cell",
    "utf8_bytes",
    "wide_encoding",
]

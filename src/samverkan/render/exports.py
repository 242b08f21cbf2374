"""The report's other files: every table in one workbook, and the index of built reports."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from samverkan.compose.blocks import Cell, Row, Table
from samverkan.compose.rendered import RenderedSection
from samverkan.model.format import fmt_amount, unit_label
from samverkan.model.money import ORE_PER
from samverkan.model.provenance import MARKS, Provenance, origins
from samverkan.model.text import Lang, Text
from samverkan.render import csp, dashboard, publish
from samverkan.render.citations import split_citation
from samverkan.render.dashboard_members import figure_header
from samverkan.render.html import _environment, write_atomic
from samverkan.render.metas import read_metas
from samverkan.render.sheets import write_cell

SHEET_NAME_LENGTH = 31
"""Excel refuses a sheet name longer than this."""
PLAIN_UNITS = {None, "", "%", *ORE_PER}
"""Units the number format or the caption already says; any other (a KPI's ``per 1 000``,
``st``) goes into the column's header."""


def _sheet_name(index: int, caption: str, used: set[str]) -> str:
    """``NN caption`` within Excel's 31 characters, cut after a whole word, one space between
    words, without the characters a sheet name may not hold."""
    words = re.sub(r"[\[\]:*?/\\]", " ", f"{index:02d} {caption}").split()
    name = words[0]
    for word in words[1:]:
        if len(name) + 1 + len(word) > SHEET_NAME_LENGTH:
            break
        name += " " + word
    name = name[:SHEET_NAME_LENGTH]
    if name.count("(") > name.count(")"):  # a parenthesis cut open: leave it out
        name = name[: name.rindex("(")]
    name = name.rstrip(" ,;.–-")
    while name in used:
        name = name[: SHEET_NAME_LENGTH - 3].rstrip() + f"~{len(used)}"
    used.add(name)
    return name


def _number_format(decimals: int, percent: bool) -> str:
    """Excel's own codes: ``#,##0.0`` shows the reader's thousands separator, ``0.0%`` a share
    as a percentage."""
    places = "." + "0" * decimals if decimals else ""
    return f"0{places}%" if percent else f"#,##0{places}"


Layout = list[tuple[str, Callable[[Row], Cell], bool]]
"""The sheet's columns: header, the cell of a row it shows, whether it holds the unit."""


def _part(col: int, name: str, first: bool) -> Callable[[Row], Cell]:
    """A row's part ``name`` of column ``col`` (its text in the first part when it has none)."""

    def get(row: Row) -> Cell:
        cell = row.cells[col]
        if not cell.spread:
            return cell if first else Cell("")
        return dict(cell.spread).get(name) or Cell("")

    return get


def _layout(block: Table, lang: Lang) -> Layout:
    """The sheet's columns. A column whose cells hold several things (a baseline and its year)
    gets a column per part (:attr:`Cell.spread`); a column of numbers in one KPI unit says the
    unit in its header; a column of several units gets a column of units beside it, so every
    number stays a number."""
    out: Layout = []
    for col, header in enumerate(block.columns):
        names = list(dict.fromkeys(n for row in block.rows for n, _ in row.cells[col].spread))
        parts = [
            (header if not n else f"{header} {n}" if n.startswith("(") else f"{header}: {n}", n)
            for n in names
        ]
        for i, (title, name) in enumerate(parts or [(header, "")]):
            get = _part(col, name, i == 0)
            units = {c.unit for row in block.rows if (c := get(row)).value is not None}
            if len(units) == 1 and not units <= PLAIN_UNITS:
                out.append((f"{title} ({units.pop()})", get, False))
                continue
            out.append((title, get, False))
            if units - PLAIN_UNITS:
                out.append((f"{title}: {Text('enhet', 'unit')(lang)}", get, True))
    return out


def _write(
    sheet: Any,
    r: int,
    out: int,
    cell: Cell,
    *,
    unit: bool,
    style: Any,
    formats: Mapping[tuple[int, bool, bool], Any],
    strong: bool,
) -> None:
    """One cell: its unit, its text where it has no value, a share as Excel's percentage
    (which multiplies by 100), any other number exactly."""
    if unit:
        sheet.write_string(r, out, cell.unit or "", style)
    elif cell.value is None and not cell.text:  # a part this row has not: the cell stays empty
        return
    elif cell.value is None:
        sheet.write_string(r, out, cell.text, style)
    elif cell.unit == "%":
        fmt = formats.get((cell.decimals, True, strong))
        sheet.write_number(r, out, float(Decimal(cell.value) / 100), fmt)
    else:
        write_cell(sheet, r, out, cell.value, formats.get((cell.decimals, False, strong)))


def _marks(block: Table, provenance: Mapping[str, Provenance] | None, lang: Lang) -> str:
    """The marks of the origins a table cites (``Exempeldata``), as the report shows them."""
    if provenance is None:
        return ""
    found = origins(split_citation(block.source, provenance), provenance)
    return ", ".join(MARKS[o](lang) for o in MARKS if o in found)


def write_xlsx(
    sections: Sequence[RenderedSection],
    path: Path,
    created: dt.date | None = None,
    provenance: Mapping[str, Provenance] | None = None,
    lang: Lang = "sv",
) -> int:
    """Every table as its own sheet: caption, Swedish headers, numbers as numbers, source,
    and under the source the marks of its origins (Exempeldata) as the report shows them.

    Made in memory and written like the HTML (:func:`samverkan.render.publish.write_file`).
    Returns the number of sheets.
    """
    made = io.BytesIO()
    book = xlsxwriter.Workbook(made, {"strings_to_formulas": False, "in_memory": True})
    if created is not None:  # a fixed date: the same tables give the same file, byte for byte
        book.set_properties({"created": dt.datetime.combine(created, dt.time())})
    bold = book.add_format({"bold": True})
    # A number cell shows as the report does (thousands separated, its decimals; a share as a
    # percentage) and holds the exact value behind it.
    formats = {
        (decimals, percent, strong): book.add_format(
            {"num_format": _number_format(decimals, percent), "bold": strong}
        )
        for decimals in range(4)
        for percent in (False, True)
        for strong in (False, True)
    }
    muted = book.add_format({"italic": True, "font_color": "#5b6570"})
    used: set[str] = set()
    count = 0
    for section in sections:
        for block in section.blocks:
            if not isinstance(block, Table):
                continue
            count += 1
            sheet = book.add_worksheet(_sheet_name(count, block.caption, used))
            sheet.write_string(0, 0, f"{section.title}: {block.caption}", bold)
            layout = _layout(block, lang)
            for out, (header, _, _) in enumerate(layout):
                sheet.write_string(2, out, header, bold)
                sheet.set_column(out, out, max(12, min(48, len(header) + 4)))
            for r, row in enumerate(block.rows, start=3):
                style = bold if row.strong else None
                for out, (_, get, unit) in enumerate(layout):
                    _write(
                        sheet,
                        r,
                        out,
                        get(row),
                        unit=unit,
                        style=style,
                        formats=formats,
                        strong=row.strong,
                    )
            sheet.write_string(len(block.rows) + 4, 0, block.source, muted)
            said = _marks(block, provenance, lang)
            if said:
                sheet.write_string(0, len(block.columns) + 1, said, bold)
            if block.note:
                sheet.write_string(len(block.rows) + 5, 0, block.note, muted)
    book.close()
    publish.write_file(path, made.getvalue())
    return count


def write_index(folder: Path) -> Path:
    """``index.html``: the dashboard over every report in ``folder`` (:mod:`.dashboard`); a
    meta that cannot be read is named on it and never fails the build."""
    entries, skipped = read_metas(folder)
    lang = dashboard.language(entries)
    found = dashboard.boards(entries, lang)
    texts = {key: text(lang) for key, text in {**dashboard.TEXTS, **DASHBOARD_TEXTS}.items()}
    html = (
        _environment()
        .get_template("index.html.j2")
        .render(
            csp=csp.pending(),
            boards=found,
            years=dashboard.years(entries, lang),
            members=dashboard.members(found),
            skipped=skipped,
            lang=lang,
            t=texts,
            amount=lambda ore: fmt_amount(ore, "tkr", lang=lang),
            signed=lambda ore: "–" if ore is None else signed_amount(ore, lang),
            tkr=unit_label("tkr", lang),
            kr=unit_label("kr", lang),
            figure_header=lambda rows: figure_header(rows, lang),
            change_tone=lambda ore: "" if not ore else "tone-bad" if ore > 0 else "tone-good",
        )
    )
    target = folder / "index.html"
    write_atomic(target, csp.with_policy(html))
    return target


def signed_amount(ore: int, lang: Lang) -> str:
    """``+108``, ``−40``, ``±0`` (tkr): a change with its sign."""
    sign = "+" if ore > 0 else "−" if ore < 0 else "±"
    return f"{sign}{fmt_amount(abs(ore), 'tkr', lang=lang)}"


DASHBOARD_TEXTS = {
    "members_title": Text("Vad varje kommun betalar", "What each municipality pays"),
    "member": Text("Kommun", "Municipality"),
    "per_inhabitant": Text("Per invånare", "Per inhabitant"),
    "change": Text("Förändring", "Change"),
    "settlement": Text("Slutreglering", "Year-end settlement"),
    "members_note": Text(
        "Kommunens del enligt fördelningsnyckeln, summerad över nämnderna, och under den "
        "varje nämnds del ur nämndens senaste rapport: vad siffran är (utfall eller prognos), "
        "ur vilken rapport, och vad förändringen jämför med (nämndens rapport före den).",
        "The municipality's part by the agreed key, summed over the boards, and under it each "
        "board's part from the board's latest report: what the figure is (outcome or "
        "forecast), from which report, and what the change compares with (the board's report "
        "before it).",
    ),
    "act_on": Text("Att agera på", "What to act on"),
    "trajectory": Text("Nämndernas år", "The boards' year"),
    "trajectory_legend": Text(
        "Streckad linje: budget. Punkter: prognoserna under året (ofylld punkt: exempeldata); "
        "fyrkant: årets utfall.",
        "Dashed line: budget. Dots: the forecasts during the year (hollow dot: example data); "
        "square: the year's outcome.",
    ),
    "goals_title": Text("Måluppfyllelse per syfte", "Goal attainment per purpose"),
    "purpose": Text("Syfte", "Purpose"),
    "not_met": Text("Mål som inte är uppfyllda:", "Goals not met:"),
    "change_better": Text("↗ bättre än förra perioden", "↗ better than the previous period"),
    "change_worse": Text("↘ sämre än förra perioden", "↘ worse than the previous period"),
    "change_same": Text("→ som förra perioden", "→ as the previous period"),
    "change_new": Text("(ingen tidigare period)", "(no earlier period)"),
}


def write_meta(folder: Path, report_id: str, meta: dict[str, object]) -> None:
    write_atomic(
        folder / f"{report_id}.meta.json",
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True),
    )

"""The report's other files: every table in one workbook, and the index of built reports."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from samverkan.compose.blocks import Table
from samverkan.compose.rendered import RenderedSection
from samverkan.model.money import ORE_PER
from samverkan.model.text import Lang, Text
from samverkan.render import dashboard
from samverkan.render.html import _environment, write_atomic
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


def _layout(block: Table, lang: Lang) -> list[tuple[str, int, bool]]:
    """The sheet's columns: (header, the table's column, whether it holds the unit). A column
    of numbers in one KPI unit says the unit in its header; a column of several units gets a
    column of units beside it, so every number stays a number."""
    out = []
    for col, header in enumerate(block.columns):
        units = {c.unit for row in block.rows if (c := row.cells[col]).value is not None}
        if len(units) == 1 and not units <= PLAIN_UNITS:
            out.append((f"{header} ({units.pop()})", col, False))
            continue
        out.append((header, col, False))
        if units - PLAIN_UNITS:
            out.append((f"{header}: {Text('enhet', 'unit')(lang)}", col, True))
    return out


def write_xlsx(
    sections: Sequence[RenderedSection],
    path: Path,
    created: dt.date | None = None,
    lang: Lang = "sv",
) -> int:
    """Every table as its own sheet: caption, headers, numbers as numbers, source.

    Written to a temporary file and renamed, like the HTML. Returns the number of sheets.
    """
    tmp = path.with_name(f".{path.name}.samverkan-tmp.xlsx")
    book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False})
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
                for out, (_, col, unit) in enumerate(layout):
                    cell = row.cells[col]
                    if unit:
                        sheet.write_string(r, out, cell.unit or "", style)
                    elif cell.value is None:
                        sheet.write_string(r, out, cell.text, style)
                    elif cell.unit == "%":  # a share: Excel's percent format multiplies by 100
                        fmt = formats.get((cell.decimals, True, row.strong))
                        sheet.write_number(r, out, float(Decimal(cell.value) / 100), fmt)
                    else:
                        fmt = formats.get((cell.decimals, False, row.strong))
                        write_cell(sheet, r, out, cell.value, fmt)
            sheet.write_string(len(block.rows) + 4, 0, block.source, muted)
            if block.note:
                sheet.write_string(len(block.rows) + 5, 0, block.note, muted)
    book.close()
    tmp.replace(path)
    return count


def write_index(folder: Path) -> Path:
    """``index.html``: the dashboard over every report in ``folder``, a tile per board and
    each board's periods newest first (:mod:`samverkan.render.dashboard`)."""
    entries: list[dict[str, Any]] = [
        json.loads(meta.read_text("utf-8")) for meta in sorted(folder.glob("*.meta.json"))
    ]
    lang = dashboard.language(entries)
    found = dashboard.boards(entries, lang)
    html = (
        _environment()
        .get_template("index.html.j2")
        .render(
            boards=found,
            members=dashboard.members(found),
            lang=lang,
            t={key: text(lang) for key, text in DASHBOARD_TEXTS.items()},
        )
    )
    target = folder / "index.html"
    write_atomic(target, html)
    return target


DASHBOARD_TEXTS = {
    "title": Text("Rapporter", "Reports"),
    "lead": Text(
        "Senaste rapporten per nämnd överst, alla perioder under. Varje rapport är en fryst "
        "ögonblicksbild av sin period; tidigare perioder ligger kvar.",
        "The latest report of each board on top, every period below. Each report is a frozen "
        "snapshot of its period; earlier periods stay.",
    ),
    "show": Text("Visa", "Show"),
    "all_members": Text("Alla medlemmar", "All members"),
    "example_data": Text("Exempeldata", "Example data"),
    "forecast": Text("Prognos", "Forecast"),
    "budget": Text("Budget", "Budget"),
    "deviation": Text("Avvikelse mot budget", "Deviation from budget"),
    "pays": Text("Kommunbidrag enligt budget:", "Contributions as budgeted:"),
    "goals": Text("Mål", "Goals"),
    "no_goals": Text("inga målvärden satta", "no targets set"),
    "period": Text("Period", "Period"),
    "report": Text("Rapport", "Report"),
    "data_date": Text("Uppgifter per", "Data as of"),
    "files": Text("Filer", "Files"),
}


def write_meta(folder: Path, report_id: str, meta: dict[str, object]) -> None:
    write_atomic(
        folder / f"{report_id}.meta.json",
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True),
    )

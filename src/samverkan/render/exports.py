"""The report's other files: every table in one workbook, and the index of built reports."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from samverkan.compose.blocks import Table
from samverkan.compose.rendered import RenderedSection
from samverkan.model.text import Text
from samverkan.render import dashboard, publish
from samverkan.render.html import _environment, write_atomic
from samverkan.render.sheets import write_cell


def _sheet_name(index: int, caption: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{index:02d} {caption}")[:31].strip()
    while name in used:
        name = name[:28] + f"~{len(used)}"
    used.add(name)
    return name


def write_xlsx(
    sections: Sequence[RenderedSection], path: Path, created: dt.date | None = None
) -> int:
    """Every table as its own sheet: caption, Swedish headers, numbers as numbers, source.

    Made in memory and written like the HTML (:func:`samverkan.render.publish.write_file`).
    Returns the number of sheets.
    """
    made = io.BytesIO()
    book = xlsxwriter.Workbook(made, {"strings_to_formulas": False, "in_memory": True})
    if created is not None:  # a fixed date: the same tables give the same file, byte for byte
        book.set_properties({"created": dt.datetime.combine(created, dt.time())})
    bold = book.add_format({"bold": True})
    # A number cell shows as the report does (thousands separated, its decimals) and holds
    # the exact value behind it.
    formats = {
        (decimals, percent, strong): book.add_format(
            {
                "num_format": ("# ##0" + ("." + "0" * decimals if decimals else ""))
                + (' "%"' if percent else ""),
                "bold": strong,
            }
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
            for col, header in enumerate(block.columns):
                sheet.write_string(2, col, header, bold)
                sheet.set_column(col, col, max(12, min(48, len(header) + 4)))
            for r, row in enumerate(block.rows, start=3):
                for col, cell in enumerate(row.cells):
                    fmt = formats.get((cell.decimals, cell.unit == "%", row.strong))
                    if cell.value is None:
                        sheet.write_string(r, col, cell.text, bold if row.strong else None)
                    else:
                        write_cell(sheet, r, col, cell.value, fmt)
            sheet.write_string(len(block.rows) + 4, 0, block.source, muted)
            if block.note:
                sheet.write_string(len(block.rows) + 5, 0, block.note, muted)
    book.close()
    publish.write_file(path, made.getvalue())
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

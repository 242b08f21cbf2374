"""``samverkan init DIR``: a commented starting point for a new board's year.

Like ``samverkan new-plugin``, the text files come from templates (``samverkan/cli/board``,
``$name`` and the like replaced). It writes a year's definition, a goals file, example data
that say they are example data (in the file and, through ``example_data = true``, in the
report), and empty templates of the same files as CSV and xlsx, so that ``samverkan report``
builds a report at once and a controller sees what to replace. Nothing is overwritten.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from string import Template

import attrs
import xlsxwriter

from samverkan.errors import InputError, Problem
from samverkan.model.units import Area, Municipality, ServiceUnit

STATEMENT = ("Område", "Rad", "Radnamn", "Budget", "Prognos", "Utfall")
POPULATION = ("kommunkod", "kommun", "year", "reference_date", "population", "estimate", "source")
LINES = (
    ("1", "Intäkter"),
    ("3", "Personalkostnader"),
    ("4", "Lokalkostnader"),
    ("5", "Övriga kostnader"),
    ("6", "Kapitalkostnad"),
)
_EXAMPLE = (
    # January's example rows, tkr: budget for the year, the forecast made in January, the
    # month's outcome. Invented, and marked so in the column Exempeldata.
    (-1_200, -1_200, -95),
    (9_800, 9_700, 790),
    (600, 600, 50),
    (2_400, 2_450, 214),
    (150, 150, 12),
)
EXAMPLE_POPULATION = 10_000
"""Every member's example population: a round invented figure no one takes for SCB's."""


@attrs.frozen
class Board:
    """What ``samverkan init`` is told about the board."""

    name: str
    members: tuple[Municipality, ...]
    host: str
    year: int
    area_id: str
    area_title: str
    unit_id: str

    @property
    def report_id(self) -> str:
        return self.unit_id.replace("_", "-")


def parse_members(text: str) -> tuple[Municipality, ...]:
    """``1465:Svenljunga,1452:Tranemo`` as members; raise ValueError naming a bad one."""
    members = []
    for part in text.split(","):
        code, sep, name = part.strip().partition(":")
        if not sep or not name.strip():
            raise ValueError(
                f"{part.strip()!r}: skriv kommunkod:namn, till exempel 1491:Ulricehamn"
            )
        members.append(Municipality(code.strip(), name.strip()))
    return tuple(members)


def slug(name: str) -> str:
    """A board's name as an id: ``Lönenämnden Sjuhärad`` → ``lonenamnden_sjuharad``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "namnd"


def board(  # noqa: PLR0917 (the command's options)
    name: str, members: str, host: str | None, year: int, area: str, unit_id: str | None
) -> Board:
    """The board the options describe, checked as a definition would be; InputError else."""
    try:
        parsed = parse_members(members)
    except ValueError as exc:
        raise InputError.at(str(exc), None, None, "--members") from None
    chosen = next((m for m in parsed if m.kommunkod == (host or parsed[0].kommunkod)), None)
    if chosen is None:
        raise InputError.at(f"värdkommunen {host} finns inte bland --members", None, None, "--host")
    area_id, _, area_title = area.partition(":")
    try:
        unit = ServiceUnit(
            unit_id or slug(name),
            name,
            chosen,
            parsed,
            [Area(slug(area_id), area_title.strip() or area_id.strip().capitalize())],
        )
    except ValueError as exc:
        raise InputError.at(str(exc), None, None, "--id" if unit_id else "--name") from None
    return Board(
        name,
        unit.members,
        chosen.kommunkod,
        year,
        unit.areas[0].id,
        unit.areas[0].title.sv,
        unit.id,
    )


def _csv(rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return out.getvalue()


def _xlsx(path: Path, rows: Sequence[Sequence[object]]) -> None:
    """The template as a workbook: text cells, so a kommunkod keeps its digits as written."""
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Data")
        bold = book.add_format({"bold": True})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":  # an empty cell stays empty, to be filled in
                    sheet.write_string(r, c, str(value), bold if r == 0 else None)
        sheet.set_column(0, len(rows[0]) - 1, 16)


def _tables(b: Board) -> dict[str, list[Sequence[object]]]:
    """Example data and empty templates, by file name."""
    reference = f"{b.year - 1}-12-31"
    example = (
        f"Exempeldata (påhittat tal från samverkan init); ersätt med SCB:s folkmängd {reference}"
    )
    return {
        f"data/resultatrakning-{b.year}-01.csv": [
            [*STATEMENT, "Exempeldata"],
            *([b.area_id, n, t, *a, "ja"] for (n, t), a in zip(LINES, _EXAMPLE, strict=True)),
        ],
        "data/folkmangd.csv": [
            list(POPULATION),
            *(
                [m.kommunkod, m.name, b.year - 1, reference, EXAMPLE_POPULATION, "ja", example]
                for m in b.members
            ),
        ],
        "mallar/resultatrakning": [
            list(STATEMENT),
            *([b.area_id, n, t, "", "", ""] for n, t in LINES),
        ],
        "mallar/folkmangd": [
            list(POPULATION),
            *(
                [
                    m.kommunkod,
                    m.name,
                    b.year - 1,
                    reference,
                    "",
                    "nej",
                    "SCB Folkmängd " + reference,
                ]
                for m in b.members
            ),
        ],
    }


def _texts(b: Board) -> dict[str, str]:
    definition = f"{b.report_id}-{b.year}.toml"
    goals = f"mal-{b.year}.toml"
    members = "\n".join(
        f'    {{ kommunkod = "{m.kommunkod}", name = "{m.name}" }},' for m in b.members
    )
    values = {
        "name": b.name,
        "year": str(b.year),
        "previous_year": str(b.year - 1),
        "definition": definition,
        "report_id": b.report_id,
        "unit_id": b.unit_id,
        "host": b.host,
        "members": members,
        "area_id": b.area_id,
        "area_title": b.area_title,
        "goals": goals,
        "reference_date": f"{b.year - 1}-12-31",
    }
    folder = resources.files("samverkan.cli").joinpath("board")
    shipped = {n: folder.joinpath(n).read_text("utf-8") for n in TEMPLATES}  # reads: ours
    return {
        definition: Template(shipped["definition.toml.tmpl"]).substitute(values),
        goals: Template(shipped["goals.toml.tmpl"]).substitute(values),
    }


def create_board(b: Board, folder: Path) -> list[Path]:
    """Write the board's files under ``folder``; the definition first. Refuse (naming every
    one) when any of them exists."""
    texts = _texts(b)
    tables = _tables(b)
    names = [
        *texts,
        *(n for n in tables if n.startswith("data/")),
        *(f"{n}.{ext}" for n in tables if n.startswith("mallar/") for ext in ("csv", "xlsx")),
    ]
    existing = [folder / n for n in names if (folder / n).exists()]
    if existing:
        raise InputError(
            [
                Problem("filen finns redan; samverkan init skriver inte över den", str(p))
                for p in existing
            ]
        )
    for name, text in texts.items():
        _write(folder / name, text)
    for name, rows in tables.items():
        if name.startswith("data/"):
            _write(folder / name, _csv(rows))
        else:
            _write(folder / f"{name}.csv", _csv(rows))
            _xlsx(folder / f"{name}.xlsx", rows)
    return [folder / n for n in names]


TEMPLATES = ("definition.toml.tmpl", "goals.toml.tmpl")
"""The templates samverkan ships for a new board's definition and goals file."""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="\n": the same bytes on Windows, where text mode would write CRLF.
    with path.open("w", encoding="utf-8", newline="\n") as file:  # reads: writes a new file
        file.write(text)

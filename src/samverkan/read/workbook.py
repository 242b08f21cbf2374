"""An xlsx workbook looked at before it is parsed: its size, its cells and its error values.

A workbook is a zip of XML parts. A small file can unpack to gigabytes (a "zip bomb"), and
the parser would hold every cell in memory before samverkan saw one, so the sheet to be read
is first streamed through :mod:`zipfile` (which stops at the sizes the archive declares and
checks them) while its bytes and cells are counted; past :class:`ReadLimits` the file is
refused, naming the limit and the option that raises it. The same pass finds the cells Excel
stores as error values (``#DIV/0!``, ``#N/A`` …), which the parser would turn into empty
cells: each is reported by sheet and cell (A1).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import attrs

from samverkan.errors import InputError, Problem
from samverkan.read import files

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb"<c(?=[\s>/])([^>]*)>")
_ERROR_TYPE = re.compile(rb'\st="e"')
_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3}[0-9]{1,7})"')
_CHUNK = 1 << 20
_CARRY = 512
"""Bytes kept from one chunk to the next, so a cell tag cut by a chunk end is seen whole."""


@attrs.frozen
class ReadLimits:
    """The most a workbook may unpack to before samverkan refuses to parse it.

    ``samverkan report --max-xlsx-mb N --max-xlsx-cells N`` (and ``validate``, ``ledger``)
    raise them for a file that really is that large.
    """

    xlsx_bytes: int = 200 * 1024 * 1024
    """Unpacked size of the sheet read and its shared strings."""
    xlsx_cells: int = 2_000_000
    """Cells in the sheet read (empty cells the file does not store do not count)."""


DEFAULT_LIMITS = ReadLimits()


def _part(book: zipfile.ZipFile, sheet: str | None, name: str) -> tuple[str, str]:
    """(the zip member holding ``sheet``, or the first sheet, and the sheet's name)."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        raise InputError.at(
            "arbetsboken saknar sin bladförteckning (xl/workbook.xml)", name
        ) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE_REL}Relationship")}
    sheets = [(s.get("name", ""), s.get(f"{_REL}id")) for s in workbook.iter(f"{_MAIN}sheet")]
    if not sheets:
        raise InputError.at("arbetsboken har inga blad", name)
    chosen = next((s for s in sheets if s[0] == sheet), None) if sheet else sheets[0]
    if chosen is None:
        names = ", ".join(s[0] for s in sheets)
        raise InputError.at(f"bladet {sheet!r} finns inte (bladen heter: {names})", name)
    target = targets.get(chosen[1], "")
    member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return str(PurePosixPath(member)), chosen[0]


def _too_large(what: str, limit: str, option: str, name: str) -> InputError:
    return InputError.at(
        f"arbetsboken är för stor att läsa säkert: {what} (gränsen är {limit}); är filen "
        f"verkligen så stor, höj gränsen med {option}",
        name,
    )


def inspect(path: Path, name: str, sheet: str | None, limits: ReadLimits) -> int:
    """Refuse ``path`` before parsing if the sheet read is too large or holds error values.

    :returns: the sheet's first row holding a value, as Excel numbers it: the parser starts
        its grid there, so the row numbers in messages are counted from it."""
    try:
        book = zipfile.ZipFile(files.checked(path, name))  # reads: checked here
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError.at(f"arbetsboken kan inte läsas: {exc}", name) from None
    with book:
        member, sheet_name = _part(book, sheet, name)
        parts = [member, *(n for n in book.namelist() if n == "xl/sharedStrings.xml")]
        try:
            declared = sum(book.getinfo(p).file_size for p in parts)
        except KeyError:
            raise InputError.at(f"arbetsboken saknar bladet {member}", name) from None
        mb = limits.xlsx_bytes // (1024 * 1024)
        if declared > limits.xlsx_bytes:
            size = f"{declared // (1024 * 1024)} MB uppackad"
            raise _too_large(size, f"{mb} MB", "--max-xlsx-mb", name)
        unpacked = sum(_count_bytes(book, p, limits, name) for p in parts[1:])
        cells, errors, first = _scan_sheet(book, member, limits, unpacked, name)
    if cells > limits.xlsx_cells:
        raise _too_large(
            f"bladet har över {limits.xlsx_cells:,} celler".replace(",", " "),
            f"{limits.xlsx_cells:,} celler".replace(",", " "),
            "--max-xlsx-cells",
            name,
        )
    if errors:
        raise InputError(
            [
                Problem(
                    f"cellen {cell} på bladet {sheet_name!r} innehåller ett Excel-fel i stället "
                    "för ett värde; rätta formeln eller skriv värdet",
                    name,
                    None,
                    cell,
                )
                for cell in errors[:100]
            ]
        )
    return first


def _count_bytes(book: zipfile.ZipFile, member: str, limits: ReadLimits, name: str) -> int:
    total = 0
    with book.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > limits.xlsx_bytes:
                mb = limits.xlsx_bytes // (1024 * 1024)
                raise _too_large(f"mer än {mb} MB uppackad", f"{mb} MB", "--max-xlsx-mb", name)
    return total


def _scan_sheet(
    book: zipfile.ZipFile, member: str, limits: ReadLimits, unpacked: int, name: str
) -> tuple[int, list[str], int]:
    """(cells in the sheet, references of its error cells, the first row with a value),
    streaming with a byte budget."""
    errors: list[str] = []
    cells, carry, total = 0, b"", unpacked
    first: int | None = None
    mb = limits.xlsx_bytes // (1024 * 1024)
    try:
        with book.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limits.xlsx_bytes:
                    raise _too_large(f"mer än {mb} MB uppackad", f"{mb} MB", "--max-xlsx-mb", name)
                data = carry + chunk
                # Only tags that end inside this chunk are counted; the rest waits for the next.
                end = data.rfind(b">") + 1
                found = _CELL.findall(data, 0, end)
                cells += len(found)
                if first is None:
                    first = _first_row(found)
                if cells > limits.xlsx_cells:
                    return cells, errors, first or 1
                if b't="e"' in data:
                    errors += [_reference(attrs) for attrs in found if _ERROR_TYPE.search(attrs)]
                carry = data[end:][-_CARRY:] if end else data[-_CARRY:]
    except zipfile.BadZipFile as exc:
        raise InputError.at(f"arbetsboken är skadad: {exc}", name) from None
    return cells, errors, first or 1


def _first_row(cells: list[bytes]) -> int | None:
    """The row of the first cell holding a value (a self-closing ``<c …/>`` is only a style):
    rows are stored in order, so it is the sheet's first row of data."""
    for attributes in cells:
        if not attributes.endswith(b"/"):
            match = _REFERENCE.search(attributes)
            if match:
                return int(re.sub(rb"[A-Z]", b"", match[1]))
    return None


def _reference(attributes: bytes) -> str:
    match = _REFERENCE.search(attributes)
    return match[1].decode() if match else "?"

"""The bad-input corpus: every malformed input ends the same way, whatever it is.

Each file in ``tests/corpus/`` is one case: which example definition to build, how to damage a
copy of ``reports/`` (``[[replace]]`` text in a file, ``[[write]]`` a whole file, ``[[xlsx]]``
a workbook, ``[[bomb]]`` a workbook that unpacks far beyond its size, ``[[remove]]``,
``[[mkdir]]``, ``[[symlink]]`` and ``[[fifo]]``, a named pipe that would block a reader that
opened it), how the output folder is arranged (``out``) and the fragment the message must
contain. Every case must end with exit code 2, one message naming what is wrong and where
(at most ``max_message`` characters, when given), no traceback, no output written, and the
earlier report at the same path left exactly as it was, within ``LIMIT_S`` seconds (a build
that hangs fails instead of stalling the suite). A new case is one new file.
"""

from __future__ import annotations

import os
import shutil
import signal
import tomllib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from conftest import copy_examples
from samverkan.cli.app import main

# Slow (a build per damaged file of the corpus): in the default run, deselected by -m "not slow".
pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.toml"))
EARLIER = b"<!DOCTYPE html><title>the report built last month</title>"
LIMIT_S = 600
"""Long enough for a case on a loaded machine (120 s was passed by builds that finished, at a
load of 10 on 2 cores); a read that blocks never ends, so it still fails."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when a case blocks (a pipe opened for reading)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"the case took more than {seconds} s (did a read block?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_workbook(path: Path, rows: list[list[Any]], errors: list[list[Any]]) -> None:
    """A workbook whose first sheet holds ``rows`` and, at ``[row, column, value]``, cells
    that Excel stores as error values (a formula whose cached result is the error)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Blad1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    for r, c, value in errors:
        sheet.write_formula(r, c, "=1/0", None, value)
    book.close()


def write_bomb(path: Path, cells: int) -> None:
    """A valid workbook of ``cells`` cells that compresses to a few hundred kilobytes."""
    row = "".join(f'<c r="{col}{{n}}"><v>1</v></c>' for col in "ABCDEFGHIJ")
    body = "".join(f'<row r="{n}">{row.format(n=n)}</row>' for n in range(1, cells // 10 + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
        '" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in parts.items():
            book.writestr(name, text)


def damage(reports: Path, case: dict[str, Any]) -> None:
    for edit in case.get("replace", []):
        path = reports / edit["file"]
        encoding = edit.get("encoding", "utf-8")
        text = path.read_bytes().decode(encoding)
        assert edit["old"] in text, f"{edit['old']!r} is not in {edit['file']}"
        new = edit["new"] * edit.get("repeat", 1)  # repeat: a cell far too large to write out
        path.write_bytes(text.replace(edit["old"], new, edit.get("count", 1)).encode(encoding))
    for edit in case.get("remove", []):
        path = reports / edit["path"]
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for edit in case.get("write", []):
        path = reports / edit["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        text = edit.get("before", "") + edit["text"] * edit.get("repeat", 1)
        path.write_bytes(text.encode(edit.get("encoding", "utf-8")))
    for edit in case.get("xlsx", []):
        write_workbook(reports / edit["file"], edit["rows"], edit.get("errors", []))
    for edit in case.get("bomb", []):
        write_bomb(reports / edit["file"], edit["cells"])
    for edit in case.get("mkdir", []):
        (reports / edit["path"]).mkdir(parents=True)
    for edit in case.get("symlink", []):
        (reports / edit["link"]).symlink_to(edit["target"])
    for edit in case.get("fifo", []):
        path = reports / edit["path"]
        path.unlink(missing_ok=True)
        os.mkfifo(path)


def arrange_output(tmp_path: Path, case: dict[str, Any], report_id: str) -> tuple[Path, Path]:
    """(the ``--out`` argument, the folder holding what must stay unchanged)."""
    out = tmp_path / "ut"
    out.mkdir()
    (out / f"{report_id}.html").write_bytes(EARLIER)
    (out / "index.html").write_bytes(b"index")
    arrangement = case.get("out")
    if arrangement == "file":  # --out names a file
        return out / "index.html", out
    if arrangement == "under-file":  # --out names a folder inside a file
        return out / "index.html" / "rapporter", out
    if arrangement == "workbook-folder":  # a folder stands where the workbook goes
        (out / f"{report_id}.xlsx").mkdir()
    return out, out


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_bad_input_ends_with_one_message_and_nothing_written(
    case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tomllib.loads(case_file.read_text("utf-8"))
    reports = copy_examples(tmp_path)
    damage(reports, case)
    report_id = Path(case["definition"]).name.removesuffix(".toml")
    target, kept = arrange_output(tmp_path, case, report_id)
    before = {p.name: p.read_bytes() if p.is_file() else None for p in kept.iterdir()}

    args = ["report", str(reports / case["definition"]), "--out", str(target), "--strict"]
    with time_limit(LIMIT_S):
        code = main([*args, *case.get("args", [])])

    err = capsys.readouterr().err
    assert code == 2, err
    assert case["expect"] in err, err
    assert err.startswith("Felaktig indata: ")
    assert err.count("Felaktig indata") == 1
    assert "Traceback" not in err
    assert "Internt fel" not in err
    assert len(err) <= case.get("max_message", len(err))
    after = {p.name: p.read_bytes() if p.is_file() else None for p in kept.iterdir()}
    assert after == before


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150

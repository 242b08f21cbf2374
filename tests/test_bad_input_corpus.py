"""The bad-input corpus: every malformed input ends the same way, whatever it is.

Each file in ``tests/corpus/`` is one case: which example definition to build, how to damage a
copy of ``reports/`` (``[[replace]]`` text in a file, ``[[write]]`` a whole file, ``[[xlsx]]``
a workbook) and the fragment the message must contain. Every case must end with exit code 2,
one message naming what is wrong and where, no traceback, no output written, and the earlier
report at the same path left exactly as it was. A new case is one new file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from conftest import copy_examples
from samverkan.cli import main

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.toml"))
EARLIER = b"<!DOCTYPE html><title>the report built last month</title>"


def damage(reports: Path, case: dict[str, Any]) -> None:
    for edit in case.get("replace", []):
        path = reports / edit["file"]
        encoding = edit.get("encoding", "utf-8")
        text = path.read_bytes().decode(encoding)
        assert edit["old"] in text, f"{edit['old']!r} is not in {edit['file']}"
        path.write_bytes(
            text.replace(edit["old"], edit["new"], edit.get("count", 1)).encode(encoding)
        )
    for edit in case.get("write", []):
        path = reports / edit["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(edit["text"].encode(edit.get("encoding", "utf-8")))
    for edit in case.get("xlsx", []):
        rows = edit["rows"]
        pl.DataFrame(rows[1:], schema=rows[0], orient="row").write_excel(reports / edit["file"])


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_bad_input_ends_with_one_message_and_nothing_written(
    case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tomllib.loads(case_file.read_text("utf-8"))
    reports = copy_examples(tmp_path)
    damage(reports, case)
    out = tmp_path / "ut"
    out.mkdir()
    report_id = case["definition"].removesuffix(".toml")
    (out / f"{report_id}.html").write_bytes(EARLIER)
    (out / "index.html").write_bytes(b"index")
    before = sorted(p.name for p in out.iterdir())

    code = main(["report", str(reports / case["definition"]), "--out", str(out), "--strict"])

    err = capsys.readouterr().err
    assert code == 2, err
    assert case["expect"] in err, err
    assert err.startswith("Felaktig indata: ")
    assert err.count("Felaktig indata") == 1
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == before
    assert (out / f"{report_id}.html").read_bytes() == EARLIER

"""Read one SIE file with one approach and print seconds, rows, total and peak RSS as JSON.

Run in a fresh process per approach (by bench/run.py) so peak memory belongs to that approach.
Approaches: ``fast`` (samverkan's vectorised reader), ``exact`` (its line-by-line tokenizer,
the reference) and ``regex`` (a per-line regular-expression loop, the approach of the PyPI
package pysie-accounting: quick, but not exact on quoted ids containing ``}`` or escapes).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from measure import peak_mb

from samverkan_ekonomi.sie import exact
from samverkan_ekonomi.sie.decode import decode
from samverkan_ekonomi.sie.fast import read_sie
from samverkan_ekonomi.sie.reconcile import reconcile

TRANS = re.compile(r"^\s*#TRANS\s+(\S+)\s+\{([^}]*)\}\s+(-?\d+(?:\.\d+)?)(?:\s+(\S+))?")
VER = re.compile(r"^\s*#VER\s+(\S+)\s+(\S+)\s+(\d{8})")


def regex_loop(path: Path) -> tuple[int, int]:
    text, _ = decode(path.read_bytes(), path.name)
    rows = total = 0
    voucher = None
    for line in text.splitlines():
        match = TRANS.match(line)
        if match:
            whole, _, frac = match[3].partition(".")
            ore = int(whole) * 100 + (
                int(frac.ljust(2, "0")) if not whole.startswith("-") else -int(frac.ljust(2, "0"))
            )
            rows += 1
            total += ore
            continue
        match = VER.match(line)
        if match:
            voucher = match[2]
    _ = voucher
    return rows, total


def main() -> None:
    approach, path = sys.argv[1], Path(sys.argv[2])
    start = time.perf_counter()
    # Both of samverkan's readers check dates, duplicates, balances and #KSUMMA as they read;
    # the vouchers are then reconciled with the file's #RES, as a report does.
    if approach == "fast":
        data = read_sie(path, path.name)
        assert not reconcile(data)
        rows, total = data.transactions.height, int(data.transactions["amount_ore"].sum())
    elif approach == "exact":
        text, encoding = decode(path.read_bytes(), path.name)
        data = exact.parse_lines(enumerate(text.split("\n"), start=1), path.name, encoding)
        assert not reconcile(data)
        rows, total = data.transactions.height, int(data.transactions["amount_ore"].sum())
    else:
        rows, total = regex_loop(path)
    seconds = time.perf_counter() - start
    rss_mb = peak_mb()
    print(json.dumps({"seconds": seconds, "rows": rows, "total": total, "rss_mb": rss_mb}))


if __name__ == "__main__":
    main()

"""`nox -s bench`: performance figures, each with ratios against baselines run here, now.

Nothing here is pass/fail for the test suite: it prints what it measured on this machine.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import allocation_bench  # noqa: E402
import it_bench  # noqa: E402
import personal_bench  # noqa: E402
import report_bench  # noqa: E402
import scale_bench  # noqa: E402
import sie_file  # noqa: E402

console = Console()


def _run(approach: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE / "sie_bench.py"), approach, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def bench_sie(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = sie_file.write(Path(folder) / "bench.se", rows)
        size_mb = path.stat().st_size / 1e6
        console.print(f"SIE 4: {rows:,} #TRANS rows, {size_mb:.1f} MB, CP437, CRLF")
        results = {a: _run(a, path) for a in ("fast", "regex", "exact")}
    fast = results["fast"]
    same = results["exact"]["rows"] == fast["rows"] and results["exact"]["total"] == fast["total"]
    table = Table("approach", "seconds", "MB/s", "peak RSS (MB)", "rows", "vs fast")
    for name, label in (
        ("fast", "samverkan (vectorised, exact)"),
        ("regex", "per-line regex loop (pysie-like)"),
        ("exact", "exact line-by-line tokenizer"),
    ):
        r = results[name]
        table.add_row(
            label,
            f"{r['seconds']:.2f}",
            f"{size_mb / r['seconds']:.1f}",
            f"{r['rss_mb']:.0f}",
            f"{int(r['rows']):,}",
            f"{r['seconds'] / fast['seconds']:.1f}× slower" if name != "fast" else "—",
        )
    console.print(table)
    console.print(f"fast and exact agree on rows and total öre: {same}")
    console.print(
        "every check on (dates, duplicates, balances, #KSUMMA, reconciliation with #RES); "
        "targets: ≥ 80 MB/s, ≥ 10× exact, ≥ 2× regex, peak < 2 GB"
    )


def main() -> None:
    console.print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    rows = int(os.environ.get("SAMVERKAN_BENCH_SIE_ROWS", "1000000"))
    bench_sie(rows)
    table = Table("allocation and gain", "seconds", "against the baseline")
    for figures in (
        allocation_bench.allocation(),
        allocation_bench.shapley(),
        allocation_bench.sampled(),
    ):
        for name, seconds, note in figures:
            table.add_row(name, f"{seconds:.2f}", note)
    console.print(table)
    console.print(
        "targets: 1 M rows × 13 members < 1 s; exact Shapley for 20 < 2 s; "
        "sampled for 290 < 10 s with standard error < 0.5 %"
    )
    table = Table("IT/växel", "seconds", "against the baseline")
    for name, seconds, note in it_bench.it_kpis():
        table.add_row(name, f"{seconds:.2f}", note)
    console.print(table)
    table = Table("Personal", "seconds", "against the baseline")
    for name, seconds, note in personal_bench.personal_kpis():
        table.add_row(name, f"{seconds:.2f}", note)
    console.print(table)
    table = Table("report", "seconds", "notes")
    for name, seconds, note in report_bench.report():
        table.add_row(name, f"{seconds:.2f}", note)
    console.print(table)
    console.print("a large cooperation (13 members, 5 years): generating the data …")
    table = Table("large cooperation", "figure", "against the target")
    for row in scale_bench.scale(int(os.environ.get("SAMVERKAN_BENCH_SIE_ROWS", "1000000"))):
        table.add_row(*row)
    console.print(table)


if __name__ == "__main__":
    main()

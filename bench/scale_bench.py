"""End to end for a large cooperation: ingest speed, report time, peak memory, report size,
and the tickets and payroll aggregations against pandas on the same files, in the same run.

Each measured run is a fresh process, so its peak RSS is its own. Targets on the reference
2-core machine: end to end under 30 s, peak RSS under 3 GB, at least 3× the pandas path.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import scale_data
from measure import context as measure_context
from measure import kpi_seconds
from personal_bench import pandas_ratios

from samverkan import Period, Source
from samverkan.read.definition import load_definition
from samverkan.read.registry import ReadContext
from samverkan_it.kpis import KPIS as IT_KPIS
from samverkan_it.tickets import TABLE as TICKETS
from samverkan_it.tickets import read_tickets
from samverkan_personal.groups import SUMS
from samverkan_personal.kpis import STAFF_KPIS
from samverkan_personal.staff import TABLE as STAFF
from samverkan_personal.staff import read_staff

HERE = Path(__file__).resolve().parent
# Each measured run is its own process that imports peak_mb from this folder.
START = f"import sys\nsys.path.insert(0, {str(HERE)!r})\nfrom measure import peak_mb\n"
READ = (
    START
    + """
import json, sys, time
from pathlib import Path
from samverkan.read.definition import load_definition
from samverkan.read.stage import read_tables
from samverkan.plugins import get_plugins
start = time.perf_counter()
data = read_tables(load_definition(Path(sys.argv[1])), get_plugins().readers())
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": peak_mb(), "ledger_rows": data["ledger"].height}))
"""
)
REPORT = (
    START
    + """
import json, sys, time
from samverkan.cli import main
start = time.perf_counter()
code = main(["report", sys.argv[1], "--out", sys.argv[2], "--strict"])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": peak_mb(), "code": code}))
"""
)


def child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"the measured run failed: {out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def samverkan_path(definition: Path, folder: Path) -> tuple[float, float]:
    """(read, aggregate) seconds: the ticket log and payroll export read and checked as a
    report reads them, then their KPIs computed."""
    loaded = load_definition(definition)
    context = ReadContext(loaded.unit, Period.parse("2018-12"))
    start = time.perf_counter()
    tickets = read_tickets(Source("it_vaxel.arenden", folder / "arenden.csv", "a", "a"), context)
    staff = read_staff(Source("personal.anstallda", folder / "personal.csv", "p", "p"), context)
    read = time.perf_counter() - start
    extras = {TICKETS: tickets.extras[TICKETS], STAFF: staff.extras[STAFF]}
    return read, kpi_seconds(measure_context(definition, extras), (*IT_KPIS, *STAFF_KPIS))


def pandas_path(folder: Path) -> tuple[float, float]:
    """(read, aggregate) seconds for the same files and the same aggregations as the KPIs,
    written with pandas; its reading parses the columns but checks nothing."""
    import pandas as pd  # noqa: PLC0415 (bench only)

    start = time.perf_counter()
    t = pd.read_csv(folder / "arenden.csv", sep=";", dtype=str)
    t["opened"] = pd.to_datetime(t["Registrerat"], format="%Y-%m-%d %H:%M")
    t["closed"] = pd.to_datetime(t["Avslutat"], format="%Y-%m-%d %H:%M")
    t["priority"] = t["Prioritet"].astype(int)
    p = pd.read_csv(folder / "personal.csv", sep=";", decimal=",")
    read = time.perf_counter() - start
    start = time.perf_counter()
    _tickets(pd, t)
    _payroll(p)
    return read, time.perf_counter() - start


def _tickets(pd: Any, t: Any) -> None:
    """Flow and backlog per month; lead-time median and 90th percentile per priority and
    category; SLA per priority; first-line share; new-user lead time (no reopened column)."""
    end = pd.Timestamp("2019-01-01")
    inflow = t[t.opened < end].groupby(t.opened.dt.to_period("M")).size()
    outflow = t[t.closed < end].groupby(t.closed.dt.to_period("M")).size()
    _ = inflow.sub(outflow, fill_value=0).cumsum()  # once, as samverkan shares it between KPIs
    year = t[(t.closed >= pd.Timestamp("2018-01-01")) & (t.closed < end)]
    year = year.assign(hours=(year.closed - year.opened).dt.total_seconds() / 3600)
    for by in ("priority", "Kategori"):
        year.groupby(by).hours.median()
        year.groupby(by).hours.quantile(0.9)
    sla = year.priority.map({1: 4, 2: 8, 3: 40, 4: 120})
    (year.hours <= sla).groupby(year.priority).mean()
    (year["Löst i första linjen"] == "ja").mean()
    year[year.Kategori.str.lower().str.contains("ny användare|nyanställ")].hours.median()


def _payroll(p: Any) -> None:
    """The payroll export's ratios with the Personal bench's pandas plan, on its own columns
    renamed to the staff table's (the export is already at the grain)."""
    p = p.rename(columns=PAYROLL_COLUMNS)
    p["cost_ore"] = p["cost_ore"] * 100
    p["fte_x10000"] = p["fte_x10000"] * 10_000
    for hours in ("ordinary_hours_x100", "sick_hours_x100", "sick_long_hours_x100"):
        p[hours] = p[hours] * 100
    pandas_ratios(p, [c for c in PAYROLL_COLUMNS.values() if c in SUMS])


PAYROLL_COLUMNS = {
    "Månad": "month", "Kommun": "municipality", "Förvaltning": "forvaltning", "Kön": "gender",
    "Ålder": "age_group", "Antal anställda": "headcount", "Årsarbetare": "fte_x10000",
    "Ordinarie timmar": "ordinary_hours_x100", "Sjuktimmar": "sick_hours_x100",
    "Sjuktimmar 60 dagar eller mer": "sick_long_hours_x100", "Personalkostnad": "cost_ore",
    "Nyanställda": "hires", "Avslutade": "terminations", "Lönebesked": "payslips",
    "Rättade lönebesked": "corrections",
}  # fmt: skip


def scale(sie_rows: int = 1_000_000) -> list[tuple[str, str, str]]:
    """(what, figure, against the target) rows for the bench table."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        definition, inputs = scale_data.write_all(folder, sie_rows)
        mb = sum(p.stat().st_size for p in inputs) / 1e6
        read = child(READ, str(definition))
        report = child(REPORT, str(definition), str(Path(tmp) / "ut"))
        html = Path(tmp) / "ut" / "storskalig-samverkan.html"
        size = html.stat().st_size / 1e6 if html.exists() else 0.0
        ours = samverkan_path(definition, folder)
        try:
            theirs: tuple[float, float] | None = pandas_path(folder)
        except ImportError:
            theirs = None

    def against(i: int, target: str) -> str:
        if theirs is None:
            return "pandas not installed: no baseline"
        return f"pandas {theirs[i]:.2f} s: {theirs[i] / ours[i]:.1f}× {target}"

    rows = int(read["ledger_rows"])
    ingest = f"{mb / read['seconds']:.0f} MB/s, {rows:,} ledger rows"
    e2e = f"exit {int(report['code'])} (target < 30 s)"
    return [
        (
            "inputs",
            f"{mb:.0f} MB",
            f"SIE 2018 of {5 * sie_rows:,} #TRANS, 1 M tickets, 50 000 employees",
        ),
        ("ingest (read + validate)", f"{read['seconds']:.1f} s", ingest),
        ("end to end (samverkan report)", f"{report['seconds']:.1f} s", e2e),
        ("peak RSS, end to end", f"{report['rss_mb']:.0f} MB", "target < 3 000 MB"),
        ("report size", f"{size:.1f} MB", "one self-contained HTML file"),
        ("tickets + payroll: KPIs", f"{ours[1]:.2f} s", against(1, "(target ≥ 3×)")),
        ("tickets + payroll: read, check", f"{ours[0]:.2f} s", against(0, "(pandas: no checks)")),
        ("DuckDB", "–", "not installed on this machine: not compared"),
    ]  # fmt: skip


if __name__ == "__main__":
    for row in scale(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000):
        print(" | ".join(row))

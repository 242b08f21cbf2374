"""The offline cache: raw Kolada pages, a Parquet copy and a sidecar, one folder per request.

``CACHE/<entry>/`` holds ``pages/0001.json …`` exactly as received, ``data.parquet`` in long
format (kpi, municipality, period, gender, value, status, count) and ``meta.json`` (when, from
which API, what was asked, every page's URL, the cache format). An entry is written in a
temporary folder and renamed into place, so an interrupted fetch leaves the previous entry or
none, never half of one. Reports read only the cache; they never touch the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from samverkan.api import InputError, Problem, read_bytes, read_text
from samverkan_kolada.client import Page

FORMAT = 1
"""Bumped when the layout changes; an entry of another format must be fetched again."""
KPI_ID = re.compile(r"[NU][0-9]{5}")
KOMMUNKOD = re.compile(r"[0-9]{4}")
SCHEMA = {
    "kpi": pl.String,
    "municipality": pl.String,
    "period": pl.Int64,
    "gender": pl.String,
    "value": pl.Float64,
    "status": pl.String,
    "count": pl.Int64,
}


def check_request(kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> None:
    """Kolada KPI ids (N00097), kommunkoder (1466) and years, or an error naming each bad one."""
    problems = [
        Problem(f"{k!r} är inget Kolada-id; de ser ut som N00097 eller U00401", None, None, "--kpi")
        for k in kpis
        if not KPI_ID.fullmatch(k)
    ]
    problems += [
        Problem(
            f"{m!r} är ingen kommunkod; skriv fyra siffror, till exempel 1466",
            None,
            None,
            "--municipality",
        )
        for m in municipalities
        if not KOMMUNKOD.fullmatch(m)
    ]
    problems += [
        Problem(f"{y} är inget rimligt år", None, None, "--years")
        for y in years
        if not 1990 <= y <= 2100
    ]
    if not kpis or not municipalities or not years:
        problems.append(Problem("ange minst ett nyckeltal, en kommun och ett år"))
    if problems:
        raise InputError(problems)


def entry_name(
    base_url: str, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]
) -> str:
    """A readable, stable folder name for one request (its ids sorted)."""
    request = json.dumps([base_url, sorted(kpis), sorted(municipalities), sorted(years)])
    digest = hashlib.sha256(request.encode()).hexdigest()[:10]
    return f"{'+'.join(sorted(kpis))}_{min(years)}-{max(years)}_{digest}"


def rows(pages: Sequence[Page]) -> pl.DataFrame:
    """The pages' values in long format, one row per KPI, municipality, year and gender."""
    out = [
        (
            e["kpi"],
            e["municipality"],
            e["period"],
            v["gender"],
            v.get("value"),
            v.get("status") or "",
            v.get("count"),
        )
        for page in pages
        for e in page.body["values"]
        for v in e["values"]
    ]
    frame = pl.DataFrame(out, schema=SCHEMA, orient="row")
    return frame.unique(["kpi", "municipality", "period", "gender"], keep="last").sort(
        "kpi", "municipality", "period", "gender"
    )


def write_entry(
    cache: Path,
    base_url: str,
    request: tuple[Sequence[str], Sequence[str], Sequence[int]],
    pages: Sequence[Page],
    now: dt.datetime | None = None,
) -> Path:
    """Write one request's pages, Parquet and sidecar; replace an earlier entry atomically."""
    kpis, municipalities, years = request
    name = entry_name(base_url, kpis, municipalities, years)
    cache.mkdir(parents=True, exist_ok=True)
    final, tmp = cache / name, cache / f".tmp-{name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        (tmp / "pages").mkdir(parents=True)
        for i, page in enumerate(pages, start=1):
            (tmp / "pages" / f"{i:04d}.json").write_text(
                json.dumps(page.body, ensure_ascii=False), "utf-8"
            )
        rows(pages).write_parquet(tmp / "data.parquet")
        meta = {
            "format": FORMAT,
            "fetched_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "api": base_url,
            "api_version": base_url.rstrip("/").rsplit("/", 1)[-1],
            "kpis": sorted(kpis),
            "municipalities": sorted(municipalities),
            "years": sorted(years),
            "pages": [page.url for page in pages],
        }
        # The sidecar is written last: a folder without it was never finished.
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
        old = cache / f".old-{name}-{os.getpid()}"
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def fetch_command(
    kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int], cache: str
) -> str:
    return (
        f"samverkan kolada fetch --kpi {' '.join(sorted(kpis))} --municipality "
        f"{' '.join(sorted(municipalities))} --years {min(years)}-{max(years)} --cache {cache}"
    )


def load(cache: Path, name: str) -> tuple[pl.DataFrame, set[tuple[str, str, int]]]:
    """Every finished entry's rows (with ``fetched_at``) and the (kpi, municipality, year)
    combinations the entries asked for; the latest fetch wins where two overlap."""
    if not cache.is_dir():
        raise InputError.at("Kolada-cachen finns inte; fyll den med samverkan kolada fetch", name)
    frames, covered = [], set()
    for meta_path in sorted(cache.glob("*/meta.json")):
        entry = meta_path.parent
        where = f"{name}/{entry.name}"
        try:
            meta = json.loads(read_text(meta_path, f"{where}/meta.json"))
        except json.JSONDecodeError:
            raise InputError.at(
                "sidofilen kan inte läsas; hämta posten igen", f"{name}/{entry.name}/meta.json"
            ) from None
        if meta.get("format") != FORMAT:
            raise InputError.at(
                "posten skrevs av en annan version av samverkan-kolada "
                f"(format {meta.get('format')!r}, väntade {FORMAT}); hämta den igen: "
                + fetch_command(
                    meta.get("kpis", []),
                    meta.get("municipalities", []),
                    meta.get("years", [0]),
                    name,
                ),
                f"{name}/{entry.name}",
            )
        rows = pl.read_parquet(read_bytes(entry / "data.parquet", f"{where}/data.parquet"))
        frames.append(rows.with_columns(pl.lit(meta["fetched_at"]).alias("fetched_at")))
        covered |= {
            (k, m, y) for k in meta["kpis"] for m in meta["municipalities"] for y in meta["years"]
        }
    schema = {**SCHEMA, "fetched_at": pl.String}
    data = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    latest = data.sort("fetched_at").unique(
        ["kpi", "municipality", "period", "gender"], keep="last"
    )
    return latest.sort("kpi", "municipality", "period", "gender"), covered

"""A large cooperation for ``nox -s bench``: 13 members, 5 years, deterministic, all invented.

Writes a report definition and its inputs into a folder: the report year's SIE 4 ledger of
5 000 000 #TRANS rows (a ledger of an earlier year is refused by a report of 2018, so the five
years' volume is one year's file), a service-desk log of 1 000 000 tickets, a payroll export for
50 000 employees a month (aggregated per member, förvaltning, gender and age group, as payroll
systems export it) and a population file. Every figure is generated and the files say so; the
member names are real kommuner but nothing here is their data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import sie_file

MEMBERS = {
    "1440": "Ale",
    "1441": "Lerum",
    "1442": "Vårgårda",
    "1443": "Bollebygd",
    "1444": "Grästorp",
    "1445": "Essunga",
    "1446": "Karlsborg",
    "1447": "Gullspång",
    "1452": "Tranemo",
    "1460": "Bengtsfors",
    "1461": "Mellerud",
    "1462": "Lilla Edet",
    "1466": "Herrljunga",
}
YEARS = range(2014, 2019)
NOTE = "GENERERAD för prestandatest, inga verkliga uppgifter"


def definition(folder: Path) -> Path:
    members = ",\n".join(f'    {{ kommunkod = "{c}", name = "{n}" }}' for c, n in MEMBERS.items())
    sie = f"""
[[sources]]
reader = "ekonomi.sie"
path = "huvudbok-2018.se"
source = "Huvudbok 2018, {NOTE}"
example_data = true
areas = {{ "1100" = "ekonomi", "1200" = "personal", "1300" = "it_vaxel", "1310" = "it_vaxel" }}
budget = false"""
    text = f"""[report]
id = "storskalig-samverkan"
title = "Storskalig samverkan (genererad)"
period = "2018-12"
data_date = "2018-12-31"
sections = [
    "ekonomi.resultatrakning",
    "it_vaxel.oversikt",
    "personal.oversikt",
    "allocation",
    "nyckeltal",
]

[unit]
id = "sn_stor"
name = "Gemensam servicenämnd (genererad)"
host = "1440"
members = [
{members},
]
areas = [
    {{ id = "ekonomi", title = "Ekonomi" }},
    {{ id = "personal", title = "Personal" }},
    {{ id = "it_vaxel", title = "IT/växel" }},
]
{sie}

[[sources]]
reader = "it_vaxel.arenden"
path = "arenden.csv"
source = "Ärendelogg, {NOTE}"
example_data = true

[[sources]]
reader = "personal.anstallda"
path = "personal.csv"
source = "Löneuttag, {NOTE}"
example_data = true

[[sources]]
reader = "population"
path = "folkmangd.csv"
source = "Folkmängd, {NOTE}"
example_data = true

[allocation]
method = "population"
reference_date = "2017-12-31"
"""
    path = folder / "storskalig.toml"
    path.write_text(text, "utf-8")
    return path


def tickets(path: Path, rows: int = 1_000_000, seed: int = 11) -> Path:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2014-01-01T00:00", "m")
    opened = start + rng.integers(0, 5 * 365 * 24 * 60, rows).astype("timedelta64[m]")
    closed = opened + (rng.lognormal(3, 1.3, rows) * 60).astype("timedelta64[m]")
    units = ["servicedesk", "klient", "nät/service", "växel/telefoni", "e-tjänster"]
    frame = pl.DataFrame(
        {
            "Ärende": [f"T{i:07d}" for i in range(rows)],
            "Registrerat": np.datetime_as_string(opened).astype(str),
            "Avslutat": np.datetime_as_string(closed).astype(str),
            "Prioritet": rng.choice([1, 2, 3, 4], rows, p=[0.03, 0.12, 0.6, 0.25]),
            "Kategori": rng.choice(["Skrivare", "Ny användare", "Nätverk", "Behörighet"], rows),
            "Kommun": rng.choice(list(MEMBERS), rows),
            "Enhet": rng.choice(units, rows),
            "Löst i första linjen": rng.choice(["ja", "nej"], rows),
        }
    ).with_columns(pl.col("Registrerat", "Avslutat").str.replace("T", " "))
    frame.write_csv(path, separator=";")
    return path


def payroll(path: Path, employees: int = 50_000, seed: int = 13) -> Path:
    """Monthly rows per member, förvaltning, gender and age group summing to ``employees``."""
    rng = np.random.default_rng(seed)
    months = [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]
    groups = [
        (c, f, g, a)
        for c in MEMBERS
        for f in ("Socialförvaltningen", "Bildning", "Samhällsbyggnad", "Kommunledning")
        for g in ("K", "M")
        for a in ("–29", "30–49", "50–")
    ]
    weights = rng.dirichlet(np.ones(len(groups))) * employees
    rows = []
    for month in months:
        for (code, forvaltning, gender, age), weight in zip(groups, weights, strict=True):
            people = max(int(weight * rng.uniform(0.97, 1.03)), 1)
            ordinary = round(people * 0.93 * 165, 2)
            sick = round(ordinary * rng.uniform(0.03, 0.09), 2)
            decimals = [
                f"{x:.2f}".replace(".", ",") for x in (people * 0.93, ordinary, sick, sick * 0.4)
            ]
            rows.append(
                (month, code, forvaltning, gender, age, people, *decimals, people * 43_000,
                 int(people * 0.008), int(people * 0.009), people, int(people * 0.01))
            )  # fmt: skip
    header = [
        "Månad", "Kommun", "Förvaltning", "Kön", "Ålder", "Antal anställda", "Årsarbetare",
        "Ordinarie timmar", "Sjuktimmar", "Sjuktimmar 60 dagar eller mer", "Personalkostnad",
        "Nyanställda", "Avslutade", "Lönebesked", "Rättade lönebesked",
    ]  # fmt: skip
    pl.DataFrame(rows, schema=header, orient="row").write_csv(path, separator=";")
    return path


def population(path: Path, seed: int = 17) -> Path:
    rng = np.random.default_rng(seed)
    lines = ["kommunkod,kommun,year,reference_date,population,estimate,source"]
    lines += [
        f'{c},{n},2017,2017-12-31,{int(rng.integers(4_000, 40_000))},nej,"{NOTE}"'
        for c, n in MEMBERS.items()
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def write_all(folder: Path, sie_rows: int = 1_000_000) -> tuple[Path, list[Path]]:
    """The definition and every input file it reads."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = [sie_file.write(folder / "huvudbok-2018.se", sie_rows * len(YEARS), 2018)]
    inputs += [tickets(folder / "arenden.csv"), payroll(folder / "personal.csv")]
    inputs.append(population(folder / "folkmangd.csv"))
    return definition(folder), inputs

"""Generate the example service-desk log for Herrljunga and Vårgårda 2015–2018 (exempeldata).

Deterministic (fixed seed). The board papers say about 100 tickets were being worked on at the
end of April 2018; the arrival rate and lead times here are chosen so that the generated log
has about that many open on 2018-04-30. Everything else in the file is invented and the file
says so. Run ``python reports/generate_it_example_data.py``; a test checks the committed file.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "herrljunga-vargarda"
SEED = 1466_1442
START, END = dt.date(2015, 1, 1), dt.date(2018, 12, 31)

LEAD_SCALE = 6.2  # lead times scaled so about 100 are open at 2018-04-30, as the papers say
PER_WEEKDAY = {"1466": 4.2, "1442": 5.3}  # tickets per weekday (Vårgårda is larger)
CATEGORIES = [  # category, IT unit, share, median hours, resolved at first contact
    ("Lösenord och behörighet", "servicedesk", 0.30, 1.5, 0.85),
    ("Programvara", "klient", 0.20, 30, 0.35),
    ("Skrivare", "klient", 0.12, 20, 0.30),
    ("Ny användare", "klient", 0.06, 70, 0.05),
    ("Nätverk och wifi", "nät/service", 0.10, 40, 0.10),
    ("Telefoni och växel", "växel/telefoni", 0.08, 12, 0.40),
    ("E-tjänster", "e-tjänster", 0.07, 90, 0.15),
    ("Server och lagring", "infrastruktur", 0.05, 60, 0.05),
    ("Beställning via leveransforum", "leveransforum", 0.02, 200, 0.0),
]
FORVALTNINGAR = [
    "Socialförvaltningen",
    "Bildningsförvaltningen",
    "Kommunledningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
]
PRIORITY = [(1, 0.03, 0.15), (2, 0.12, 0.4), (3, 0.60, 1.0), (4, 0.25, 2.2)]
HEADER = [
    "Ärende",
    "Registrerat",
    "Avslutat",
    "Prioritet",
    "Kategori",
    "Kommun",
    "Förvaltning",
    "Enhet",
    "Löst i första linjen",
    "Återöppnat",
    "Exempeldata",
]


def _pick(rnd: random.Random, options: list[tuple], weight_index: int) -> tuple:
    return rnd.choices(options, weights=[o[weight_index] for o in options])[0]


def tickets(rnd: random.Random) -> list[list[str]]:
    rows: list[list[str]] = []
    number = 0
    day = START
    while day <= END:
        for code, rate in PER_WEEKDAY.items():
            expected = rate if day.weekday() < 5 else rate * 0.08
            for _ in range(_poisson(rnd, expected)):
                number += 1
                category, unit, _, median, first_share = _pick(rnd, CATEGORIES, 2)
                priority, _, factor = _pick(rnd, PRIORITY, 1)
                opened = dt.datetime.combine(day, dt.time(rnd.randint(7, 16), rnd.randint(0, 59)))
                first = rnd.random() < first_share
                hours = (
                    0.3
                    if first
                    else rnd.lognormvariate(math.log(median * factor * LEAD_SCALE), 1.1)
                )
                closed = opened + dt.timedelta(hours=hours)
                rows.append(
                    [
                        f"SD-{day.year}-{number:05d}",
                        opened.strftime("%Y-%m-%d %H:%M"),
                        closed.strftime("%Y-%m-%d %H:%M") if closed.date() <= END else "",
                        str(priority),
                        category,
                        code,
                        rnd.choice(FORVALTNINGAR),
                        unit,
                        "ja" if first else "nej",
                        "ja" if rnd.random() < 0.04 else "nej",
                        "ja",
                    ]
                )
        day += dt.timedelta(days=1)
    return rows


def _poisson(rnd: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rnd.random()
    while product > limit:
        count += 1
        product *= rnd.random()
    return count


def generate(target: Path = DATA) -> list[Path]:
    path = target / "arenden-2015-2018-exempeldata.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(tickets(random.Random(SEED)))
    return [path]


if __name__ == "__main__":
    for written in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA):
        print(written)

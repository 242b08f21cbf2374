"""Generate the example service-desk log for Herrljunga and Vårgårda 2015–2018 (exempeldata).

Deterministic (fixed seed). The board papers say about 100 tickets were being worked on at the
end of April 2018; the arrival rate and lead times here are chosen so that the generated log
has about that many open on 2018-04-30. Everything else in the file is invented and the file
says so. Run ``python reports/generate_it_example_data.py``; a test checks the committed file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import sys
from pathlib import Path

from generate_example_data import write_csv  # a sibling script: reports/ is on the path

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


# The projects the board papers name (2018-05-14); status, dates and money are invented.
PROJECTS = [
    ("Infosäkerhetsprojektet", "", "pågår", "2017-09-01", "2018-12-31", 900, 950, "IT-chef"),
    (
        "Caterpillar, byte av grund-IT",
        "",
        "pågår",
        "2017-03-01",
        "2018-03-31",
        1200,
        1250,
        "Infrastruktur",
    ),
    (
        "Trådlöst nätverk (wifi) för skolorna",
        "",
        "pågår",
        "2018-01-15",
        "2018-10-31",
        3400,
        3400,
        "Nät/service",
    ),
    (
        "Utbyggnad av serverkapacitet",
        "",
        "pågår",
        "2018-02-01",
        "2018-09-30",
        2000,
        2000,
        "Infrastruktur",
    ),
    ("Ny brandvägg", "", "klart", "2017-10-01", "2018-02-28", 450, 430, "Nät/service"),
    (
        "Robotprojektet, biståndshandläggning",
        "1442",
        "ej påbörjat",
        "2018-06-01",
        "2019-03-31",
        300,
        300,
        "E-tjänster",
    ),
]
SCOPES = ["Växel", "Internet", "E-post", "Verksamhetssystem", "Wifi i skolorna"]


def switchboard(rnd: random.Random) -> list[list[object]]:
    """Calls per hour and member on weekdays 07–17, 2017–2018, busiest mid-morning and after
    lunch; Vårgårda's share follows its larger population."""
    profile = {7: 8, 8: 28, 9: 36, 10: 33, 11: 24, 12: 14, 13: 30, 14: 27, 15: 22, 16: 12}
    rows: list[list[object]] = []
    day = dt.date(2017, 1, 1)
    while day <= END:
        if day.weekday() < 5:
            for (hour, mean), (code, share) in itertools.product(
                profile.items(), (("1442", 0.56), ("1466", 0.44))
            ):
                incoming = _poisson(rnd, mean * share * (0.8 if day.month == 7 else 1.0))
                abandoned = sum(rnd.random() < 0.05 for _ in range(incoming))
                answered = incoming - abandoned
                within = sum(rnd.random() < 0.82 for _ in range(answered))
                wait = round(rnd.uniform(8, 35) * (1.3 if mean > 25 else 1.0))
                rows.append(
                    [
                        f"{day.isoformat()} {hour:02d}:00",
                        code,
                        incoming,
                        answered,
                        abandoned,
                        wait,
                        within,
                        "ja",
                    ]
                )
        day += dt.timedelta(days=1)
    return rows


def disturbances(rnd: random.Random) -> list[list[object]]:
    rows: list[list[object]] = []
    for _ in range(18):
        start = dt.datetime(2015, 1, 1) + dt.timedelta(minutes=rnd.randint(0, 2_100_000))
        scope = rnd.choice(SCOPES)
        if scope == "Växel" and (start.year, start.month) == (2018, 4):
            continue  # the papers: "Växel status – Inga störningar" in April 2018
        end = start + dt.timedelta(minutes=rnd.choice([15, 30, 45, 90, 180, 480]))
        member = rnd.choice(["", "Herrljunga", "Vårgårda"])
        rows.append(
            [start.strftime("%Y-%m-%d %H:%M"), end.strftime("%Y-%m-%d %H:%M"), scope, member, "ja"]
        )
    return sorted(rows)


def inventories(rnd: random.Random) -> list[list[object]]:
    people = {"1442": 11_490, "1466": 9_300}
    return [
        [
            driver,
            code,
            "2018",
            round(count * share * rnd.uniform(0.9, 1.1)),
            "nej",
            f"EXEMPELDATA: antal {driver} 2018 (genererat)",
        ]
        for driver, share in (("devices", 0.19), ("users", 0.16))
        for code, count in people.items()
    ]


QUESTIONS = ["Bemötande", "Tillgänglighet", "Återkoppling"]
SMALL_GROUP = "Överförmyndarkansliet"  # 2 + 2 respondents: below five, never shown alone


def survey() -> list[list[object]]:
    """A yearly user survey 2017–2018 per member, förvaltning and question, on 1–5, with a
    few groups under five respondents (which the report must not show on their own). Its own
    random stream, so the other files stay as they were."""
    rnd = random.Random(SEED + 1)
    rows: list[list[object]] = []
    for year, lift in ((2017, 0.0), (2018, 0.15)):
        for member, size in (("Herrljunga", 0.8), ("Vårgårda", 1.0)):
            for forvaltning in [*FORVALTNINGAR, SMALL_GROUP]:
                people = 2 if forvaltning == SMALL_GROUP else round(rnd.uniform(3, 30) * size)
                for question in QUESTIONS:
                    mean = min(5.0, max(1.0, rnd.gauss(3.5 + lift, 0.3)))
                    answered = max(1, people - rnd.randint(0, 2))
                    rows.append(
                        [
                            str(year),
                            member,
                            forvaltning,
                            question,
                            "1-5",
                            f"{mean:.2f}".replace(".", ","),
                            answered,
                            "ja",
                        ]
                    )
    return rows


def generate(target: Path = DATA) -> list[Path]:
    rnd = random.Random(SEED)
    return [
        write_csv(target / "arenden-2015-2018-exempeldata.csv", HEADER, tickets(rnd)),
        write_csv(
            target / "vaxel-2017-2018-exempeldata.csv",
            [
                "Tid",
                "Kommun",
                "Inkommande",
                "Besvarade",
                "Tappade",
                "Medelväntetid",
                "Besvarade inom 20 s",
                "Exempeldata",
            ],
            switchboard(rnd),
        ),
        write_csv(
            target / "storningar-2015-2018-exempeldata.csv",
            ["Start", "Slut", "Omfattning", "Kommun", "Exempeldata"],
            disturbances(rnd),
        ),
        write_csv(
            target / "projekt-2018-exempeldata.csv",
            [
                "Projekt",
                "Kommun",
                "Status",
                "Start",
                "Planerat slut",
                "Budget",
                "Prognos",
                "Ägare",
                "Exempeldata",
            ],
            [[*p, "ja"] for p in PROJECTS],
        ),
        write_csv(
            target / "inventarier-2018-exempeldata.csv",
            ["driver", "kommunkod", "reference_date", "quantity", "estimate", "source"],
            inventories(rnd),
        ),
        write_csv(
            target / "anvandarenkat-2017-2018-exempeldata.csv",
            [
                "Period",
                "Kommun",
                "Förvaltning",
                "Fråga",
                "Skala",
                "Medelvärde",
                "Antal svar",
                "Exempeldata",
            ],
            survey(),
        ),
    ]


if __name__ == "__main__":
    for written in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA):
        print(written)

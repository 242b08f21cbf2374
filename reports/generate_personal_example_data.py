"""Generate example HR and payroll data for Herrljunga and Vårgårda 2015–2018 (exempeldata).

Deterministic (fixed seed). Each employee is simulated month by month (hours, short and long
sick spells, leave, pay, leaving and being replaced through a vacancy) and the months are
written aggregated per municipality, förvaltning, unit, role, gender and age group, as a
payroll system exports them. Everything is invented except what the board papers say: a new
employee started at the service desk in April 2018 and one person in IT was still on leave
(tjänstledig) then; Ekonomi had leave in 2018 too; the HR unit had high turnover and sick
leave in the turbulent first year (the evaluation, ärende 3). Run
``python reports/generate_personal_example_data.py``; a test checks the committed files.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import sys
from collections import defaultdict
from pathlib import Path

from generate_example_data import write_csv  # a sibling script: reports/ is on the path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "herrljunga-vargarda"
SEED = 1442_1466
YEARS = range(2015, 2019)
SERVICE = "Servicenämnderna"
NAMES = {"1466": "Herrljunga", "1442": "Vårgårda"}
# Förvaltning: (share of women, monthly salary kr, roles a vacancy may be for).
FORVALTNINGAR = {
    "Socialförvaltningen": (0.86, 27_500, ("undersköterska", "sjuksköterska", "stödassistent")),
    "Bildningsförvaltningen": (0.78, 31_000, ("lärare", "förskollärare", "barnskötare")),
    "Samhällsbyggnadsförvaltningen": (0.35, 30_500, ("drifttekniker", "handläggare")),
    "Kommunledningsförvaltningen": (0.65, 34_000, ("utredare", "kommunikatör")),
}
SIZES = {"1466": (330, 330, 55, 45), "1442": (410, 420, 70, 55)}
# The shared units, employed by their host: unit → (host, share of women, roles with head counts).
UNITS = {
    "Ekonomi": (
        "1442",
        0.75,
        {
            "ekonomichef": 1,
            "controller": 4,
            "redovisningsekonom": 3,
            "ekonomiassistent": 4,
            "upphandlare": 1,
            "systemförvaltare ekonomi": 1,
        },
    ),
    "Personal": (
        "1442",
        0.85,
        {
            "personalchef": 1,
            "HR-specialist": 5,
            "lönehandläggare": 6,
            "bemanningsassistent": 4,
            "systemförvaltare lön": 1,
        },
    ),
    "IT": (
        "1466",
        0.25,
        {
            "IT-chef": 1,
            "servicedesktekniker": 4,
            "klienttekniker": 3,
            "nätverkstekniker": 1,
            "systemtekniker": 2,
            "e-tjänsteutvecklare": 1,
            "projektledare IT": 1,
        },
    ),
    "Växel": ("1466", 0.8, {"telefonist": 3, "teleansvarig": 1}),
}
CHIEF_SALARY = 52_000
UNIT_SALARY = 35_000
EMPLOYER_COST = 1.39  # salary plus personnel overheads (PO-pålägg)
CORRECTIONS = {2015: 0.025, 2016: 0.016, 2017: 0.011, 2018: 0.008}  # manual payroll at first
STAFF_HEADER = [
    "Månad",
    "Kommun",
    "Förvaltning",
    "Enhet",
    "Befattning",
    "Kön",
    "Ålder",
    "Antal anställda",
    "Årsarbetare",
    "Ordinarie timmar",
    "Sjuktimmar",
    "Sjuktimmar 60 dagar eller mer",
    "Tjänstledighet timmar",
    "Personalkostnad",
    "Nyanställda",
    "Avslutade",
    "Lönebesked",
    "Rättade lönebesked",
    "Exempeldata",
]
VACANCY_HEADER = [
    "Vakans",
    "Kommun",
    "Förvaltning",
    "Befattning",
    "Annonserad",
    "Tillsatt",
    "Exempeldata",
]


class Person:
    """One employment: where, who, how much, and the spells it is in."""

    def __init__(
        self,
        rnd: random.Random,
        place: tuple[str, str, str, str],
        women: float,
        salary: int,
        born_from: int = 1953,
    ) -> None:
        self.municipality, self.forvaltning, self.unit, self.role = place
        self.gender = "K" if rnd.random() < women else "M"
        self.born = rnd.randint(born_from, 1996)
        self.birth_month = rnd.randint(1, 12)
        self.fte = rnd.choice((1.0, 1.0, 1.0, 0.9, 0.8, 0.75, 0.5))
        self.salary = round(salary * rnd.uniform(0.85, 1.2), -2)
        self.long_left = 0  # months left of a long sick spell
        self.long_degree = 1.0
        self.leave_left = 0  # months left of leave (tjänstledighet)
        self.quits = False  # set for the one departure the papers imply

    def age_group(self, year: int) -> str:
        age = year - self.born
        return "–29" if age <= 29 else "30–49" if age <= 49 else "50–"


def _hours(year: int, month: int) -> float:
    """Ordinary full-time hours in a month: its weekdays times eight."""
    days = calendar.monthrange(year, month)[1]
    return 8.0 * sum(dt.date(year, month, d).weekday() < 5 for d in range(1, days + 1))


def _workforce(rnd: random.Random) -> list[Person]:
    people = []
    for code, sizes in SIZES.items():
        for (name, (women, salary, _)), size in zip(FORVALTNINGAR.items(), sizes, strict=True):
            people += [Person(rnd, (code, name, "", ""), women, salary) for _ in range(size)]
    for unit, (host, women, roles) in UNITS.items():
        for role, count in roles.items():
            salary = CHIEF_SALARY if role.endswith("chef") else UNIT_SALARY
            people += [
                Person(rnd, (host, SERVICE, unit, role), women, salary) for _ in range(count)
            ]
    for p in people:  # some are already in a long spell when the series starts
        if rnd.random() < 0.03:
            p.long_left, p.long_degree = rnd.randint(1, 8), rnd.choice((1.0, 0.5))
    return people


def _sick(rnd: random.Random, p: Person, year: int, full: float) -> tuple[float, float]:
    """This month's sick hours and the part of them in spells of 60 days or more."""
    women = 1.25 if p.gender == "K" else 0.65
    age = {"–29": 0.8, "30–49": 0.95, "50–": 1.25}[p.age_group(year)]
    turbulent = 4.0 if (p.unit == "Personal" and year == 2015) else 1.0
    if p.long_left == 0 and rnd.random() < 0.0065 * women * age * turbulent:
        p.long_left, p.long_degree = rnd.randint(2, 9), rnd.choice((1.0, 1.0, 0.5, 0.75))
    if p.long_left:
        p.long_left -= 1
        hours = round(full * p.long_degree, 2)
        return hours, hours
    if rnd.random() < 0.30 * women * age:
        return min(full, 8.0 * p.fte * rnd.randint(1, 5)), 0.0
    return 0.0, 0.0


def _vacancy_days(rnd: random.Random, p: Person) -> int:
    return rnd.randint(35, 160) if p.unit in {"IT", "Ekonomi"} else rnd.randint(20, 110)


def simulate(rnd: random.Random) -> tuple[list[list[object]], list[list[object]]]:
    """Monthly aggregated staff rows and the vacancy list."""
    people = _workforce(rnd)
    groups: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0] * 11)
    vacancies: list[list[object]] = []
    starting: dict[tuple[int, int], list[Person]] = defaultdict(list)
    for year in YEARS:
        for month in range(1, 13):
            full = _hours(year, month)
            newcomers = starting.pop((year, month), [])
            if (year, month) == (2017, 9):  # a second network technician: one role less alone
                it = ("1466", SERVICE, "IT", "nätverkstekniker")
                newcomers.append(Person(rnd, it, UNITS["IT"][1], UNIT_SALARY, 1963))
            _papers_events(people, year, month)
            people += newcomers
            for p in list(people):
                if p.leave_left == 0 and rnd.random() < 0.0015:
                    p.leave_left = rnd.randint(3, 12)
                ordinary = round(full * p.fte, 2)
                sick, long_sick = _sick(rnd, p, year, ordinary)
                leave = 0.0
                if p.leave_left:
                    p.leave_left -= 1
                    leave, sick, long_sick = ordinary, 0.0, 0.0
                paid = 1 - (long_sick + leave) / ordinary
                cost = round(p.salary * p.fte * paid * EMPLOYER_COST)
                leaving = _leaves(rnd, p, year, month)
                key = (
                    f"{year}-{month:02d}",
                    NAMES[p.municipality],
                    p.forvaltning,
                    p.unit,
                    p.role,
                    p.gender,
                    p.age_group(year),
                )
                row = groups[key]
                for i, v in enumerate(
                    (
                        1,
                        p.fte,
                        ordinary,
                        sick,
                        long_sick,
                        leave,
                        cost,
                        any(p is n for n in newcomers),
                        leaving,
                        1,
                        rnd.random() < CORRECTIONS[year],
                    )
                ):
                    row[i] += float(v)
                if leaving:
                    people.remove(p)
                    vacancies.append(_replace(rnd, p, (year, month), starting))
            if month == 4:
                for p in people:
                    p.salary = round(p.salary * 1.025, -2)  # yearly pay revision in April
    return _rows(groups), vacancies


def _papers_events(people: list[Person], year: int, month: int) -> None:
    """What the board papers say happened, placed on the first person in the role."""
    first = {
        r: next(p for p in people if p.role == r)
        for r in ("systemtekniker", "redovisningsekonom", "servicedesktekniker")
    }
    if (year, month) == (2017, 11):
        first["systemtekniker"].leave_left = 10  # "fortfarande en person tjänstledig" in April
    if (year, month) == (2018, 2):
        first["redovisningsekonom"].leave_left = 11  # leave gives Ekonomi lower costs in 2018
    if (year, month) == (2018, 1):
        first["servicedesktekniker"].quits = True  # replaced by the April 2018 hire


def _leaves(rnd: random.Random, p: Person, year: int, month: int) -> bool:
    """Whether the employment ends this month: turnover, retirement, or the papers' one."""
    if p.quits:
        return True
    if year - p.born >= 65 and month >= p.birth_month:
        return True  # retires the month they turn 65
    early = 3.0 if p.unit in {"Ekonomi", "Personal"} and year <= 2016 else 1.0
    return rnd.random() < 0.0068 * early


def _replace(
    rnd: random.Random,
    p: Person,
    when: tuple[int, int],
    starting: dict[tuple[int, int], list[Person]],
) -> list[object]:
    """A vacancy for the post, and the person who fills it (if filled before 2019)."""
    posted = dt.date(*when, 1) - dt.timedelta(days=rnd.randint(0, 25))
    if p.quits:
        filled: dt.date | None = dt.date(2018, 4, 3)  # the papers: a new service-desk hire
    else:
        filled = posted + dt.timedelta(days=_vacancy_days(rnd, p))
    if filled.year > max(YEARS):
        filled = None
    if filled is not None:
        women = UNITS[p.unit][1] if p.unit else FORVALTNINGAR[p.forvaltning][0]
        salary = p.salary if p.unit else FORVALTNINGAR[p.forvaltning][1]
        place = (p.municipality, p.forvaltning, p.unit, p.role)
        starting[(filled.year, filled.month)].append(Person(rnd, place, women, salary, 1963))
    role = p.role or rnd.choice(FORVALTNINGAR[p.forvaltning][2])
    return [
        "",
        NAMES[p.municipality],
        p.forvaltning,
        role,
        posted.isoformat(),
        filled.isoformat() if filled else "",
        "ja",
    ]


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", ",")


def _rows(groups: dict[tuple[str, ...], list[float]]) -> list[list[object]]:
    rows: list[list[object]] = []
    for key in sorted(groups):
        head, fte, ordinary, sick, long_sick, leave, cost, hires, ends, slips, fixes = groups[key]
        rows.append(
            [
                *key,
                _number(head, 0),
                _number(fte, 4),
                _number(ordinary, 2),
                _number(sick, 2),
                _number(long_sick, 2),
                _number(leave, 2),
                _number(cost, 0),
                _number(hires, 0),
                _number(ends, 0),
                _number(slips, 0),
                _number(fixes, 0),
                "ja",
            ]
        )
    return rows


def generate(target: Path = DATA) -> list[Path]:
    rnd = random.Random(SEED)
    staff, vacancies = simulate(rnd)
    vacancies.sort(key=lambda v: (str(v[4]), str(v[1]), str(v[2]), str(v[3])))
    numbers: dict[str, int] = defaultdict(int)
    for vacancy in vacancies:  # numbered per year in order of posting, as an ATS would
        year = str(vacancy[4])[:4]
        numbers[year] += 1
        vacancy[0] = f"V{year}-{numbers[year]:03d}"
    return [
        write_csv(target / "personal-2015-2018-exempeldata.csv", STAFF_HEADER, staff),
        write_csv(target / "vakanser-2015-2018-exempeldata.csv", VACANCY_HEADER, vacancies),
    ]


if __name__ == "__main__":
    for path in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA):
        print(path)

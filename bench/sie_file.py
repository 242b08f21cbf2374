"""A deterministic, balanced SIE 4E file of any size, written the way municipal systems do.

Fictitious organisation and amounts; used by ``nox -s bench`` and by the scale tests.
"""

from __future__ import annotations

import random
from pathlib import Path

ACCOUNTS = {
    "3011": "Försäljning av verksamhetens tjänster",
    "3511": "Kostnadsersättningar från kommuner",
    "5011": "Månadsavlönade",
    "5611": "Arbetsgivaravgifter",
    "5711": "Pensionskostnader",
    "6011": "Lokalhyror",
    "6412": "Förbrukningsinventarier",
    "6811": "Telefoni",
    "6841": "Datakommunikation",
    "7461": "Konsulttjänster",
    "7991": "Avskrivningar inventarier",
    "2441": "Leverantörsskulder",
    "1930": "Bank",
}
OBJECTS = ["1100", "1200", "1300", "1310"]
PROJECTS = ["", "P901", "P902"]
TEXTS = [
    "Lön",
    "Hyra kv",
    "Licenser Microsoft",
    "Konsult IT-säkerhet",
    "Växelabonnemang",
    "Förbrukningsmaterial",
    "Kostnadsersättning Vårgårda",
    "",
]


def fmt(ore: int) -> str:
    """``-206966`` → ``-2069.66``: SIE amounts, decimal point, no thousands separator."""
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def header(year: int) -> list[str]:
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "samverkan bench" 1.0',
        f"#GEN {year + 1}0115",
        '#FNAMN "Exempelkommunernas servicenämnd (fiktiv)"',
        "#ORGNR 212000-0000",
        f"#RAR 0 {year}0101 {year}1231",
        "#KPTYP KOMMUNBAS13",
        '#DIM 1 "Ansvar"',
        '#DIM 6 "Projekt"',
    ]
    lines += [f'#KONTO {a} "{n}"' for a, n in ACCOUNTS.items()]
    lines += [f'#OBJEKT 1 "{o}" "Ansvar {o}"' for o in OBJECTS]
    return lines


def vouchers(rows: int, year: int, seed: int = 2018) -> list[str]:
    rnd = random.Random(seed)
    out: list[str] = []
    cost_accounts = [a for a in ACCOUNTS if a[0] in "34567"]
    number = written = 0
    while written < rows:
        number += 1
        month, day = rnd.randint(1, 12), rnd.randint(1, 28)
        date = f"{year}{month:02d}{day:02d}"
        out.append(f'#VER A {number} {date} "{rnd.choice(TEXTS) or "Verifikation"} {number}"')
        out.append("{")
        count = min(rnd.randint(2, 6), rows - written)
        total = 0
        for _ in range(count - 1):
            amount = rnd.randint(-500_000, 5_000_000)
            total += amount
            project = rnd.choice(PROJECTS)
            objects = f'1 "{rnd.choice(OBJECTS)}"' + (f' 6 "{project}"' if project else "")
            extra = rnd.random()
            tail = (
                f' {date} "{rnd.choice(TEXTS)}"'
                if extra < 0.4
                else ' "" "" 1'
                if extra < 0.6
                else ""
            )
            out.append(f"   #TRANS {rnd.choice(cost_accounts)} {{{objects}}} {fmt(amount)}{tail}")
        out.append(f"   #TRANS 2441 {{}} {fmt(-total)}")
        out.append("}")
        written += count
    return out


def write(path: Path, rows: int, year: int = 2018) -> Path:
    """Write a file with ``rows`` #TRANS rows (CP437, CRLF); return its path."""
    text = "\r\n".join(header(year) + vouchers(rows, year)) + "\r\n"
    path.write_bytes(text.encode("cp437"))
    return path

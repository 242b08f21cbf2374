"""A deterministic, balanced SIE 4E file of any size, written the way municipal systems do:
vouchers, each result account's year (#RES) for the reader to reconcile them against, and a
#KSUMMA over it all, so that the bench reads with every check on.

Fictitious organisation and amounts; used by ``nox -s bench`` and by the scale tests.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter
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


def vouchers(
    rows: int, year: int, seed: int = 2018, totals: Counter[str] | None = None
) -> list[str]:
    """Balanced vouchers of ``rows`` #TRANS rows; ``totals`` sums each account's öre."""
    totals = Counter() if totals is None else totals
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
            account = rnd.choice(cost_accounts)
            totals[account] += amount
            out.append(f"   #TRANS {account} {{{objects}}} {fmt(amount)}{tail}")
        totals["2441"] -= total
        out.append(f"   #TRANS 2441 {{}} {fmt(-total)}")
        out.append("}")
        written += count
    return out


# What a record adds to #KSUMMA: a quoted field's content; spaces and braces between fields
# left out (the records written here hold no escapes and no braces inside a field).
_BETWEEN_FIELDS = re.compile(r'"([^"]*)"|[ {}\r\n]+')


def write(path: Path, rows: int, year: int = 2018) -> Path:
    """Write a file with ``rows`` #TRANS rows (CP437, CRLF); return its path."""
    totals: Counter[str] = Counter()
    records = header(year)[1:] + vouchers(rows, year, totals=totals)
    records += [f"#RES 0 {a} {fmt(o)}" for a, o in sorted(totals.items()) if a[0] in "34567"]
    body = "\r\n".join(records)
    checksum = zlib.crc32(_BETWEEN_FIELDS.sub(r"\1", body).encode("cp437"))
    text = "\r\n".join(["#FLAGGA 0", "#KSUMMA", body, f"#KSUMMA {checksum}"]) + "\r\n"
    path.write_bytes(text.encode("cp437"))
    return path

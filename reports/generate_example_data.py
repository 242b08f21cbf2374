"""Generate the example data for Herrljunga and Vårgårda 2018 (exempeldata), deterministically.

The board papers give the budget and the April forecast per area and line; everything else
the example reports show (the other months' forecasts, the year's outcome as vouchers in SIE 4
ledgers, the investments' year-end figures) is generated here, from a fixed seed, so that:

- the April forecast is exactly the papers' (it is read from the papers' own file, not here);
- the other forecasts move from the budget towards the outcome and pass through April's;
- every generated file says it is example data, in its name and in its content.

Run ``python reports/generate_example_data.py`` to write the files; a test checks that the
committed files are exactly what this script writes.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "herrljunga-vargarda"
YEAR = 2018
SEED = 20180430
BOARDS = {
    "sn-ekonomi-personal": "resultatrakning-ekonomi-personal-2018-04.csv",
    "sn-it-vaxel-telefoni": "resultatrakning-it-vaxel-telefoni-2018-04.csv",
}
# Cost centres (Ansvar, dimension 1) per area in the fictitious ledgers.
ANSVAR = {"ekonomi": "1100", "personal": "1200", "it_vaxel": "1300"}
VARGARDA_IT = "1310"  # IT costs and revenues that are Vårgårda's own (kommunspecifika)
ACCOUNTS = {  # line → accounts the line's amounts are booked on (Kommun-Bas 13 groups)
    "1": ["3511", "3011"],
    "3": ["5011", "5611"],
    "4": ["6011"],
    "5": ["6412", "6841", "7461"],
    "6": ["7991"],
}
ACCOUNT_NAMES = {
    "3011": "Försäljning av verksamhetens tjänster",
    "3511": "Kostnadsersättningar",
    "5011": "Månadsavlönade",
    "5611": "Arbetsgivaravgifter",
    "6011": "Lokalhyror",
    "6412": "Förbrukningsinventarier",
    "6841": "Datakommunikation",
    "7461": "Konsulttjänster",
    "7991": "Avskrivningar inventarier",
    "8411": "Ränteintäkter",
    "2441": "Leverantörsskulder",
}
NOTE = "EXEMPELDATA, genererad av reports/generate_example_data.py: inga verkliga uppgifter."


def tkr(text: str) -> int:
    return int(text.replace(" ", "").replace("\u2212", "-"))


def seed_lines(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def outcome(rnd: random.Random, budget: int, april: int) -> int:
    """The year's outcome in tkr: near April's forecast, as outcomes usually are."""
    spread = max(abs(april) // 40, 5 if april else 0)
    return april + rnd.randint(-spread, spread)


def trajectory(rnd: random.Random, budget: int, april: int, final: int) -> dict[int, int]:
    """Forecasts per month (tkr): budget-like in January, April as in the papers, converging."""
    out = {}
    for month in range(1, 13):
        if month in (3, 4):  # March is implied and April given by the papers' own file
            continue
        if month < 3:
            value = budget + (april - budget) * month // 4
        else:
            value = april + (final - april) * (month - 4) // 8
        noise = abs(final) // 60 * (12 - month) // 12
        out[month] = value + (rnd.randint(-noise, noise) if noise and month < 12 else 0)
    return out


def sie_amount(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def spread_over_months(rnd: random.Random, total_ore: int, line: str) -> list[int]:
    """Split a year's amount over 12 months: wages evenly, other costs unevenly."""
    weights = [100] * 12 if line == "3" else [rnd.randint(20, 180) for _ in range(12)]
    parts = [total_ore * w // sum(weights) for w in weights]
    parts[-1] += total_ore - sum(parts)
    return parts


def vouchers(rnd: random.Random, board: str, finals: dict[tuple[str, str], int]) -> list[str]:
    lines: list[str] = []
    number = 0
    for (area, line), final in sorted(finals.items()):
        total_ore = final * 100_000 + rnd.randint(-99_999, 99_999) if final else 0
        for month, amount in enumerate(spread_over_months(rnd, total_ore, line), start=1):
            if amount == 0:
                continue
            number += 1
            account = rnd.choice(ACCOUNTS[line])
            date = f"{YEAR}{month:02d}{rnd.randint(1, 28):02d}"
            lines += [
                f'#VER A {number} {date} "{area} rad {line} {month:02d}/{YEAR}"',
                "{",
                f'   #TRANS {account} {{1 "{ANSVAR[area]}"}} {sie_amount(amount)} {date}'
                f' "Exempelpost"',
                f"   #TRANS 2441 {{}} {sie_amount(-amount)}",
                "}",
            ]
    if board == "sn-it-vaxel-telefoni":
        # Vårgårda's own IT purchases, re-invoiced to Vårgårda: cost and matching revenue.
        for month in range(1, 13):
            number += 1
            amount = rnd.randint(10_000_00, 30_000_00)
            date = f"{YEAR}{month:02d}15"
            lines += [
                f'#VER B {number} {date} "Vårgårdaspecifikt IT {month:02d}/{YEAR}"',
                "{",
                f'   #TRANS 6841 {{1 "{VARGARDA_IT}"}} {sie_amount(amount)}',
                f'   #TRANS 3511 {{1 "{VARGARDA_IT}"}} {sie_amount(-amount)}',
                "}",
            ]
    # Two things a real ledger has that the report must not hide: interest income on a
    # finance account the result statement has no line for, and a cost centre nobody mapped.
    number += 1
    lines += [
        f'#VER C {number} {YEAR}0630 "Ränta på kundfordringar"',
        "{",
        f'   #TRANS 8411 {{1 "{ANSVAR[sorted(a for a, _ in finals)[0]]}"}} -123.45',
        "   #TRANS 2441 {} 123.45",
        "}",
    ]
    number += 1
    lines += [
        f'#VER C {number} {YEAR}0915 "Felkonterad faktura"',
        "{",
        '   #TRANS 6412 {1 "1999"} 4995.00',
        "   #TRANS 2441 {} -4995.00",
        "}",
    ]
    return lines


def sie_file(board: str, body: list[str]) -> bytes:
    head = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "samverkan exempeldata" 1.0',
        f"#GEN {YEAR + 1}0131",
        f'#PROSA "{NOTE}"',
        f'#FNAMN "Fiktiv huvudbok {board} (exempeldata)"',
        "#ORGNR 212000-0000",
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        "#KPTYP KOMMUNBAS13",
        '#DIM 1 "Ansvar"',
    ]
    head += [f'#KONTO {a} "{n}"' for a, n in sorted(ACCOUNT_NAMES.items())]
    head += [f'#OBJEKT 1 "{o}" "{a}"' for a, o in ANSVAR.items()]
    head.append(f'#OBJEKT 1 "{VARGARDA_IT}" "IT Vårgårdaspecifikt"')
    return ("\r\n".join(head + body) + "\r\n").encode("cp437")


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """A semicolon CSV in UTF-8, as the other example generators write theirs too."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def generate(target: Path = DATA) -> list[Path]:
    rnd = random.Random(SEED)
    written = []
    header = ["Område", "Rad", "Radnamn", "Prognosmånad", "Prognos", "Exempeldata"]
    for board, name in BOARDS.items():
        forecasts: list[list[object]] = []
        finals = {}
        for row in seed_lines(name):
            budget, april = tkr(row["Budget 2018"]), tkr(row["Prognos 2018"])
            final = outcome(rnd, budget, april)
            finals[(row["Område"], row["Rad"])] = final
            for month, value in trajectory(rnd, budget, april, final).items():
                forecasts.append(
                    [row["Område"], row["Rad"], row["Radnamn"], f"{YEAR}-{month:02d}", value, "ja"]
                )
        path = target / f"huvudbok-{YEAR}-{board}-exempeldata.se"
        path.write_bytes(sie_file(board, vouchers(rnd, board, finals)))
        written.append(path)
        path = target / f"prognoser-{YEAR}-{board}-exempeldata.csv"
        write_csv(path, header, forecasts)
        written.append(path)
    investments: list[list[object]] = []
    with (target / "investeringar-it-2018-04.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            budget = tkr(row["Budget 2018"])
            final = budget - rnd.choice([0, 0, budget // 4, budget // 2])
            investments.append([row["Projekt"], row["Budgeterad i"], budget, final, final, "ja"])
    path = target / f"investeringar-it-{YEAR}-12-exempeldata.csv"
    write_csv(
        path,
        ["Projekt", "Budgeterad i", "Budget 2018", "Prognos 2018", "Utfall 2018", "Exempeldata"],
        investments,
    )
    written.append(path)
    written += drivers_and_estimates(rnd, target)
    return written


def population(year: int) -> dict[str, int]:
    """Folkmängd per kommunkod on 31 December ``year`` from the bundled file (facts and
    labelled estimates, never generated here)."""
    with (DATA / "folkmangd.csv").open(encoding="utf-8") as handle:
        return {
            r["kommunkod"]: int(r["population"])
            for r in csv.DictReader(handle)
            if r["year"] == str(year) and r["population"]
        }


def drivers_and_estimates(rnd: random.Random, target: Path) -> list[Path]:
    """Stand-alone cost estimates per board (exempeldata).

    Each member's stand-alone cost is its population share of the board's budget plus the
    overhead it would carry alone (15–35 %): an assumption, stated as such in the file. The
    usage drivers come from the other example logs: tickets from the service-desk log
    (generate_it_example_data.py), employees and payslips from the HR export
    (generate_personal_example_data.py).
    """
    people = population(YEAR - 1)
    written = []
    total = sum(people.values())
    for board, name in BOARDS.items():
        budget = sum(tkr(r["Budget 2018"]) for r in seed_lines(name)) * 1000
        coalitions: list[list[object]] = [
            ["+".join(sorted(people)), budget, "ja", "Nämndens budget 2018 (handlingen)"]
        ]
        for code, count in sorted(people.items()):
            overhead = rnd.randint(15, 35)
            alone = budget * count // total * (100 + overhead) // 100
            coalitions.append(
                [
                    code,
                    alone,
                    "ja",
                    f"UPPSKATTNING, EXEMPELDATA: andel av "
                    f"budgeten efter folkmängd + {overhead} % för att driva "
                    "funktionen ensam",
                ]
            )
        path = target / f"fristaende-kostnader-{board}-exempeldata.csv"
        write_csv(path, ["coalition", "cost", "estimate", "source"], coalitions)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA):
        print(written_path)

"""``samverkan kolada fetch``: fill the offline cache from the Kolada API."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from samverkan.api import InputError
from samverkan_kolada import cache
from samverkan_kolada.client import BASE_URL, Client


def _years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    if not first.isdigit() or not (last or first).isdigit() or int(last or first) < int(first):
        raise argparse.ArgumentTypeError("skriv åren som 2015-2018 (eller ett år: 2018)")
    return list(range(int(first), int(last or first) + 1))


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="kolada_command", required=True, metavar="ACTION")
    fetch = actions.add_parser("fetch", help="hämta nyckeltal för kommuner och år till cachen")
    fetch.add_argument("--kpi", nargs="+", required=True, metavar="ID", help="Kolada-id, N00097")
    fetch.add_argument(
        "--municipality", nargs="+", required=True, metavar="CODE", help="kommunkoder, 1466"
    )
    fetch.add_argument("--years", type=_years, required=True, metavar="Y1-Y2")
    fetch.add_argument("--cache", type=Path, required=True, metavar="DIR")
    fetch.add_argument("--base-url", default=BASE_URL, metavar="URL", help=f"standard {BASE_URL}")


def run(args: argparse.Namespace) -> int:
    """Fetch every page of the request and write it as one cache entry."""
    kpis, municipalities, years = args.kpi, args.municipality, args.years
    cache.check_request(kpis, municipalities, years)
    client = Client(base_url=args.base_url)
    err = Console(stderr=True, highlight=False)
    with err.status(f"hämtar {', '.join(kpis)} från {args.base_url}"):
        pages = client.fetch(kpis, municipalities, years)
    found = {e["kpi"] for p in pages for e in p.body["values"]}
    empty = sorted(set(kpis) - found)
    if empty:  # Kolada answers an id it does not know with an empty list, not an error
        raise InputError.at(
            f"Kolada gav inga värden för {', '.join(empty)}: okänt id, eller inga data för "
            "kommunerna och åren; inget skrevs till cachen",
            args.base_url,
            None,
            "--kpi",
        )
    entry = cache.write_entry(args.cache, args.base_url, (kpis, municipalities, years), pages)
    values = sum(len(p.body["values"]) for p in pages)
    print(f"{entry} ({len(pages)} sidor, {values} värden)")
    return 0

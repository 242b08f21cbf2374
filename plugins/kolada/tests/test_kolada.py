"""The Kolada client, cache, reader and section against a local server on 127.0.0.1.

The server replays recorded responses in Kolada's documented shape from ``fixtures/``; their
values are invented and say so (``"fixture": "FIXTUR: …"``). Nothing here reaches the internet.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polars as pl
import pytest

from samverkan.api import InputError
from samverkan.testing import get_plugins, measure_context, report_html, run_cli
from samverkan_kolada import cache
from samverkan_kolada.catalogue import peer_statistics
from samverkan_kolada.client import Client

FIXTURES = Path(__file__).parent / "fixtures"
MEMBERS, PEERS = ["1442", "1466"], ["1440", "1441", "1443", "1444", "1445"]
KPIS, YEARS = ["N00097", "N00914"], [2016, 2017, 2018]


class Kolada:
    """A local stand-in for the API: per path prefix, a queue of (status, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.requests: list[str] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}/v3"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reply(self, prefix: str, status: int, fixture: str, **headers: str) -> None:
        body = (FIXTURES / fixture).read_text("utf-8").replace("{base}", self.base)
        self.routes.setdefault(prefix, []).append((status, headers, body.encode()))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        kolada = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                kolada.requests.append(self.path)
                prefix = next((p for p in kolada.routes if self.path.startswith(p)), None)
                if prefix is None or not kolada.routes[prefix]:
                    self.send_error(404)
                    return
                status, headers, body = kolada.routes[prefix].pop(0)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key.replace("_", "-"), value)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        return Handler


@pytest.fixture
def kolada() -> Iterator[Kolada]:
    server = Kolada()
    yield server
    server.server.shutdown()
    server.server.server_close()


def serve_data(kolada: Kolada) -> None:
    kolada.reply("/v3/data/", 429, "rate-limited.json", Retry_After="0")
    kolada.reply("/v3/data/", 200, "data-page1.json")
    kolada.reply("/v3/page2", 200, "data-page2.json")


def client(kolada: Kolada) -> Client:
    return Client(base_url=kolada.base, sleep=lambda _s: None, retries=2)


def test_pages_are_followed_and_a_rate_limit_is_waited_out(kolada: Kolada) -> None:
    serve_data(kolada)
    pages = client(kolada).fetch(KPIS, MEMBERS + PEERS, YEARS)
    assert [p.url.removeprefix(kolada.base) for p in pages] == [
        "/data/kpi/N00097,N00914/municipality/1440,1441,1442,1443,1444,1445,1466/year/2016,2017,2018",
        "/page2",
    ]
    assert len(kolada.requests) == 3  # the 429, its retry, the second page
    frame = cache.rows(pages)
    assert frame.height == 7 * 3 + 2 * 3  # N00097 for everyone; N00914 by gender for members
    assert frame.filter(pl.col("value").is_null()).height == 2  # Kolada's null stays null


@pytest.mark.parametrize(
    ("status", "fixture", "message"),
    [
        (500, "rate-limited.json", "Kolada svarar 500 även efter upprepade försök"),
        (404, "rate-limited.json", "Kolada svarar 404"),
        (200, "malformed.json", r"values\[0\]\.municipality saknas eller har fel typ"),
    ],
)
def test_errors_and_malformed_bodies_are_named(
    kolada: Kolada, status: int, fixture: str, message: str
) -> None:
    for _ in range(3):
        kolada.reply("/v3/data/", status, fixture)
    with pytest.raises(InputError, match=message) as caught:
        client(kolada).fetch(KPIS, MEMBERS, YEARS)
    assert caught.value.problems[0].file is not None
    assert caught.value.problems[0].file.startswith(kolada.base)


def test_the_fetch_command_writes_pages_parquet_and_sidecar(
    kolada: Kolada, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_data(kolada)
    args = ["kolada", "fetch", "--kpi", *KPIS, "--municipality", *MEMBERS, *PEERS]
    args += ["--years", "2016-2018", "--cache", str(tmp_path), "--base-url", kolada.base]
    assert run_cli(*args) == 0
    entry = Path(capsys.readouterr().out.split(" (")[0])
    meta = json.loads((entry / "meta.json").read_text("utf-8"))
    assert meta["format"] == cache.FORMAT
    assert meta["api_version"] == "v3"
    assert meta["kpis"] == KPIS
    assert len(meta["pages"]) == 2
    assert sorted(p.name for p in (entry / "pages").iterdir()) == ["0001.json", "0002.json"]
    assert pl.read_parquet(entry / "data.parquet").height == 27
    assert [p.name for p in tmp_path.iterdir()] == [entry.name]  # no temporary folder left


def test_an_id_kolada_has_no_values_for_is_an_error_and_writes_nothing(
    kolada: Kolada, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_data(kolada)
    args = ["kolada", "fetch", "--kpi", *KPIS, "N99999", "--municipality", *MEMBERS, *PEERS]
    args += ["--years", "2016-2018", "--cache", str(tmp_path), "--base-url", kolada.base]
    assert run_cli(*args) == 2
    assert "Kolada gav inga värden för N99999" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_bad_ids_end_with_exit_code_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ["kolada", "fetch", "--kpi", "X97", "--municipality", "146", "--years", "2018"]
    assert run_cli(*args, "--cache", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "'X97' är inget Kolada-id" in err
    assert "'146' är ingen kommunkod" in err


def fill(kolada: Kolada, folder: Path) -> Path:
    serve_data(kolada)
    pages = client(kolada).fetch(KPIS, MEMBERS + PEERS, YEARS)
    return cache.write_entry(folder, kolada.base, (KPIS, MEMBERS + PEERS, YEARS), pages)


def test_an_interrupted_write_leaves_the_earlier_entry(
    kolada: Kolada, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = fill(kolada, tmp_path)
    before = (entry / "meta.json").read_bytes()
    serve_data(kolada)
    pages = client(kolada).fetch(KPIS, MEMBERS + PEERS, YEARS)

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as if the process were stopped while writing

    monkeypatch.setattr(pl.DataFrame, "write_parquet", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.write_entry(tmp_path, kolada.base, (KPIS, MEMBERS + PEERS, YEARS), pages)
    assert (entry / "meta.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [entry.name]


def definition(tmp_path: Path, cache_dir: Path, extra: str = "") -> Path:
    path = tmp_path / "jamforelse.toml"
    path.write_text(
        f"""
[report]
id = "jamforelse"
title = "Jämförelse (testfixtur)"
period = "2018-12"
data_date = "2019-03-31"
sections = ["kolada.jamforelse", "nyckeltal"]
{extra}
[unit]
id = "sn_test"
name = "Testnämnd"
host = "1466"
members = [
    {{ kommunkod = "1466", name = "Herrljunga" }},
    {{ kommunkod = "1442", name = "Vårgårda" }},
]
areas = [{{ id = "ekonomi", title = "Ekonomi" }}]

[[sources]]
reader = "kolada"
path = "{cache_dir.name}"
source = "Kolada, testfixtur"
kpis = ["N00097", "N00914"]
peers = {json.dumps(PEERS)}
peer_group = "Liknande kommuner (fixtur)"
years = "2016-2018"
""",
        "utf-8",
    )
    return path


def test_the_report_compares_each_member_with_the_peer_band(kolada: Kolada, tmp_path: Path) -> None:
    fill(kolada, tmp_path / "kolada")
    path = definition(tmp_path, tmp_path / "kolada")
    html = report_html(path, get_plugins())
    ctx = measure_context(path, get_plugins(), allocated=False)
    observations = ctx.observations
    median = peer_statistics(ctx, "N00097").filter(pl.col("subject") == "jamforelsegrupp:median")
    peers_2018 = [0.5 + 1.0, 3.0 + 1.0, -1.0 + 1.0, 2.0 + 1.0, 4.5 + 1.0]
    assert dict(median.select("period", "value").iter_rows())["2018"] == statistics.median(
        peers_2018
    )
    women = observations.filter(
        (pl.col("kpi_id") == "kolada.n00914") & (pl.col("subject") == "kon:K")
    )
    assert women["value"].to_list() == [78.0, 78.0]
    assert "Liknande kommuner (fixtur): 5 kommuner" in html
    assert "Nettokostnadsavvikelse totalt (exkl. LSS) (Kolada N00097): medlemmarna mot" in html
    assert "Kolada (RKA) N00097, hämtad" in html
    # In the KPI appendix a peer statistic is about no one in the board, not "Hela nämnden".
    assert '<th scope="row">jämförelsegrupp: median</th><td>–</td>' in html


def test_a_missing_entry_names_the_command_that_fills_it(kolada: Kolada, tmp_path: Path) -> None:
    folder = tmp_path / "kolada"
    folder.mkdir()
    with pytest.raises(
        InputError, match="samverkan kolada fetch --kpi N00097 N00914 --municipality"
    ):
        report_html(definition(tmp_path, folder), get_plugins(), strict=False)
    entry = fill(kolada, folder)
    meta = json.loads((entry / "meta.json").read_text("utf-8"))
    (entry / "meta.json").write_text(json.dumps({**meta, "format": 0}), "utf-8")
    with pytest.raises(InputError, match="skrevs av en annan version av samverkan-kolada"):
        report_html(definition(tmp_path, folder), get_plugins(), strict=False)
    shutil.rmtree(entry)


GOALS = """
example = true
[[purposes]]
id = "kostnad"
title = "Kostnadseffektivitet"
[[purposes.goals]]
id = "lag_nettokostnad"
title = "Nettokostnaden ligger lågt bland liknande kommuner"
[[purposes.goals.indicators]]
kpi = "kolada.n00097"
municipality = "1466"
target = "peer:median"
partly = "peer:q3"
baseline = -2
baseline_period = "2016"
owner = "Kommunchef Herrljunga"
source = "Kolada"
[[purposes.goals.indicators]]
kpi = "kolada.n00097"
municipality = "1442"
target = "peer:q1"
partly = "peer:median"
baseline = 1.5
baseline_period = "2016"
owner = "Kommunchef Vårgårda"
source = "Kolada"
"""


def test_a_goal_may_target_the_peer_median_for_one_member(kolada: Kolada, tmp_path: Path) -> None:
    fill(kolada, tmp_path / "kolada")
    (tmp_path / "mal.toml").write_text(GOALS, "utf-8")
    extra = 'goals = "mal.toml"\n'
    path = definition(tmp_path, tmp_path / "kolada", extra)
    text = path.read_text("utf-8").replace(
        '"kolada.jamforelse"', '"kolada.jamforelse", "maluppfyllelse"'
    )
    path.write_text(text, "utf-8")
    html = report_html(path, get_plugins())
    section = html[html.index('id="maluppfyllelse"') :]
    section = re.sub(r'<details class="figure-data.*?</details>', "", section, flags=re.DOTALL)
    cells = [c.split(">", 1)[1] for c in section.split("<td")[1:]][:20]
    text = " | ".join(c.split("</td>")[0] for c in cells)
    # 2018: Herrljunga −1,0 against the peers' median 3,0 (lower is better): met. Vårgårda 2,5
    # against the lower quartile 1,5, within the median 3,0: partly met.
    assert "−1,0\u00a0% | 2018 | högst jämförelsegruppens median (3,0\u00a0%)" in text
    assert "✔ uppfyllt" in text
    assert "2,5\u00a0% | 2018 | högst jämförelsegruppens nedre kvartil (1,5\u00a0%)" in text
    assert "◐ delvis uppfyllt" in text
    wrong = GOALS.replace('partly = "peer:q3"', 'partly = "peer:q1"')
    (tmp_path / "mal.toml").write_text(wrong, "utf-8")
    with pytest.raises(InputError, match=r"gränsen för delvis uppfyllt \(peer:q1\) ska ligga över"):
        report_html(path, get_plugins(), strict=False)

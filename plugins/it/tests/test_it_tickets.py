"""The ticket reader and the IT KPIs, on small logs written here."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from samverkan.api import (
    Area,
    InputError,
    Municipality,
    Period,
    ReadContext,
    ServiceUnit,
    Source,
)
from samverkan.testing import get_plugins, measure_context, prepared, report_html
from samverkan_it.kpis import BACKLOG, INFLOW, OUTFLOW, flow, lead_time_median, sla
from samverkan_it.tickets import TABLE, read_tickets

REPORTS = Path(__file__).resolve().parents[3] / "reports"

MEMBERS = [Municipality("1466", "Herrljunga"), Municipality("1442", "Vårgårda")]
UNIT = ServiceUnit("sn_it", "IT", MEMBERS[0], MEMBERS, [Area("it_vaxel", "IT")])
HEADER = "Ärende;Registrerat;Avslutat;Prioritet;Kategori;Kommun;Enhet;Löst i första linjen\n"


def read(tmp_path: Path, body: str, period: str = "2018-04", **options: object):
    path = tmp_path / "arenden.csv"
    path.write_text(HEADER + body, "utf-8")
    return read_tickets(
        Source("it_vaxel.arenden", path, "arenden.csv", "Logg", options),
        ReadContext(UNIT, Period.parse(period)),
    )


def test_tickets_become_a_table_and_usage_drivers(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "A1;2018-01-02 08:00;2018-01-02 09:30;3;Skrivare;1466;klient;nej\n"
        "A2;2018-01-03 10:00;;2;Nätverk;Vårgårda;nät/service;ja\n"
        "A3;2017-12-30 10:00;2018-01-05 10:00;4;Programvara;1442;KLIENT;\n",
    )
    tickets = result.extras[TABLE]
    assert tickets.select("id", "priority", "municipality", "unit").rows() == [
        ("A1", 3, "1466", "klient"),
        ("A2", 2, "1442", "nät/service"),
        ("A3", 4, "1442", "klient"),
    ]
    assert tickets["sla_hours"].to_list() == [40, 8, 120]
    assert result.frame.select("municipality", "reference_date", "quantity").rows() == [
        ("1442", "2017-12", 1),  # per month, so a key counts the months it covers
        ("1442", "2018-01", 1),
        ("1466", "2018-01", 1),
    ]


def test_time_zones_are_converted_and_noted(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "A1;2018-01-02T08:00:00+01:00;2018-01-02 09:30;3;Skrivare;1466;"
        "klient;nej\nA2;2018-01-03 10:00;;2;Nät;1442;klient;nej\n",
    )
    assert result.extras[TABLE]["opened"][0].isoformat() == "2018-01-02T08:00:00"
    summer = read(
        tmp_path, "A1;2018-07-02T06:00:00Z;;3;Skrivare;1466;klient;nej\n", period="2018-07"
    )
    assert summer.extras[TABLE]["opened"][0].isoformat() == "2018-07-02T08:00:00"
    assert any("räknades om till svensk tid: A1" in n.message("sv") for n in result.notes)


def test_later_tickets_are_cut_and_later_closures_count_as_open(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "A1;2018-04-29 08:00;2018-05-02 09:30;3;Skrivare;1466;klient;nej\n"
        "A2;2018-05-03 10:00;;2;Nät;1442;klient;nej\n",
    )
    tickets = result.extras[TABLE]
    assert tickets["id"].to_list() == ["A1"]
    assert tickets["closed"].to_list() == [None]
    assert "1 ärende registrerat efter periodens slut" in result.notes[0].message("sv")


def test_closed_before_opened_is_noted_and_left_out(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "A1;2018-01-02 08:00;2018-01-01 09:30;3;Skrivare;1466;klient;nej\n"
        "A2;2018-01-02 08:00;;3;Skrivare;1466;klient;nej\n",
    )
    assert result.extras[TABLE]["id"].to_list() == ["A2"]
    assert "avslutade före registrering räknas inte: A1" in result.notes[0].message("sv")


def test_every_bad_row_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read(
            tmp_path,
            "A1;2018-01-02 08:00;;7;Skrivare;1466;klient;nej\n"
            "A1;2/1 2018;;3;Skrivare;1401;kaffe;nej\n",
        )
    located = sorted((p.row, p.column) for p in caught.value.problems)
    assert located == [
        (2, "Prioritet"),
        (2, "Ärende"),
        (3, "Enhet"),
        (3, "Kommun"),
        (3, "Registrerat"),
        (3, "Ärende"),
    ]
    with pytest.raises(InputError, match="sla_hours"):
        read(tmp_path, "A1;2018-01-02 08:00;;3;Skrivare;1466;klient;nej\n", sla_hours={"5": 1})


def test_backlog_follows_the_log_and_matches_the_papers_order_of_magnitude() -> None:
    definition = REPORTS / "servicenamnd-it-vaxel-telefoni-2018-04.toml"
    context = measure_context(definition, get_plugins(), allocated=False)
    flows = {
        kpi: dict(
            flow(context).filter(pl.col("kpi_id") == kpi).select("period", "value").iter_rows()
        )
        for kpi in (INFLOW.id, OUTFLOW.id, BACKLOG.id)
    }
    months = sorted(flows[BACKLOG.id])
    assert months[-1] == "2018-04"
    running = 0.0
    for month in months:
        running += flows[INFLOW.id].get(month, 0) - flows[OUTFLOW.id].get(month, 0)
        assert flows[BACKLOG.id][month] == running
    assert 80 <= flows[BACKLOG.id]["2018-04"] <= 120  # the papers: "ca 100 ärenden"
    medians = lead_time_median(context)
    assert "kategori:Ny användare" in set(medians["subject"])
    assert "prioritet:1" in set(medians["subject"])
    sla_rows = sla(context)
    assert set(sla_rows["subject"]) == {f"prioritet:{p}" for p in (1, 2, 3, 4)}
    assert sla_rows["value"].is_between(0, 100).all()


def tiny_it_board(folder: Path, tickets: str, rule: str, sections: str = "allocation") -> Path:
    """A two-member IT board of April 2018 on ``tickets`` (the log's rows, opened in 'Skapad'),
    split by ``usage:tickets`` counted by ``rule`` ([allocation.periods])."""
    (folder / "arenden.csv").write_text(HEADER.replace("Registrerat", "Skapad") + tickets, "utf-8")
    (folder / "folkmangd.csv").write_text(
        "kommunkod;reference_date;population;source\n"
        "1466;2017-12-31;9300;SCB\n1442;2017-12-31;11490;SCB\n",
        "utf-8",
    )
    definition = folder / "it.toml"
    definition.write_text(
        '[report]\nid = "it-2018-04"\ntitle = "IT april 2018"\nperiod = "2018-04"\n'
        f'data_date = "2018-04-30"\nsections = ["{sections}"]\n\n'
        '[unit]\nid = "sn_it"\nname = "IT"\nhost = "1466"\n'
        'members = [{ kommunkod = "1466", name = "Herrljunga" }, '
        '{ kommunkod = "1442", name = "Vårgårda" }]\n'
        'areas = [{ id = "it_vaxel", title = "IT" }]\n\n'
        '[[sources]]\nreader = "it_vaxel.arenden"\npath = "arenden.csv"\nsource = "Logg"\n'
        'columns = { opened = "Skapad" }\n\n'
        '[[sources]]\nreader = "population"\npath = "folkmangd.csv"\nsource = "SCB"\n\n'
        f'[allocation]\nmethod = "usage:tickets"\n[allocation.periods]\ntickets = "{rule}"\n',
        "utf-8",
    )
    return definition


def test_a_key_refusing_a_month_of_tickets_names_the_files_own_column(tmp_path: Path) -> None:
    """The reader says which of the log's columns each of its rows was read from, so the
    allocate stage's refusal of a month reaching beyond the key's time (here one day) names
    the log's 'Skapad' (renamed from 'Registrerat'), not the drivers table's
    'reference_date'."""
    log = "A1;2018-02-02 08:00;;3;Skrivare;1466;klient;\nA2;2018-02-03 10:00;;2;Nät;1442;klient;\n"
    definition = tiny_it_board(tmp_path, log, "2018-02-15")
    with pytest.raises(
        InputError, match=r"arenden\.csv, rad \d, kolumn/nyckel 'Skapad': '2018-02' täcker"
    ):
        prepared(definition, get_plugins())


def test_the_sections_tickets_are_those_the_key_counts(tmp_path: Path) -> None:
    """With [allocation.periods] tickets = "period", the key counts April's tickets alone, and
    so does the IT section's table beside it (it counted the year to date whatever the key)."""
    log = (
        "A1;2018-02-02 08:00;;3;Skrivare;1466;klient;\n"
        "A2;2018-04-03 10:00;;2;Nät;1442;klient;\n"
        "A3;2018-04-04 10:00;;2;Nät;1466;klient;\n"
    )
    definition = tiny_it_board(tmp_path, log, "period", "it_vaxel.oversikt")
    html = report_html(definition, get_plugins(), strict=False)
    assert "Ärenden april 2018 per kommun" in html
    assert "Ärenden januari–april 2018 per kommun" not in html

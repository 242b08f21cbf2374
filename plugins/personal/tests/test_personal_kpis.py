"""The HR reader and the staff KPIs, on small exports written here and worked by hand."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from samverkan.api import Chart, InputError, Period, ReadContext, ReportContext, Source, empty
from samverkan.testing import load_definition
from samverkan_personal import staff as staff_module
from samverkan_personal import vacancies as vacancy_module
from samverkan_personal.kpis import GROUP_KPIS, PAYROLL_ERRORS, RATIOS, SICK, SICK_LONG, ratio
from samverkan_personal.vacancy_kpis import open_vacancies, single_roles, time_to_fill

REPORTS = Path(__file__).resolve().parents[3] / "reports"
DEFINITION = load_definition(REPORTS / "servicenamnd-ekonomi-personal-2018-04.toml")
HEADER = (
    "Månad;Kommun;Förvaltning;Enhet;Befattning;Kön;Ålder;Antal anställda;Årsarbetare;"
    "Ordinarie timmar;Sjuktimmar;Sjuktimmar 60 dagar eller mer;Personalkostnad;Avslutade;"
    "Lönebesked;Rättade lönebesked\n"
)
# Two months of Vårgårda's Socialförvaltningen: six women 30–49, five men over 50, and one
# unit of four people (too small to show on its own with the default threshold of five).
BODY = (
    "2018-01;Vårgårda;Soc;;;K;30–49;6;6;1000;100;40;300000;1;6;0\n"
    "2018-01;Vårgårda;Soc;;;M;55;5;5;800;20;0;250000;0;5;1\n"
    "2018-01;1466;IT;Drift;tekniker;K;-29;4;3,5;600;60;0;200000,50;0;4;0\n"
    "2018-02;Vårgårda;Soc;;;K;30–49;6;6;1000,5;50,5;40;300000;0;6;0\n"
    "2018-02;Vårgårda;Soc;;;M;55;5;5;800;30;0;250000;1;5;0\n"
    "2018-02;1466;IT;Drift;tekniker;K;-29;4;4;650;0;0;210000;0;4;0\n"
)


def source(path: Path, reader: str = "personal.anstallda", **options: object) -> Source:
    return Source(reader, path, path.name, "Löneuttag (test)", options)


def read(tmp_path: Path, body: str = BODY, header: str = HEADER, **options: object):
    path = tmp_path / "personal.csv"
    path.write_text(header + body, "utf-8")
    return staff_module.read_staff(
        source(path, **options), ReadContext(DEFINITION.unit, Period.parse("2018-04"))
    )


def context(extras: dict[str, pl.DataFrame]) -> ReportContext:
    return ReportContext(
        DEFINITION, empty("ledger"), empty("drivers"), empty("observations"), extras=extras
    )


def values(frame: pl.DataFrame) -> dict[tuple[str | None, str | None], float]:
    return {
        (m, s): round(v, 4)
        for m, s, v in frame.select("municipality", "subject", "value").iter_rows()
    }


def test_the_seven_sick_leave_measures_are_the_ratios_of_hours(tmp_path: Path) -> None:
    ctx = context(dict(read(tmp_path).extras))
    sick = values(ratio(ctx, SICK, *next((v, k) for s, v, k in RATIOS if s == SICK)))
    # All of it: (100 + 20 + 60 + 50.5 + 30 + 0) / (1000 + 800 + 600 + 1000.5 + 800 + 650).
    assert sick[(None, None)] == round(260.5 / 4850.5 * 100, 4)
    assert sick[("1442", None)] == round(200.5 / 3600.5 * 100, 4)
    assert sick[(None, "forvaltning:Soc")] == round(200.5 / 3600.5 * 100, 4)
    # Herrljunga's IT unit has four people: never shown, so not even as "the rest".
    assert ("1466", None) not in sick
    assert (None, "enhet:Drift") not in sick
    long = values(ratio(ctx, SICK_LONG, *next((v, k) for s, v, k in RATIOS if s == SICK_LONG)))
    assert long[("1442", None)] == round(80 / 200.5 * 100, 4)
    by_group = {kpi.id: values(ratio(ctx, kpi, v, k)) for kpi, v, k in RATIOS if kpi in GROUP_KPIS}
    assert by_group["personal.sjukfranvaro_kvinnor"][("1442", None)] == round(
        150.5 / 2000.5 * 100, 4
    )
    assert by_group["personal.sjukfranvaro_man"][("1442", None)] == round(50 / 1600 * 100, 4)
    assert by_group["personal.sjukfranvaro_50"][("1442", None)] == round(50 / 1600 * 100, 4)
    assert by_group["personal.sjukfranvaro_30_49"][("1442", None)] == round(150.5 / 2000.5 * 100, 4)
    assert by_group["personal.sjukfranvaro_29"] == {}  # only the four in IT are under 30


def test_the_threshold_is_the_sources_and_never_below_one(tmp_path: Path) -> None:
    ctx = context(dict(read(tmp_path, min_group=4).extras))
    sick = values(ratio(ctx, SICK, *next((v, k) for s, v, k in RATIOS if s == SICK)))
    assert sick[(None, "enhet:Drift")] == round(60 / 1250 * 100, 4)
    with pytest.raises(InputError, match="min_group"):
        read(tmp_path, min_group=0)


def test_turnover_payroll_errors_and_cost_per_fte(tmp_path: Path) -> None:
    ctx = context(dict(read(tmp_path).extras))
    by_id = {kpi.id: values(ratio(ctx, kpi, v, k)) for kpi, v, k in RATIOS}
    # Two leavers over an average of 11 people a month in Vårgårda.
    assert by_id["personal.personalomsattning"][("1442", None)] == round(2 / 11 * 100, 4)
    assert by_id[PAYROLL_ERRORS.id][("1442", None)] == round(1 / 22 * 1000, 4)
    # 1 100 000 kr over two months → 6 600 000 kr a year, over 11 årsarbetare on average.
    assert by_id["personal.kostnad_per_arsarbetare"][("1442", None)] == round(
        1_100_000 * 12 / 22, 4
    )


def test_employees_and_payslips_become_allocation_drivers(tmp_path: Path) -> None:
    drivers = read(tmp_path).frame
    assert drivers.select("driver", "municipality", "reference_date", "quantity").rows() == [
        ("employees", "1442", "2018-02", 11),
        ("employees", "1466", "2018-02", 4),
        ("payslips", "1442", "2018-01", 11),  # per month: a key counts the months it covers
        ("payslips", "1466", "2018-01", 4),
        ("payslips", "1442", "2018-02", 11),
        ("payslips", "1466", "2018-02", 4),
    ]


def test_bad_rows_are_located_by_file_row_and_column(tmp_path: Path) -> None:
    body = (
        "2018-13;Vårgårda;Soc;;;K;30–49;6;6;1000;100;40;1;0;6;0\n"
        "2018-01;Borås;Soc;;;X;ung;6;6;1000;1100;40;1;0;6;0\n"
        "2018-01;Vårgårda;Soc;;;K;40;6;-6;1000;100;140;1;0;6;7\n"
        "2018-01;Vårgårda;Soc;;;K;40;6;sex;1000;100;40;1;0;6;0\n"
    )
    with pytest.raises(InputError) as caught:
        read(tmp_path, body)
    located = sorted((p.row, p.column) for p in caught.value.problems)
    assert located == [
        (2, "Månad"),
        (3, "Kommun"),
        (3, "Kön"),
        (3, "Sjuktimmar"),
        (3, "Ålder"),
        (4, "Rättade lönebesked"),
        (4, "Sjuktimmar 60 dagar eller mer"),
        (4, "Årsarbetare"),
        (5, "Årsarbetare"),
    ]
    assert all(p.file == "personal.csv" for p in caught.value.problems)
    with pytest.raises(InputError, match="Sjuktimmar 60 dagar eller mer"):
        read(
            tmp_path,
            "2018-01;1442;Soc;K;40;1;1000;10\n",
            "Månad;Kommun;Förvaltning;Kön;Ålder;Årsarbetare;Ordinarie timmar;Sjuktimmar\n",
        )


def test_months_after_the_report_are_left_out_and_noted(tmp_path: Path) -> None:
    result = read(tmp_path, BODY + "2018-05;Vårgårda;Soc;;;K;30–49;6;6;1000;0;0;1;0;6;0\n")
    assert result.extras[staff_module.TABLE]["month"].max() == "2018-02"
    assert "1 rad för månader efter 2018-04" in result.notes[0].message("sv")


def test_vacancies_open_at_month_end_and_time_to_fill(tmp_path: Path) -> None:
    path = tmp_path / "vakanser.csv"
    path.write_text(
        "Vakans;Kommun;Förvaltning;Befattning;Annonserad;Tillsatt\n"
        "V1;1442;Soc;usk;2018-01-10;2018-02-09\n"
        "V2;1466;IT;tekniker;2018-02-01;\n"
        "V3;1466;IT;tekniker;2018-03-15;2018-06-01\n"  # filled after April: open in April
        "V4;1442;Soc;usk;2018-06-01;\n",  # posted after the period: noted
        "utf-8",
    )
    result = vacancy_module.read_vacancies(
        source(path, "personal.vakanser"), ReadContext(DEFINITION.unit, Period.parse("2018-04"))
    )
    assert "1 vakans annonserad efter periodens slut" in result.notes[0].message("sv")
    ctx = context(dict(result.extras))
    opened = open_vacancies(ctx).filter(pl.col("municipality").is_null())
    assert dict(opened.select("period", "value").iter_rows()) == {
        "2018-01": 1.0,
        "2018-02": 1.0,
        "2018-03": 2.0,
        "2018-04": 2.0,
    }
    filled = time_to_fill(ctx)
    assert filled.filter(pl.col("municipality").is_null())["value"].to_list() == [30.0]
    path.write_text(
        "Vakans;Kommun;Förvaltning;Befattning;Annonserad;Tillsatt\n"
        "V1;1442;Soc;usk;2018-01-10;2018-01-09\nV1;1442;Soc;usk;10/1;\n",
        "utf-8",
    )
    with pytest.raises(InputError) as caught:
        vacancy_module.read_vacancies(
            source(path, "personal.vakanser"), ReadContext(DEFINITION.unit, Period.parse("2018-04"))
        )
    assert sorted((p.row, p.column) for p in caught.value.problems) == [
        (2, "Tillsatt"),
        (2, "Vakans"),
        (3, "Annonserad"),
        (3, "Vakans"),
    ]


def test_roles_held_by_one_person_across_the_cooperation(tmp_path: Path) -> None:
    body = BODY + (
        "2018-02;1442;IT;Drift;tekniker;M;40;1;1;160;0;0;1;0;1;0\n"
        "2018-02;1442;IT;Drift;nätverk;M;40;1;1;160;0;0;1;0;1;0\n"
        "2018-02;1466;IT;Växel;telefonist;K;40;1;1;160;0;0;1;0;1;0\n"
    )
    ctx = context(dict(read(tmp_path, body).extras))
    roles = values(single_roles(ctx))
    assert roles == {(None, None): 2.0, (None, "enhet:Drift"): 1.0, (None, "enhet:Växel"): 1.0}


def test_an_xlsx_export_reads_like_the_csv(tmp_path: Path) -> None:
    csv_result = read(tmp_path)
    rows = [line.split(";") for line in (HEADER + BODY).splitlines()]
    path = tmp_path / "personal.xlsx"
    numbers = rows[0][7:]  # a spreadsheet holds numbers as numbers, not as Swedish text
    pl.DataFrame(rows[1:], schema=rows[0], orient="row").with_columns(
        pl.col(numbers).str.replace(",", ".").cast(pl.Float64)
    ).write_excel(path)
    xlsx = staff_module.read_staff(
        source(path), ReadContext(DEFINITION.unit, Period.parse("2018-04"))
    )
    columns = [c for c in xlsx.extras[staff_module.TABLE].columns if c not in {"source", "origin"}]
    assert (
        xlsx.extras[staff_module.TABLE]
        .select(columns)
        .equals(csv_result.extras[staff_module.TABLE].select(columns))
    )
    assert xlsx.frame.select("driver", "quantity").equals(
        csv_result.frame.select("driver", "quantity")
    )


def test_units_keeps_a_boards_own_staff(tmp_path: Path) -> None:
    staff = read(tmp_path, units=["Drift"]).extras[staff_module.TABLE]
    assert staff["unit"].unique().to_list() == ["Drift"]
    assert staff["headcount"].sum() == 8
    with pytest.raises(InputError, match=r"enheterna \['Drfit'\] finns inte i filen"):
        read(tmp_path, units=["Drfit"])
    with pytest.raises(InputError, match="units ska vara en lista"):
        read(tmp_path, units="Drift")


def test_the_sick_leave_trend_leaves_small_groups_as_gaps(tmp_path: Path) -> None:
    from samverkan_personal.figures import sick_trend_figure  # noqa: PLC0415

    body = "".join(
        f"{2017 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d};Vårgårda;Soc;;;K;40;6;6;1000;50;0;1;0;6;0\n"
        for m in range(1, 15)
    )

    def rates(min_group: int) -> list[float | None]:
        staff = read(tmp_path, body, min_group=min_group).extras[staff_module.TABLE]
        figure = sick_trend_figure(context({staff_module.TABLE: staff}), staff)
        assert isinstance(figure.spec, Chart)
        vargarda = next(s for s in figure.spec.series if s.member == "1442")
        return list(vargarda.y)

    assert rates(5) == [5.0, 5.0, 5.0]  # twelve-month windows ending 2017-12, 2018-01, 2018-02
    assert rates(7) == [None, None, None]  # six people: never drawn

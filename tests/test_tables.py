from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from samverkan.model import tables
from samverkan.model.casts import LossyCast
from samverkan.read import validate
from test_model import unit


def ledger(**overrides: list[object]) -> pl.DataFrame:
    data: dict[str, list[object]] = {
        "unit": ["sn_it", "sn_it"],
        "area": ["it_vaxel", "it_vaxel"],
        "municipality": [None, "1442"],
        "line": ["1", "3"],
        "period": ["2018", "2018"],
        "kind": ["budget", "prognos"],
        "forecast_month": [None, "2018-04"],
        "amount_ore": [100, -200],
        "source": ["papers", "papers"],
        "origin": ["rr.csv:2", "rr.csv:3"],
    }
    data.update(overrides)
    return tables.conform("ledger", pl.DataFrame(data))


def test_a_good_ledger_has_no_problems() -> None:
    frame = ledger()
    assert frame.columns == list(tables.LEDGER)
    assert validate.validate_ledger(frame, unit()) == []


def test_every_problem_is_located_by_file_row_and_column() -> None:
    frame = ledger(
        area=["it_vaxel", "ekonomi"],
        municipality=["1401", None],
        forecast_month=[None, None],
        kind=["budget", "prognos"],
    )
    problems = validate.validate_ledger(frame, unit())
    located = sorted((p.file, p.row, p.column) for p in problems)
    assert located == [
        ("rr.csv", 2, "municipality"),
        ("rr.csv", 3, "area"),
        ("rr.csv", 3, "forecast_month"),
    ]


def test_an_unknown_kind_is_refused_with_its_value_and_row_not_turned_into_null() -> None:
    with pytest.raises(LossyCast, match=r"kind .*'forecast' \(rr.csv:3\)"):
        ledger(kind=["budget", "forecast"])


@pytest.mark.parametrize(
    ("table", "column", "value", "kept"),
    [
        ("drivers", "quantity", 1.5, Decimal("1.5")),  # hours: exact, never 1
        ("drivers", "quantity", 11_490, Decimal(11_490)),
        ("drivers", "quantity", 1 / 3, None),  # more than six decimals
        ("drivers", "quantity", 10**13, None),  # beyond MAX_QUANTITY
        ("ledger", "amount_ore", 150.0, 150),  # a whole float is the same number
        ("ledger", "amount_ore", 150.5, None),  # half an öre would be lost
        ("observations", "value", 2**53 + 1, None),  # an integer a float cannot hold
    ],
)
def test_a_column_takes_its_type_only_when_no_value_changes(
    table: str, column: str, value: object, kept: object
) -> None:
    row = {name: [None] for name in tables.SCHEMAS[table]} | {column: [value]}
    frame = pl.DataFrame(row, schema_overrides={"origin": pl.String})
    if kept is None:
        with pytest.raises(LossyCast, match=column):
            tables.conform(table, frame)
    else:
        assert tables.conform(table, frame)[column].to_list() == [kept]


def test_schema_problems_name_the_column() -> None:
    frame = ledger().drop("amount_ore")
    problems = validate.validate_ledger(frame, unit(), "rr.csv")
    assert [(p.file, p.column) for p in problems] == [("rr.csv", "amount_ore")]


def test_drivers_reject_negative_and_duplicate_quantities() -> None:
    frame = tables.conform(
        "drivers",
        pl.DataFrame(
            {
                "driver": ["population"] * 3,
                "municipality": ["1442", "1466", "1466"],
                "reference_date": ["2017-12-31"] * 3,
                "quantity": [11490, -1, 9300],
                "estimate": [False, False, True],
                "source": ["SCB"] * 3,
                "origin": ["f.csv:2", "f.csv:3", "f.csv:4"],
            }
        ),
    )
    problems = validate.validate_drivers(frame, unit())
    assert sorted((p.row, p.column) for p in problems) == [
        (3, "quantity"),
        (3, "reference_date, municipality"),
        (4, "reference_date, municipality"),
    ]


def test_observations_validate_members() -> None:
    frame = tables.conform(
        "observations",
        pl.DataFrame(
            {
                "kpi_id": ["k"],
                "unit": ["sn_it"],
                "municipality": ["9999"],
                "period": ["2018"],
                "value": [1.0],
                "source": ["s"],
                "origin": ["o.csv:2"],
            }
        ),
    )
    assert [p.column for p in validate.validate_observations(frame, unit())] == ["municipality"]


def test_concat_of_nothing_has_the_schema() -> None:
    assert tables.concat("drivers", []).schema == pl.Schema(tables.DRIVERS)

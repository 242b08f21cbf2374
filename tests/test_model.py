from __future__ import annotations

import attrs
import pytest

from samverkan import Area, Municipality, Period, ServiceUnit, Text
from samverkan.model.period import Granularity
from samverkan.model.text import text

HERRLJUNGA = Municipality("1466", "Herrljunga")
VARGARDA = Municipality("1442", "Vårgårda")


def unit(**changes: object) -> ServiceUnit:
    values: dict[str, object] = {
        "id": "sn_it",
        "name": "Servicenämnd IT",
        "host": HERRLJUNGA,
        "members": [HERRLJUNGA, VARGARDA],
        "areas": [Area("it_vaxel", "IT")],
    }
    values.update(changes)
    return ServiceUnit(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["146", "14660", "abcd", "", "1466 "])
def test_municipality_rejects_codes_that_are_not_four_digits(code: str) -> None:
    with pytest.raises(ValueError, match="kommunkod"):
        Municipality(code, "X")


def test_municipality_is_frozen_and_ordered_by_code() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        HERRLJUNGA.name = "Y"  # type: ignore[misc]
    assert sorted([HERRLJUNGA, VARGARDA]) == [VARGARDA, HERRLJUNGA]


def test_service_unit_sorts_members_and_checks_the_host() -> None:
    u = unit()
    assert [m.kommunkod for m in u.members] == ["1442", "1466"]
    assert u.member("1442").name == "Vårgårda"
    with pytest.raises(ValueError, match="värdkommunen"):
        unit(host=Municipality("1401", "Härryda"))


def test_service_unit_rejects_duplicate_members_and_areas() -> None:
    with pytest.raises(ValueError, match="två gånger"):
        unit(members=[HERRLJUNGA, HERRLJUNGA, VARGARDA])
    with pytest.raises(ValueError, match="två gånger"):
        unit(areas=[Area("it", "IT"), Area("it", "IT igen")])
    with pytest.raises(ValueError, match="minst ett"):
        unit(areas=[])


@pytest.mark.parametrize("bad", ["IT", "it-vaxel", "1it", "it växel"])
def test_area_ids_are_ascii_identifiers(bad: str) -> None:
    with pytest.raises(ValueError, match="gemena"):
        Area(bad, "IT")


@pytest.mark.parametrize(
    ("raw", "granularity", "number", "sv", "en"),
    [
        ("2018-04", Granularity.MONTH, 4, "april 2018", "April 2018"),
        ("2018-T1", Granularity.TERTIAL, 1, "tertial 1 2018", "T1 2018"),
        ("2018", Granularity.YEAR, 1, "2018", "2018"),
    ],
)
def test_period_parses_month_tertial_and_year(
    raw: str, granularity: Granularity, number: int, sv: str, en: str
) -> None:
    period = Period.parse(raw)
    assert (period.granularity, period.number, period.year) == (granularity, number, 2018)
    assert str(period) == raw
    assert period.name("sv") == sv
    assert period.name("en") == en


@pytest.mark.parametrize("raw", ["2018-13", "2018-00", "2018-T4", "18-04", "april", "2018-4"])
def test_period_rejects_what_is_not_a_period(raw: str) -> None:
    with pytest.raises(ValueError, match=r"period|finns inte"):
        Period.parse(raw)


def test_period_arithmetic() -> None:
    assert str(Period.parse("2018-01").previous()) == "2017-12"
    assert str(Period.parse("2018-T1").previous()) == "2017-T3"
    assert str(Period.parse("2018").previous()) == "2017"
    assert str(Period.parse("2018-T2").last_month) == "2018-08"
    assert str(Period.parse("2018").last_month) == "2018-12"
    assert Period.parse("2018-03") < Period.parse("2018-04")


def test_text_falls_back_to_swedish() -> None:
    assert Text("Ekonomi")("en") == "Ekonomi"
    assert text({"sv": "Ekonomi", "en": "Finance"})("en") == "Finance"
    with pytest.raises(ValueError, match="svensk"):
        text({"en": "Finance"})
    with pytest.raises(ValueError, match="okända språk"):
        text({"sv": "Ekonomi", "de": "Finanzen"})

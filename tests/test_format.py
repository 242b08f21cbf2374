from __future__ import annotations

import pytest

from samverkan.model.format import MoneyScale, fmt_amount, fmt_number, fmt_pct, money_scale

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (10307, 0, f"10{NB}307"),
        (-2000, 0, f"\u22122{NB}000"),
        (0, 0, "0"),
        (-0.4, 0, "0"),
        (1234567.891, 1, f"1{NB}234{NB}567,9"),
        (2.5, 0, "3"),
        (-2.5, 0, "\u22123"),
    ],
)
def test_swedish_numbers(value: float, decimals: int, expected: str) -> None:
    assert fmt_number(value, decimals) == expected


def test_english_numbers() -> None:
    assert fmt_number(-1234567.5, 1, "en") == "\u22121,234,567.5"


def test_amounts_are_scaled_from_exact_ore() -> None:
    assert fmt_amount(1_030_700_000, "tkr") == f"10{NB}307"
    assert fmt_amount(-15_000_000, "tkr") == "\u2212150"
    assert fmt_amount(569_636_500, "kr") == f"5{NB}696{NB}365"
    assert fmt_amount(150, "kr", decimals=2) == "1,50"


def test_percentages() -> None:
    assert fmt_pct(0.5527, 2) == f"55,27{NB}%"
    assert fmt_pct(0.5527, 1, "en") == "55.3%"


def test_figures_switch_to_mnkr_at_one_hundred_million() -> None:
    below, at = 100 * 100_000_000 - 1, 100 * 100_000_000
    assert money_scale([below, None], []) == MoneyScale("tkr", 0)
    assert money_scale([1], [-at]) == MoneyScale("mnkr", 1)  # the size counts, not the sign
    assert money_scale() == MoneyScale("tkr", 0)
    mnkr = money_scale([at])
    assert mnkr.values([at, None, -25_000_000]) == [100.0, None, -0.25]
    assert mnkr.hover("sv") == "%{y:,.1f} mnkr"
    assert mnkr.hover("en", "x") == "%{x:,.1f} SEK m"
    assert money_scale([below]).hover("sv") == "%{y:,.0f} tkr"

"""Amounts as written, or refused: every Swedish way of writing a number reads exactly, and
anything else (unbalanced parentheses, digit groups that are not three wide, digits other than
0–9, too many digits or decimals) is refused with its place and what is wrong, never crashes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.errors import InputError
from samverkan.read.csv_text import read_csv_text
from samverkan.read.numbers import amount_expr, parse_amounts, parse_integers
from samverkan.read.raw import RawTable

TKR = 100_000


def table(tmp_path: Path, cell: str) -> RawTable:
    path = tmp_path / "rr.csv"
    path.write_text(f"Rad;Belopp\n1;{cell}\n", encoding="utf-8")
    return read_csv_text(path, "rr.csv")


def refusal(tmp_path: Path, cell: str, unit: int = TKR) -> str:
    with pytest.raises(InputError) as caught:
        parse_amounts(table(tmp_path, cell), {"belopp": "Belopp"}, unit)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("rr.csv", 2, "Belopp")
    return problem.message


@pytest.mark.parametrize(
    "cell",
    [
        "(8 097",
        "8 097)",
        "((8 097))",
        "(\u22128 097)",
        "(-8 097)",
        "80 97",
        "8 0970",
        "1234 567",
        "8  097",
        "--8",
        "\u0661\u0664\u0666\u0666",  # Arabic-Indic digits
        "\uff11\uff12",  # full-width digits
        "\u0967\u0968",  # Devanagari digits
        "12\u200b3",
    ],
)
def test_what_is_not_a_swedish_amount_is_refused_with_its_place(tmp_path: Path, cell: str) -> None:
    assert "är inget belopp" in refusal(tmp_path, cell)


def test_thirty_nine_digits_are_refused_not_crashed_on(tmp_path: Path) -> None:
    assert "större än vad samverkan räknar med" in refusal(tmp_path, "1" * 39)


def test_too_many_decimals_are_called_decimals(tmp_path: Path) -> None:
    message = refusal(tmp_path, "1,234567")
    assert "fler decimaler" in message
    assert "högst 5" in message
    assert "större" not in message
    assert "fler decimaler" in refusal(tmp_path, "10,257", 100)
    with pytest.raises(InputError, match="har decimaler, men talet är ett heltal"):
        parse_integers(table(tmp_path, "1466,5"), {"belopp": "Belopp"})


SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"])
MINUS = st.sampled_from(["-", "\u2212", "\u2011"])


@st.composite
def written(draw: st.DrawFn) -> tuple[str, int]:
    """An amount in öre (tkr with up to five decimals) and one Swedish way of writing it."""
    ore = draw(st.integers(-(10**15), 10**15))
    whole, frac = divmod(abs(ore), TKR)
    digits = str(whole)
    if draw(st.booleans()):
        sep = draw(SEPARATORS)
        groups = []
        while len(digits) > 3:
            digits, groups = digits[:-3], [digits[-3:], *groups]
        digits = sep.join([digits, *groups])
    decimals = f"{frac:05d}".rstrip("0") if frac else ""
    if draw(st.booleans()) and not decimals:
        decimals = "0" * draw(st.integers(0, 5))
    text = digits + ("," + decimals if decimals else "")
    if ore < 0:
        text = f"({text})" if draw(st.booleans()) else draw(MINUS) + text
    return text, ore


# Many cells a frame, as a file holds them: polars plans the expression once per frame.
SETTINGS = settings(max_examples=40, deadline=None)


@SETTINGS
@given(st.lists(written(), min_size=1, max_size=40))
def test_formatted_swedish_amounts_read_back_exactly(cases: list[tuple[str, int]]) -> None:
    frame = pl.DataFrame({"c": [text for text, _ in cases]}).select(amount_expr("c", TKR, ","))
    assert frame.to_series().to_list() == [ore for _, ore in cases]


JUNK = st.text(
    st.sampled_from("0123456789 ,.-()\u2212\u00a0\u202f\u0661\uff11+e\u200b"), max_size=12
)


def _reference(text: str) -> int | None:
    """The amount in öre by the rules written out plainly, without polars: one pair of
    parentheses round an unsigned amount, or a minus; groups of three; decimal comma."""
    s = text.strip().replace("\u2212", "-")
    negative = s.startswith("(") and s.endswith(")")
    if negative:
        s = s[1:-1]
        if s.startswith("-"):
            return None
    if s.startswith("-"):
        negative, s = True, s[1:]
        if s[:1] in (" ", "\u00a0", "\u202f", "\u2009"):
            s = s[1:]
    whole, comma, frac = s.partition(",")
    groups = whole.replace("\u00a0", " ").replace("\u202f", " ").split(" ")
    digits = all(g and g.isascii() and g.isdigit() for g in groups)
    grouped = len(groups) == 1 or (len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))
    decimals = not comma or (frac.isascii() and frac.isdigit() and len(frac) <= 5)
    if not (digits and grouped and decimals):
        return None
    ore = int("".join(groups)) * TKR + int(frac.ljust(5, "0") or 0)
    return -ore if negative else ore


@SETTINGS
@given(st.lists(JUNK, min_size=1, max_size=40))
def test_any_text_is_read_exactly_as_written_or_refused(texts: list[str]) -> None:
    frame = pl.DataFrame({"c": texts}, schema={"c": pl.String}).select(amount_expr("c", TKR, ","))
    assert dict(zip(texts, frame.to_series().to_list(), strict=True)) == {
        text: _reference(text) for text in texts
    }

"""The file checked against itself, as properties over generated files: totals computed from
the vouchers reconcile; change one voucher and exactly its account disagrees."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan_ekonomi.sie import read_sie
from samverkan_ekonomi.sie.reconcile import reconcile

ACCOUNTS = ("3011", "5011", "6412", "7461")
voucher = st.tuples(
    st.sampled_from(ACCOUNTS),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(-(10**9), 10**9).filter(bool),
)


def kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def sie_file(
    vouchers: list[tuple[str, int, int, int]], totals_of: list[tuple[str, int, int, int]]
) -> str:
    """A SIE 4E file of ``vouchers`` whose #RES and #PSALDO are those of ``totals_of``."""
    year: dict[str, int] = defaultdict(int)
    month: dict[tuple[str, int], int] = defaultdict(int)
    for account, m, _day, amount in totals_of:
        year[account] += amount
        month[account, m] += amount
    lines = ["#FLAGGA 0", "#SIETYP 4", "#RAR 0 20180101 20181231"]
    lines += [f"#RES 0 {a} {kr(v)}" for a, v in sorted(year.items())]
    lines += [f"#PSALDO 0 2018{m:02d} {a} {{}} {kr(v)}" for (a, m), v in sorted(month.items())]
    for n, (account, m, day, amount) in enumerate(vouchers, start=1):
        lines += [
            f'#VER A {n} 2018{m:02d}{day:02d} "Post {n}"',
            "{",
            f'#TRANS {account} {{1 "1300"}} {kr(amount)}',
            f"#TRANS 1930 {{}} {kr(-amount)}",
            "}",
        ]
    return "\n".join(lines) + "\n"


def read(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "huvudbok.se"
    path.write_text(text, "utf-8")
    return sorted((d.account, d.what) for d in reconcile(read_sie(path, "huvudbok.se")))


@settings(max_examples=60, deadline=None)
@given(st.lists(voucher, min_size=1, max_size=25))
def test_a_file_whose_totals_come_from_its_vouchers_reconciles(
    tmp_path_factory: pytest.TempPathFactory, vouchers: list[tuple[str, int, int, int]]
) -> None:
    tmp = tmp_path_factory.mktemp("sie")
    assert read(tmp, sie_file(vouchers, vouchers)) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(voucher, min_size=1, max_size=25), st.data())
def test_one_changed_voucher_makes_exactly_its_account_disagree(
    tmp_path_factory: pytest.TempPathFactory,
    vouchers: list[tuple[str, int, int, int]],
    data: st.DataObject,
) -> None:
    tmp = tmp_path_factory.mktemp("sie")
    index = data.draw(st.integers(0, len(vouchers) - 1))
    delta = data.draw(st.integers(-(10**6), 10**6).filter(bool))
    account, month, day, amount = vouchers[index]
    changed = list(vouchers)
    changed[index] = (account, month, day, amount + delta)
    if amount + delta == 0:
        changed.pop(index)
    found = read(tmp, sie_file(changed, vouchers))
    assert found == sorted([(account, "#RES 0"), (account, f"#PSALDO 2018-{month:02d}")])

"""The keys, and the allocate and gain commands: exact, named, and clear about bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.allocate.keys import MethodSpec
from samverkan.allocate.split import allocate_costs
from samverkan.cli.app import main

KEYS = (
    "municipality,driver,quantity\n1466,population,9300\n1442,population,11490\n"
    "1466,tickets,420\n1442,tickets,610\n1466,fixed,45.5\n1442,fixed,54.5\n"
)
COSTS = (
    "line;amount;municipality\nIntäkter;-150 000,00;\nPersonal;7 847 000,00;\n"
    "VGA-specifikt;1 234,57;1442\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "costs.csv").write_text(COSTS, "utf-8")
    (tmp_path / "keys.csv").write_text(KEYS, "utf-8")
    return tmp_path / "costs.csv", tmp_path / "keys.csv"


def allocate(files: tuple[Path, Path], method: str, tmp_path: Path) -> pl.DataFrame:
    out = tmp_path / f"{method.replace(':', '_')}.csv"
    code = main(
        [
            "allocate",
            "--costs",
            str(files[0]),
            "--keys",
            str(files[1]),
            "--method",
            method,
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return pl.read_csv(out, schema_overrides={"municipality": pl.String, "amount": pl.String})


@pytest.mark.parametrize(
    "method",
    [
        "population",
        "usage:tickets",
        "fixed",
        "even",
        "two-step:population",
        "two-step:usage:tickets",
    ],
)
def test_every_line_sums_to_its_cost_to_the_ore(
    files: tuple[Path, Path], tmp_path: Path, method: str
) -> None:
    frame = allocate(files, method, tmp_path)
    totals = {
        line: sum(Decimal(a) for a in part["amount"]) for (line,), part in frame.group_by("line")
    }
    assert totals == {
        "Intäkter": Decimal("-150000.00"),
        "Personal": Decimal("7847000.00"),
        "VGA-specifikt": Decimal("1234.57"),
    }
    assert set(frame["method"]) == {method}


@pytest.mark.parametrize("method", ["population", "two-step:population", "even"])
def test_a_members_own_cost_is_charged_to_it_alone_under_every_key(
    files: tuple[Path, Path], tmp_path: Path, method: str
) -> None:
    """A row that names a member is that member's cost: no key splits it between the others
    (under a plain key it used to be split, so the others paid part of Vårgårda's own line)."""
    charged = allocate(files, method, tmp_path)
    specific = {
        r["municipality"]: r["amount"]
        for r in charged.filter(pl.col("line") == "VGA-specifikt").iter_rows(named=True)
    }
    assert specific == {"1442": "1234.57"}
    assert set(allocate(files, "population", tmp_path)["amount"]) == set(
        allocate(files, "two-step:population", tmp_path)["amount"]
    )


def test_fixed_shares_and_usage_follow_their_keys(files: tuple[Path, Path], tmp_path: Path) -> None:
    fixed = allocate(files, "fixed", tmp_path).filter(pl.col("line") == "Personal")
    assert dict(fixed.select("municipality", "amount").iter_rows()) == {
        "1442": "4276615.00",
        "1466": "3570385.00",
    }  # 54,5 % and 45,5 % of 7 847 000
    usage = allocate(files, "usage:tickets", tmp_path).filter(pl.col("line") == "Intäkter")
    assert dict(usage.select("municipality", "amount").iter_rows()) == {
        "1442": "-88834.95",
        "1466": "-61165.05",
    }  # 610 : 420 of −150 000


@pytest.mark.parametrize(
    ("keys", "method", "message"),
    [
        (KEYS, "usage:devices", "nyckeln devices saknas för 1442, 1466"),
        (KEYS, "usage", "usage kräver en nyckel efter kolon"),
        (KEYS, "shares", "okänd fördelningsmetod 'shares'"),
        (KEYS.replace("45.5", "40"), "fixed", "ska summera till 100 %"),
        (
            "municipality,driver,quantity\n1466,population,0\n1442,population,0\n",
            "population",
            "fördelningsnyckeln är noll för alla medlemmar",
        ),
        (
            KEYS.replace("1466,tickets,420", "1466,tickets,many"),
            "usage:tickets",
            "'many' är ingen mängd",
        ),
    ],
)
def test_bad_keys_exit_2_with_a_message(
    files: tuple[Path, Path],
    keys: str,
    method: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files[1].write_text(keys, "utf-8")
    code = main(["allocate", "--costs", str(files[0]), "--keys", str(files[1]), "--method", method])
    assert code == 2
    assert message in capsys.readouterr().err


def test_gain_command_reports_each_method_and_the_saving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "coalitions.csv"
    path.write_text(
        "coalition;cost\n1466;6 000 000\n1442;7 000 000\n1466+1442;11 500 000\n", "utf-8"
    )
    assert main(["gain", "--coalitions", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "municipality,standalone,shapley,scrb,nucleolus,saving"
    assert out[1:] == [
        "1442,7000000.00,6250000.00,6250000.00,6250000.00,750000.00",
        "1466,6000000.00,5250000.00,5250000.00,5250000.00,750000.00",
    ]
    path.write_text("coalition;cost\n1466;6\n1442;7\n1466+9999;11\n", "utf-8")
    assert main(["gain", "--coalitions", str(path)]) == 2
    assert "kostnaden för att gå ensam saknas för 9999" in capsys.readouterr().err
    path.write_text("coalition;cost\n1466;6\n1466;7\nHerrljunga;3\n", "utf-8")
    assert main(["gain", "--coalitions", str(path)]) == 2
    err = capsys.readouterr().err
    assert "rad 3" in err
    assert "förekommer två gånger" in err
    assert "'Herrljunga'" in err


def test_method_specs_parse() -> None:
    assert MethodSpec.parse("two-step:usage:tickets") == MethodSpec(
        "two-step:usage:tickets", "usage", "tickets", True
    )
    with pytest.raises(ValueError, match="ange en nyckel"):
        MethodSpec.parse("two-step:")


members = st.lists(
    st.sampled_from(["1442", "1466", "1401", "1402"]), min_size=2, max_size=4, unique=True
)


@given(members, st.integers(0, 10**9), st.integers(0, 10**7), st.integers(1, 10**6))
def test_larger_keys_never_pay_less_and_equal_keys_pay_alike(
    codes: list[str], cost: int, small: int, extra: int
) -> None:
    weights = dict.fromkeys(codes, small)
    weights[codes[0]] = small + extra
    frame = allocate_costs(
        pl.DataFrame(
            {"line": ["x"], "municipality": [None], "amount_ore": [cost]},
            schema={"line": pl.String, "municipality": pl.String, "amount_ore": pl.Int64},
        ),
        pl.DataFrame({"municipality": list(weights), "weight": list(weights.values())}),
        ["line"],
        unit_ore=1,
    )
    charges = dict(frame.select("municipality", "amount_ore").iter_rows())
    others = [charges[c] for c in codes[1:]]
    assert charges[codes[0]] >= max(others)  # monotone in the key
    assert max(others) - min(others) <= 1  # symmetric up to the one öre a remainder decides
    assert sum(charges.values()) == cost

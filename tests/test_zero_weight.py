"""A key weight of 0 makes a member pay nothing and the others all: refused, naming the key,
the member and where the weight came from, unless the definition allows it for that key or
member (``[allocation] allow_zero``). Tried on two boards with different members."""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.allocate.keys import MethodSpec, method_weights
from samverkan.allocate.registry import AllocationContext
from samverkan.cli.app import main
from samverkan.cli.commands import _unit, read_keys
from samverkan.errors import InputError
from samverkan.model.period import Period
from samverkan.plugins import get_plugins

BOARDS = {
    # Herrljunga and Vårgårda; Svenljunga, Tranemo and Ulricehamn: tickets per member, one
    # member with none (a count nobody filled in reads the same)
    "1466": "municipality,driver,quantity\n1466,tickets,0\n1442,tickets,610\n",
    "1465": ("municipality,driver,quantity\n1465,tickets,0\n1452,tickets,388\n1491,tickets,902\n"),
}
KEY = "usage:tickets"


def weights(tmp_path: Path, keys: str, allow_zero: tuple[str, ...] = ()) -> list[int]:
    path = tmp_path / "keys.csv"
    path.write_text(keys, "utf-8")
    drivers, _ = read_keys(path)
    unit = _unit(drivers["municipality"].to_list())
    context = AllocationContext(unit, Period.parse("2017"), drivers)
    methods = get_plugins().allocation_methods()
    spec = MethodSpec.parse(KEY)
    _, frame = method_weights(spec, methods, context, "definition.toml", allow_zero)
    return frame["weight"].to_list()


@pytest.mark.parametrize("member", sorted(BOARDS))
def test_a_weight_of_0_is_refused_naming_key_member_and_source(tmp_path: Path, member: str) -> None:
    with pytest.raises(InputError) as caught:
        weights(tmp_path, BOARDS[member])
    (problem,) = caught.value.problems
    assert (problem.file, problem.column) == ("definition.toml", "allocation.allow_zero")
    assert f"({member}) vikten 0" in problem.message
    assert "keys.csv" in problem.message


@pytest.mark.parametrize("member", sorted(BOARDS))
def test_a_weight_of_0_is_read_where_the_definition_allows_it(tmp_path: Path, member: str) -> None:
    assert 0 in weights(tmp_path, BOARDS[member], (KEY,))
    assert 0 in weights(tmp_path, BOARDS[member], (member,))
    with pytest.raises(InputError, match="vikten 0"):
        weights(tmp_path, BOARDS[member], ("1442" if member != "1442" else "1452",))


def test_the_allocate_command_refuses_a_weight_of_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "costs.csv").write_text("line;amount\nPersonal;1 000,00\n", "utf-8")
    (tmp_path / "keys.csv").write_text(BOARDS["1465"], "utf-8")
    args = ["--costs", str(tmp_path / "costs.csv"), "--keys", str(tmp_path / "keys.csv")]
    assert main(["allocate", *args, "--method", KEY]) == 2
    assert "vikten 0" in capsys.readouterr().err

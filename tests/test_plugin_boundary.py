"""Nothing a plugin hands the core is changed on the way in: an exact quantity stays exact,
and a value that would not survive its table's type is a plugin error naming the plugin,
what it registered and the column (the newcomer's 1.5 hours that became 1, and 0 kr)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from conftest import EXAMPLES
from samverkan.api import AllocationContext, AllocationMethod, Reader, ReadResult, hookimpl
from samverkan.compose.prepare import prepare
from samverkan.errors import InputError, PluginError
from samverkan.plugins import get_plugins

DEFINITION = EXAMPLES[0].name  # the ekonomi/personal board, April 2018


def hours_reader(quantities: list[object]) -> object:
    """A plugin whose reader gives support hours per member as a plugin would compute them."""

    class Hours:
        @hookimpl
        def samverkan_register_readers(self, register: Callable[[Reader], None]) -> None:
            def read(_source: object, _context: object) -> pl.DataFrame:
                return pl.DataFrame(
                    {
                        "driver": ["support_hours"] * 2,
                        "municipality": ["1442", "1466"],
                        "reference_date": ["2018-03", "2018-03"],
                        "quantity": quantities,
                        "estimate": [False, False],
                        "source": ["Tidrapporter"] * 2,
                        "origin": ["timmar.csv:2", "timmar.csv:3"],
                    }
                )

            register(Reader("timmar.stod", "drivers", read, "Stödtimmar"))

    return Hours()


def with_method(examples: Path, method: str) -> Path:
    """The example definition allocating by ``method`` alone."""
    definition = examples / DEFINITION
    text = definition.read_text("utf-8").replace('method = "population"', f'method = "{method}"')
    text = text.replace('compare = ["usage:payslips"]\n', "")
    definition.write_text(text.replace('reference_date = "2017-12-31"\n', ""), "utf-8")
    return definition


def with_source(examples: Path, method: str) -> Path:
    definition = with_method(examples, method)
    text = definition.read_text("utf-8")
    source = '[[sources]]\nreader = "timmar.stod"\npath = "data/README.md"\nsource = "Test"\n\n'
    definition.write_text(text.replace("[[sources]]", source + "[[sources]]", 1), "utf-8")
    (examples / "data" / "README.md").write_text("timmar\n", "utf-8")
    return definition


def test_hours_with_decimals_split_by_the_hours_exactly(examples: Path) -> None:
    plugins = get_plugins(extra=[("timmar", hours_reader([0.5, 1.5]))])
    prepared = prepare(with_source(examples, "usage:support_hours"), plugins.registered())
    assert prepared.allocation is not None
    weights = prepared.allocation.weights
    assert weights["quantity"].to_list() == [Decimal("0.5"), Decimal("1.5")]
    charges = prepared.allocation.charges.filter(pl.col("kind") == "budget")
    by_member = dict(charges.group_by("municipality").agg(pl.col("amount_ore").sum()).iter_rows())
    # A quarter and three quarters, to the krona (the definition's rounding): neither is zero.
    total = sum(by_member.values())
    assert abs(by_member["1442"] * 4 - total) <= 2 * 100
    assert by_member["1442"] + by_member["1466"] == total


@pytest.mark.parametrize(
    ("quantities", "shown"),
    [
        ([1 / 3, 1.0], r"0\.3333333333333333 \(timmar\.csv:2\)"),
        (["många", "12"], r"'många' \(timmar\.csv:2\)"),
    ],
)
def test_a_quantity_that_would_change_is_a_plugin_error_naming_reader_and_column(
    examples: Path, quantities: list[object], shown: str
) -> None:
    plugins = get_plugins(extra=[("timmar", hours_reader(quantities))])
    definition = with_source(examples, "usage:support_hours")
    with pytest.raises(
        PluginError, match=rf"'timmar'.*läsaren timmar\.stod: kolumnen quantity.*{shown}"
    ):
        prepare(definition, plugins.registered())


def test_float_weights_that_would_be_rounded_are_a_plugin_error(examples: Path) -> None:
    class Thirds:
        @hookimpl
        def samverkan_register_allocation_methods(
            self, register: Callable[[AllocationMethod], None]
        ) -> None:
            def weights(context: AllocationContext) -> pl.DataFrame:
                codes = [m.kommunkod for m in context.unit.members]
                return pl.DataFrame({"municipality": codes, "weight": [1 / 3, 2 / 3]})

            register(AllocationMethod("thirds", {"sv": "Tredjedelar", "en": "Thirds"}, weights))

    plugins = get_plugins(extra=[("thirds", Thirds())])
    definition = with_method(examples, "thirds")
    with pytest.raises(PluginError, match=r"'thirds'.*metoden thirds: kolumnen weight"):
        prepare(definition, plugins.registered())


def log_reader(log: pl.DataFrame, declared: dict[str, pl.DataType] | None = None) -> object:
    """A plugin whose reader gives only its own table, ``logg.rader``."""
    schema = declared or {"minutes": pl.Int64(), "source": pl.String(), "origin": pl.String()}

    class Log:
        @hookimpl
        def samverkan_register_readers(self, register: Callable[[Reader], None]) -> None:
            def read(_source: object, _context: object) -> ReadResult:
                return ReadResult(extras={"logg.rader": log})

            register(Reader("logg.drift", None, read, "Driftlogg", extras={"logg.rader": schema}))

    return Log()


def with_log(examples: Path) -> Path:
    definition = examples / DEFINITION
    source = '[[sources]]\nreader = "logg.drift"\npath = "data/README.md"\nsource = "Test"\n\n'
    text = definition.read_text("utf-8")
    definition.write_text(text.replace("[[sources]]", source + "[[sources]]", 1), "utf-8")
    (examples / "data" / "README.md").write_text("logg\n", "utf-8")
    return definition


def test_an_extra_table_arrives_in_its_declared_types(examples: Path) -> None:
    log = pl.DataFrame(
        {"origin": ["logg.csv:2"], "minutes": pl.Series([90], dtype=pl.Int16), "source": ["L"]}
    )
    plugins = get_plugins(extra=[("logg", log_reader(log))])
    prepared = prepare(with_log(examples), plugins.registered())
    table = prepared.tables.extras["logg.rader"]
    assert dict(table.schema) == {"minutes": pl.Int64, "source": pl.String, "origin": pl.String}
    assert table.rows() == [(90, "L", "logg.csv:2")]


@pytest.mark.parametrize(
    ("log", "message"),
    [
        (
            pl.DataFrame({"minutes": [1.5], "source": ["L"], "origin": ["logg.csv:2"]}),
            r"tabellen logg\.rader: kolumnen minutes .* 1\.5 \(logg\.csv:2\)",
        ),
        (
            pl.DataFrame({"minutes": [1], "source": ["L"]}),
            r"tabellen logg\.rader: saknar origin",
        ),
        (
            pl.DataFrame({"minutes": [1], "secs": [60], "source": ["L"], "origin": ["o"]}),
            r"tabellen logg\.rader: har odeklarerade secs",
        ),
    ],
)
def test_an_extra_table_that_does_not_match_its_schema_is_a_plugin_error(
    examples: Path, log: pl.DataFrame, message: str
) -> None:
    plugins = get_plugins(extra=[("logg", log_reader(log))])
    with pytest.raises(PluginError, match=rf"'logg'.*läsaren logg\.drift: {message}"):
        prepare(with_log(examples), plugins.registered())


@pytest.mark.parametrize(
    ("log", "declared", "problem"),
    [
        (
            pl.DataFrame({"minutes": [1], "source": [None], "origin": ["logg.csv:4"]}),
            None,
            "logg.csv, rad 4, kolumn/nyckel 'source': värde saknas",
        ),
        (
            pl.DataFrame({"minutes": [float("nan")], "source": ["L"], "origin": ["logg.csv:2"]}),
            {"minutes": pl.Float64(), "source": pl.String(), "origin": pl.String()},
            "logg.csv, rad 2, kolumn/nyckel 'minutes': 'NaN': värdet är inte ett tal",
        ),
    ],
)
def test_an_extra_tables_rows_are_checked_as_the_canonical_tables_are(
    examples: Path, log: pl.DataFrame, declared: dict[str, pl.DataType] | None, problem: str
) -> None:
    # The input's fault, not the plugin's: refused with file and row (exit 2), like a
    # canonical row without its source or with a value that is no number.
    plugins = get_plugins(extra=[("logg", log_reader(log, declared))])
    with pytest.raises(InputError) as caught:
        prepare(with_log(examples), plugins.registered())
    assert [str(p)[: len(problem)] for p in caught.value.problems] == [problem]


def test_an_undeclared_extra_table_is_a_plugin_error(examples: Path) -> None:
    class Sneaky:
        @hookimpl
        def samverkan_register_readers(self, register: Callable[[Reader], None]) -> None:
            schema = {"source": pl.String(), "origin": pl.String()}

            def read(_source: object, _context: object) -> ReadResult:
                return ReadResult(extras={"logg.annat": pl.DataFrame({"source": ["s"]})})

            register(Reader("logg.drift", None, read, "Logg", extras={"logg.rader": schema}))

    plugins = get_plugins(extra=[("logg", Sneaky())])
    with pytest.raises(PluginError, match=r"gav tabellen logg\.annat, som den inte deklarerar"):
        prepare(with_log(examples), plugins.registered())


@pytest.mark.parametrize(
    ("extras", "message"),
    [
        ({}, "varken en tabell"),
        ({"annat.rader": {"source": pl.String, "origin": pl.String}}, "ska heta logg.<namn>"),
        ({"logg.rader": {"minutes": pl.Int64}}, "saknar kolumnen source"),
        ({"logg.rader": {"source": pl.String, "origin": "text"}}, "saknar kolumnen origin"),
    ],
)
def test_a_reader_declares_its_own_tables_properly(
    extras: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Reader("logg.drift", None, lambda s, c: pl.DataFrame(), "Logg", extras=extras)  # type: ignore[arg-type]

"""What the generated reference pages show, as plain data (no Sphinx needed, so tests can
check it): every command's help and every installed KPI."""

from __future__ import annotations

import argparse

from samverkan.cli import build_parser
from samverkan.plugins import get_plugins


def cli_help() -> list[tuple[str, str]]:
    """(command, help text) for ``samverkan`` and each subcommand, as argparse prints them."""
    parser = build_parser()
    out = [("samverkan", parser.format_help())]
    for action in parser._actions:  # argparse keeps subparsers here; there is no public API
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append((f"samverkan {name}", sub.format_help()))
    return out


def kpi_rows() -> list[tuple[str, str, str, str, str, str]]:
    """(id, Swedish title, English title, unit, direction, formula) of every installed KPI."""
    rows = []
    for kpi_id, (_, kpi_type) in sorted(get_plugins().kpis().items()):
        kpi = kpi_type.kpi
        rows.append(
            (
                kpi_id,
                kpi.title("sv"),
                kpi.title("en"),
                kpi.unit,
                kpi.direction.value,
                kpi.description("en"),
            )
        )
    return rows

"""What the generated reference pages show, as plain data (no Sphinx needed, so tests can
check it): every command's help and every installed KPI."""

from __future__ import annotations

import argparse
import functools
import html
import json
from importlib import resources
from pathlib import Path

from samverkan.cli.app import build_parser
from samverkan.compose.blocks import Figure
from samverkan.plugins import get_plugins
from samverkan.render import theme
from samverkan.render.html import figure_json
from samverkan.render.report import BuiltReport, build_report

REPORTS = Path(__file__).resolve().parents[2] / "reports"


def cli_help() -> list[tuple[str, str]]:
    """(command, help text) for ``samverkan`` and each subcommand (the installed plugins' too,
    with their own subcommands), as argparse prints them."""
    return _helps("samverkan", build_parser(get_plugins()))


def _helps(name: str, parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    out = [(name, parser.format_help())]
    for action in parser._actions:  # argparse keeps subparsers here; there is no public API
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                out += _helps(f"{name} {sub_name}", sub)
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


@functools.cache
def _example(definition: str) -> BuiltReport:
    return build_report(REPORTS / definition, get_plugins())


def example_figure(definition: str, section: str, index: int) -> tuple[str, str, str]:
    """(caption, source, themed JSON) of figure ``index`` (from 1) of ``section`` in the report
    the bundled ``definition`` builds: the docs show the example's figures, made afresh."""
    report = _example(definition)
    found = next(s for s in report.sections if s.anchor == section)
    figure = [b for b in found.blocks if isinstance(b, Figure)][index - 1]
    members = report.definition.unit.members
    return figure.caption, figure.source, str(figure_json(figure, report.language, members))


def figure_markup(element: str, caption: str, source: str, spec: str) -> str:
    """The HTML a docs page holds for one figure: drawn once the page has loaded (the theme
    may load plotly.js deferred), in Swedish number format with true minus signs, as in the
    report."""
    config = json.dumps({"locale": "sv", "responsive": True, "displaylogo": False})
    return (
        f'<figure class="samverkan-figure"><div id="{element}" style="min-height:380px">'
        f"</div>"
        f'<script type="application/json" id="{element}-data">{spec}</script>'
        "<script>window.addEventListener('load',function(){var s=JSON.parse("
        f"document.getElementById('{element}-data').textContent);Plotly.newPlot("
        f"'{element}',s.data,s.layout,{config}).then(samverkanMinus);}});</script>"
        f"<figcaption>{html.escape(caption)}<br><small>{html.escape(source)}</small>"
        "</figcaption></figure>"
    )


def figure_script() -> str:
    """What the docs load after plotly.js: the Swedish locale and the minus-sign mending,
    the same code the report inlines."""
    minus = resources.files("samverkan.render").joinpath("templates", "minus.js")
    return theme.locale_script() + "\n" + minus.read_text("utf-8")

"""Docs made from the code, so they cannot drift: the CLI reference and the KPI catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from samverkan_docs_data import cli_help, kpi_rows
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from samverkan.newplugin import create_plugin


class CliDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for command, text in cli_help():
            section = nodes.section(ids=[nodes.make_id(command)])
            section += nodes.title(text=command)
            section += nodes.literal_block(text, text)
            out.append(section)
        return out


class KpiDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        headers = ("id", "titel", "title", "unit", "better", "formula")
        table = nodes.table()
        group = nodes.tgroup(cols=len(headers))
        table += group
        group += [nodes.colspec(colwidth=1) for _ in headers]
        head = nodes.thead()
        group += head
        head += self._row(headers)
        body = nodes.tbody()
        group += body
        for row in kpi_rows():
            body += self._row(row)
        return [table]

    @staticmethod
    def _row(cells: tuple[str, ...]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=cell)
            row += entry
        return row


def generate_tutorial_plugin(app: Sphinx) -> None:
    """The tutorial shows the plugin `samverkan new-plugin vatten` writes, made afresh."""
    target = Path(app.srcdir) / "_generated"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    create_plugin("vatten", target, "Vattenprover")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("samverkan-cli", CliDirective)
    app.add_directive("samverkan-kpis", KpiDirective)
    app.connect("builder-inited", generate_tutorial_plugin)
    return {"parallel_read_safe": True}

"""Docs made from the code, so they cannot drift: the CLI reference, the KPI catalogue and the
example report's figures. (The tutorial's plugin is written out in the page itself, readable in
a clone; tests/test_docs.py holds it to what ``samverkan new-plugin`` writes.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import plotly.offline
from docutils import nodes
from docutils.parsers.rst import directives
from samverkan_docs_data import cli_help, example_figure, figure_markup, figure_script, kpi_rows
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


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


class FigureDirective(SphinxDirective):
    """``samverkan-figure`` DEFINITION.toml with ``:section:`` (anchor) and ``:index:``: one
    figure of a bundled example report, built from the example data while the docs build."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "section": directives.unchanged_required,
        "index": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        section, index = self.options["section"], self.options.get("index", 1)
        caption, source, spec = example_figure(self.arguments[0], section, index)
        element = f"samverkan-{section}-{index}"
        markup = figure_markup(element, caption, source, spec)
        return [nodes.raw("", markup, format="html")]


def add_plotly(app: Sphinx) -> None:
    """plotly.js and samverkan's figure script as static files of the docs, so their figures
    work offline too."""
    static = Path(app.srcdir) / "_generated" / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "plotly.min.js").write_text(plotly.offline.get_plotlyjs(), "utf-8")
    (static / "samverkan-figures.js").write_text(figure_script(), "utf-8")
    # Added here, not in conf.py: Sphinx checks conf.py's static paths before this runs.
    app.config.html_static_path.append(str(static))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("samverkan-cli", CliDirective)
    app.add_directive("samverkan-kpis", KpiDirective)
    app.add_directive("samverkan-figure", FigureDirective)
    app.connect("builder-inited", add_plotly)
    app.add_js_file("plotly.min.js")
    app.add_js_file("samverkan-figures.js")
    return {"parallel_read_safe": True}

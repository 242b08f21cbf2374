"""Assembling the one-file HTML report and writing it without ever leaving half a file behind."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape
from plotly.utils import PlotlyJSONEncoder

from samverkan.compose.blocks import Cards, Cell, Figure, Markdown, Paragraph, Table
from samverkan.compose.rendered import Notice, RenderedSection
from samverkan.model.provenance import MARKS
from samverkan.model.text import Lang, phrase
from samverkan.model.units import Municipality
from samverkan.render import csp, figures, margins, plotly_bundle, publish, theme
from samverkan.render.citations import SourceList, number_sources
from samverkan.render.figure_data import figure_data

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def nobreak_dates(text: str) -> Markup:
    """``text`` escaped, each ISO date kept on one line (a title must never wrap as
    ``2018-04-`` / ``30``)."""
    escaped = str(escape(text))
    return Markup(_ISO_DATE.sub(lambda m: f'<span class="nowrap">{m.group()}</span>', escaped))


def cell_html(cell: object, lang: Lang) -> Markup:
    """A table cell escaped, its dates kept whole, and in a report not in Swedish the Swedish
    data it quotes marked ``lang="sv"`` (a screen reader and a translator read it as such)."""
    if not isinstance(cell, Cell) or not cell.quoted or lang == "sv":
        return nobreak_dates(str(cell))
    return Markup("").join(
        Markup('<span lang="sv">{}</span>').format(nobreak_dates(piece))
        if quoted
        else nobreak_dates(piece)
        for piece, quoted in cell.parts()
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("samverkan.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["nobreak_dates"] = nobreak_dates
    env.filters["cell_html"] = cell_html
    return env


def _script_json(value: Any) -> Markup:
    """JSON safe inside <script>: no ``</script>`` or HTML comment can be formed from data."""
    raw = json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True, ensure_ascii=False)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(raw.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        out[key] = (
            _merge(out[key], value)
            if isinstance(value, Mapping) and isinstance(out.get(key), Mapping)
            else value
        )
    return out


def figure_dict(figure: Figure, lang: Lang, members: Sequence[Municipality]) -> dict[str, Any]:
    """The figure drawn with the house theme: Plotly's ``data`` and ``layout``."""
    spec = figures.render(figure.spec, lang, members)
    layout = _merge(theme.layout(lang), spec.get("layout", {}))
    layout.pop("template", None)  # plotly.py's default template would double the page size
    data = spec.get("data", [])
    return {"data": data, "layout": margins.fitted(layout, data)}


def figure_json(figure: Figure, lang: Lang, members: Sequence[Municipality]) -> Markup:
    """The figure drawn with the house theme, as JSON safe inside a ``<script>`` element."""
    return _script_json(figure_dict(figure, lang, members))


SEARCH_FROM = 20
"""Tables with at least this many rows get a search box (the key-figure appendix has hundreds)."""
KEEP_WHOLE = 15
"""Tables of up to this many rows are never split across printed pages."""


def _local(address: str) -> bool:
    """An address inside the report (``#goals``); anything with a scheme or host is not."""
    return address.startswith("#")


def _inert_links(state: StateCore) -> None:
    """Links and images that would leave the report become text showing their address, so
    that a comment never makes the page request anything (a link to ``#…`` stays a link)."""
    for block in state.tokens:
        children = block.children or []
        out: list[Token] = []
        closing: list[str | None] = []
        for token in children:
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                closing.append(None if _local(href) else href)
                if _local(href):
                    out.append(token)
            elif token.type == "link_close":
                away = closing.pop() if closing else None
                if away is None:
                    out.append(token)
                elif token.markup != "autolink":
                    out.append(_text(f" ({away})"))
            elif token.type == "image":
                alt = token.content or "bild"
                out.append(_text(f"[{alt}] ({token.attrGet('src')})"))
            else:
                out.append(token)
        block.children = out if block.children is not None else None


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


_MD = MarkdownIt("commonmark", {"html": False})
_MD.core.ruler.push("inert_links", _inert_links)
"""CommonMark with raw HTML off and no address outside the report: a comment can format
text but never inject markup or load anything."""


_CITING = (Table, Figure, Cards, Markdown)
"""The blocks that cite their sources by number (a comment too: its file is named under
Källor, never in the text)."""


def _figure_scope(figure: Figure) -> str:
    """Whose figures a figure shows when a member is chosen: ``member`` (a series per member,
    the others' hidden), ``points`` (a member per point, the chosen one's marked) or
    ``whole`` (the whole cooperation's, which the report then says)."""
    series = getattr(figure.spec, "series", ())
    if any(s.member for s in series):
        return "member"
    return "points" if any(s.members for s in series) else "whole"


def _blocks(
    section: RenderedSection,
    lang: Lang,
    members: Sequence[Municipality],
    cited: SourceList,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, block in enumerate(section.blocks):
        if isinstance(block, Table):
            rows = [cited.cites(r.source) if r.source else () for r in block.rows]
            out.append(
                {
                    "type": "table",
                    "block": block,
                    "cites": cited.cites(block.source),
                    "row_cites": rows,
                    "scope": "" if any(r.member for r in block.rows) else "whole",
                }
            )
        elif isinstance(block, Figure):
            drawn = figure_dict(block, lang, members)
            out.append(
                {
                    "type": "figure",
                    "block": block,
                    "id": f"fig-{section.anchor}-{i + 1}",
                    "json": _script_json(drawn),
                    "traces": {trace.get("type", "scatter") for trace in drawn["data"]},
                    "data": figure_data(block.spec, lang, {m.kommunkod: m.name for m in members}),
                    "cites": cited.cites(block.source),
                    "scope": _figure_scope(block),
                }
            )
        elif isinstance(block, Paragraph):
            out.append({"type": "text", "block": block})
        elif isinstance(block, Cards):
            split = any(c.members for c in block.cards)
            out.append(
                {
                    "type": "cards",
                    "block": block,
                    "cites": cited.cites(block.source),
                    "scope": "cards" if split else "whole cards",
                }
            )
        elif isinstance(block, Markdown):
            out.append(
                {
                    "type": "markdown",
                    "block": block,
                    "html": Markup(_MD.render(block.text)),
                    "cites": cited.cites(block.source),
                }
            )
        else:
            raise TypeError(f"okänd blocktyp {type(block).__name__}")
    return out


def render_html(
    context: Mapping[str, Any],
    sections: Sequence[RenderedSection],
    notices: Sequence[Notice],
    lang: Lang,
) -> str:
    """The whole report as one string: plotly.js once, the Swedish locale, CSS, all sections."""
    env = _environment()
    templates = resources.files("samverkan.render").joinpath("templates")
    css = templates.joinpath("report.css").read_text("utf-8")  # reads: a template samverkan ships
    scripts = [templates.joinpath(f) for f in ("minus.js", "report.js")]
    script = "\n".join(f.read_text("utf-8") for f in scripts)  # reads: templates it ships
    cited = number_sources(
        (
            line
            for s in sections
            for b in s.blocks
            if isinstance(b, _CITING)
            for line in (b.source, *(r.source for r in getattr(b, "rows", ()) if r.source))
        ),
        context["provenance"],
    )
    prepared: list[dict[str, Any]] = [
        {
            "anchor": s.anchor,
            "title": s.title,
            "error": s.error,
            "appendix": s.appendix,
            "blocks": _blocks(s, lang, context["member_options"], cited),
        }
        for s in sections
    ]
    config = {"locale": lang, "displaylogo": False, "responsive": True}
    # The trace types drawn: a partial plotly.js serves only when it has them all.
    used = {t for s in prepared for b in s["blocks"] if b["type"] == "figure" for t in b["traces"]}
    bundle = plotly_bundle.choose(used, context.get("plotly_bundle"))
    page = env.get_template("report.html.j2").render(
        **context,
        csp=csp.pending(),
        lang=lang,
        css=Markup(css),
        plotly_js=Markup(bundle.text),
        locale_js=Markup(theme.locale_script()),
        plotly_config=_script_json(config),
        report_js=Markup(script),
        filter_texts=_script_json(
            {"filtered": phrase("filtered", lang), "rows": phrase("rows_shown", lang)}
        ),
        search_from=SEARCH_FROM,
        keep_whole=KEEP_WHOLE,
        sections=prepared,
        sources=cited.sources,
        notices=notices,
        phrase=lambda key: phrase(key, lang),
        origin_marks={origin.value: mark(lang) for origin, mark in MARKS.items()},
    )
    return csp.with_policy(page, "img-src data:; font-src data:")


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new, never a part
    (:func:`samverkan.render.publish.write_file`: a new file made exclusively, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    publish.write_file(path, content)

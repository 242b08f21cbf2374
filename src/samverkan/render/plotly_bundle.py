"""plotly.js with only the trace types the reports draw: a partial bundle built from the npm
registry, with the full bundle of the ``plotly`` package as the fallback.

The full plotly.js is 4.8 MB of every report's 5 MB. The reports draw bar, scatter, heatmap,
sunburst and waterfall traces; a bundle of just those is about 1.4 MB. Nothing third-party is
kept in this repository: :func:`build` fetches ``plotly.js`` (the same version the ``plotly``
package embeds) and ``esbuild`` from the npm registry into a temporary folder and writes one
file, ``samverkan plotly-bundle --out FILE``; ``samverkan report --plotly-bundle FILE`` then
uses it for every report whose figures it covers, and the full bundle for any other (a plugin
drawing a pie chart, say). ``nox -s report`` does both when npm is on the machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Collection
from pathlib import Path

import attrs
import plotly.offline

from samverkan.errors import InputError
from samverkan.read import files
from samverkan.render import publish

TRACES = ("bar", "heatmap", "sunburst", "waterfall")
"""The trace modules registered beside scatter, which plotly.js's core always holds."""
_HEADER = re.compile(r"/\* samverkan plotly\.js partial bundle (\S+): ([a-z,]+) \*/")


@attrs.frozen
class Bundle:
    """A plotly.js bundle: its version, the trace types it can draw (None: all) and its text."""

    version: str
    traces: frozenset[str] | None
    text: str

    def covers(self, used: Collection[str]) -> bool:
        return self.traces is None or set(used) <= self.traces


def full() -> Bundle:
    """The complete plotly.js the ``plotly`` package ships: draws everything."""
    return Bundle(plotly.offline.get_plotlyjs_version(), None, plotly.offline.get_plotlyjs())


def load(path: Path) -> Bundle:
    """A bundle written by :func:`build`; refused when it is not one, or is for another
    plotly.js version than the ``plotly`` package's (figure JSON is written for that one)."""
    text = files.read_text(path, str(path))
    found = _HEADER.match(text)
    if found is None:
        raise InputError.at(
            "filen är inget plotly-paket från samverkan plotly-bundle; bygg det igen", str(path)
        )
    version, traces = found.group(1), frozenset(["scatter", *found.group(2).split(",")])
    if version != full().version:
        raise InputError.at(
            f"plotly-paketet är för plotly.js {version}, men plotly-paketet i Python ritar för "
            f"{full().version}; bygg det igen med samverkan plotly-bundle",
            str(path),
        )
    return Bundle(version, traces, text)


def choose(used: Collection[str], partial: Bundle | None) -> Bundle:
    """The partial bundle when it draws every trace type ``used``, else the full one."""
    return partial if partial is not None and partial.covers(used) else full()


def build(target: Path, npm: str | None = None) -> Path:
    """Fetch plotly.js and esbuild from the npm registry and write the partial bundle."""
    npm = npm or shutil.which("npm")
    if npm is None:
        raise InputError("plotly-paketet byggs med npm (Node.js); installera nodejs och npm")
    version = full().version
    entry = "var Plotly = require('plotly.js/lib/core');\nPlotly.register([\n"
    entry += "".join(f"  require('plotly.js/lib/{t}'),\n" for t in (*TRACES, "calendars"))
    entry += "]);\nmodule.exports = Plotly;\n"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "package.json").write_text('{"name": "samverkan-plotly", "private": true}')
        (work / "entry.js").write_text(entry)
        _run([npm, "install", "--no-audit", "--no-fund", f"plotly.js@{version}", "esbuild"], work)
        out = work / "bundle.js"
        esbuild = work / "node_modules" / ".bin" / "esbuild"
        # As plotly.js builds itself, less the map styles (no map traces are drawn here).
        _run(
            [str(esbuild), "entry.js", "--bundle", "--minify", "--format=iife",
             "--global-name=Plotly", "--loader:.css=empty", "--define:global=window",
             "--define:define.amd=false", "--target=es2016", f"--outfile={out}"],
            work,
        )  # fmt: skip
        header = f"/* samverkan plotly.js partial bundle {version}: {','.join(TRACES)} */\n"
        target.parent.mkdir(parents=True, exist_ok=True)
        bundle = out.read_text("utf-8")  # reads: what esbuild just wrote in a private folder
        publish.write_file(target, header + bundle)
    return target


def _run(command: list[str], folder: Path) -> None:
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise InputError(
            f"{Path(command[0]).name} misslyckades ({done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[-400:]}"
        )

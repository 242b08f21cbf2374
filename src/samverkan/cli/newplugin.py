"""``samverkan new-plugin NAME``: a working plugin distribution to start from.

The files come from ``samverkan/cli/scaffold``, where ``NAME`` in a path and ``$name``/``$title``
in a file are replaced. The result installs, registers a reader, a KPI and a section through
the hooks, and passes its own tests without edits; the tutorial shows these same files.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from samverkan.errors import InputError

_NAME = re.compile(r"[a-z][a-z0-9_]{1,30}")


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_dir():
            out += _files(item, f"{prefix}{item.name}/")
        elif item.name.endswith(".tmpl"):
            text = item.read_text("utf-8")  # reads: the scaffold samverkan ships
            out.append((f"{prefix}{item.name.removesuffix('.tmpl')}", text))
    return out


def create_plugin(name: str, folder: Path, title: str | None = None) -> list[Path]:
    """Write ``samverkan-<name>/`` under ``folder``; refuse a bad name or an existing folder."""
    if not _NAME.fullmatch(name):
        raise InputError.at(
            "namnet ska vara gemena a–z, siffror och _ (2–31 tecken), till exempel vattenkvalitet",
            None,
            None,
            "NAME",
        )
    target = folder / f"samverkan-{name}"
    if target.exists():
        raise InputError.at("mappen finns redan; välj ett annat namn eller en annan mapp", target)
    values = {"name": name, "title": title or name.replace("_", " ").capitalize()}
    written = []
    for relative, text in _files(resources.files("samverkan.cli").joinpath("scaffold")):
        path = target / relative.replace("NAME", name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(text).substitute(values), "utf-8")
        written.append(path)
    return written

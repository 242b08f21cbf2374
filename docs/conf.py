"""Sphinx configuration for samverkan's documentation (built offline by `nox -s docs`)."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx

import samverkan

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "samverkan"
author = "samverkan contributors"
release = samverkan.__version__
version = release

extensions = ["myst_parser", "sphinx.ext.autodoc", "samverkan_docs"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_ext", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"samverkan {release}"
language = "en"

autodoc_typehints = "signature"
autodoc_member_order = "bysource"


def setup(app: Sphinx) -> None:
    # Lets prose link to a hook with {hook}`samverkan_register_readers` (as pytest's docs do).
    app.add_crossref_type(directivename="hook", rolename="hook")

"""samverkan: evaluate shared services between municipalities and report on them.

Plugins use :mod:`samverkan.api`; the names of that module are also reachable here
(``from samverkan import hookimpl``), loaded on first use so that importing any part of
samverkan never imports all of it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

__version__ = "0.2.0"


def __getattr__(name: str) -> Any:
    # Called only for names this module does not hold: a submodule not imported yet (the
    # import system loads it once this raises), or a name of the API, loaded on first use.
    if name.startswith("__") or importlib.util.find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    api = importlib.import_module("samverkan.api")
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

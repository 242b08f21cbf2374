"""Finding plugins and calling them: the plugin manager factory and a typed facade.

Nothing is loaded at import time. :func:`get_plugins` registers, in this order: the built-in
plugins, the installed distributions of the entry-point group ``samverkan``, and ``*.py`` files
of an optional plugins directory (for one-off local plugins). ``SAMVERKAN_DISABLE_PLUGINS``
(comma-separated names) blocks plugins by name; ``SAMVERKAN_TRACE_PLUGINS=1`` logs every hook
call to the ``samverkan.plugins`` logger.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import importlib.util
import inspect
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pluggy

from samverkan import hookspecs
from samverkan.allocate.registry import AllocationMethod
from samverkan.compose.answers import AnswerType
from samverkan.compose.prepare import Registered
from samverkan.compose.registry import HighlightType, SectionType
from samverkan.errors import InputError, PluginError, guarded
from samverkan.hookspecs import Command
from samverkan.measure.registry import KPIType
from samverkan.read.registry import Reader

ENTRY_POINT_GROUP = "samverkan"
DEFAULT_PLUGINS = (
    "samverkan.builtin.drivers",
    "samverkan.builtin.allocation",
    "samverkan.builtin.kpis",
    "samverkan.builtin.goals",
    "samverkan.builtin.evaluation",
    "samverkan.builtin.enkat",
    "samverkan.builtin.answers",
)
T = TypeVar("T")


@attrs.frozen
class PluginInfo:
    """A registered plugin, as ``samverkan plugins`` lists it."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    origin: str
    """``built-in``, the distribution name, or the local file."""
    registered: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """What it registered, by kind (``readers``, ``kpis`` …): the ids a definition names."""
    requires: str | None = None
    """The samverkan versions its distribution declares it works with (``samverkan>=0.2,<1``)."""


def _requirement(distribution: str) -> str | None:
    """The ``samverkan`` requirement a plugin's distribution declares, as written."""
    for line in importlib.metadata.requires(distribution) or []:
        if re.match(r"samverkan\b(?![-_])", line):
            return line.split(";")[0].replace(" ", "")
    return None


def _blocked_from_env() -> set[str]:
    raw = os.environ.get("SAMVERKAN_DISABLE_PLUGINS", "")
    return {name.strip() for name in raw.split(",") if name.strip()}


def _load_module_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"samverkan_local_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise PluginError(path.stem, "import", f"{path} kan inte läsas som Python-modul")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise PluginError(path.stem, "import", f"{type(exc).__name__}: {exc}") from exc
    return module


def opted_in(function: Callable[..., T], offered: Mapping[str, object]) -> Callable[[], T]:
    """``function`` called with the hook's arguments it names, and only those.

    pluggy's opt-in arguments: an implementation may take fewer arguments than the hook
    specification (none at all), by position or keyword-only, so a hook can gain an argument
    without breaking a plugin. pluggy itself refuses a positional name the specification lacks
    when the plugin is registered; a keyword-only one is refused here, naming it."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if name not in offered:
            if parameter.default is parameter.empty:
                return _refusing(function, name, offered)
            continue
        if parameter.kind is parameter.POSITIONAL_ONLY:
            args.append(offered[name])
        else:
            kwargs[name] = offered[name]
    return functools.wraps(function)(functools.partial(function, *args, **kwargs))


def _refusing(
    function: Callable[..., T], name: str, offered: Mapping[str, object]
) -> Callable[[], T]:
    # Raised when called, inside the guarded call, so the error names the plugin and hook.
    def refuse() -> T:
        raise TypeError(f"tar argumentet {name!r}, som kroken inte ger ({', '.join(offered)})")

    return functools.wraps(function)(refuse)


class Plugins:
    """The registered plugins and what they declared, with one method per hook."""

    def __init__(self, pm: pluggy.PluginManager, origins: dict[str, str]) -> None:
        self.pm = pm
        self._origins = origins
        self._cache: dict[str, dict[str, tuple[str, Any]]] = {}

    # -- registries ----------------------------------------------------------------------------

    def readers(self) -> dict[str, tuple[str, Reader]]:
        """Reader id → (plugin name, reader)."""
        return self._collect("samverkan_register_readers", Reader)

    def sections(self) -> dict[str, tuple[str, SectionType]]:
        """Section id → (plugin name, section type)."""
        return self._collect("samverkan_register_sections", SectionType)

    def allocation_methods(self) -> dict[str, tuple[str, AllocationMethod]]:
        """Method id → (plugin name, method)."""
        return self._collect("samverkan_register_allocation_methods", AllocationMethod)

    def highlights(self) -> dict[str, tuple[str, HighlightType]]:
        """Highlight source id → (plugin name, source)."""
        return self._collect("samverkan_register_highlights", HighlightType)

    def kpis(self) -> dict[str, tuple[str, KPIType]]:
        """KPI id → (plugin name, KPI type)."""
        return self._collect("samverkan_register_kpis", KPIType)

    def registered(self) -> Registered:
        """What the plugins declared, as the stages take it (:func:`samverkan.api.prepare`)."""
        return Registered(
            readers=self.readers(),
            kpis=self.kpis(),
            methods=self.allocation_methods(),
            sections=self.sections(),
            highlights=self.highlights(),
            answers=self.answers(),
        )

    def answers(self) -> dict[str, tuple[str, AnswerType]]:
        """Answer id → (plugin name, the answer to a summary question)."""
        return self._collect("samverkan_register_answers", AnswerType)

    def commands(self) -> dict[str, tuple[str, Command]]:
        """Subcommand name → (plugin name, command)."""
        return self._collect("samverkan_register_commands", Command)

    def _collect(self, hook_name: str, kind: type[Any]) -> dict[str, tuple[str, Any]]:
        if hook_name in self._cache:
            return self._cache[hook_name]
        found: dict[str, tuple[str, Any]] = {}
        # In registration order (built-ins, entry points, local files): the first to claim an
        # id keeps it and a later duplicate is an error naming both plugins.
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            plugin = impl.plugin_name

            def register(value: Any, plugin: str = plugin) -> None:
                if not isinstance(value, kind):
                    raise PluginError(
                        plugin,
                        hook_name,
                        f"registrerade {type(value).__name__}, väntade {kind.__name__}",
                    )
                if value.id in found:
                    raise PluginError(
                        plugin,
                        hook_name,
                        f"{value.id!r} är redan registrerad av {found[value.id][0]!r}",
                    )
                found[value.id] = (plugin, value)

            self.call(plugin, hook_name, opted_in(impl.function, {"register": register}))
        self._cache[hook_name] = found
        return found

    # -- calling plugin code ------------------------------------------------------------------

    def call(self, plugin: str, hook: str, function: Callable[..., T], *args: Any) -> T:
        """Call plugin code through :func:`samverkan.errors.guarded` (which traces when asked)."""
        return guarded(plugin, hook, function, *args)

    # -- introspection ------------------------------------------------------------------------

    def describe(self) -> list[PluginInfo]:
        """Every registered plugin with its version, the hooks it implements and the ids it
        registered through them."""
        collections: dict[str, Mapping[str, tuple[str, object]]] = {
            "readers": self.readers(),
            "sections": self.sections(),
            "kpis": self.kpis(),
            "allocation_methods": self.allocation_methods(),
            "highlights": self.highlights(),
            "answers": self.answers(),
            "commands": self.commands(),
        }
        infos = []
        for name, plugin in sorted(self.pm.list_name_plugin(), key=lambda item: str(item[0])):
            hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(plugin) or []))
            origin = self._origins.get(str(name), "built-in")
            version = requires = None
            if origin not in ("built-in",) and not origin.endswith(".py"):
                version = importlib.metadata.version(origin)
                requires = _requirement(origin)
            registered = {
                kind: ids
                for kind, found in collections.items()
                if (ids := tuple(sorted(i for i, (owner, _) in found.items() if owner == name)))
            }
            infos.append(PluginInfo(str(name), version, hooks, origin, registered, requires))
        return infos


def get_plugins(
    *,
    load_entrypoints: bool = True,
    plugins_dir: Path | None = None,
    blocked: Iterable[str] = (),
    extra: Iterable[tuple[str, object]] = (),
) -> Plugins:
    """Build a fresh plugin manager and wrap it in :class:`Plugins`.

    :param load_entrypoints: load installed plugins of the entry-point group ``samverkan``.
    :param plugins_dir: a folder whose ``*.py`` files are registered as plugins (named by stem).
    :param blocked: plugin names not to load, in addition to ``SAMVERKAN_DISABLE_PLUGINS``.
    :param extra: ``(name, plugin)`` pairs to register, for tests and embedding; one already
        registered (by its entry point) is left as it is.
    """
    pm = pluggy.PluginManager("samverkan")
    pm.add_hookspecs(hookspecs)
    for name in {*blocked, *_blocked_from_env()}:
        pm.set_blocked(name)
    origins: dict[str, str] = {}
    for module_name in DEFAULT_PLUGINS:
        name = "samverkan." + module_name.rsplit(".", 1)[1]
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module_name), name=name)
    if load_entrypoints:
        _load_entrypoints(pm, origins)
    if plugins_dir is not None:
        _load_directory(pm, plugins_dir, origins)
    for name, plugin in extra:
        # A module an entry point registered already is not registered again (pluggy would
        # refuse it under a second name): a test may pass its installed plugin either way.
        if not pm.is_blocked(name) and not pm.is_registered(plugin):
            pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(pm.get_name(exc.plugin)), "check_pending", str(exc)) from exc
    return Plugins(pm, origins)


def _load_entrypoints(pm: pluggy.PluginManager, origins: dict[str, str]) -> None:
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(ep.name, "import", f"{type(exc).__name__}: {exc}") from exc
        pm.register(plugin, name=ep.name)
        origins[ep.name] = ep.dist.name if ep.dist else ep.value


def _load_directory(pm: pluggy.PluginManager, folder: Path, origins: dict[str, str]) -> None:
    if not folder.is_dir():
        raise InputError.at("pluginmappen finns inte", folder)
    for path in sorted(folder.glob("*.py")):
        if pm.is_blocked(path.stem) or path.stem.startswith("_"):
            continue
        pm.register(_load_module_file(path), name=path.stem)
        origins[path.stem] = str(path)

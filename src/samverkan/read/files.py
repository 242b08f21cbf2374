"""Every file samverkan reads is read here: checked, then read, or refused as bad input.

A definition that is a folder, a symbolic link that points at itself, an output folder that is
a file, a read-only folder or a full disk are the user's to fix, never an internal error: each
becomes an :class:`~samverkan.api.InputError` naming the path. While a definition is read
(:func:`within`), its folder is a boundary: a file that lies outside it once symbolic links
are followed (a Markdown file or a month folder linked to ``/etc``) is refused, whoever asks
for it. Only regular files are opened, without blocking, so a named pipe or a device given as
a file is refused instead of hanging the build.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from samverkan.errors import InputError
from samverkan.read.encodings import undecoded

_WHY = {
    errno.ENOENT: "finns inte",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.ENOTDIR: "ligger under något som inte är en mapp",
    errno.ELOOP: "är symboliska länkar i en slinga (länken pekar till slut på sig själv)",
    errno.EACCES: "får inte läsas eller skrivas av den här användaren (behörighet saknas)",
    errno.EPERM: "får inte läsas eller skrivas av den här användaren (behörighet saknas)",
    errno.EROFS: "ligger på ett skrivskyddat filsystem",
    errno.ENOSPC: "kunde inte skrivas: disken är full; frigör utrymme och försök igen",
    errno.EDQUOT: "kunde inte skrivas: diskkvoten är slut; frigör utrymme och försök igen",
    errno.ENAMETOOLONG: "har ett för långt namn",
}
OUTSIDE_HINT = "flytta filen dit eller tillåt det med --allow-outside"
_BOUNDARY: ContextVar[tuple[Path, frozenset[Path]] | None] = ContextVar(
    "samverkan_boundary", default=None
)


def problem_text(exc: OSError) -> str:
    """What an operating-system error means for the user, in Swedish."""
    return _WHY.get(exc.errno or 0, exc.strerror or str(exc))


def input_error(exc: OSError, path: Path | str, name: str | None = None) -> InputError:
    """``exc`` as bad input about ``path`` (shown as ``name``, the path as the user wrote it)."""
    return InputError.at(problem_text(exc), name or str(path))


def resolved(path: Path, name: str | None = None) -> Path:
    """``path`` with symbolic links resolved; a loop is bad input, not a crash."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise InputError.at(_WHY[errno.ELOOP], name or str(path)) from None


@contextmanager
def within(folder: Path | None, *allowed: Path) -> Iterator[None]:
    """Inside, every file read must lie in ``folder`` once symbolic links are followed (and
    ``allowed`` files, the definition itself); ``None`` (``--allow-outside``) lifts that."""
    token = _BOUNDARY.set(
        None if folder is None else (resolved(folder), frozenset(resolved(a) for a in allowed))
    )
    try:
        yield
    finally:
        _BOUNDARY.reset(token)


def checked(path: Path, name: str) -> Path:
    """``path`` resolved, inside the boundary and a regular file, or an :class:`InputError`:
    the one check before any file is opened (by this module, or by a parser that opens it by
    name, such as a workbook's)."""
    full = resolved(path, name)
    boundary = _BOUNDARY.get()
    if boundary is not None and full not in boundary[1] and not full.is_relative_to(boundary[0]):
        raise InputError.at(
            f"leder utanför definitionens mapp {boundary[0]} (till {full}, symboliska länkar "
            f"följda); {OUTSIDE_HINT}",
            name,
        )
    try:
        mode = os.stat(full).st_mode
    except OSError as exc:
        raise input_error(exc, path, name) from None
    _regular(mode, name)
    return full


def _regular(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError.at(_WHY[errno.EISDIR], name)
    if not stat.S_ISREG(mode):
        raise InputError.at(
            "är ingen vanlig fil (en namngiven pipe, en enhet eller en socket); ange en fil",
            name,
        )


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or an :class:`InputError` saying why they cannot be read. Opened
    without blocking (a pipe put there after the check cannot stall the build) and checked
    again once open."""
    full = checked(path, name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(full, flags)
        with os.fdopen(fd, "rb") as handle:
            _regular(os.fstat(handle.fileno()).st_mode, name)
            return handle.read()
    except OSError as exc:
        raise input_error(exc, path, name) from None


def read_text(path: Path, name: str) -> str:
    """A text file (Markdown, TOML) in UTF-8, with or without a BOM; any other encoding is
    refused with the line of the first byte that is not UTF-8."""
    data = read_bytes(path, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        why = (
            "filen är inte UTF-8 (byte {byte}); spara den som UTF-8 "
            "(i Anteckningar: Spara som, Kodning UTF-8)"
        )
        raise undecoded(data, exc, name, why) from None


def read_toml(path: Path, name: str) -> dict[str, Any]:
    """A TOML file as its tables, or an :class:`InputError` at its line and column."""
    text = read_text(path, name)
    lone_cr = re.search(r"\r(?!\n)", text)
    if lone_cr:
        line = text[: lone_cr.start()].count("\n") + 1
        raise InputError.at(
            "raderna slutar med bara CR (som i gamla Mac-filer); spara filen med radslut "
            "LF eller CRLF",
            name,
            line,
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        at = int(match[1]) if match else None
        col = f"tecken {match[2]}" if match else None
        raise InputError.at(f"TOML-fel: {str(exc).split(' (at')[0]}", name, at, col) from None
    except RecursionError:
        raise InputError.at(
            "TOML-filen är för djupt nästlad för att läsas (tusentals tabeller eller listor i "
            "varandra); skriv den plattare",
            name,
        ) from None

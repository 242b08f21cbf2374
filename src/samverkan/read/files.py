"""Filesystem mistakes as what they are: bad input, named with the path and what to do.

A definition that is a folder, a symbolic link that points at itself, an output folder that is
a file, a read-only folder or a full disk are the user's to fix, never an internal error: each
becomes an :class:`~samverkan.api.InputError` naming the path.
"""

from __future__ import annotations

import errno
from pathlib import Path

from samverkan.errors import InputError

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


def problem_text(exc: OSError) -> str:
    """What an operating-system error means for the user, in Swedish."""
    return _WHY.get(exc.errno or 0, exc.strerror or str(exc))


def input_error(exc: OSError, path: Path | str, name: str | None = None) -> InputError:
    """``exc`` as bad input about ``path`` (shown as ``name``, the path as the user wrote it)."""
    return InputError.at(problem_text(exc), name or str(path))


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or an :class:`InputError` saying why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise input_error(exc, path, name) from None
    except RuntimeError:  # Python 3.11 reports a symbolic-link loop met by resolve() so
        raise InputError.at(_WHY[errno.ELOOP], name) from None


def resolved(path: Path, name: str | None = None) -> Path:
    """``path`` with symbolic links resolved; a loop is bad input, not a crash."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise InputError.at(_WHY[errno.ELOOP], name or str(path)) from None

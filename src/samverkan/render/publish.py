"""Writing a report folder as one set: the old files or the new, never a mixture.

A build writes several files that belong together (the report, its workbook and PDF, its
meta and the folder's index). They are written into a staging folder beside the output
folder, which starts as hard links to what the output folder holds; the staging folder is
then swapped with the output folder in one step (``renameat2`` with ``RENAME_EXCHANGE``, on
Linux), and the old folder, now at the staging name, is removed. Killed at any moment, the
output folder is the complete old set or the complete new one; what is left beside it is a
hidden ``.<folder>.samverkan-*`` folder that the next build removes.

Builds into one folder take turns: each holds an exclusive lock (``flock``) on the folder's
parent while it stages and swaps, so the second waits, says so, and then starts from what the
first wrote (the index lists both). Where the swap is not available (another system, a folder
that is a mount point), the files are renamed into place one by one, the index last.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from samverkan.errors import InputError
from samverkan.read import files

STAGING = ".samverkan-"
"""Staging folders are ``.<output folder>.samverkan-<random>`` beside the output folder."""
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where this system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(_AT_FDCWD, bytes(a), _AT_FDCWD, bytes(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def check_folder(out: Path) -> Path:
    """The output folder, resolved, or an :class:`InputError` when it cannot be one."""
    out = files.resolved(out, str(out))
    if out.exists() and not out.is_dir():
        raise InputError.at(
            "är en fil, inte en mapp; ange en mapp att skriva rapporterna i med --out", out
        )
    for parent in out.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError.at(
                f"ligger under filen {parent}, som inte är en mapp; välj en annan mapp med --out",
                out,
            )
        if parent.exists():
            break
    return out


def check_targets(out: Path, names: list[str]) -> None:
    """A folder standing where a file of the set goes is refused before anything is written."""
    for name in names:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            raise InputError.at(
                f"{name} är en mapp; flytta eller ta bort den, här skrivs rapportens fil", target
            )


@contextmanager
def locked(folder: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the exclusive build lock on ``folder`` (another build waits for it)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"väntar på en annan samverkan som skriver i {folder}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock, as a killed process's does


def temporary(path: Path) -> Path:
    """The one temporary name a file is written under before it is renamed into place: a
    fixed name, so that a write killed half-way leaves a file the next write replaces."""
    return path.with_name(f".{path.name}{STAGING}tmp")


@contextmanager
def written(path: Path, waiting: Callable[[str], None] = lambda _s: None) -> Iterator[Path]:
    """A temporary file to write ``path``'s new content to; it replaces ``path`` on leaving
    (under the folder's lock, so two commands writing one file take turns)."""
    path = files.resolved(path)
    if path.is_dir():
        raise InputError.at("är en mapp; ange en fil att skriva till", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path.parent, waiting):
            tmp = temporary(path)
            tmp.unlink(missing_ok=True)
            try:
                yield tmp
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError.at(files.problem_text(exc), exc.filename or path) from None


def _clean_leftovers(parent: Path, name: str) -> None:
    """Staging folders of builds that were killed (the lock says none is running)."""
    for stale in parent.glob(f".{name}{STAGING}*"):
        shutil.rmtree(stale, ignore_errors=True)


def _link_tree(source: Path, target: Path) -> None:
    """``target`` as ``source``: hard links to its files (copies where links cannot be)."""
    target.mkdir()
    os.chmod(target, source.stat().st_mode & 0o7777)
    for entry in os.scandir(source):
        into = target / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), into)
        elif entry.is_dir():
            _link_tree(Path(entry.path), into)
        elif entry.is_file():
            try:
                os.link(entry.path, into)
            except OSError:
                shutil.copy2(entry.path, into)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def staged(out: Path, waiting: Callable[[str], None]) -> Iterator[Path]:
    """A folder to write the new set into; on leaving it, it becomes ``out`` in one step.

    An exception inside leaves ``out`` as it was and removes the staging folder; an
    :class:`OSError` (a full disk, a read-only folder) becomes an :class:`InputError`."""
    out = check_folder(out)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with locked(parent, waiting):
            _clean_leftovers(parent, out.name)
            stage = parent / f".{out.name}{STAGING}{secrets.token_hex(4)}"
            try:
                if out.is_dir():
                    _link_tree(out, stage)
                else:
                    stage.mkdir()
                yield stage
                for entry in stage.iterdir():
                    if entry.is_file() and not entry.is_symlink():
                        _fsync(entry)
                _fsync(stage)
                _commit(stage, out)
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except OSError as exc:
        raise InputError.at(f"{files.problem_text(exc)}", exc.filename or out) from None


def _commit(stage: Path, out: Path) -> None:
    if not out.exists():
        os.rename(stage, out)
        return
    if _exchange(stage, out):
        _fsync(out.parent)
        return
    # No atomic swap here: rename the files one by one, the index (which lists them) last.
    entries = sorted(stage.iterdir(), key=lambda p: p.name == "index.html")
    for entry in entries:
        if entry.is_file():
            os.replace(entry, out / entry.name)
    kept = {p.name for p in entries}
    for old in out.iterdir():
        if old.is_file() and old.name not in kept:
            old.unlink()

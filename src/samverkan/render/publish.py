"""Writing a report folder as one set: the old files or the new, never a mixture.

A build writes several files that belong together (the report, its workbook and PDF, its
meta and the folder's index). They are written into a staging folder, which starts as hard
links to what the output folder holds, and only when every file is made does the set replace
the folder's. The old folder, now at the staging name, is removed. What is left after a kill is
a hidden ``.<folder>.samverkan-*`` folder (or ``.samverkan-stage-*`` inside it) that the next
build removes. How the set replaces the folder depends on what the system offers:

- Linux: the staging folder beside the output folder is swapped with it in one step
  (``renameat2`` with ``RENAME_EXCHANGE``); macOS the same with ``renamex_np`` and
  ``RENAME_SWAP``.
- Elsewhere (Windows), or where the swap cannot be made (a file system without it), the files
  are renamed into the folder one by one, each rename atomic, the index (which lists them)
  last.
- An output folder that is a mount point, or whose parent may not be written, is staged inside
  itself (a rename cannot cross devices) and its files are renamed into place one by one.

Builds into one folder take turns under a lock file (:mod:`filelock`: ``flock`` on Linux and
macOS, ``msvcrt`` locking on Windows; the system releases it when a process dies), so the
second waits, says so, and then starts from what the first wrote (the index lists both).
Every temporary file is created exclusively under a random name, so nothing left at a
temporary name (a symbolic link) is ever written through.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
from filelock import FileLock, Timeout

from samverkan.errors import InputError
from samverkan.read import files

STAGING = ".samverkan-"
"""Staging folders are ``.<output folder>.samverkan-<random>`` beside the output folder."""
INSIDE = f"{STAGING}stage-"
"""…or ``.samverkan-stage-<random>`` inside it, when it cannot be staged beside."""
LOCK = ".samverkan.lock"
"""The lock file: ``.<output folder>.samverkan.lock`` beside the folder (or inside it)."""
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h
_AT_FDCWD = -100
_UNSUPPORTED = (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.ENOTSUP)


def ours(name: str) -> bool:
    """Whether ``name`` is samverkan's own bookkeeping (a lock, a stage, a temporary file),
    never part of a set and never copied into one."""
    return name.startswith(".") and ".samverkan" in name


def _swap_call() -> Callable[[bytes, bytes], int] | None:
    """The system's call that swaps two paths in one step, or None where it has none."""
    if sys.platform not in ("linux", "darwin"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform == "linux":
            renameat2 = libc.renameat2
            renameat2.argtypes = [
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_uint,
            ]
            return lambda a, b: int(renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE))
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: int(renamex_np(a, b, _RENAME_SWAP))
    except (OSError, AttributeError, TypeError):
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where this system or file system cannot."""
    swap = _swap_call()
    if swap is None:
        return False
    if swap(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
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
def locked(lock: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the exclusive build lock ``lock`` (another build waits for it)."""
    held = FileLock(lock)
    try:
        held.acquire(timeout=0)
    except Timeout:
        waiting(f"väntar på en annan samverkan som skriver i {lock.parent}")
        held.acquire()
    try:
        yield
    finally:
        held.release()


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


@attrs.frozen
class _Plan:
    """Where a build into ``out`` locks and stages, and whether the folders can be swapped."""

    lock: Path
    home: Path
    prefix: str
    swap: bool


def _plan(out: Path) -> _Plan:
    parent = out.parent
    if out.is_dir() and (os.path.ismount(out) or not _writable(parent)):
        return _Plan(out / LOCK, out, INSIDE, swap=False)
    if not out.exists() and not _writable(parent):
        raise InputError.at(
            f"kan inte skapas: mappen {parent} får inte skrivas; skapa mappen först eller "
            "välj en annan med --out",
            out,
        )
    return _Plan(parent / f".{out.name}{LOCK}", parent, f".{out.name}{STAGING}", swap=True)


def lock_file(out: Path) -> Path:
    """The lock file builds into the output folder ``out`` take turns on."""
    return _plan(check_folder(out)).lock


def write_file(path: Path, data: bytes | str) -> None:
    """Write ``path`` so that readers see the old file or the new, never a part: the data goes
    to a new file created exclusively under a random hidden name beside it (never through a
    link left at a temporary name), is flushed to disk, then renamed over ``path``."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}{STAGING}tmp-{secrets.token_hex(4)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def written(path: Path, waiting: Callable[[str], None] = lambda _s: None) -> Iterator[Path]:
    """A path to write ``path``'s new content to, in a private folder of its own beside it;
    it replaces ``path`` on leaving (under a lock, so two commands writing one file take
    turns). Nothing but this process can put anything at that path."""
    path = files.resolved(path)
    if path.is_dir():
        raise InputError.at("är en mapp; ange en fil att skriva till", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path.parent / f".{path.name}{LOCK}", waiting):
            _clean_leftovers(path.parent, f".{path.name}{STAGING}")
            private = Path(tempfile.mkdtemp(prefix=f".{path.name}{STAGING}", dir=path.parent))
            try:
                yield private / path.name
                os.replace(private / path.name, path)
            finally:
                shutil.rmtree(private, ignore_errors=True)
    except OSError as exc:
        raise InputError.at(files.problem_text(exc), exc.filename or path) from None


def _clean_leftovers(home: Path, prefix: str) -> None:
    """Staging folders of builds that were killed (the lock says none is running)."""
    for stale in home.glob(f"{prefix}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _link_tree(source: Path, target: Path) -> None:
    """``target`` as ``source``: hard links to its files (copies where links cannot be),
    without samverkan's own locks, stages and temporary files."""
    target.mkdir()
    os.chmod(target, source.stat().st_mode & 0o7777)
    for entry in os.scandir(source):
        into = target / entry.name
        if ours(entry.name):
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), into)
        elif entry.is_dir():
            _link_tree(Path(entry.path), into)
        elif entry.is_file():
            try:
                os.link(entry.path, into)
            except OSError:
                shutil.copy2(entry.path, into)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _fsync_folder(path: Path) -> None:
    """Make a rename in ``path`` durable where the system lets a folder be opened (POSIX);
    Windows cannot open a folder for this, and NTFS journals the rename itself."""
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on a folder; the rename stands
        pass
    finally:
        os.close(fd)


@contextmanager
def staged(out: Path, waiting: Callable[[str], None]) -> Iterator[Path]:
    """A folder to write the new set into; on leaving it, it becomes ``out``'s set.

    An exception inside (a PDF that cannot be made, Ctrl-C) leaves ``out`` as it was and
    removes the staging folder; an :class:`OSError` (a full disk, a read-only folder) becomes
    an :class:`InputError`."""
    out = check_folder(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        plan = _plan(out)
        with locked(plan.lock, waiting):
            _clean_leftovers(plan.home, plan.prefix)
            stage = plan.home / f"{plan.prefix}{secrets.token_hex(4)}"
            try:
                if out.is_dir():
                    _link_tree(out, stage)
                else:
                    stage.mkdir()
                yield stage
                with _uninterrupted():
                    _commit(stage, out, plan.swap)
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except OSError as exc:
        raise InputError.at(f"{files.problem_text(exc)}", exc.filename or out) from None


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C while the set goes in waits until it is in, and is then ignored: the build is
    done. A set renamed in half (the one-by-one way) would be neither the old nor the new."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a signal handler; Ctrl-C reaches only it
        return
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _commit(stage: Path, out: Path, swap: bool) -> None:
    _fsync_folder(stage)
    if not out.exists():
        os.rename(stage, out)
        _fsync_folder(out.parent)
        return
    if swap and _exchange(stage, out):
        _fsync_folder(out.parent)
        return
    _one_by_one(stage, out)


def _one_by_one(stage: Path, out: Path) -> None:
    """No swap here: rename the new files into ``out`` one by one, remove the files the new
    set no longer holds, and rename the index (which lists the set) last."""
    new = [e for e in stage.iterdir() if e.is_file() and not e.is_symlink() and not ours(e.name)]
    index = [e for e in new if e.name == "index.html"]
    for entry in sorted(e for e in new if e not in index):
        if not _same(entry, out / entry.name):  # a file this build left as it was
            os.replace(entry, out / entry.name)
    kept = {e.name for e in new}
    for old in out.iterdir():
        if old.is_file() and not old.is_symlink() and not ours(old.name) and old.name not in kept:
            old.unlink()
    for entry in index:
        os.replace(entry, out / entry.name)
    _fsync_folder(out)

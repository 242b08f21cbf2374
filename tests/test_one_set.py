"""Every build leaves one consistent set of files: the old set or the new, never a mixture.

With real processes: a build killed (SIGKILL) at many moments, and two builds into one folder
at the same time. Full disks and read-only folders are injected, since a test cannot make them.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORTS
from samverkan.cli.app import main
from samverkan.render.publish import _exchange, locked

PERSONAL = "servicenamnd-ekonomi-personal-2018-04"
IT = "servicenamnd-it-vaxel-telefoni-2018-04"


def command(*args: object) -> list[str]:
    return [sys.executable, "-m", "samverkan", *(str(a) for a in args)]


def build(out: Path, *extra: str, definition: str = PERSONAL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command("report", REPORTS / f"{definition}.toml", "--out", out, "--xlsx", *extra),
        capture_output=True,
        text=True,
        check=False,
    )


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(out: Path) -> list[str]:
    """Anything samverkan left beside or in the folder that is not part of a set."""
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    inside = [p.name for p in out.iterdir() if p.name.startswith(".")]
    return beside + inside


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(the old set: the report in English, the new set: the same report in Swedish)."""
    old, new = tmp_path_factory.mktemp("old") / "ut", tmp_path_factory.mktemp("new") / "ut"
    assert build(old, "--lang", "en").returncode == 0
    assert build(new).returncode == 0
    assert contents(old).keys() == contents(new).keys()
    return contents(old), contents(new)


def swaps_atomically(folder: Path) -> bool:
    """Whether this file system can swap two folders in one step (the promise needs it)."""
    a, b = folder / "a", folder / "b"
    a.mkdir(parents=True)
    b.mkdir()
    return _exchange(a, b)


KILL_AT = (
    "import importlib, os, signal, sys\n"
    "module, name, nth, when = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]\n"
    "after = when == 'after'\n"
    "target = importlib.import_module(module)\n"
    "real, calls = getattr(target, name), []\n"
    "def kill(*args, **kwargs):\n"
    "    calls.append(1)\n"
    "    if len(calls) == nth and not after:\n"
    "        os.kill(os.getpid(), signal.SIGKILL)\n"
    "    result = real(*args, **kwargs)\n"
    "    if len(calls) == nth:\n"
    "        os.kill(os.getpid(), signal.SIGKILL)\n"
    "    return result\n"
    "setattr(target, name, kill)\n"
    "from samverkan.cli import main\n"
    "sys.exit(main(sys.argv[5:]))\n"
)
"""A build that SIGKILLs itself at the ``nth`` call of one of its own steps, before or after
it: the kill points are the build's stages, not moments of a timed run, so what is covered
does not depend on the machine's load."""
KILL_POINTS = (
    ("samverkan.compose.prepare", "allocate", 1, "before", "old"),  # reading done
    ("samverkan.compose.prepare", "compute_kpis", 1, "before", "old"),
    ("samverkan.render.publish", "_link_tree", 1, "before", "old"),  # staging begins
    ("samverkan.render.publish", "_fsync", 1, "before", "old"),  # the set is written
    ("samverkan.render.publish", "_fsync", 3, "before", "old"),
    ("samverkan.render.publish", "_exchange", 1, "before", "old"),  # about to swap
    ("samverkan.render.publish", "_exchange", 1, "after", "new"),  # swapped
)


@pytest.mark.slow
def test_a_build_killed_at_any_of_its_steps_leaves_the_old_set_or_the_new(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    if not swaps_atomically(tmp_path / "prov"):
        pytest.skip("this file system cannot swap folders atomically (renameat2)")
    old, new = sets
    out = tmp_path / "ut"
    assert build(out, "--lang", "en").returncode == 0
    args = ["report", str(REPORTS / f"{PERSONAL}.toml"), "--out", str(out), "--xlsx"]
    for module, name, nth, when, expected in KILL_POINTS:
        point = [module, name, str(nth), when]
        result = subprocess.run([sys.executable, "-c", KILL_AT, *point, *args], check=False)
        assert result.returncode == -signal.SIGKILL, f"no kill at {point}"
        assert contents(out) == (old if expected == "old" else new), f"killed at {point}"
    assert build(out, "--lang", "en").returncode == 0  # and the next build cleans up
    assert contents(out) == old
    assert leftovers(out) == []


def test_a_kill_just_before_the_swap_leaves_the_old_set_and_the_next_build_cleans_up(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = sets
    out = tmp_path / "ut"
    assert build(out, "--lang", "en").returncode == 0
    # SIGKILL (no cleanup runs) when the staged folder is complete and about to be swapped.
    killer = (
        "import os, signal, sys\n"
        "import samverkan.render.publish as publish\n"
        "publish._commit = lambda stage, out: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from samverkan.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = ["report", str(REPORTS / f"{PERSONAL}.toml"), "--out", str(out), "--xlsx"]
    result = subprocess.run([sys.executable, "-c", killer, *args], check=False)
    assert result.returncode == -9
    assert contents(out) == old
    assert len(leftovers(out)) == 1  # the hidden staging folder, never mistaken for a report
    assert build(out).returncode == 0
    assert contents(out) == new
    assert leftovers(out) == []


def test_two_builds_into_one_folder_at_once_both_succeed_and_the_index_lists_both(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ut"
    first = subprocess.Popen(
        command("report", REPORTS / f"{PERSONAL}.toml", "--out", out, "--xlsx"),
        stderr=subprocess.PIPE,
        text=True,
    )
    second = subprocess.Popen(
        command("report", REPORTS / f"{IT}.toml", "--out", out, "--xlsx"),
        stderr=subprocess.PIPE,
        text=True,
    )
    errors = [first.communicate()[1], second.communicate()[1]]
    assert (first.returncode, second.returncode) == (0, 0), errors
    index = (out / "index.html").read_text("utf-8")
    assert f"{PERSONAL}.html" in index
    assert f"{IT}.html" in index
    names = {p.name for p in out.iterdir()}
    for report in (PERSONAL, IT):
        assert {f"{report}.html", f"{report}.xlsx", f"{report}.meta.json"} <= names
    assert leftovers(out) == []
    assert "FileNotFoundError" not in "".join(errors)


def test_a_build_that_finds_the_folder_busy_says_so_and_waits(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    with locked(tmp_path, lambda _step: None):  # another build is writing in the folder
        process = subprocess.Popen(
            command("report", REPORTS / f"{PERSONAL}.toml", "--out", out),
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "väntar på en annan samverkan som skriver i" in line
        assert process.poll() is None
        assert not out.exists()
    _, rest = process.communicate()
    assert process.returncode == 0, rest
    assert (out / f"{PERSONAL}.html").is_file()


@pytest.mark.parametrize(
    ("failure", "expect"),
    [
        (errno.ENOSPC, "disken är full"),
        (errno.EROFS, "skrivskyddat filsystem"),
        (errno.EACCES, "behörighet saknas"),
    ],
)
def test_a_full_disk_or_read_only_folder_is_bad_input_and_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: int,
    expect: str,
) -> None:
    out = tmp_path / "ut"
    assert main(["report", str(REPORTS / f"{PERSONAL}.toml"), "--out", str(out)]) == 0
    before = contents(out)
    capsys.readouterr()
    real_open = os.open

    def failing(path: object, flags: int, *args: object, **kw: object) -> int:
        if flags & os.O_WRONLY:
            raise OSError(failure, os.strerror(failure), str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", failing)
    code = main(["report", str(REPORTS / f"{PERSONAL}.toml"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expect in err
    assert "Internt fel" not in err
    monkeypatch.undo()
    assert contents(out) == before
    assert leftovers(out) == []

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
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import newboard
from conftest import REPORTS
from samverkan.cli.app import main
from samverkan.render.publish import LOCK, _exchange, lock_file, locked

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


def built(out: Path, *extra: str, definition: str = PERSONAL) -> int:
    """What :func:`build` runs, in this process (no interpreter to start, nothing to import):
    for the set a test starts from, and for builds whose process is not what is tested."""
    path = REPORTS / f"{definition}.toml"
    return main(["report", str(path), "--out", str(out), "--xlsx", *extra])


def patched(prelude: str, *args: object) -> list[str]:
    """The command line of samverkan run after ``prelude``: Python that changes the process
    first (a call taken away, a signal sent at a chosen moment)."""
    main = "import sys\nfrom samverkan.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return [sys.executable, "-c", f"{prelude}\n{main}", *(str(a) for a in args)]


def at_publishing(signal_name: str) -> str:
    """A prelude for :func:`patched`: the process sends itself ``signal_name`` when the new
    set is complete and about to be published."""
    return (
        "import os, signal, time\n"
        "import samverkan.render.publish as publish\n"
        "from contextlib import contextmanager\n"
        "@contextmanager\n"
        "def publishing():\n"
        f"    os.kill(os.getpid(), signal.{signal_name})\n"
        "    time.sleep(5)\n"
        "    yield\n"
        "publish._uninterrupted = publishing\n"
    )


IN_COMMIT = """
import os, signal, time
import samverkan.render.publish as publish
commit = publish._commit
def committing(*args):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.3)  # the signal is handled here, while the set is going in
    commit(*args)
publish._commit = committing
"""


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(out: Path) -> list[str]:
    """Anything samverkan left beside or in the folder that is not part of a set (the lock
    file stays, so that builds waiting for it share one)."""
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    inside = [p.name for p in out.iterdir() if p.name.startswith(".")]
    return [name for name in beside + inside if not name.endswith(LOCK)]


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(the old set: the report in English, the new set: the same report in Swedish)."""
    old, new = tmp_path_factory.mktemp("old") / "ut", tmp_path_factory.mktemp("new") / "ut"
    assert built(old, "--lang", "en") == 0
    assert built(new) == 0
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
    ("samverkan.render.publish", "write_file", 1, "before", "old"),  # the set is written
    ("samverkan.render.publish", "write_file", 3, "before", "old"),
    ("samverkan.render.publish", "_fsync_folder", 1, "before", "old"),  # the set is complete
    ("samverkan.render.publish", "_exchange", 1, "before", "old"),  # about to swap
    ("samverkan.render.publish", "_exchange", 1, "after", "new"),  # swapped
)


@pytest.fixture(scope="module")
def one_month(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The second board with one month (tests/newboard.py), whose builds take the same steps
    as an example's in a fraction of the time: (its definition, the old set: the report in
    English, the new set: in Swedish). Built in this process: what is killed is another."""
    definition = newboard.year_board(tmp_path_factory.mktemp("board"), months=[1])
    old, new = tmp_path_factory.mktemp("old") / "ut", tmp_path_factory.mktemp("new") / "ut"
    assert main(["report", str(definition), "--out", str(old), "--xlsx", "--lang", "en"]) == 0
    assert main(["report", str(definition), "--out", str(new), "--xlsx"]) == 0
    old_set, new_set = contents(old), contents(new)
    assert old_set.keys() == new_set.keys()
    assert old_set != new_set
    return definition, old_set, new_set


# One case per kill point, so that pytest-xdist spreads the killed builds over its workers.
@pytest.mark.parametrize("point", KILL_POINTS, ids=lambda p: f"{p[1]}-{p[2]}-{p[3]}")
def test_a_build_killed_at_any_of_its_steps_leaves_the_old_set_or_the_new(
    tmp_path: Path,
    one_month: tuple[Path, dict[str, bytes], dict[str, bytes]],
    point: tuple[str, str, int, str, str],
) -> None:
    if not swaps_atomically(tmp_path / "prov"):
        pytest.skip("this file system cannot swap folders atomically (renameat2)")
    definition, old_set, new_set = one_month
    out = tmp_path / "ut"
    args = ["report", str(definition), "--out", str(out), "--xlsx"]
    assert main([*args, "--lang", "en"]) == 0  # the old set, in the folder the build swaps
    assert contents(out) == old_set
    module, name, nth, when, expected = point
    kill = [module, name, str(nth), when]
    result = subprocess.run([sys.executable, "-c", KILL_AT, *kill, *args], check=False)
    assert result.returncode == -signal.SIGKILL, f"no kill at {point}"
    assert contents(out) == (old_set if expected == "old" else new_set), f"killed at {point}"
    assert main([*args, "--lang", "en"]) == 0  # and the next build cleans up
    assert contents(out) == old_set
    assert leftovers(out) == []


def test_a_kill_just_before_the_swap_leaves_the_old_set_and_the_next_build_cleans_up(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = sets
    out = tmp_path / "ut"
    assert built(out, "--lang", "en") == 0
    # SIGKILL (no cleanup runs) when the staged folder is complete and about to be swapped.
    args = ["report", REPORTS / f"{PERSONAL}.toml", "--out", out, "--xlsx"]
    result = subprocess.run(patched(at_publishing("SIGKILL"), *args), check=False)
    assert result.returncode == -9
    assert contents(out) == old
    assert len(leftovers(out)) == 1  # the hidden staging folder, never mistaken for a report
    assert built(out) == 0
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
    with locked(lock_file(out), lambda _step: None):  # another build is writing in the folder
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


WITHOUT_FCNTL = """\
import ctypes, sys, warnings
sys.modules["fcntl"] = None  # as on Windows: importing fcntl fails
warnings.filterwarnings("ignore", "only soft file lock is available")


class CDLL(ctypes.CDLL):
    def __getattr__(self, name):
        if name in ("renameat2", "renamex_np"):  # as on a system without the swap
            raise AttributeError(name)
        return super().__getattr__(name)


ctypes.CDLL = CDLL
"""


def test_without_fcntl_and_renameat2_every_example_builds_as_one_set(tmp_path: Path) -> None:
    """What Windows lacks, taken away: the lock falls back to what filelock has, and the set
    is renamed into the folder one by one (the folder itself stays: same inode)."""
    out = tmp_path / "ut"
    examples = sorted(REPORTS.glob("*.toml"))
    assert len(examples) == 4
    run = patched(WITHOUT_FCNTL, "report", *examples, "--xlsx", "--out", out)
    first = subprocess.run(run, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    index = (out / "index.html").read_text("utf-8")
    for example in examples:
        assert f"{example.stem}.html" in index
        assert (out / f"{example.stem}.xlsx").is_file()
    folder = out.stat().st_ino
    (out / f"{IT}.pdf").write_bytes(b"%PDF- a PDF of an earlier build")
    again = patched(WITHOUT_FCNTL, "report", REPORTS / f"{IT}.toml", "--out", out, "--lang", "en")
    second = subprocess.run(again, capture_output=True, text=True, check=False)
    assert second.returncode == 0, second.stderr
    assert out.stat().st_ino == folder  # renamed into place, not swapped
    assert not (out / f"{IT}.pdf").exists()  # the set holds no file older than its report
    assert not (out / f"{IT}.xlsx").exists()
    assert (out / f"{PERSONAL}.xlsx").is_file()  # another report's files are kept
    assert 'lang="en"' in (out / f"{IT}.html").read_text("utf-8")
    assert len(list(out.glob("*.meta.json"))) == 4
    assert leftovers(out) == []


def test_linux_swaps_the_folder_in_one_step(tmp_path: Path) -> None:
    if not swaps_atomically(tmp_path / "prov"):
        pytest.skip("this file system cannot swap folders atomically (renameat2)")
    out = tmp_path / "ut"
    assert built(out, definition=IT) == 0
    folder = out.stat().st_ino
    assert built(out, definition=IT) == 0
    assert out.stat().st_ino != folder


FAKE_CHROMIUM = "#!/bin/sh\necho 'chromium: crashed (SIGSEGV)' >&2\nkill -SEGV $$\n"
NO_PLAYWRIGHT = """\
import sys
sys.modules["playwright"] = None  # as where samverkan[pdf] is not installed
"""


@pytest.mark.parametrize("missing", ["crashing-chromium", "no-such-chromium", "no-playwright"])
def test_a_pdf_that_cannot_be_made_publishes_nothing(tmp_path: Path, missing: str) -> None:
    """Chromium that crashes, is not there, or Playwright not installed: exit 2 naming it,
    and the folder holds exactly the earlier set (its PDF and workbook included)."""
    out = tmp_path / "ut"
    assert built(out, definition=IT) == 0
    (out / f"{IT}.pdf").write_bytes(b"%PDF- the PDF of the earlier build")
    before = contents(out)
    env = dict(os.environ)
    args = ["report", str(REPORTS / f"{IT}.toml"), "--out", str(out), "--pdf", "--lang", "en"]
    run = [*command(*args)]
    if missing == "crashing-chromium":
        fake = tmp_path / "chromium"
        fake.write_text(FAKE_CHROMIUM)
        fake.chmod(0o755)
        env["SAMVERKAN_CHROMIUM"] = str(fake)
        expect = f"Chromium ({fake}) misslyckades"
    elif missing == "no-such-chromium":
        env["SAMVERKAN_CHROMIUM"] = str(tmp_path / "finns-inte" / "chromium")
        expect = "SAMVERKAN_CHROMIUM pekar på"
    else:
        run = patched(NO_PLAYWRIGHT, *args)
        expect = "PDF kräver Playwright"
    result = subprocess.run(run, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 2, result.stderr
    assert expect in result.stderr
    assert "Traceback" not in result.stderr
    assert contents(out) == before
    assert leftovers(out) == []


def test_ctrl_c_prints_one_line_exits_130_and_leaves_the_earlier_set(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, _new = sets
    out = tmp_path / "ut"
    assert built(out, "--lang", "en") == 0
    # Ctrl-C (SIGINT, as the terminal sends it) when the new set is complete but not published.
    args = ["report", REPORTS / f"{PERSONAL}.toml", "--out", out, "--xlsx"]
    result = subprocess.run(
        patched(at_publishing("SIGINT"), *args), capture_output=True, text=True, check=False
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Avbrutet (Ctrl-C): det som inte var klart publicerades inte; mappen har kvar sina "
        "tidigare filer"
    ]
    assert contents(out) == old
    assert leftovers(out) == []


def test_ctrl_c_while_the_set_goes_in_waits_for_it_and_the_build_ends_well(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    """Too late to stop: the renames that put the new set in place (one by one, where the
    system cannot swap) are not cut off halfway, and the build says nothing of an interrupt."""
    _old, new = sets
    out = tmp_path / "ut"
    assert built(out, "--lang", "en") == 0
    args = ["report", REPORTS / f"{PERSONAL}.toml", "--out", out, "--xlsx"]
    result = subprocess.run(patched(IN_COMMIT, *args), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Avbrutet" not in result.stderr
    assert contents(out) == new
    assert leftovers(out) == []


def test_ctrl_c_at_a_moment_of_the_build_leaves_one_set(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = sets
    out = tmp_path / "ut"
    started = time.monotonic()
    assert build(out, "--lang", "en").returncode == 0
    duration = time.monotonic() - started
    process = subprocess.Popen(
        command("report", REPORTS / f"{PERSONAL}.toml", "--out", out, "--xlsx"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(duration * 0.8)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate()
    assert process.returncode in (0, 130), err
    assert "Traceback" not in err
    assert contents(out) == (old if process.returncode == 130 else new)
    assert leftovers(out) == []


@pytest.fixture
def mounts(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """``mount(path, *options)``: a small tmpfs at ``path``; skipped where mounting is not
    permitted (not root, or a container without the capability)."""
    made: list[Path] = []

    def mount(path: Path, *options: str) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        flags = ",".join(("size=64m", *options))
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", flags, "samverkan-test", str(path)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        made.append(path)
        return path

    yield mount
    for path in reversed(made):
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_folder_that_is_a_mount_point_gets_its_set(
    tmp_path: Path, mounts: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = mounts(tmp_path / "ut")
    assert built(out, definition=IT) == 0
    (out / f"{IT}.pdf").write_bytes(b"%PDF- of an earlier build")
    assert built(out, "--lang", "en", definition=IT) == 0, capsys.readouterr().err
    assert 'lang="en"' in (out / f"{IT}.html").read_text("utf-8")
    assert not (out / f"{IT}.pdf").exists()
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {
        "index.html",
        f"{IT}.html",
        f"{IT}.meta.json",
        f"{IT}.xlsx",
    }
    assert leftovers(out) == []


def test_a_writable_folder_under_a_read_only_parent_gets_its_set(
    tmp_path: Path, mounts: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    parent = mounts(tmp_path / "skrivskyddad")
    out = mounts(parent / "ut")
    assert built(out, definition=IT) == 0
    remount = ["mount", "-o", "remount,ro", str(parent)]
    assert subprocess.run(remount, capture_output=True, check=False).returncode == 0
    assert not os.access(parent, os.W_OK)
    assert built(out, "--lang", "en", definition=IT) == 0, capsys.readouterr().err
    assert 'lang="en"' in (out / f"{IT}.html").read_text("utf-8")
    assert leftovers(out) == []
    # A folder that does not exist yet under it is refused, naming the folder.
    missing = parent / "ny"
    capsys.readouterr()
    assert built(missing, definition=IT) == 2
    refused = capsys.readouterr().err
    assert f"{missing}: kan inte skapas: mappen {parent} får inte skrivas" in refused
    assert ".samverkan" not in refused


def test_a_link_left_at_a_temporary_name_is_never_written_through(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    assert built(out, definition=IT) == 0
    victim = tmp_path / "annan-fil.txt"
    victim.write_text("orörd")
    for name in ("index.html", f"{IT}.html", f"{IT}.meta.json", f"{IT}.xlsx"):
        (out / f".{name}.samverkan-tmp").symlink_to(victim)
        (out / f".{name}.samverkan-tmp-0000").symlink_to(victim)
    assert built(out, definition=IT) == 0
    assert victim.read_text() == "orörd"
    for name in ("index.html", f"{IT}.html"):
        assert (out / name).is_file()
        assert not (out / name).is_symlink()

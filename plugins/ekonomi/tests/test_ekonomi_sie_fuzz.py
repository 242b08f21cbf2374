"""Fuzzing the SIE 4 readers: whatever the bytes, only samverkan's own input errors escape.

Random bytes, and valid files with random damage in random encodings. When both readers accept
a damaged file they must agree on it, so the fast reader can never be "more lenient" than the
exact one it falls back to.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_ekonomi_sie import HEAD, read_exact, same

from samverkan.api import InputError
from samverkan_ekonomi.sie.data import SieData
from samverkan_ekonomi.sie.fast import read_sie

FIRST = (
    '#VER A 1 20180105 "Lön januari"\n{\n'
    '   #TRANS 5011 {1 "1100"} 1000.50 20180105 "Lön"\n'
    '   #TRANS 5011 {1 "1100" 6 "P901"} 250.00\n'
    "   #TRANS 2441 {} -1250.50\n}\n"
)
SECOND = (
    '#VER A 2 20180110 "Hyra"\n{\n'
    '   #RTRANS 6011 {1 "1200"} 300.00 20180110 "Hyra"\n'
    '   #TRANS 6011 {1 "1200"} 300.00 20180110 "Hyra"\n'
    "   #TRANS 1930 {} -300.00\n}\n"
)
VALID = HEAD + FIRST + SECOND
# Syntax, label letters, and whitespace to one side only (Python's strip or Rust's \s).
DAMAGE = st.sampled_from(
    ['"', "{", "}", "\\", "\t", " ", "\n", "#", "-", ".", "0", "å", "\x00", "R", "T",
     "\xa0", "\x0b", "\x1c", "\r"]
)  # fmt: skip
ENCODINGS = st.sampled_from(["cp437", "cp1252", "utf-8", "utf-8-sig"])
SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def outcome(read: object, path: Path) -> SieData | InputError:
    """The data, or the input error; anything else fails the test with its traceback."""
    try:
        return read(path)  # type: ignore[operator, no-any-return]
    except InputError as exc:
        return exc


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_only_raise_input_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "slump.se"
    path.write_bytes(data)
    for result in (outcome(lambda p: read_sie(p, "slump.se"), path), outcome(read_exact, path)):
        if isinstance(result, InputError):  # a refusal names the file
            assert all(p.file == "slump.se" for p in result.problems), result
        else:
            assert result.transactions["amount_ore"].sum() == 0  # what is read balances


@st.composite
def damaged(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.text(DAMAGE, min_size=1, max_size=3)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
    return text


# Damage that is well formed but must still be refused: a day the calendar does not have, a
# voucher written twice, an account that is no number, an amount beyond the ledger.
REFUSED = st.sampled_from(
    [
        ("20180105", "20180230"),
        ("20180110", "20181301"),
        (SECOND, FIRST),
        ("#TRANS 2441 ", '#TRANS "" '),
        ("#TRANS 1930 ", "#TRANS BANK "),
        ("1000.50 20180105", "100000000000000000.50 20180105"),
    ]
)


@SETTINGS
@given(change=REFUSED, encoding=ENCODINGS, crlf=st.booleans())
def test_well_formed_damage_that_would_change_a_figure_is_refused_by_both_readers(
    tmp_path: Path, change: tuple[str, str], encoding: str, crlf: bool
) -> None:
    old, new = change
    text = VALID.replace(old, new, 1)
    body = text.replace("\n", "\r\n") if crlf else text
    path = tmp_path / "skadad.se"
    path.write_bytes(body.encode("utf-8" if encoding == "utf-8-sig" else encoding))
    for result in (outcome(lambda p: read_sie(p, "skadad.se"), path), outcome(read_exact, path)):
        assert isinstance(result, InputError), change
        assert all(p.file == "skadad.se" and p.row is not None for p in result.problems)


@SETTINGS
@given(text=damaged(), encoding=ENCODINGS, crlf=st.booleans())
def test_damaged_files_are_read_alike_or_refused(
    tmp_path: Path, text: str, encoding: str, crlf: bool
) -> None:
    body = text.replace("\n", "\r\n") if crlf else text
    try:
        raw = body.encode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeEncodeError:
        assume(False)  # a character this code page cannot hold: not a file anyone can write
    path = tmp_path / "skadad.se"
    path.write_bytes((b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b"") + raw)
    fast = outcome(lambda p: read_sie(p, "skadad.se"), path)
    exact = outcome(read_exact, path)
    if isinstance(fast, SieData) and isinstance(exact, SieData):
        same(fast, exact)
    else:
        assert isinstance(fast, InputError) == isinstance(exact, InputError), (fast, exact)

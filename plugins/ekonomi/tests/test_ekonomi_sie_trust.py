"""SIE as every program writes it, and what neither reader lets through: #KSUMMA verified,
the #TRANS copy of an #RTRANS counted once however it is written, an escaped quote in an
unquoted field, invisible characters in codes and digits other than 0–9. Both readers alike."""

from __future__ import annotations

import shlex
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ekonomi_sie import FIXTURES, HEAD, read_exact, same, write

from samverkan.api import InputError
from samverkan_ekonomi.sie.checksum import _kept
from samverkan_ekonomi.sie.data import SieData
from samverkan_ekonomi.sie.fast import read_sie

SHAPES = Path(__file__).parent / "sie_shapes"
VOUCHER = """#VER A 1 20180131 "Löner januari"
{
   #TRANS 5011 {1 "1100"} 1000.50 20180131 "Lön"
   #TRANS 2441 {} -1000.50
}
"""


def readers(path: Path) -> list[Callable[[], SieData]]:
    return [lambda: read_sie(path, path.name), lambda: read_exact(path)]


def both(path: Path) -> SieData:
    fast, reference = (read() for read in readers(path))
    same(fast, reference)
    return fast


def refused(path: Path) -> list[tuple[int | None, str]]:
    """(line, message) of the first problem, from each reader."""
    out = []
    for read in readers(path):
        with pytest.raises(InputError) as caught:
            read()
        out.append((caught.value.problems[0].row, caught.value.problems[0].message))
    assert out[0] == out[1]
    return out


# -- #KSUMMA ---------------------------------------------------------------------------------


def crc(records: list[str], encoding: str) -> int:
    """The checksum as SIE 4B defines it, worked out here without the reader: each record's
    label and field contents, separators, quotes and object-list braces left out."""
    text = ""
    for record in records:
        lexer = shlex.shlex(record, posix=True, punctuation_chars="{}")
        lexer.whitespace_split, lexer.commenters = True, ""
        text += "".join(token for token in lexer if token.strip("{}"))
    return zlib.crc32(text.encode(encoding))


def with_checksum(text: str, encoding: str = "cp437", signed: bool = False) -> str:
    first, rest = text.split("\n", 1)
    number = crc(rest.splitlines(), encoding)
    if signed and number >= 1 << 31:
        number -= 1 << 32
    return f"{first}\n#KSUMMA\n{rest}#KSUMMA {number}\n"


def test_the_sum_content_is_label_and_fields_without_separators() -> None:
    content = '#TRANS 1910 {1 "130"} 100.00 "" "Hyra lokal"'
    assert crc([content], "ascii") == zlib.crc32(b"#TRANS19101130100.00Hyra lokal")


def kept_one_byte_at_a_time(data: bytes) -> list[bool]:
    """Which bytes the checksum keeps, decided walking the bytes: a quote not after a
    backslash opens or closes a field and is left out, as is the backslash before it; inside
    a field every other byte is kept, outside it all but spaces, tabs, braces and line ends."""
    out, inside = [], False
    for i, byte in enumerate(data):
        delimiter = byte == 0x22 and not (i and data[i - 1] == 0x5C)
        inside ^= delimiter
        escape = byte == 0x5C and data[i + 1 : i + 2] == b'"'
        out.append(not delimiter and not escape and (inside or byte not in b" \t\r\n{}"))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(b'"\\ {}\tab\r\n')), max_size=700))
def test_the_checksum_mask_is_the_one_walked_byte_by_byte(data: list[int]) -> None:
    """The mask is computed 64 bytes at a time; these lengths cross many word boundaries."""
    assert _kept(bytes(data)).tolist() == kept_one_byte_at_a_time(bytes(data))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(list(b'"\\ {}\tab\r\n')), max_size=300),
    st.lists(st.sampled_from(list(b'"\\ {}\tab\r\n')), max_size=300),
)
def test_the_checksum_mask_from_a_line_start_reads_as_if_the_data_began_there(
    head: list[int], tail: list[int]
) -> None:
    """With quotes before it even or odd in number, the mask from ``start`` is the mask of
    what follows alone (``start`` is a line's first byte, after a line end)."""
    data = bytes(head) + b"\n" + bytes(tail)
    start = len(head) + 1
    assert _kept(data, start).tolist() == kept_one_byte_at_a_time(bytes(tail))


def test_the_checksum_mask_of_a_large_file_is_the_one_walked_byte_by_byte() -> None:
    rng = np.random.default_rng(2018)
    data = bytes(rng.choice(list(b'"\\ {}ab\n'), 100_003).tolist())
    assert _kept(data).tolist() == kept_one_byte_at_a_time(data)


@pytest.mark.parametrize("encoding", ["cp437", "utf-8"])
@pytest.mark.parametrize("signed", [False, True])
def test_a_file_whose_content_gives_its_checksum_is_read(
    tmp_path: Path, encoding: str, signed: bool
) -> None:
    text = with_checksum(HEAD + VOUCHER, encoding, signed)
    data = both(write(tmp_path, "ksumma", text, encoding))
    assert data.transactions["amount_ore"].to_list() == [100_050, -100_050]


@pytest.mark.parametrize("name", sorted(FIXTURES))
@pytest.mark.parametrize("encoding", ["cp437", "cp1252", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("crlf", [True, False], ids=["crlf", "lf"])
def test_both_readers_find_the_checksum_of_every_form_of_record(
    tmp_path: Path, name: str, encoding: str, crlf: bool
) -> None:
    codec = encoding.removesuffix("-sig")
    path = write(tmp_path, name, with_checksum(FIXTURES[name], codec), encoding, crlf)
    both(path)
    wrong = with_checksum(FIXTURES[name], codec).replace("#KSUMMA ", "#KSUMMA 1", 1)
    assert refused(write(tmp_path, name, wrong, encoding, crlf))[0][1].startswith("kontrollsumman")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("1000.50", "1000.05"),  # both rows of the voucher: it still balances
        ('"Lön"', '"Lon"'),
        ("#VER A 1 ", "#VER A 2 "),
    ],
)
def test_a_file_changed_after_its_checksum_is_refused_at_the_sum(
    tmp_path: Path, old: str, new: str
) -> None:
    text = with_checksum(HEAD + VOUCHER)
    damaged = text.replace(old, new)
    ((line, message),) = {refused(write(tmp_path, "skadad", damaged))[0]}
    assert line == len(damaged.splitlines())
    assert "stämmer inte med filens innehåll" in message


@pytest.mark.parametrize(("stated", "read"), [("0", True), ("1", False)])
def test_a_sum_over_no_records_is_0(tmp_path: Path, stated: str, read: bool) -> None:
    text = HEAD.replace("#FLAGGA 0\n", f"#FLAGGA 0\n#KSUMMA\n#KSUMMA {stated}\n") + VOUCHER
    path = write(tmp_path, "tom", text)
    if read:
        both(path)
    else:
        assert "stämmer inte" in refused(path)[0][1]


def test_a_file_that_opens_a_sum_and_loses_its_end_is_refused(tmp_path: Path) -> None:
    text = with_checksum(HEAD + VOUCHER)
    cut = text.rsplit("#KSUMMA ", 1)[0]
    ((line, message),) = {refused(write(tmp_path, "avkortad", cut))[0]}
    assert line == 2
    assert "avkortad" in message


SHAPE_FILES = sorted(
    p.name
    for p in SHAPES.iterdir()
    if p.name
    not in {  # refused whatever their checksum says
        "sie1-arssaldon.se",
        "trans-utan-konto.se",
        "konto-inte-nummer.se",
        "rar-slutar-fore-start.se",
        "samma-verifikation-tva-ganger.se",
        "psaldo-tvetydig.se",
    }
)


@pytest.mark.parametrize("name", SHAPE_FILES)
def test_every_ordinary_shape_reads_alike_with_its_checksum_and_not_when_changed(
    tmp_path: Path, name: str
) -> None:
    plain = read_sie(SHAPES / name, name)
    encoding = plain.encoding.replace("-sig", "")
    raw = (SHAPES / name).read_bytes().decode(plain.encoding)
    text = with_checksum(raw.replace("\r\n", "\n"), encoding)
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    summed = both(path)
    # The same rows, one line further down (below the opening #KSUMMA).
    moved = plain.transactions.with_columns(pl.col("line", "ver_line") + 1)
    assert summed.transactions.equals(moved)
    # The program's name changed: every other check still passes, the sum no longer holds.
    damaged = text.replace("#PROGRAM ", "#PROGRAM X", 1)
    assert damaged != text
    path.write_bytes(damaged.encode(encoding))
    ((line, message),) = {refused(path)[0]}
    assert line == len(text.splitlines())
    assert "stämmer inte med filens innehåll" in message


# -- voucher rows as programs write them -----------------------------------------------------


def test_the_trans_copy_of_an_rtrans_counts_once_with_another_date_and_no_signature(
    tmp_path: Path,
) -> None:
    text = (
        HEAD
        + """#VER A 3 20180410 "Rättad"
{
   #RTRANS 5011 {1 "1300"} 100.00 20180411 "" 1 "AB"
   #TRANS 5011 {1 "1300"} 100.00 20180412
   #TRANS 2441 {} -100.00
}
"""
    )
    rows = both(write(tmp_path, "r", text)).transactions.select("status", "amount_ore").rows()
    assert rows == [("added", 10_000), ("", -10_000)]


def test_a_trans_after_an_rtrans_with_another_amount_is_a_row_of_its_own(tmp_path: Path) -> None:
    text = (
        HEAD
        + """#VER A 3 20180410 "Två rader"
{
   #RTRANS 5011 {1 "1300"} 100.00
   #TRANS 5011 {1 "1300"} 50.00
   #TRANS 2441 {} -150.00
}
"""
    )
    assert both(write(tmp_path, "r", text)).transactions["amount_ore"].sum() == 0
    assert both(write(tmp_path, "r", text)).transactions.height == 3


def test_an_escaped_quote_in_an_unquoted_field_is_a_quote(tmp_path: Path) -> None:
    text = HEAD.replace("#KPTYP", '#PROSA Kalle\\"s export\n#KPTYP') + VOUCHER.replace(
        '"Lön"', 'Lön\\"s'
    )
    data = both(write(tmp_path, "prosa", text))
    assert data.meta["PROSA"] == 'Kalle"s export'
    assert data.transactions["text"].to_list() == ['Lön"s', ""]


# -- codes and digits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ('{1 "1100"} 1000.50', '{1 "1100\u200b"} 1000.50', "\\u200b"),
        ('{1 "1100"} 1000.50', '{1 "1100\u00a0"} 1000.50', "\\xa0"),
        ('{1 "1100"} 1000.50', '{1 "11\u202e00"} 1000.50', "\\u202e"),
        ("#VER A 1 ", "#VER A\u2060 1 ", "\\u2060"),
        ('#OBJEKT 1 "1100"', '#OBJEKT 1 "1100\ufeff"', "\\ufeff"),
    ],
)
def test_an_invisible_character_in_a_code_is_refused_and_shown_escaped(
    tmp_path: Path, old: str, new: str, shown: str
) -> None:
    text = HEAD + VOUCHER
    assert old in text
    ((line, message),) = {refused(write(tmp_path, "kod", text.replace(old, new, 1), "utf-8"))[0]}
    assert line is not None
    assert shown in message
    assert "osynligt tecken" in message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("1000.50 20180131", "\u0661\u0660\u0660\u0660.50 20180131"),  # Arabic-Indic
        ("#TRANS 5011 ", "#TRANS \uff15\uff10\uff11\uff11 "),  # full-width
        ("#VER A 1 20180131", "#VER A 1 \u0968\u0966\u0967\u096e0131"),  # Devanagari
        ('{1 "1100"} 1000.50', '{\u0661 "1100"} 1000.50'),
    ],
)
def test_digits_other_than_0_to_9_are_refused(tmp_path: Path, old: str, new: str) -> None:
    text = HEAD + VOUCHER
    assert old in text
    ((line, _),) = {refused(write(tmp_path, "siffror", text.replace(old, new, 1), "utf-8"))[0]}
    assert line == HEAD.count("\n") + (1 if "#VER" in old else 3)

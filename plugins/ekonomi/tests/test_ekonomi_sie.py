"""SIE 4: every edge case of the format reference, read identically by both readers."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.api import InputError
from samverkan_ekonomi.sie import exact
from samverkan_ekonomi.sie.data import SieData
from samverkan_ekonomi.sie.decode import decode
from samverkan_ekonomi.sie.fast import read_sie

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Ekonomisystem" 12.3 beta
#GEN 20190115 "Controller"
#FNAMN "Fiktiva servicenämnden"
#ORGNR 212000-0000
#RAR 0 20180101 20181231
#RAR -1 20170101 20171231
#KPTYP KOMMUNBAS13
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#KONTO 5011 "Månadsavlönade"
#KONTO 6841 "Datakommunikation \\"WAN\\""
#KONTO 3511 "Kostnadsersättningar"
#KONTO 2441 "Leverantörsskulder"
#KTYP 5011 K
#OBJEKT 1 "1100" "Ekonomi"
#OBJEKT 1 "13}0" "IT, växel"
#OBJEKT 6 P901 "Infosäkerhet"
"""

FIXTURES = {
    "plain": HEAD
    + """#VER A 1 20180131 "Löner januari"
{
   #TRANS 5011 {1 "1100"} 1000.50 20180131 "Lön"
   #TRANS 2441 {} -1000.50
}
""",
    "objects_and_quotes": HEAD
    + """#VER "A" "2" "20180215" "Faktura \\"Telia\\"" 20180216 "Sign"
{
\t#TRANS\t6841\t{1 "13}0" 6 "P901"}\t250.00\t""\t"Abonnemang {feb}"\t1\t"AB"
   #TRANS 6841 {6 "P901" 1 "1100"} "-50.25"
   #TRANS 2441 {} -199.75 "" ""
}
#VER B 1 20180301
{
   #TRANS 3511 {1 1100} -300
   #TRANS 2441 {}   300
}
""",
    "rtrans_btrans": HEAD
    + """#VER A 3 20180410 "Rättad"
{
   #BTRANS 5011 {1 "1100"} 100.00 20180411 "" 1 "AB"
   #RTRANS 5011 {1 "1300"} 100.00 20180411 "" 1 "AB"
   #TRANS 5011 {1 "1300"} 100.00 20180411 "" 1 "AB"
   #TRANS 2441 {} -100.00
}
""",
    "balances_and_periods": HEAD
    + """#IB 0 2441 -5000.00
#UB 0 2441 -6000.00
#RES 0 5011 1000.50
#RES -1 5011 900
#OIB 0 2441 {1 "1100"} -10.00
#PSALDO 0 201801 5011 {} 1000.50
#PSALDO 0 201801 5011 {1 "1100"} 1000.50 3
#PBUDGET 0 201801 5011 {1 "1100"} 1100.00
#PBUDGET 0 201802 5011 {1 "1100"} 1100.00
#SRU 5011 7285
#NYPOST what ever
""",
    "blank_lines_and_lf": HEAD
    + """

#VER A 9 20181231 ""

{

   #TRANS 5011 {} 0.1

   #TRANS 2441 {} -0.10
}

""",
    "empty_series_and_text": HEAD
    + """#VER "" "" 20180105
{
   #TRANS 5011 {1 ""} 10
   #TRANS 2441 {} -10 "" "Lön åäö \\"x\\""
}
""",
    "other_forms": HEAD
    + """#VER C 1 20180501 Maj
{
   #TRANS 5011 {"1" "1100" 6 P901} "12.5" 20180502 Hyra maj
   #TRANS 5011 {1 1100 "6" "P9 01"} 1
   #TRANS 2441 {1 ""} -13.50 "" bar
}
""",
}


def write(tmp_path: Path, name: str, text: str, encoding: str = "cp437", crlf: bool = True) -> Path:
    path = tmp_path / f"{name}.se"
    body = text.replace("\n", "\r\n") if crlf else text
    prefix = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    path.write_bytes(prefix + body.encode("utf-8" if encoding == "utf-8-sig" else encoding))
    return path


def read_exact(path: Path) -> SieData:
    text, encoding = decode(path.read_bytes(), path.name)
    lines = enumerate(text.replace("\r\n", "\n").split("\n"), start=1)
    return exact.parse_lines(lines, path.name, encoding)


def same(a: SieData, b: SieData) -> None:
    for table in ("vouchers", "transactions", "periods", "balances"):
        assert getattr(a, table).equals(getattr(b, table)), table
    assert (a.meta, a.years, a.accounts, a.objects) == (b.meta, b.years, b.accounts, b.objects)
    assert [str(w) for w in a.warnings] == [str(w) for w in b.warnings]


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("encoding", ["cp437", "cp1252", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("crlf", [True, False], ids=["crlf", "lf"])
def test_fast_and_exact_readers_agree(tmp_path: Path, name: str, encoding: str, crlf: bool) -> None:
    path = write(tmp_path, name, FIXTURES[name], encoding, crlf)
    fast, reference = read_sie(path, path.name), read_exact(path)
    same(fast, reference)
    assert fast.accounts["5011"] == "Månadsavlönade"
    assert fast.encoding == encoding


def test_plain_values(tmp_path: Path) -> None:
    data = read_sie(write(tmp_path, "p", FIXTURES["plain"]), "p.se")
    assert data.meta["PROGRAM"] == "Ekonomisystem 12.3 beta"
    assert data.years == {0: ("20180101", "20181231"), -1: ("20170101", "20171231")}
    assert data.vouchers.rows() == [(21, "A", "1", "20180131", "Löner januari")]
    assert data.transactions.select(
        "account", "object", "amount_ore", "transdat", "text"
    ).rows() == [("5011", "1100", 100_050, "20180131", "Lön"), ("2441", None, -100_050, "", "")]


def test_quotes_braces_and_tabs(tmp_path: Path) -> None:
    data = read_sie(write(tmp_path, "q", FIXTURES["objects_and_quotes"]), "q.se")
    assert data.accounts["6841"] == 'Datakommunikation "WAN"'
    assert data.objects[("1", "13}0")] == "IT, växel"
    assert data.vouchers["text"].to_list() == ['Faktura "Telia"', ""]
    rows = data.transactions.select("objects", "object", "amount_ore", "text").rows()
    assert rows[:3] == [
        ('1 "13}0" 6 "P901"', "13}0", 25_000, "Abonnemang {feb}"),
        ('6 "P901" 1 "1100"', "1100", -5_025, ""),
        ("", None, -19_975, ""),
    ]


def test_object_lists_in_every_form_come_out_as_sie_writes_them(tmp_path: Path) -> None:
    data = read_sie(write(tmp_path, "o", FIXTURES["other_forms"]), "o.se")
    assert data.transactions.select("objects", "object", "amount_ore", "text").rows() == [
        ('1 "1100" 6 "P901"', "1100", 1_250, "Hyra"),
        ('1 "1100" 6 "P9 01"', "1100", 100, ""),
        ('1 ""', "", -1_350, "bar"),
    ]


def test_rtrans_counts_once_and_btrans_is_kept_apart(tmp_path: Path) -> None:
    data = read_sie(write(tmp_path, "r", FIXTURES["rtrans_btrans"]), "r.se")
    rows = data.transactions.select("status", "object", "amount_ore").rows()
    assert rows == [("removed", "1100", 10_000), ("added", "1300", 10_000), ("", None, -10_000)]


def test_balances_periods_and_unknown_labels(tmp_path: Path) -> None:
    data = read_sie(write(tmp_path, "b", FIXTURES["balances_and_periods"]), "b.se")
    assert data.balances.select("label", "year_index", "account", "amount_ore").rows() == [
        ("#IB", 0, "2441", -500_000),
        ("#UB", 0, "2441", -600_000),
        ("#RES", 0, "5011", 100_050),
        ("#RES", -1, "5011", 90_000),
        ("#OIB", 0, "2441", -1_000),
    ]
    assert data.periods.select("label", "period", "object", "amount_ore").rows() == [
        ("#PSALDO", "2018-01", None, 100_050),
        ("#PSALDO", "2018-01", "1100", 100_050),
        ("#PBUDGET", "2018-01", "1100", 110_000),
        ("#PBUDGET", "2018-02", "1100", 110_000),
    ]
    assert [(w.row, w.message) for w in data.warnings] == [(31, "okänd post #NYPOST hoppades över")]


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (
            ("   #TRANS 2441 {} -1000.50", "   #TRANS 2441 {} -1000.00"),
            21,
            "verifikation A 1 balanserar inte: differens 0.50 kr",
        ),
        (("1000.50 20180131", "1000,50 20180131"), 23, "decimalpunkt, inte komma"),
        (("}\n", ""), 21, "avslutas aldrig med }"),
        (("#VER A 1 20180131", "#VER A 1 2018-01-31"), 21, "ÅÅÅÅMMDD"),
        (('{1 "1100"}', '{1 "1100"'), 23, "objektlistan stängs aldrig"),
        (('"Lön"', '"Lön'), 23, "citattecknet stängs aldrig"),
        (
            ("#RAR 0 20180101 20181231\n", "#RAR 0 20180101 20181231\n#RES 2 5011 1\n"),
            9,
            "årsindex 2 finns inte i #RAR",
        ),
        (("{\n", ""), 21, "#VER ska följas av {"),
    ],
)
def test_bad_files_name_the_line(
    tmp_path: Path, change: tuple[str, str], line: int, fragment: str
) -> None:
    assert change[0] in FIXTURES["plain"]
    path = write(tmp_path, "bad", FIXTURES["plain"].replace(*change, 1))
    for reader in (lambda: read_sie(path, "bad.se"), lambda: read_exact(path)):
        with pytest.raises(InputError) as caught:
            reader()
        problem = caught.value.problems[0]
        assert (problem.file, problem.row) == ("bad.se", line), str(caught.value)
        assert fragment in problem.message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_a_unicode_saved_file_says_which_encodings_sie_takes(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "u.se"
    path.write_bytes(FIXTURES["plain"].encode(codec))
    with pytest.raises(InputError, match=r"u\.se, rad 1: filen är UTF-(16|32).*PC8 \(CP437\)"):
        read_sie(path, "u.se")


def test_trans_outside_a_voucher(tmp_path: Path) -> None:
    path = write(tmp_path, "o", HEAD + "#TRANS 5011 {} 10\n")
    with pytest.raises(InputError, match=r"rad 21.*#TRANS utanför en verifikation"):
        read_sie(path, "o.se")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="finns inte"):
        read_sie(tmp_path / "none.se", "none.se")


token = st.one_of(
    st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True),
    st.text(alphabet="åäö abc}{-", min_size=0, max_size=8).map(
        lambda s: '"' + s.replace('"', "") + '"'
    ),
)


@st.composite
def voucher(draw: st.DrawFn, number: int) -> str:
    rows, total = [], 0
    for _ in range(draw(st.integers(1, 4))):
        value = draw(st.integers(-(10**7), 10**7))
        total += value
        pairs = draw(st.lists(st.tuples(st.sampled_from(["1", "6", '"1"']), token), max_size=3))
        objects = " ".join(f"{d} {o}" for d, o in pairs)
        tail = draw(
            st.sampled_from(
                ["", ' "" ""', " 20180101", ' 20180102 "text"', ' "" "x y" 2', " 20180103 bar 1"]
            )
        )
        sep = draw(st.sampled_from([" ", "\t", "  "]))
        amount = draw(st.sampled_from(["{}", '"{}"'])).format(fmt(value))
        rows.append(f"#TRANS{sep}5011 {{{objects}}} {amount}{tail}")
    rows.append(f"#TRANS 2441 {{}} {fmt(-total)}")
    text = draw(token)
    return (
        f"#VER A {number} 2018010{draw(st.integers(1, 9))} {text}\n{{\n" + "\n".join(rows) + "\n}\n"
    )


def fmt(ore: int) -> str:
    return f"{'-' if ore < 0 else ''}{abs(ore) // 100}.{abs(ore) % 100:02d}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 10**6), min_size=1, max_size=5, unique=True).flatmap(
        lambda numbers: st.tuples(*[voucher(n) for n in numbers])
    )
)
def test_random_valid_files_read_the_same(
    tmp_path_factory: pytest.TempPathFactory, vouchers: tuple[str, ...]
) -> None:
    path = write(tmp_path_factory.mktemp("sie"), "random", HEAD + "".join(vouchers))
    fast, reference = read_sie(path, "random.se"), read_exact(path)
    same(fast, reference)
    assert fast.transactions.filter(pl.col("status") != "removed")["amount_ore"].sum() == 0

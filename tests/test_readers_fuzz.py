"""Fuzzing the Swedish-CSV readers: only samverkan's own input errors may escape.

Each reader gets random bytes, and files with its own header over rows of random cells drawn
from what Swedish exports contain (digits, signs, separators, spaces, quotes, dates, names) in
random encodings. A reader may accept a file or refuse it with an ``InputError``; a crash, a
polars error or a wrong type escaping is a bug.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import REPORTS
from samverkan import InputError, Period, Source
from samverkan.plugins import get_plugins
from samverkan.read.definition import load_definition
from samverkan.read.registry import ReadContext

DATA = REPORTS / "data" / "herrljunga-vargarda"
SAMPLES = {
    "ekonomi.resultatrakning": "resultatrakning-ekonomi-personal-2018-04.csv",
    "it_vaxel.arenden": "arenden-2015-2018-exempeldata.csv",
    "personal.anstallda": "personal-2015-2018-exempeldata.csv",
    "personal.vakanser": "vakanser-2015-2018-exempeldata.csv",
    "enkat": "anvandarenkat-2017-2018-exempeldata.csv",
    "population": "folkmangd.csv",
    "drivers": "inventarier-2018-exempeldata.csv",
}
"""An example file each reader reads: its header and first rows are a valid file."""
PLUGINS = get_plugins()
UNIT = load_definition(REPORTS / "servicenamnd-it-vaxel-telefoni-2018-04.toml").unit
CONTEXT = ReadContext(UNIT, Period.parse("2018-04"))
HEADERS = {
    "ekonomi.resultatrakning": "Område;Rad;Radnamn;Budget 2018;Prognos 2018;Avvikelse helår;"
    "Förändring prognos",
    "it_vaxel.arenden": "Ärende;Registrerat;Avslutat;Prioritet;Kategori;Kommun;Förvaltning;Enhet;"
    "Löst i första linjen;Återöppnat",
    "personal.anstallda": "Månad;Kommun;Förvaltning;Enhet;Befattning;Kön;Ålder;Antal anställda;"
    "Årsarbetare;Ordinarie timmar;Sjuktimmar;Sjuktimmar 60 dagar eller mer;Personalkostnad",
    "personal.vakanser": "Vakans;Kommun;Förvaltning;Befattning;Annonserad;Tillsatt",
    "enkat": "Period;Kommun;Förvaltning;Fråga;Skala;Medelvärde;Antal svar",
    "population": "kommunkod,kommun,year,reference_date,population,estimate,source",
    "drivers": "driver;kommunkod;reference_date;quantity;estimate;source",
}
CELLS = st.one_of(
    st.text(st.sampled_from("0123456789 -−,.()\u00a0\"';"), max_size=8),
    st.sampled_from(
        [
            "",
            "1466",
            "1442",
            "Vårgårda",
            "ekonomi",
            "3",
            "2018-04",
            "2018-04-30 14:05",
            "K",
            "M",
            "30–49",
            "1-5",
            "NKI",
            "ja",
            "nej",
            "servicedesk",
            "10 307",
            "−2 000",
            "(150)",
            "1,5e3",
            "2018-02-30",  # days the calendar does not have
            "2018-13-01",
            "2018-02-29 10:00",
            "#DIV/0!",  # Excel's error values, as an export writes them
            "#N/A",
            "#SAKNAS!",
            "99999999999999999999",  # beyond what the ledger holds
        ]
    ),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def read(reader_id: str, path: Path) -> object:
    """What the reader returns, or the InputError it raises; anything else escapes."""
    _, reader = PLUGINS.readers()[reader_id]
    source = Source(reader_id, path, path.name, "fuzz", {}, folder=path.parent)
    try:
        return reader.read(source, CONTEXT)
    except InputError as exc:
        return exc


def named(result: object, path: Path) -> bool:
    """A refusal must name the file in every problem; a result passes."""
    if isinstance(result, InputError):
        return bool(result.problems) and all(p.file == path.name for p in result.problems)
    return result is not None


@SETTINGS
@given(reader_id=st.sampled_from(sorted(HEADERS)), data=st.binary(max_size=600))
def test_random_bytes_only_raise_input_errors(tmp_path: Path, reader_id: str, data: bytes) -> None:
    path = tmp_path / "slump.csv"
    path.write_bytes(data)
    assert named(read(reader_id, path), path)


@SETTINGS
@given(
    reader_id=st.sampled_from(sorted(HEADERS)),
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=14), max_size=6),
    encoding=ENCODINGS,
)
def test_files_that_look_right_only_raise_input_errors(
    tmp_path: Path, reader_id: str, rows: list[list[str]], encoding: str
) -> None:
    header = HEADERS[reader_id]
    separator = "," if reader_id == "population" else ";"
    text = "\n".join([header, *(separator.join(r) for r in rows)]) + "\n"
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    assert named(read(reader_id, path), path)


@SETTINGS
@given(
    reader_id=st.sampled_from(sorted(SAMPLES)),
    line=st.integers(2, 5),
    dropped=st.integers(1, 20),
    blank_last=st.booleans(),
)
def test_a_row_that_ends_early_is_refused_at_its_line(
    tmp_path: Path, reader_id: str, line: int, dropped: int, blank_last: bool
) -> None:
    """Fields cut off the end of a valid row (a row that ends early) are never read as
    empty cells: the reader refuses the file, naming that line."""
    lines = (DATA / SAMPLES[reader_id]).read_text("utf-8").splitlines()[:6]
    separator = "," if reader_id == "population" else ";"
    fields = lines[line - 1].split(separator)
    assume('"' not in lines[line - 1] and len(fields) > 1)
    kept = fields[: max(1, len(fields) - dropped)]
    lines[line - 1] = separator.join(kept) + (separator if blank_last and len(kept) > 1 else "")
    assume(lines[line - 1].count(separator) < len(fields) - 1)
    path = tmp_path / "kort.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = read(reader_id, path)
    assert isinstance(result, InputError)
    assert [p.row for p in result.problems] == [line]
    assert "raden slutar efter" in str(result)

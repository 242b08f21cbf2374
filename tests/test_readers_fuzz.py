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
from samverkan.definition import load_definition
from samverkan.plugins import get_plugins
from samverkan.registry import ReadContext

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

"""Two languages, Swedish first: bilingual text values and the report's fixed phrases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs

Lang = Literal["sv", "en"]
LANGUAGES: tuple[Lang, ...] = ("sv", "en")


@attrs.frozen
class Text:
    """A text in Swedish with an optional English version (English falls back to Swedish)."""

    sv: str = attrs.field(validator=attrs.validators.min_len(1))
    en: str | None = None

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" and self.en else self.sv

    def lower(self) -> Text:
        """The same text in lower case, in both languages (a title inside a sentence)."""
        return Text(self.sv.lower(), self.en.lower() if self.en else None)


@attrs.frozen
class Noun:
    """A counted noun in both languages, singular and plural: ``1 rad``, ``2 rader``; ``1 row``,
    ``2 rows``. :func:`samverkan.model.format.fmt_count` puts the number before it."""

    sv: str
    sv_many: str
    en: str
    en_many: str

    def __call__(self, count: int, lang: Lang) -> str:
        """The word that agrees with ``count`` in ``lang``."""
        if lang == "en":
            return self.en if count == 1 else self.en_many
        return self.sv if count == 1 else self.sv_many


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Texts:
    """A sequence of texts in both languages (table headings, month names), chosen as one."""

    sv: tuple[str, ...] = attrs.field(converter=_strings)
    en: tuple[str, ...] = attrs.field(converter=_strings)

    @en.validator
    def _same_length(self, _a: attrs.Attribute[tuple[str, ...]], en: tuple[str, ...]) -> None:
        if len(en) != len(self.sv):
            raise ValueError(f"{len(self.sv)} svenska men {len(en)} engelska texter")

    def __call__(self, lang: Lang) -> tuple[str, ...]:
        return self.en if lang == "en" else self.sv


def text(value: Text | str | Mapping[str, str]) -> Text:
    """Convert a plain string (Swedish) or a ``{"sv": …, "en": …}`` mapping to :class:`Text`."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise ValueError(f"okända språk {sorted(unknown)}; använd 'sv' och 'en'")
    if "sv" not in value:
        raise ValueError("texten saknar svensk version ('sv')")
    return Text(value["sv"], value.get("en"))


# The report's fixed phrases. Plugins bring their own texts as Text values.
PHRASES: dict[str, Text] = {
    key: Text(sv, en)
    for key, sv, en in [
        ("contents", "Innehåll", "Contents"),
        ("period", "Period", "Period"),
        ("members", "Medlemskommuner", "Member municipalities"),
        ("host", "Värdkommun", "Host municipality"),
        ("data_date", "Uppgifter per", "Data as of"),
        ("built_with", "Skapad med samverkan", "Made with samverkan"),
        ("source", "Källa", "Source"),
        ("sources", "Källor", "Sources"),
        ("estimate", "uppskattning", "estimate"),
        ("estimates", "Uppskattade uppgifter", "Estimated figures"),
        ("example_data", "Exempeldata", "Example data"),
        ("section_failed", "Avsnittet kunde inte beräknas", "This section could not be computed"),
        ("language", "Språk", "Language"),
        ("report_of", "Rapport för", "Report for"),
        ("quality", "Datakvalitet", "Data quality"),
        ("show", "Visa", "Show"),
        ("meeting", "Sammanträde", "Meeting"),
        ("diarienummer", "Diarienummer", "Reference number"),
        ("dnr", "Dnr", "Ref."),
        ("agenda_item", "ärende", "item"),
        ("selection", "Urval", "Selection"),
        ("overview", "Översikt", "Overview"),
        ("summary", "Sammanfattning", "Summary"),
        ("see", "Se", "See"),
        ("key_figures", "Nyckeltal", "Key figures"),
        ("appendix_open", "Visa tabellerna", "Show the tables"),
        ("figure_numbers", "Visa siffrorna i diagrammet", "Show the figure's numbers"),
        (
            "appendix_not_printed",
            "Bilagan skrivs inte ut. Den finns i sin helhet i rapportens webbversion och i "
            "arbetsboken (xlsx).",
            "The appendix is not printed. It is complete in the report's web version and in "
            "the workbook (xlsx).",
        ),
        (
            "changed_most",
            "Störst förändring sedan förra rapporten",
            "Largest changes since the previous report",
        ),
        (
            "no_changes",
            "Inga förändringar mot föregående prognos.",
            "No changes against the previous forecast.",
        ),
        ("trend_better", "bättre än", "better than"),
        ("trend_worse", "sämre än", "worse than"),
        ("trend_same", "oförändrat mot", "unchanged from"),
        ("trend_new", "första mätningen", "first measurement"),
        ("trend_moved", "ändrat sedan", "changed since"),
        (
            "trend_partial",
            "året hittills, jämförs inte med förra helåret",
            "the year so far, not compared with the last full year",
        ),
        (
            "no_targets",
            "Färgerna visar förändring mot förra perioden; målvärden följs upp i målstyrningen.",
            "Colours show the change against the previous period; targets "
            "are followed up under goals.",
        ),
        ("all_members", "Alla medlemmar", "All members"),
        ("filtered", "Filtrerat på", "Filtered to"),
        ("whole_board", "Hela samverkan", "The whole cooperation"),
        ("marked", "Markerat", "Highlighted"),
        ("summary_leads", "De fem frågorna i korthet", "The five questions in brief"),
        ("summary_answers", "Svaren i detalj", "The answers in detail"),
        ("search_rows", "Sök i tabellen", "Search the table"),
        ("rows_shown", "{shown} av {total} rader", "{shown} of {total} rows"),
        (
            "quality_notice",
            "{notes} om uppgifter som lästes men inte används som de är ({about}), se "
            "Datakvalitet.",
            "{notes} on figures read but not used as they stand ({about}), see Data quality.",
        ),
    ]
}


def phrase(key: str, lang: Lang) -> str:
    """The report phrase ``key`` in ``lang``."""
    return PHRASES[key](lang)


# Units any area uses, as municipalities write them, with the English an English report
# shows; a plugin gives its own words as ``KPI.unit_en``.
# A word not listed is shown as it is.
UNITS_EN = {
    "kr": "SEK",
    "tkr": "SEK k",
    "mnkr": "SEK m",
    "kr/invånare": "SEK per inhabitant",
    "per 1 000": "per 1,000",
    "st": "count",
    "timmar": "hours",
    "minuter": "minutes",
    "sekunder": "seconds",
    "dagar": "days",
}


def unit_text(unit: str, lang: Lang) -> str:
    """A KPI's unit in ``lang`` (``ärenden`` → ``tickets``)."""
    return UNITS_EN.get(unit, unit) if lang == "en" else unit


def in_sentence(title: str) -> str:
    """A title as a sentence says it: its first letter small (``Nyttjande (ärenden,
    januari–april 2018)`` → ``nyttjande (…)``, ``Usage (tickets, January–April 2018)`` →
    ``usage (tickets, January–April 2018)``), names in it and an abbreviation (``IT``) as
    written."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


def joined(items: Sequence[str], lang: Lang) -> str:
    """``a, b och c`` (``a, b and c``): items listed in a sentence."""
    if len(items) < 2:
        return "".join(items)
    word = "och" if lang == "sv" else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"

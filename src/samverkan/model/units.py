"""The domain as small frozen value classes: who cooperates, on what, when, and what is measured."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable

import attrs

from samverkan.model.format import NBSP, fmt_number
from samverkan.model.subjects import SubjectKind
from samverkan.model.text import Lang, Text, text, unit_text

_KOMMUNKOD = re.compile(r"[0-9]{4}")
_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")


def _kommunkod(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _KOMMUNKOD.fullmatch(value):
        raise ValueError(f"{attribute.name} ska vara en kommunkod med fyra siffror, inte {value!r}")


def strings(value: Iterable[str]) -> tuple[str, ...]:
    """A converter: any iterable of strings as a tuple."""
    return tuple(value)


def identifier(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    """A validator: lower-case ASCII words, digits and ``_``, namespaces joined by ``.``."""
    if not _ID.fullmatch(value):
        raise ValueError(
            f"{attribute.name} {value!r} ska vara gemena ASCII-tecken, siffror och _ "
            "(punkt skiljer namnrymder), till exempel 'it_vaxel'"
        )


def _kinds(value: Iterable[SubjectKind]) -> tuple[SubjectKind, ...]:
    return tuple(value)


def _composed(name: str) -> str:
    return unicodedata.normalize("NFC", name) if isinstance(name, str) else name


@attrs.frozen(order=True)
class Municipality:
    """A member municipality, identified by its SCB kommunkod."""

    kommunkod: str = attrs.field(validator=_kommunkod)
    """Four digits, for example ``"1466"`` for Herrljunga."""
    name: str = attrs.field(order=False, converter=_composed, validator=attrs.validators.min_len(1))
    """The municipality's name as it writes it, for example ``"Vårgårda"``, composed (NFC):
    an å typed as a + ring is the same name as the å an export writes."""


@attrs.frozen
class Area:
    """A support function a board runs, for example ``ekonomi`` or ``it_vaxel``."""

    id: str = attrs.field(validator=identifier)
    title: Text = attrs.field(converter=text)


def _members_converter(value: Iterable[Municipality]) -> tuple[Municipality, ...]:
    return tuple(sorted(value))


def _areas_converter(value: Iterable[Area]) -> tuple[Area, ...]:
    return tuple(value)


@attrs.frozen
class ServiceUnit:
    """A joint board (gemensam nämnd / servicenämnd) and the municipalities that share it."""

    id: str = attrs.field(validator=identifier)
    name: Text = attrs.field(converter=text)
    host: Municipality
    """The municipality the board belongs to organisationally (värdkommun)."""
    members: tuple[Municipality, ...] = attrs.field(converter=_members_converter)
    """All members, host included, sorted by kommunkod."""
    areas: tuple[Area, ...] = attrs.field(converter=_areas_converter)

    @members.validator
    def _check_members(self, _a: attrs.Attribute[object], value: tuple[Municipality, ...]) -> None:
        codes = [m.kommunkod for m in value]
        if len(set(codes)) != len(codes):
            raise ValueError(f"en kommun är medlem två gånger: {codes}")
        if self.host not in value:
            raise ValueError(f"värdkommunen {self.host.kommunkod} är inte medlem")

    @areas.validator
    def _check_areas(self, _a: attrs.Attribute[object], value: tuple[Area, ...]) -> None:
        if not value:
            raise ValueError("en nämnd måste ha minst ett verksamhetsområde")
        ids = [a.id for a in value]
        if len(set(ids)) != len(ids):
            raise ValueError(f"ett verksamhetsområde förekommer två gånger: {ids}")

    def member(self, kommunkod: str) -> Municipality:
        for m in self.members:
            if m.kommunkod == kommunkod:
                return m
        raise KeyError(kommunkod)

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)


class Direction(enum.Enum):
    """Which way is good for a KPI (polarity)."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    NEUTRAL = "neutral"
    """Neither way is good in itself (new tickets: more may mean more use, not worse
    service): a change is shown without a verdict, and no goal can target it."""


@attrs.frozen
class KPI:
    """A key performance indicator that a plugin provides."""

    id: str = attrs.field(validator=identifier)
    title: Text = attrs.field(converter=text)
    unit: str = attrs.field(validator=attrs.validators.min_len(1))
    """Display unit in Swedish, for example ``"kr/invånare"`` or ``"%"``; an English report
    shows :attr:`unit_en`, else the word from :data:`samverkan.model.text.UNITS_EN`, else the
    word."""
    direction: Direction
    area: str = attrs.field(validator=identifier)
    description: Text = attrs.field(converter=text)
    """The formula and definition, in words."""
    source: str = attrs.field(validator=attrs.validators.min_len(1))
    """Where the underlying data comes from."""
    decimals: int = attrs.field(
        default=attrs.Factory(lambda kpi: 1 if kpi.unit == "%" else 0, takes_self=True),
        validator=attrs.validators.in_(range(4)),
    )
    """Decimals shown in the report: one for percentages, none otherwise, unless set."""
    unit_en: str | None = None
    """The unit in English, when :data:`samverkan.model.text.UNITS_EN` does not have the word."""
    subjects: tuple[SubjectKind, ...] = attrs.field(default=(), converter=_kinds)
    """The kinds of subject its values can be about (``prioritet`` in ``prioritet:2``), with
    the words a report shows; the core's ``omrade`` and ``jamforelsegrupp`` need no
    declaring. See :mod:`samverkan.model.subjects`."""

    def unit_in(self, lang: Lang) -> str:
        """The unit as a report in ``lang`` shows it (``ärenden`` → ``tickets``)."""
        if lang == "en" and self.unit_en:
            return self.unit_en
        return unit_text(self.unit, lang)

    def shown(self, value: float, lang: Lang) -> str:
        """A value with its decimals and unit, never wrapping between them: ``5,9 %``
        (``5.9%`` in English, as the report's other percentages)."""
        gap = "" if lang == "en" and self.unit == "%" else NBSP
        return f"{fmt_number(value, self.decimals, lang)}{gap}{self.unit_in(lang)}"

"""What within a board a KPI value is about: a subject, written ``kind:value``.

A value about the whole board (or a member) has no subject. Otherwise ``subject`` names a
kind the KPI declares and a value of it: ``prioritet:2``, ``enhet:IT``, ``omrade:ekonomi``.
The KPI declares its kinds (:attr:`samverkan.api.KPI.subjects`) with the words a report shows
in each language, so the core holds no plugin's words and nobody parses ``"prioritet 2"``
back out of a sentence. Two kinds belong to the core: :data:`AREA` (an area of the board, by
id, shown as its title) and :data:`PEER` (a statistic of the peer group).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs
import polars as pl

from samverkan.model.text import Lang, Text, text

KIND = re.compile(r"[a-z][a-z0-9_]*")
FORM = r"^[a-z][a-z0-9_]*:.+$"
"""What every subject looks like (a regular expression for polars)."""


def _optional_text(value: object) -> Text | None:
    return None if value is None else text(value)  # type: ignore[arg-type]


def _texts(value: Mapping[str, object]) -> dict[str, Text]:
    return {str(k): text(v) for k, v in value.items()}  # type: ignore[arg-type]


def _kind_id(_inst: object, _a: attrs.Attribute[str], value: str) -> None:
    if not KIND.fullmatch(value):
        raise ValueError(f"ämnestypen {value!r} ska vara gemena ASCII-tecken, siffror och _")


@attrs.frozen
class SubjectKind:
    """A kind of subject a KPI's values can be about, and how a report names one."""

    id: str = attrs.field(validator=_kind_id)
    """The part before the colon: ``prioritet`` in ``prioritet:2``."""
    title: Text | None = attrs.field(default=None, converter=_optional_text)
    """The word shown before the value (``prioritet 2`` / ``priority 2``); None shows the value
    alone (a project's or a förvaltning's own name)."""
    values: Mapping[str, Text] = attrs.field(factory=dict, converter=_texts)
    """Values that are words rather than names, in both languages (``K``: kvinnor / women)."""

    def describe(self, value: str, lang: Lang) -> str:
        """A value of this kind as a report in ``lang`` names it (``prioritet 2``)."""
        shown = self.values[value](lang) if value in self.values else value
        return shown if self.title is None else f"{self.title(lang)} {shown}"


AREA = "omrade"
"""The core kind of an area of the board: ``omrade:ekonomi``, shown as the area's title."""
PEER = SubjectKind(
    "jamforelsegrupp",
    Text("jämförelsegrupp:", "peer group:"),
    {"median": Text("median", "median"), "q1": Text("q1", "q1"), "q3": Text("q3", "q3")},
)
"""The core kind of a peer-group statistic (municipality null): ``jamforelsegrupp:median``."""


def subject(kind: str, value: object) -> str:
    """The subject ``kind:value``; ``kind`` must be one the KPI declares."""
    return f"{kind}:{value}"


def subject_expr(kind: str, value: pl.Expr) -> pl.Expr:
    """:func:`subject` for a column: ``subject_expr("enhet", pl.col("unit"))``; null stays null."""
    return pl.lit(f"{kind}:") + value.cast(pl.String)


def split_subject(subject: str) -> tuple[str, str]:
    """``("prioritet", "2")`` from ``prioritet:2``."""
    kind, _, value = subject.partition(":")
    return kind, value


def peer_subject(statistic: str) -> str:
    """The subject of a peer-group statistic: ``jamforelsegrupp:median``."""
    return subject(PEER.id, statistic)


def describe_subject(
    subject: str, kinds: Iterable[SubjectKind], areas: Mapping[str, str], lang: Lang
) -> str:
    """A subject as a report in ``lang`` shows it, by the KPI's ``kinds`` and the core's
    (``areas``: each area's id and its title in ``lang``)."""
    kind, value = split_subject(subject)
    if kind == AREA:
        return areas.get(value, value)
    by_id = {k.id: k for k in (*kinds, PEER)}
    return by_id[kind].describe(value, lang) if kind in by_id else value


def unknown_kinds(subjects: Iterable[str | None], kinds: Iterable[SubjectKind]) -> list[str]:
    """The subjects whose kind neither the KPI (``kinds``) nor the core declares, sorted."""
    known = {k.id for k in kinds} | {AREA, PEER.id}
    return sorted({s for s in subjects if s is not None and split_subject(s)[0] not in known})

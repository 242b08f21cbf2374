"""The exact SIE tokenizer: one line into its label and fields, quotes and braces respected.

A field is a bare word or a quoted string (``\\"`` is a quote inside either, ``""`` is empty) or an
object list ``{dim obj dim obj …}`` whose ids may be quoted and contain ``}``. Object lists come
back as :class:`ObjectList`, everything else as ``str``.
"""

from __future__ import annotations

import attrs


class SieSyntaxError(ValueError):
    """A line that is not valid SIE; the caller adds file and line number."""


@attrs.frozen
class ObjectList:
    """``{1 "130" 6 "P901"}`` as ``(("1", "130"), ("6", "P901"))``."""

    pairs: tuple[tuple[str, str], ...]

    def canonical(self) -> str:
        """``1 "130" 6 "P901"``: the list as SIE programs write it, the form both readers
        agree on; a quote or backslash in an id is escaped, so no two lists look alike."""
        return " ".join(f'{dim} "{_escape(obj)}"' for dim, obj in self.pairs)

    def get(self, dim: str) -> str | None:
        for d, obj in self.pairs:
            if d == dim:
                return obj
        return None


Field = str | ObjectList


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quoted(line: str, start: int) -> tuple[str, int]:
    """The string starting at the quote ``line[start]`` and the index after its closing quote."""
    out: list[str] = []
    i, end = start + 1, len(line)
    while i < end:
        ch = line[i]
        if ch == "\\" and i + 1 < end and line[i + 1] == '"':
            out.append('"')
            i += 2
        elif ch == '"':
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1
    raise SieSyntaxError("citattecknet stängs aldrig")


def _bare(line: str, start: int, stops: str) -> tuple[str, int]:
    """The unquoted field from ``start`` to the first of ``stops``. ``\\"`` is a quote in it,
    as in a quoted field (the SIE grammar escapes quotes in every field): it ends nothing."""
    i, end = start, len(line)
    while i < end and line[i] not in stops:
        i += 2 if line[i] == "\\" and i + 1 < end and line[i + 1] == '"' else 1
    return line[start:i].replace('\\"', '"'), i


def _object_list(line: str, start: int) -> tuple[ObjectList, int]:
    items: list[str] = []
    i, end = start + 1, len(line)
    while True:
        while i < end and line[i] in " \t":
            i += 1
        if i >= end:
            raise SieSyntaxError("objektlistan stängs aldrig med }")
        if line[i] == "}":
            i += 1
            break
        if line[i] == '"':
            item, i = _quoted(line, i)
        else:
            item, i = _bare(line, i, ' \t}"')
        items.append(item)
    if len(items) % 2:
        raise SieSyntaxError("objektlistan ska ha par av dimension och objekt")
    pairs = tuple(zip(items[::2], items[1::2], strict=True))
    for dim, _ in pairs:
        if not (dim.isascii() and dim.isdigit()):
            raise SieSyntaxError(f"dimensionen {dim!r} är inte ett nummer")
    return ObjectList(pairs), i


def tokenize(line: str) -> list[Field]:
    """Every field of ``line`` in order, the label (``#TRANS``) first."""
    fields: list[Field] = []
    i, end = 0, len(line)
    while i < end:
        ch = line[i]
        if ch in " \t\r\n":
            i += 1
        elif ch == '"':
            text, i = _quoted(line, i)
            fields.append(text)
        elif ch == "{":
            objects, i = _object_list(line, i)
            fields.append(objects)
        else:
            word, i = _bare(line, i, ' \t\r\n"{')
            fields.append(word)
    for field in fields:
        if isinstance(field, str) and any(ord(c) < 32 or ord(c) == 127 for c in field):
            raise SieSyntaxError("styrtecken är inte tillåtna i ett fält")
    return fields

"""Which encoding a text file is in: UTF-8 (with or without BOM), cp1252 (what Excel writes on a
Swedish Windows) or UTF-16/32 (Excel's "Unicode text"), refused with its line when it is none."""

from __future__ import annotations

from samverkan.errors import InputError


def wide_encoding(data: bytes) -> str | None:
    """``utf-16``/``utf-32`` (with a BOM) or ``utf-16-le``/``utf-16-be`` (without, told by
    the zero byte beside nearly every character), or None for a byte-per-letter file. Excel's
    "Unicode text" export is UTF-16."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    even, odd = head[::2], head[1::2]
    if len(head) >= 8 and 0 not in even and odd.count(0) >= 0.9 * len(odd):
        return "utf-16-le"
    if len(head) >= 8 and 0 not in odd and even.count(0) >= 0.9 * len(even):
        return "utf-16-be"
    return None


def lines_ended(data: bytes) -> bytes:
    """A file whose lines end in CR alone (Excel for Mac's "CSV (Macintosh)") with its lines
    ended in LF, as every other reader expects; any other file as it is."""
    if b"\r" in data and b"\n" not in data:
        return data.replace(b"\r", b"\n")
    return data


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then cp1252; return (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # a BOM promises UTF-8: no guessing then
            line = data[: exc.start + 3].count(b"\n") + 1
            raise InputError.at(
                "filen börjar som UTF-8 (BOM) men är inte giltig UTF-8; spara den som CSV UTF-8",
                name,
                line,
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        why = "filen är varken UTF-8 eller cp1252 (byte {byte}); spara den som CSV UTF-8 i Excel"
        raise undecoded(data, exc, name, why) from None


def undecoded(data: bytes, exc: UnicodeDecodeError, name: str, why: str) -> InputError:
    """The refusal of ``data`` that is not in the encoding it must be, at the line of its
    first foreign byte (``{byte}`` in ``why`` stands for that byte)."""
    line = data[: exc.start].count(b"\n") + 1
    return InputError.at(why.format(byte=f"0x{data[exc.start]:02x}"), name, line)


def utf8_bytes(data: bytes, text: str, encoding: str) -> bytes:
    """The file as UTF-8 for polars: UTF-8 as it is (without a BOM), other code pages as
    ``text`` written out again; a large UTF-8 file is then never decoded and encoded twice."""
    if encoding == "utf-8-sig":
        return data[3:]
    return data if encoding in ("ascii", "utf-8") else text.encode("utf-8")

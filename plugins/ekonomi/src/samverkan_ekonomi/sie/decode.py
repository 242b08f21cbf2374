"""Which encoding a SIE file is really in.

``#FORMAT PC8`` promises code page 437, but real exports also come as UTF-8 (with or without
BOM) and cp1252. The Swedish letters tell them apart: å, ä and ö are different bytes in CP437
and cp1252, and valid multi-byte UTF-8 is unmistakable.
"""

from __future__ import annotations

from samverkan.api import InputError, wide_encoding

# å ä ö Å Ä Ö é in each code page.
_CP437 = [bytes([b]) for b in (0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82)]
_CP1252 = [bytes([b]) for b in (0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9)]


def detect(data: bytes) -> str:
    """``utf-8-sig``, ``ascii``, ``utf-8``, ``cp437`` or ``cp1252``."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.isascii():
        return "ascii"
    if _utf8(data):
        return "utf-8"
    # Names and texts near the start decide it; the whole file only when they say nothing.
    for sample in (data[: 1 << 20], data):
        cp437 = sum(sample.count(b) for b in _CP437)
        cp1252 = sum(sample.count(b) for b in _CP1252)
        if cp437 != cp1252:
            break
    return "cp1252" if cp1252 > cp437 else "cp437"


def _utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8. A code-page file fails early, so a first megabyte that
    fails (other than by a character cut at its end) settles it without decoding it all."""
    sample = data[: 1 << 20]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(sample) < len(data) and exc.start >= len(sample) - 3:
            pass  # perhaps only cut: the whole file decides
        else:
            return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read with."""
    wide = wide_encoding(data)
    if wide is not None:  # no SIE program writes it; a text editor's "Unicode" save does
        raise InputError.at(
            f"filen är {wide.upper()}; en SIE-fil ska vara PC8 (CP437), cp1252 eller UTF-8: "
            "exportera den igen ur ekonomisystemet eller spara den som UTF-8",
            name,
            1,
        )
    encoding = detect(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:  # cp1252 leaves five bytes undefined
        line = data[: exc.start].count(b"\n") + 1
        raise InputError.at(f"filen kan inte avkodas som {encoding}", name, line) from None

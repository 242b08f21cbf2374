"""What an axis's tick labels will say and how wide they are, told before Plotly draws them
(for :mod:`samverkan.render.margins`).

Value ticks follow Plotly's own rule: about one tick per 40 px of a y axis (80 px of an x
axis), 4 to 9 steps, each step 2, 5 or 10 times a power of ten, written in the axis's d3
format (``,.1~f``) with the report's separators. Widths are DejaVu Sans's, the font the
house stack (``system-ui, … sans-serif``) comes to where no system font is named; the others
it names draw narrower, so a margin wide enough here is wide enough there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_WIDTHS = {
    275: "'", 278: "ijl", 295: "IJ", 318: " \u00a0,.·’", 337: "/:;\\|", 352: "f", 361: "-",
    390: "()[]", 392: "t", 401: "!", 411: "r", 460: '"', 500: "*_`–", 521: "s", 525: "z",
    531: "?", 550: "c", 557: "L", 575: "F", 579: "k", 590: "•", 592: "vxy", 603: "P",
    611: "TY", 612: "oö", 613: "aåä", 615: "eé", 632: "EÉ", 634: "hnuü", 635: "Sbdgpq",
    636: "$0123456789{}", 656: "K", 684: "AVÅÄ", 685: "XZ", 686: "B", 695: "R", 698: "C",
    732: "UÜ", 748: "N", 752: "H", 770: "D", 775: "G", 780: "&", 787: "OQÖ", 818: "w",
    838: "#+<=>^~−✔✖", 863: "M", 873: "◐○", 950: "%", 974: "m", 989: "W", 1000: "@—…",
}  # fmt: skip
"""DejaVu Sans's advance widths, in thousandths of the font size, as Chromium draws them."""
CHAR_WIDTH = {c: w / 1000 for w, chars in _WIDTHS.items() for c in chars}
OTHER = 0.7
"""A character not in the table: as wide as a wide capital."""
_TAGS = re.compile(r"<(?!br)[^>]*>", re.IGNORECASE)


def text_width(text: str, size: float) -> float:
    """The width in px of ``text`` at ``size`` px: its widest line (``<br>`` between lines),
    tags such as ``<b>`` left out."""
    lines = re.split(r"<br\s*/?>", _TAGS.sub("", text), flags=re.IGNORECASE)
    return max(sum(CHAR_WIDTH.get(c, OTHER) for c in line) for line in lines) * size


def step(span: float, count: float) -> float:
    """Plotly's tick step: the span over ``count`` ticks, up to 2, 5 or 10 × a power of ten."""
    rough = span / count
    base = 10.0 ** math.floor(math.log10(rough))
    return base * next(m for m in (1, 2, 5, 10) if m * base >= rough * (1 - 1e-9))


def value_labels(
    values: Sequence[float],
    length: float,
    per_tick: float,
    *,
    log: bool,
    tickformat: str,
    separators: str,
) -> list[str]:
    """The labels of the ticks Plotly puts on an axis of ``length`` px spanning ``values``
    (padded by 5 % at either end, as autorange pads its data)."""
    if log:
        powers = [math.log10(v) for v in values if v > 0]
        if not powers:
            return []
        top = math.floor(max(powers) + 0.05)  # the range ends a little past the largest value
        ticks = [10.0**k for k in range(math.floor(min(powers)), top + 1)]
        return [number(t, tickformat, separators) for t in ticks]
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    low, high = low - span * 0.05 * (low < 0 or low != 0), high + span * 0.05
    count = min(9.0, max(4.0, length / per_tick)) + 1
    size = step(high - low, count)
    first, last = math.ceil(low / size), math.floor(high / size)
    return [number(k * size, tickformat, separators) for k in range(first, last + 1)]


_FORMAT = re.compile(r"^(,)?(?:\.(\d+))?(~)?f$")


def number(value: float, tickformat: str, separators: str) -> str:
    """``value`` written as d3's ``tickformat`` writes it (``,.1~f``: thousands grouped, one
    decimal at most), with the decimal mark and thousands separator of ``separators`` and a
    minus sign (U+2212) for negatives, as the report mends Plotly's hyphen."""
    found = _FORMAT.match(tickformat)
    if found is None:
        text = f"{abs(value):,.6g}"
    else:
        decimals = int(found.group(2)) if found.group(2) is not None else 6
        text = f"{abs(value):{',' if found.group(1) else ''}.{decimals}f}"
        if found.group(3) and "." in text:
            text = text.rstrip("0").rstrip(".")
    marks = separators + ".,"[len(separators) :]
    decimal, thousands = marks[0], marks[1]
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return ("\u2212" if value < 0 and text.strip("0,. \u00a0") else "") + text

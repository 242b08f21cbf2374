"""Signals a reader can check: every goal row and KPI card of the four examples, in both
languages, read back from the HTML and run through the rule it states. The status must follow
from the value and the target as printed; the trend's arrow from the two numbers shown; its
word and colour from the KPI's direction (or the band's middle)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from htmltables import tables
from samverkan.follow_up.status import NOTHING_TO_COMPARE

NUMBER = r"[−-]?[\d\u00a0,.]+"
WORDS = {
    "sv": {"met": "uppfyllt", "partly": "delvis uppfyllt", "not": "ej uppfyllt"},
    "en": {"met": "met", "partly": "partly met", "not": "not met"},
}
RULE = {
    "sv": {"min": "minst", "max": "högst", "within": "inom ±", "between": "mellan", "and": "och"},
    "en": {"min": "at least", "max": "at most", "within": "within ±", "between": "between"},
}
TREND = {
    "sv": ("förbättras", "försämras", "oförändrad"),
    "en": ("improving", "worsening", "unchanged"),
}


def number(text: str, lang: str) -> float:
    """A number as the report prints it: ``1 234,5`` / ``−2,0`` (sv), ``1,234.5`` (en)."""
    raw = text.replace("\u00a0", "").replace("−", "-").strip()
    raw = raw.replace(",", ".") if lang == "sv" else raw.replace(",", "")
    return float(raw)


def rule(text: str, lang: str) -> tuple[str, float, float]:
    """``minst 0,0 %`` → ("min", 0, 0); ``inom ±1,0 %`` → ("band", −1, 1); a peer statistic
    is read from what it came to, in brackets."""
    words = RULE[lang]
    values = [number(n, lang) for n in re.findall(NUMBER, text) if re.search(r"\d", n)]
    if text.startswith(words["within"]):
        return "band", -values[0], values[0]
    if text.startswith(words["between"]):
        return "band", values[0], values[1]
    side = "min" if text.startswith(words["min"]) else "max"
    assert text.startswith(words[side]), text
    return side, values[0], values[0]


def follows(value: float, limit: tuple[str, float, float]) -> bool:
    side, low, high = limit
    return {"min": value >= low, "max": value <= high, "band": low <= value <= high}[side]


def goal_rows(html: str) -> list[list[str]]:
    heads = ({"Mål", "Goal"}, {"Indikator", "Indicator"})
    return [
        row
        for t in tables(html)
        if t["rows"] and t["rows"][0][0] in heads[0] and t["rows"][0][1] in heads[1]
        for row in t["rows"][1:]
    ]


def check_goal_row(row: list[str], lang: str) -> None:
    value_text, target_text, status_text, trend_text = row[2], row[4], row[6], row[7]
    if value_text == "–":
        return
    value = number(re.match(NUMBER, value_text).group(), lang)  # type: ignore[union-attr]
    target, _, partly = target_text.partition(" (")
    limit = rule(target, lang)
    words = WORDS[lang]
    status = status_text.split(" (")[0].split(" ", 1)[1]  # the shown one, after the symbol
    if "(" not in status_text:  # an override shows the computed status beside it
        if follows(value, limit):
            assert status == words["met"], row
        elif partly:
            prefix = "delvis: " if lang == "sv" else "partly: "
            outer = rule(partly.rstrip(")").removeprefix(prefix), lang)
            assert status == words["partly" if follows(value, outer) else "not"], row
        else:
            assert status == words["not"], row
    if trend_text in ("–", NOTHING_TO_COMPARE(lang)):
        return
    arrow, word = trend_text.split(" ")[:2]
    then = trend_text.rsplit("(", 1)[1].removeprefix("då ").removeprefix("then ")
    previous = number(re.match(NUMBER, then).group(), lang)  # type: ignore[union-attr]
    better, worse, same = TREND[lang]
    if word == same:
        assert arrow == "→", row
        return
    assert arrow == ("↗" if value > previous else "↘"), row  # the arrow follows the numbers
    side, low, high = limit
    if side == "band":
        centre = (low + high) / 2
        good = abs(value - centre) < abs(previous - centre)
    else:
        good = (value > previous) == (side == "min")
    assert word == (better if good else worse), row


class _Cards(HTMLParser):
    """Each card's classes, data-better, value, arrow and trend text."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "div" and "card" in classes:
            better = found.get("data-better") or ""
            self.cards.append({"class": " ".join(classes), "better": better})
        for field in ("card-value", "card-arrow", "card-trend"):
            if field in classes:
                self._field = field
                self.cards[-1].setdefault(field, "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "span"):
            self._field = "card-trend" if self._field == "card-arrow" else None

    def handle_data(self, data: str) -> None:
        if self._field and self.cards:
            self.cards[-1][self._field] += data


def check_card(card: dict[str, str], lang: str) -> None:
    trend = next(c.removeprefix("trend-") for c in card["class"].split() if c.startswith("trend-"))
    arrow = card["card-arrow"].strip()
    words = re.sub(r"[ \n]+", " ", card["card-trend"]).strip()
    change = re.search(rf"\(({NUMBER})\)", words)
    if trend in ("better", "worse", "moved"):
        assert change, card
        delta = number(change.group(1), lang)
        assert arrow == ("▲" if delta > 0 else "▼"), card  # the arrow follows the change shown
        if trend != "moved":
            assert card["better"] in ("higher", "lower"), card
            good = (delta > 0) == (card["better"] == "higher")
            assert trend == ("better" if good else "worse"), card
        phrase = {"better": "bättre än", "worse": "sämre än", "moved": "ändrat sedan"}
        english = {"better": "better than", "worse": "worse than", "moved": "changed since"}
        assert (phrase if lang == "sv" else english)[trend] in words, card
        assert re.search(r"(than|än|since|sedan) \d{4}", words), card  # names the period
    else:
        assert arrow == {"same": "■", "partial": "◌", "new": "●"}[trend], card


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_goal_row_and_card_agrees_with_the_numbers_it_shows(
    lang: str, built_reports: dict[str, Path], built_reports_en: dict[str, Path]
) -> None:
    reports = built_reports if lang == "sv" else built_reports_en
    rows = cards = 0
    for path in reports.values():
        html = path.read_text("utf-8")
        for row in goal_rows(html):
            check_goal_row(row, lang)
            rows += 1
        parser = _Cards()
        parser.feed(html)
        for card in parser.cards:
            check_card(card, lang)
            cards += 1
    assert rows >= 30
    assert cards >= 8


def test_card_colours_follow_the_word() -> None:
    """Better is green and worse orange-red (Okabe–Ito), whatever the KPI's direction."""
    css = (resources.files("samverkan.render") / "templates" / "report.css").read_text("utf-8")
    assert re.search(r"\.trend-better \{ border-top-color: #009E73; \}", css)
    assert re.search(r"\.trend-worse \{ border-top-color: #D55E00; \}", css)

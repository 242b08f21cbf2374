"""The member filter reaches the sentences: a paragraph about one member carries the member,
so choosing another hides it (the filter script hides every ``p[data-member]`` of another)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from samverkan.render.pdf import wait_until_drawn

MEMBERS = {"Herrljunga": "1466", "Vårgårda": "1442"}
PARAGRAPH = re.compile(r'<p class="para para-\w+"(?: data-member="(\d{4})")?>([^<]*)</p>')


def test_a_paragraph_about_one_member_carries_it(built_reports: dict[str, Path]) -> None:
    about = 0
    for path in built_reports.values():
        for member, text in PARAGRAPH.findall(path.read_text("utf-8")):
            named = [code for name, code in MEMBERS.items() if text.startswith(name)]
            if named:
                assert member == named[0], text
                about += 1
    assert about >= 8  # the key comparisons and the gain checks of the four examples


def test_choosing_a_member_hides_the_other_members_sentences(
    browser: Any, built_reports: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(
        built_reports["servicenamnd-it-vaxel-telefoni-2018-12"].resolve().as_uri() + "#kommun=1442"
    )
    wait_until_drawn(page)
    shown = page.locator("p.para:visible").all_text_contents()
    page.close()
    assert not [t for t in shown if "Herrljunga skulle betala" in t or "Herrljunga betalar" in t]
    assert [t for t in shown if t.startswith("Vårgårda")]  # the chosen member's stay

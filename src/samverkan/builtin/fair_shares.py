"""The methods the cost allocation names, in plain words: the three fair shares of the
cooperation gain and the rounding of each member's part. The section says in one line what a
method does where it shows it; the formal names go to the report's appendix (a :class:`Term`)."""

from __future__ import annotations

import attrs
import polars as pl

from samverkan.compose.blocks import Term
from samverkan.model.text import Lang, Text


@attrs.frozen
class Method:
    """A method under its plain name, what it does in one line, and its formal name."""

    name: Text
    meaning: Text
    formal: Text
    column: str = ""
    """For a fair share: the column of the gain table holding its charges."""

    def term(self, lang: Lang) -> Term:
        return Term(self.name(lang), self.formal(lang), self.meaning(lang))

    def line(self, lang: Lang) -> str:
        """``Genomsnittligt tillskott: vad kommunen …``: the method said where it is shown."""
        return f"{self.name(lang)}: {self.meaning(lang)}"


METHODS = (
    Method(
        Text("Genomsnittligt tillskott", "Average added cost"),
        Text(
            "vad kommunen i genomsnitt lägger till kostnaden när kommunerna går med en i taget, "
            "i alla ordningar.",
            "what the member adds to the cost on average when the members join one at a time, "
            "in every order.",
        ),
        Text("Shapley-värdet (Shapley 1953)", "the Shapley value (Shapley 1953)"),
        "shapley",
    ),
    Method(
        Text("Egen merkostnad och del av resten", "Own added cost and part of the rest"),
        Text(
            "det som bara kommunen orsakar, plus en del av resten efter hur mycket kommunen "
            "sparar på att vara med.",
            "what only the member causes, plus a part of the rest by how much the member saves "
            "by taking part.",
        ),
        Text(
            "SCRB, separable costs remaining benefits (Young, Okada och Hashimoto 1982)",
            "SCRB, separable costs remaining benefits (Young, Okada and Hashimoto 1982)",
        ),
        "scrb",
    ),
    Method(
        Text("Jämnast fördelad vinst", "Most even gain"),
        Text(
            "den kommun eller grupp av kommuner som vinner minst på samarbetet vinner så mycket "
            "som möjligt.",
            "the member or group of members that gains least from the cooperation gains as much "
            "as possible.",
        ),
        Text("nukleolen (Schmeidler 1969)", "the nucleolus (Schmeidler 1969)"),
        "nucleolus",
    ),
)
"""The three fair shares of the gain table, in its order."""

AGREED = Text("Rättvis fördelning", "Fair share")
"""The gain table's one column when the three methods charge every member the same."""

ROUNDING = Method(
    Text("Avrundning till hela kronor", "Rounding to whole kronor"),
    Text(
        "varje kommuns belopp avrundas nedåt, och de kronor som då blir över går till de "
        "kommuner vars belopp låg närmast nästa krona (vid lika först till kommunen med lägst "
        "kommunkod).",
        "each member's amount is rounded down, and the kronor left over go to the members whose "
        "amounts were closest to the next krona (on a tie, first to the lowest municipality "
        "code).",
    ),
    Text("största-restmetoden (Hamiltons metod)", "the largest remainder method (Hamilton's)"),
)


def agree(table: pl.DataFrame) -> bool:
    """Whether the three methods charge every member the same (always so with two members)."""
    first = table[METHODS[0].column]
    return all(table[m.column].equals(first) for m in METHODS[1:])


def methods_note(agreed: bool, members: int, lang: Lang) -> str:
    """The gain table's note: whether the methods agree, and each in one line."""
    lines = "\n".join(m.line(lang) for m in METHODS)
    if not agreed:
        return Text(
            f"Tre sätt att dela besparingen rättvist:\n{lines}",
            f"Three ways to share the saving fairly:\n{lines}",
        )(lang)
    why = (
        Text(
            " (med två kommuner delar alla tre besparingen lika)",
            " (with two members all three share the saving equally)",
        )(lang)
        if members == 2
        else ""
    )
    return Text(
        f"Alla tre metoderna ger samma fördelning{why}:\n{lines}",
        f"All three methods give the same shares{why}:\n{lines}",
    )(lang)

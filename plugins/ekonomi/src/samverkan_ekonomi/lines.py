"""The result-statement lines the board papers use, numbered as in Kommun-Bas 13's groups."""

from __future__ import annotations

from samverkan.api import Text

LINES: dict[str, Text] = {
    "1": Text("Intäkter", "Revenue"),
    "3": Text("Personalkostnader", "Staff costs"),
    "4": Text("Lokalkostnader", "Premises costs"),
    "5": Text("Övriga kostnader", "Other costs"),
    "6": Text("Kapitalkostnad", "Capital costs"),
}
"""Line number → name. Revenues are negative and costs positive, as in the board papers."""

TOTAL = Text("Nettokostnad/Kommunbidrag", "Net cost/Municipal contribution")

INVESTMENT_LINE = "I"
"""The ledger line investments are kept on (outside the result statement's lines)."""

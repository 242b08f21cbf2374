"""SIE 4 (4E and 4I): the Swedish standard export of a finance system's ledger.

:func:`read_sie` reads a file into :class:`SieData` (long polars frames); the exact tokenizer in
:mod:`.tokens` is the reference, and :mod:`.fast` reads the voucher rows with vectorised polars
expressions, handing any line it cannot prove simple to the exact tokenizer.
"""

from samverkan_ekonomi.sie.data import SieData
from samverkan_ekonomi.sie.fast import read_sie

__all__ = ["SieData", "read_sie"]

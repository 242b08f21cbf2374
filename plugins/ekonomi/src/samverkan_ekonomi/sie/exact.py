"""The exact SIE reader: every line through the tokenizer, one at a time.

It is the reference the vectorised reader is tested against, and the baseline it is measured
against in ``nox -s bench``.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from samverkan.api import InputError
from samverkan_ekonomi.sie.checksum import content, verify_records
from samverkan_ekonomi.sie.data import VOUCHERS, SieData
from samverkan_ekonomi.sie.records import ROW_SCHEMA, Builder
from samverkan_ekonomi.sie.tokens import Field, SieSyntaxError, tokenize
from samverkan_ekonomi.sie.vouchers import STATUS, voucher_rows


def parse_lines(lines: Iterable[tuple[int, str | None]], name: str, encoding: str) -> SieData:
    """Parse ``(line number, text)`` pairs; raise :class:`InputError` naming the line."""
    builder = Builder(name, encoding)
    state = _VoucherState(builder)
    records: list[tuple[int, str]] = []  # each record's content for a #KSUMMA
    for number, raw in lines:
        text = (raw or "").strip()  # an empty line may come as null from the fast reader
        if not text:
            continue
        if text in ("{", "}"):
            state.brace(number, text)
            continue
        if not text.startswith("#"):
            raise builder.error(number, "raden börjar inte med en #-etikett eller { }")
        try:
            fields = tokenize(text)
        except SieSyntaxError as exc:
            raise builder.error(number, str(exc)) from None
        state.record(number, fields)
        records.append((number, content(fields)))
    state.end()
    verify_records(builder.checksum, records, encoding)
    rows = pl.DataFrame(state.rows, schema=ROW_SCHEMA, orient="row")
    vouchers = pl.DataFrame(builder.vouchers, schema=VOUCHERS, orient="row")
    builder.vouchers = []
    return builder.finish(vouchers, voucher_rows(rows))


class _VoucherState:
    """Tracks #VER { … } blocks and collects the voucher rows."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.pending: int | None = None  # line of a #VER waiting for its {
        self.open: int | None = None  # line of the #VER whose block is open
        self.rows: list[tuple[object, ...]] = []

    def brace(self, number: int, text: str) -> None:
        if text == "{":
            if self.pending is None:
                raise self.b.error(number, "{ utan föregående #VER")
            self.open, self.pending = self.pending, None
        else:
            if self.open is None:
                raise self.b.error(number, "} utan öppen verifikation")
            self.open = None

    def record(self, number: int, fields: list[Field]) -> None:
        label = str(fields[0])
        if self.pending is not None:
            raise self.b.error(self.pending, "#VER ska följas av { på nästa rad")
        if label in STATUS:
            if self.open is None:
                raise self.b.error(number, f"{label} utanför en verifikation")
            self.rows.append(self.b.transaction_row(number, self.open, label, fields))
            return
        if self.open is not None:
            raise self.b.error(
                self.open, f"verifikationen avslutas aldrig med }} (rad {number}: {label})"
            )
        if label == "#VER":
            self.b.voucher(number, fields)
            self.pending = number
        else:
            self.b.record(number, fields)

    def end(self) -> None:
        line = self.open if self.open is not None else self.pending
        if line is not None:
            raise InputError.at(
                "verifikationen avslutas aldrig med } (filen tar slut)", self.b.name, line, "#VER"
            )

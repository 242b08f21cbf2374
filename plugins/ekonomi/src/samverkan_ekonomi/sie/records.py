"""Turning tokenized SIE records into rows: shared by the exact and the vectorised reader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from samverkan.api import MAX_ORE, InputError, Problem
from samverkan_ekonomi.sie.checks import check_frames, invisible, invisible_codes, invisible_message
from samverkan_ekonomi.sie.checksum import LABEL, Checksum
from samverkan_ekonomi.sie.data import (
    BALANCES,
    PERIODS,
    TRANSACTIONS,
    VOUCHERS,
    SieData,
    in_line_order,
)
from samverkan_ekonomi.sie.tokens import Field, ObjectList
from samverkan_ekonomi.sie.vouchers import check_balanced

_AMOUNT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]{1,2}))?")
_ACCOUNT = re.compile(r"[0-9]{1,10}")
_META = {
    "#FLAGGA",
    "#FORMAT",
    "#SIETYP",
    "#PROGRAM",
    "#GEN",
    "#FNAMN",
    "#ORGNR",
    "#KPTYP",
    "#FNR",
    "#PROSA",
    "#FTYP",
    "#ADRESS",
    "#VALUTA",
    "#OMFATTN",
    "#TAXAR",
    "#BKOD",
}
_IGNORED = {"#SRU", "#ENHET"}
ROW_SCHEMA = {
    "line": pl.Int64,
    "ver_line": pl.Int64,
    "label": pl.String,
    "account": pl.String,
    "objects": pl.String,
    "object": pl.String,
    "amount_ore": pl.Int64,
    "transdat": pl.String,
    "text": pl.String,
}


class Builder:
    """Collects rows record by record; :meth:`finish` checks them and builds :class:`SieData`."""

    def __init__(self, name: str, encoding: str) -> None:
        self.name, self.encoding = name, encoding
        self.meta: dict[str, str] = {}
        self.years: dict[int, tuple[str, str]] = {}
        self.accounts: dict[str, str] = {}
        self.account_types: dict[str, str] = {}
        self.dimensions: dict[str, str] = {}
        self.objects: dict[tuple[str, str], str] = {}
        self.vouchers: list[tuple[object, ...]] = []
        self.periods: list[tuple[object, ...]] = []
        self.balances: list[tuple[object, ...]] = []
        self.warnings: list[Problem] = []
        self.checksum = Checksum(name)
        self.omitted_objects: list[int] = []
        """Lines of #PSALDO and #PBUDGET written without their object list."""
        self.handlers: dict[str, Callable[[int, list[Field]], None]] = {
            "#RAR": self._rar,
            "#KONTO": self._konto,
            "#KTYP": self._ktyp,
            "#DIM": self._dim,
            "#UNDERDIM": self._dim,
            "#OBJEKT": self._objekt,
            **dict.fromkeys(("#IB", "#UB", "#RES"), self._balance),
            **dict.fromkeys(("#OIB", "#OUB"), self._object_balance),
            **dict.fromkeys(("#PSALDO", "#PBUDGET"), self._period),
        }

    # -- helpers ---------------------------------------------------------------------------

    def error(self, line: int, message: str, field: str | None = None) -> InputError:
        return InputError.at(message, self.name, line, field)

    def text(
        self, fields: list[Field], index: int, line: int, what: str, required: bool = True
    ) -> str:
        if index >= len(fields):
            if required:
                raise self.error(line, f"{fields[0]} saknar fältet {what}", what)
            return ""
        value = fields[index]
        if isinstance(value, ObjectList):
            raise self.error(line, f"väntade {what}, fick en objektlista", what)
        return value

    def amount(self, text: str, line: int) -> int:
        match = _AMOUNT.fullmatch(text)
        if match is None:
            hint = " (SIE skriver decimalpunkt, inte komma)" if "," in text else ""
            raise self.error(line, f"{text!r} är inget belopp{hint}", "belopp")
        sign, whole, frac = match.groups()
        ore = int(whole) * 100 + int((frac or "").ljust(2, "0"))
        if ore > MAX_ORE:
            largest = f"{MAX_ORE // 100:,}".replace(",", " ")
            raise self.error(
                line,
                f"beloppet {text} är större än vad samverkan räknar med (högst {largest} kr)",
                "belopp",
            )
        return -ore if sign else ore

    def account(self, fields: list[Field], index: int, line: int) -> str:
        value = self.text(fields, index, line, "konto")
        if not _ACCOUNT.fullmatch(value):
            raise self.error(
                line, f"kontot {value!r} är inget kontonummer (ska vara siffror)", "konto"
            )
        return value

    def object_list(self, fields: list[Field], index: int, line: int) -> ObjectList:
        value = fields[index] if index < len(fields) else None
        if not isinstance(value, ObjectList):
            raise self.error(
                line, f"{fields[0]} ska ha en objektlista {{…}} som fält {index}", "objektlista"
            )
        return value

    def year(self, text: str, line: int) -> int:
        try:
            return int(text)
        except ValueError:
            raise self.error(line, f"årsindex {text!r} är inget heltal", "årsindex") from None

    # -- records ---------------------------------------------------------------------------

    def record(self, line: int, fields: list[Field]) -> None:
        """Handle any record other than #VER, #TRANS, #RTRANS, #BTRANS and braces."""
        label = str(fields[0])
        if label == LABEL:
            self.checksum.record(line, fields)
        elif label in _META:
            self.meta[label[1:]] = " ".join(str(f) for f in fields[1:])
        elif label in self.handlers:
            self.handlers[label](line, fields)
        elif label not in _IGNORED:
            self.warnings.append(Problem(f"okänd post {label} hoppades över", self.name, line))

    def _rar(self, line: int, f: list[Field]) -> None:
        start, end = self.text(f, 2, line, "start"), self.text(f, 3, line, "slut")
        for value, what in ((start, "start"), (end, "slut")):
            if calendar_date(value) is None:
                raise self.error(
                    line, f"#RAR: {what}datum {value!r} är inget datum (ÅÅÅÅMMDD)", what
                )
        if end < start:
            raise self.error(line, f"#RAR: räkenskapsåret slutar {end}, före starten {start}")
        self.years[self.year(self.text(f, 1, line, "årsindex"), line)] = (start, end)

    def _konto(self, line: int, f: list[Field]) -> None:
        self.accounts[self.account(f, 1, line)] = self.text(f, 2, line, "namn", False)

    def _ktyp(self, line: int, f: list[Field]) -> None:
        self.account_types[self.account(f, 1, line)] = self.text(f, 2, line, "typ")

    def _dim(self, line: int, f: list[Field]) -> None:
        self.dimensions[self.text(f, 1, line, "dimension")] = self.text(f, 2, line, "namn", False)

    def _objekt(self, line: int, f: list[Field]) -> None:
        key = (self.text(f, 1, line, "dimension"), self.text(f, 2, line, "objekt"))
        if invisible(key[1]):
            raise self.error(line, invisible_message("objektet", key[1]), "objekt")
        self.objects[key] = self.text(f, 3, line, "namn", False)

    def _balance(self, line: int, f: list[Field]) -> None:
        self.balances.append(
            (
                line,
                f[0],
                self.year(self.text(f, 1, line, "årsindex"), line),
                self.account(f, 2, line),
                "",
                None,
                self.amount(self.text(f, 3, line, "belopp"), line),
            )
        )

    def _object_balance(self, line: int, f: list[Field]) -> None:
        objects = self.object_list(f, 3, line)
        self.balances.append(
            (
                line,
                f[0],
                self.year(self.text(f, 1, line, "årsindex"), line),
                self.account(f, 2, line),
                objects.canonical(),
                objects.get("1"),
                self.amount(self.text(f, 4, line, "belopp"), line),
            )
        )

    def _period(self, line: int, f: list[Field]) -> None:
        period = self.text(f, 2, line, "period")
        if not re.fullmatch(r"[0-9]{4}(0[1-9]|1[0-2])", period):
            raise self.error(line, f"perioden {period!r} ska skrivas ÅÅÅÅMM", "period")
        if len(f) > 4 and isinstance(f[4], ObjectList):
            objects, amount = f[4], self.text(f, 5, line, "belopp")
        elif len(f) in (5, 6):
            # Several programs leave the empty list out (`#PBUDGET 0 201701 1119 -1666.00`):
            # the amount, and an optional quantity, then stand where the list would be.
            objects, amount = ObjectList(()), self.text(f, 4, line, "belopp")
            self.omitted_objects.append(line)
        else:
            raise self.error(
                line,
                f"{f[0]} utan objektlista har {len(f) - 1} fält; väntade årsindex, period, "
                "konto, belopp och kanske kvantitet (raden är tvetydig)",
                "objektlista",
            )
        self.periods.append(
            (
                line,
                f[0],
                self.year(self.text(f, 1, line, "årsindex"), line),
                f"{period[:4]}-{period[4:]}",
                self.account(f, 3, line),
                objects.canonical(),
                objects.get("1"),
                self.amount(amount, line),
            )
        )

    def voucher(self, line: int, f: list[Field]) -> None:
        verdatum = self.text(f, 3, line, "verdatum")
        if not re.fullmatch(r"[0-9]{8}", verdatum):
            raise self.error(
                line, f"verifikationsdatum {verdatum!r} ska skrivas ÅÅÅÅMMDD", "verdatum"
            )
        self.vouchers.append(
            (
                line,
                self.text(f, 1, line, "serie"),
                self.text(f, 2, line, "vernr"),
                verdatum,
                self.text(f, 4, line, "vertext", False),
            )
        )

    def transaction_row(
        self, line: int, ver_line: int, label: str, f: list[Field]
    ) -> tuple[object, ...]:
        """The row of :data:`ROW_SCHEMA` for voucher row ``line`` of the #VER on ``ver_line``."""
        objects = self.object_list(f, 2, line)
        transdat = self.text(f, 4, line, "transdat", False)
        if transdat and not re.fullmatch(r"[0-9]{8}", transdat):
            raise self.error(
                line, f"transaktionsdatum {transdat!r} ska skrivas ÅÅÅÅMMDD", "transdat"
            )
        return (
            line,
            ver_line,
            label,
            self.account(f, 1, line),
            objects.canonical(),
            objects.get("1"),
            self.amount(self.text(f, 3, line, "belopp"), line),
            transdat,
            self.text(f, 5, line, "transtext", False),
        )

    # -- result ----------------------------------------------------------------------------

    def finish(
        self, vouchers: pl.DataFrame | None = None, transactions: pl.DataFrame | None = None
    ) -> SieData:
        """Check year indexes and voucher balances, then build the frames."""
        frames = {
            "vouchers": _frame(self.vouchers, VOUCHERS, vouchers),
            "transactions": _frame([], TRANSACTIONS, transactions),
            "periods": _frame(self.periods, PERIODS),
            "balances": _frame(self.balances, BALANCES),
        }
        self._check_years(frames["periods"], frames["balances"])
        invisible = invisible_codes(frames, self.name)
        if invisible:
            raise InputError(invisible)
        self.warnings += check_frames(
            frames["vouchers"], frames["transactions"], self.years, self.name
        )
        check_balanced(frames["vouchers"], frames["transactions"], self.name)
        if self.omitted_objects:
            count = len(self.omitted_objects)
            self.warnings.append(
                Problem(
                    f"filen utelämnar objektlistan på {count} rader med #PSALDO eller "
                    "#PBUDGET (som flera program gör); de är lästa som kontots totaler",
                    self.name,
                    self.omitted_objects[0],
                )
            )
        return SieData(
            self.name,
            self.encoding,
            self.meta,
            self.years,
            self.accounts,
            self.account_types,
            self.dimensions,
            self.objects,
            **frames,
            warnings=tuple(self.warnings),
        )

    def _check_years(self, *frames: pl.DataFrame) -> None:
        known = list(self.years)
        problems = [
            Problem(
                f"årsindex {idx} finns inte i #RAR (kända: {known or 'inga'})",
                self.name,
                line,
                "årsindex",
            )
            for frame in frames
            for line, idx in frame.filter(~pl.col("year_index").is_in(known))
            .select("line", "year_index")
            .head(100)
            .iter_rows()
        ]
        if problems:
            raise InputError(problems)


def calendar_date(text: str) -> str | None:
    """``YYYYMMDD`` as it is when it is a day of the calendar, else None."""
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return text if len(text) == 8 and text.isascii() and text.isdigit() else None


def _frame(
    rows: list[tuple[object, ...]],
    schema: Mapping[str, Any],
    extra: pl.DataFrame | None = None,
) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    if extra is None:
        return in_line_order(frame)
    return in_line_order(extra.select(frame.columns).cast(frame.schema), frame)

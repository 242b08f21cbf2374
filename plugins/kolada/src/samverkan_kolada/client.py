"""A small Kolada API client: the path-style data route, paging, rate limits and retries.

Only the standard library: one GET per page with ``urllib``. Pages are followed through
``next_page`` until it is missing; municipalities go in batches (a long URL is refused with
400). A 429 waits for ``Retry-After`` (or backs off), a 5xx or a network error backs off
exponentially, and at most ``rate`` requests are sent per second. Every body is checked
against the documented shape before it is kept, so a changed API is a clear error naming the
URL, not a wrong figure later.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from samverkan.api import InputError, Problem

BASE_URL = "https://api.kolada.se/v3"
BATCH = 20
"""Municipalities per request, as other clients do to keep URLs short."""
GENDERS = ("T", "K", "M")


@attrs.frozen
class Page:
    """One response body, as received, with the URL it came from."""

    url: str
    body: dict[str, Any] = attrs.field(eq=False, repr=False)


def _problem(url: str, what: str) -> InputError:
    return InputError(Problem(f"svaret följer inte Koladas format: {what}", url))


def check_body(url: str, body: object) -> dict[str, Any]:
    """The body if it has Kolada's data shape; an error naming the first thing wrong."""
    if not isinstance(body, dict) or not isinstance(body.get("values"), list):
        raise _problem(url, "väntade ett objekt med listan 'values'")
    for i, entry in enumerate(body["values"]):
        where = f"values[{i}]"
        if not isinstance(entry, dict):
            raise _problem(url, f"{where} är inget objekt")
        for key, kind in (("kpi", str), ("municipality", str), ("period", int)):
            if not isinstance(entry.get(key), kind) or isinstance(entry.get(key), bool):
                raise _problem(url, f"{where}.{key} saknas eller har fel typ")
        if not isinstance(entry.get("values"), list):
            raise _problem(url, f"{where}.values saknas")
        for j, value in enumerate(entry["values"]):
            if not isinstance(value, dict) or value.get("gender") not in GENDERS:
                raise _problem(url, f"{where}.values[{j}].gender ska vara T, K eller M")
            number = value.get("value")
            if number is not None and (
                not isinstance(number, int | float) or isinstance(number, bool)
            ):
                raise _problem(url, f"{where}.values[{j}].value är inget tal")
    next_page = body.get("next_page")
    if next_page is not None and not isinstance(next_page, str):
        raise _problem(url, "next_page är ingen adress")
    return body


@attrs.define
class Client:
    """Fetches Kolada data pages; ``opener`` and ``sleep`` are replaceable for tests."""

    base_url: str = BASE_URL
    retries: int = 4
    backoff: float = 0.5
    """Seconds before the first retry; doubled for each one after."""
    rate: float = 5.0
    """At most this many requests per second."""
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    opener: Callable[..., Any] = urllib.request.urlopen
    _last: float = 0.0

    def data_urls(
        self, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]
    ) -> list[str]:
        """The first page's URL of every batch, ids sorted so the same request is the same URL."""
        base = self.base_url.rstrip("/")
        kpi, year = ",".join(sorted(kpis)), ",".join(str(y) for y in sorted(years))
        codes = sorted(municipalities)
        return [
            f"{base}/data/kpi/{kpi}/municipality/{','.join(codes[i : i + BATCH])}/year/{year}"
            for i in range(0, len(codes), BATCH)
        ]

    def fetch(
        self, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]
    ) -> list[Page]:
        """Every page of every batch, in order."""
        pages = []
        for url in self.data_urls(kpis, municipalities, years):
            next_url: str | None = url
            seen = set()
            while next_url:
                if next_url in seen:
                    raise _problem(
                        next_url, "next_page pekar tillbaka på en sida som redan hämtats"
                    )
                seen.add(next_url)
                page = Page(next_url, check_body(next_url, self._get(next_url)))
                pages.append(page)
                next_url = page.body.get("next_page")
        return pages

    def _get(self, url: str) -> object:
        for attempt in range(self.retries + 1):
            self._pace()
            try:
                with self.opener(url, timeout=self.timeout) as response:
                    raw = response.read()
            except urllib.error.HTTPError as exc:
                exc.close()  # the error response's body is not read
                if (exc.code == 429 or exc.code >= 500) and attempt < self.retries:
                    self.sleep(self._wait(exc, attempt))
                    continue
                raise InputError(Problem(_status_message(exc.code), url)) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt < self.retries:
                    self.sleep(self.backoff * (1 << attempt))
                    continue
                reason = getattr(exc, "reason", exc)
                raise InputError(
                    Problem(f"Kolada kan inte nås ({reason}); kontrollera nätet och base-url", url)
                ) from None
            try:
                return json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise _problem(url, "svaret är inte JSON") from None
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait(self, error: urllib.error.HTTPError, attempt: int) -> float:
        header = str(error.headers.get("Retry-After", "")) if error.headers else ""
        if header.strip().isdigit():
            return min(float(header), 60.0)
        return self.backoff * (1 << attempt)

    def _pace(self) -> None:
        gap = 1.0 / self.rate - (time.monotonic() - self._last)
        if gap > 0:
            self.sleep(gap)
        self._last = time.monotonic()


def _status_message(code: int) -> str:
    if code == 404:
        return "Kolada svarar 404: adressen finns inte (fel base-url eller API-version?)"
    if code == 400:
        return "Kolada svarar 400: okänt nyckeltal, kommun eller år, eller för lång fråga"
    if code == 429:
        return "Kolada begränsar antalet frågor (429) även efter upprepade försök; försök senare"
    return f"Kolada svarar {code} även efter upprepade försök; försök senare"

"""A year's problems said once: each with the months it stops, not once per month.

The report for a month of a year's definition reads that month's file and every earlier one, so
a mistake in January's file stops every month's report. Printed per month it would be repeated
twelve times (8, 16, 24 … problems), and a month's block would not say which month it is. Here
each problem is collected with the months it affects and printed once, labelled by them.

The months of a year are published together or not at all, so when a month is refused the
months that were built are not written either, and the last line says so.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from samverkan.errors import InputError, Problem
from samverkan.model.period import Period


def months_label(months: list[Period]) -> str:
    """``2019-03``, ``2019-03–2019-12`` for a run of months, else the months with commas."""
    ordered = sorted(set(months))
    runs: list[list[Period]] = []
    for month in ordered:
        if runs and month.previous() == runs[-1][-1]:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


class YearErrors:
    """The problems of the periods built so far, in the order first found."""

    def __init__(self) -> None:
        self._months: dict[tuple[Path, Problem], list[Period]] = {}
        self._single: list[InputError] = []
        self._unpublished: list[str] = []

    def add(self, path: Path, period: Period, exc: InputError, *, labelled: bool) -> None:
        """Problems of ``path`` built for ``period``; ``labelled`` when it builds several
        periods (otherwise the error is printed as it stands)."""
        if not labelled:
            self._single.append(exc)
            return
        for problem in exc.problems:
            self._months.setdefault((path, problem), []).append(period)

    def unpublished(self, path: Path, refused: list[Period], built: list[Period]) -> None:
        """``path``'s months of ``built`` were made but not written, as ``refused`` were not."""
        if refused and built:
            self._unpublished.append(
                f"{path}: inga rapporter skrevs, inte heller för {months_label(built)}; årets "
                f"månader skrivs tillsammans eller inte alls, och {months_label(refused)} "
                "stoppades. Mappen är som förut; rätta felet och bygg igen"
            )

    def print(self, err: Console) -> None:
        """Each problem once, a year's after the months it affects; then what was not written."""
        texts = [str(e) for e in self._single]
        texts += [f"{months_label(m)}: {p}" for (_, p), m in self._months.items()]
        for text in texts:
            err.print("[bold red]Felaktig indata:[/] ", end="", highlight=False, soft_wrap=True)
            err.print(text, markup=False, highlight=False, soft_wrap=True)
        for text in self._unpublished:
            err.print(text, markup=False, highlight=False, soft_wrap=True)

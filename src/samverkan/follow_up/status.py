"""Goal status, computed and never hand-set: each indicator's value against its target.

The rules, also printed in the report:

* an indicator is *uppfyllt* when its value reaches the target on the KPI's good side (or,
  for a two-sided target, lies inside its band), *delvis uppfyllt* when it reaches the
  "delvis" limit (lies inside the outer band), *ej uppfyllt* otherwise, and *saknar data*
  when the KPI has no value for the report period;
* the trend compares with the KPI's previous value of the same kind of period (named beside
  it): a change of less than 1 % of the previous value counts as *oförändrad*; for a
  two-sided target, closer to the band's middle is better;
* a goal takes the worst status of its indicators, a purpose the worst of its goals; data
  missing for some indicators does not hide the others, only all missing gives *saknar data*.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping

import attrs
import polars as pl

from samverkan.model.period import Period
from samverkan.model.subjects import peer_subject
from samverkan.model.targets import Band, Limit, partly_text, rule_text
from samverkan.model.text import Lang, Text, joined
from samverkan.model.units import KPI, Direction
from samverkan.read.goals import Goals, Indicator


class Status(enum.Enum):
    MET = "uppfyllt"
    PARTLY = "delvis"
    NOT_MET = "ej"
    NO_DATA = "saknas"


STATUS_TEXT = {
    Status.MET: Text("uppfyllt", "met"),
    Status.PARTLY: Text("delvis uppfyllt", "partly met"),
    Status.NOT_MET: Text("ej uppfyllt", "not met"),
    Status.NO_DATA: Text("saknar data", "no data"),
}
STATUS_COUNTED = {
    Status.MET: Text("uppfyllda", "met"),
    Status.PARTLY: Text("delvis uppfyllda", "partly met"),
    Status.NOT_MET: Text("ej uppfyllda", "not met"),
    Status.NO_DATA: Text("utan värde", "without a value"),
}
"""A status after a count above one: ``5 uppfyllda``, ``2 ej uppfyllda``."""


def count_statuses(counts: Mapping[Status, int], lang: Lang) -> str:
    """``5 uppfyllda, 2 delvis uppfyllda och 1 ej uppfyllda``: the statuses that occur, best
    first, in one phrase (empty when there are none)."""
    order = (Status.MET, Status.PARTLY, Status.NOT_MET, Status.NO_DATA)
    words = {1: STATUS_TEXT}  # one: "1 ej uppfyllt", as a single indicator's status reads
    return joined(
        [
            f"{counts[s]} {words.get(counts[s], STATUS_COUNTED)[s](lang)}"
            for s in order
            if counts.get(s)
        ],
        lang,
    )


STATUS_SYMBOL = {Status.MET: "✔", Status.PARTLY: "◐", Status.NOT_MET: "✖", Status.NO_DATA: "○"}
"""Status is never told by colour alone: a symbol and a word go with it."""
_SEVERITY = [Status.NOT_MET, Status.PARTLY, Status.MET]


class Trend(enum.Enum):
    BETTER = "förbättras"
    SAME = "oförändrad"
    WORSE = "försämras"


TREND_TEXT = {
    Trend.BETTER: Text("förbättras", "improving"),
    Trend.SAME: Text("oförändrad", "unchanged"),
    Trend.WORSE: Text("försämras", "worsening"),
}
"""The trend in words: whether the move is good, by the KPI's direction (or the band)."""
UNCHANGED_WITHIN = 0.01


def arrow(value: float, previous: float, trend: Trend) -> str:
    """Which way the number moved, ``↗`` up or ``↘`` down (``→`` when the trend counts it as
    unchanged): the arrow follows the numbers shown, the word says whether that is good."""
    if trend is Trend.SAME:
        return "→"
    return "↗" if value > previous else "↘"


@attrs.frozen
class Measured:
    """An indicator with the value it has in the report period, its status and trend."""

    goal_id: str
    indicator: Indicator
    kpi: KPI
    value: float | None
    period: str | None
    previous: float | None
    status: Status
    """The status shown: the computed one, or the override when the goals file sets one."""
    trend: Trend | None
    computed: Status
    """The status the rules give, shown beside an override."""
    target: float | Band | None = None
    """The target resolved: the goals file's number or band, or the peer statistic for the
    value's year."""
    partly: float | Band | None = None
    previous_period: str | None = None
    """The period :attr:`previous` is from: what the trend compares with."""
    source: str | None = None
    """The citation of the value shown (the observation's ``source``): what the goal table
    cites, so that its provenance is that of the data used."""

    @property
    def overridden(self) -> bool:
        return self.indicator.override is not None

    @property
    def higher(self) -> bool:
        return self.kpi.direction is Direction.HIGHER_IS_BETTER

    def rule(self, lang: Lang) -> str:
        """The target as the rule it is: ``minst 0,0 %``, ``inom ±1,0 %``, a peer statistic
        with what it came to."""
        resolved = self.target if isinstance(self.target, float | int) else None
        return rule_text(self.indicator.target, self.higher, self._shown(lang), lang, resolved)

    def partly_rule(self, lang: Lang) -> str:
        """The "delvis" limit as a rule (``delvis: minst −1,0 %``), empty when there is none."""
        resolved = self.partly if isinstance(self.partly, float | int) else None
        return partly_text(self.indicator.partly, self.higher, self._shown(lang), lang, resolved)

    def trend_text(self, lang: Lang) -> str:
        """``↗ försämras mot 2018-07 (då 0,5 %)``: the arrow follows the numbers, the word the
        KPI's direction, and the latest earlier period with a value is named with its value
        (then, not a change); without one, that there is nothing to compare with."""
        if self.value is None:
            return "–"
        if self.trend is None or self.previous is None:
            return NOTHING_TO_COMPARE(lang)
        against, then = Text("mot", "against")(lang), Text("då", "then")(lang)
        return (
            f"{arrow(self.value, self.previous, self.trend)} {TREND_TEXT[self.trend](lang)} "
            f"{against} {self.previous_period} ({then} {self.kpi.shown(self.previous, lang)})"
        )

    def _shown(self, lang: Lang) -> Callable[[float], str]:
        return lambda value: self.kpi.shown(value, lang)


NOTHING_TO_COMPARE = Text(
    "inget tidigare värde att jämföra med", "no earlier value to compare with"
)


def indicator_status(
    value: float | None, target: float | Band, partly: float | Band | None, higher: bool
) -> Status:
    """Met inside the target (on its good side), partly inside the "delvis" limit, else not."""
    if value is None:
        return Status.NO_DATA
    if isinstance(target, Band):
        if target.holds(value):
            return Status.MET
        return Status.PARTLY if isinstance(partly, Band) and partly.holds(value) else Status.NOT_MET
    assert isinstance(partly, float | int), "a one-sided target has a one-sided limit"
    sign = 1 if higher else -1
    if sign * (value - target) >= 0:
        return Status.MET
    if sign * (value - partly) >= 0:
        return Status.PARTLY
    return Status.NOT_MET


def trend(
    value: float | None, previous: float | None, higher: bool, band: Band | None = None
) -> Trend | None:
    """Better or worse by the KPI's direction; with a two-sided target, by the distance to
    the band's middle (a budget deviation from +0,2 % to +0,8 % worsens)."""
    if value is None or previous is None:
        return None
    change = value - previous
    if abs(change) < UNCHANGED_WITHIN * abs(previous) or change == 0:
        return Trend.SAME
    if band is not None:
        closer = abs(value - band.centre) < abs(previous - band.centre)
        return Trend.BETTER if closer else Trend.WORSE
    return Trend.BETTER if (change > 0) == higher else Trend.WORSE


def roll_up(statuses: Iterable[Status]) -> Status:
    """The worst known status; saknar data only when nothing is known."""
    known = [s for s in statuses if s is not Status.NO_DATA]
    return min(known, key=_SEVERITY.index) if known else Status.NO_DATA


def measure(
    goals: Goals, observations: pl.DataFrame, kpis: Mapping[str, KPI], period: Period
) -> list[Measured]:
    """Every indicator's latest value up to the report period (the whole unit's, or one
    member's), with status and trend; peer targets are taken from the same year."""
    last = str(period.last_month)  # "2018" sorts before "2018-01": a month beats its year
    known = observations.filter(pl.col("value").is_not_null())
    out = []
    for goal_id, ind in goals.indicators():
        kpi = kpis[ind.kpi_id]
        rows = known.filter(
            (pl.col("kpi_id") == ind.kpi_id)
            & (pl.col("municipality").eq_missing(ind.municipality))
            & (pl.col("subject").eq_missing(ind.subject))
            & (pl.col("period").str.slice(0, 4) <= str(period.year))
        )
        current = rows.filter(
            (pl.col("period").str.slice(0, 4) == str(period.year)) & (pl.col("period") <= last)
        ).sort("period")
        value = period_of = previous = previous_period = cited = None
        if current.height:
            value, period_of = current["value"][-1], current["period"][-1]
            cited = current["source"][-1]
            earlier = rows.filter(
                (pl.col("period") < period_of)
                & (pl.col("period").str.len_chars() == len(period_of))
            ).sort("period")
            if earlier.height:
                previous, previous_period = earlier["value"][-1], earlier["period"][-1]
        higher = kpi.direction is Direction.HIGHER_IS_BETTER
        target, partly = (
            _resolve(known, ind.kpi_id, x, period_of) for x in (ind.target, ind.partly)
        )
        computed = (
            Status.NO_DATA
            if target is None or (partly is None and ind.partly is not None)
            else indicator_status(value, target, partly, higher)
        )
        shown = Status(ind.override) if ind.override else computed
        out.append(
            Measured(
                goal_id,
                ind,
                kpi,
                value,
                period_of,
                previous,
                shown,
                trend(value, previous, higher, target if isinstance(target, Band) else None),
                computed,
                target,
                partly,
                previous_period,
                cited,
            )
        )
    return out


def _resolve(
    observations: pl.DataFrame, kpi_id: str, limit: Limit | None, period: str | None
) -> float | Band | None:
    """A number or band as it is; ``peer:median`` as the peer group's median in ``period``."""
    if limit is None or not isinstance(limit, str):
        return limit
    if period is None:
        return None
    row = observations.filter(
        (pl.col("kpi_id") == kpi_id)
        & pl.col("municipality").is_null()
        & (pl.col("subject") == peer_subject(limit.removeprefix("peer:")))
        & (pl.col("period") == period)
    )
    return float(row["value"][0]) if row.height else None

"""`KindRule`: everything that differs from one kind of target to another, with the defaults most share.

A kind's module subclasses `KindRule` and overrides what its kind does otherwise. The parts,
in the order a target meets them:

* what a plan must give (`needs_baseline`, `has_goal_value`), checked when plans are read;
* which figures a target reads (`window`) and how they are judged (`judge`: whole arrays, in
  floats and, for the few targets too close to call, exactly; `tracker.judging`);
* what one result means: what it compares (`measured`), R at both ends of the figure's
  interval (`ratio_bounds`), the pace or yearly amount still needed;
* the figures that count over time (`points`, for charts and explain) and the straight path
  from the start to the goal (`planned_path`);
* the words that explain it (`goal_words`, `missed`, `still_needed`, `reason_on_the_way` ...),
  written with a `Phrasing` the renderers hand over (numbers and units in the reader's
  language) and the kind's own entries of the message catalog, `WORDS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

import numpy as np

from tracker.messages import Lang, message

if TYPE_CHECKING:
    import pandas as pd

    from tracker.judging import Pairs, TargetArrays, Verdicts
    from tracker.results import Figure, TargetResult

Point = tuple[int, float]  # (year, value)


class Phrasing(Protocol):
    """How a kind's words write numbers and figures: in one language, for one unit."""

    lang: Lang

    def amount(self, value: float, decimals: int | None = None, sign: bool = False) -> str:
        """A difference of values (a pace, a shortfall, a change): '4.5 pp', '6 months'."""

    def quantity(self, value: float | None) -> str:
        """A value of the indicator with its unit: '95%', '6 months'."""

    def figure(self, figure: Figure | None) -> str:
        """A reported figure with its year: '87.6% (2022)'."""

    def years(self, first: int, last: int) -> str:
        """A span of years: '2023-2025', or '2025' for one."""


@dataclass(frozen=True)
class PlannedPath:
    """The straight path from a target's start to its goal at the deadline: where it is in a year."""

    start: Point
    end: Point
    is_goal: bool = False  # the path is the goal itself (a level to keep): a chart draws it once, as the goal

    def at(self, year: int) -> float:
        (x0, y0), (x1, y1) = self.start, self.end
        return y0 + (y1 - y0) * ((year - x0) / (x1 - x0))


class KindRule:
    """The rules of one kind of target; the defaults are those of a level to reach (see the module)."""

    name: ClassVar[str]  # the id plans write (`kind: level`)
    needs_baseline: ClassVar[bool] = False  # TRK207 without a baseline; TRK216 when its value cannot be found
    has_goal_value: ClassVar[bool] = True  # a target value (TRK210 without one; TRK208 with one where none is taken)
    charted: ClassVar[bool] = True  # its figures over time are charted (`tracker.series`)
    running_total: ClassVar[bool] = False  # its figures add up: charts and explain show running totals
    has_trend: ClassVar[bool] = False  # explain fits a trend to its points
    # Judged by its latest figure against the goal: after the deadline, explain says how that
    # figure stands against the goal (no pace: a pace to a past deadline means nothing).
    judged_by_latest: ClassVar[bool] = False
    # its goal is a level of the indicator, which a plan above may set too: compared with the
    # goal above it (tracker.goals_above, TRK220); a total or a change is not on the same scale
    compared_with_parent: ClassVar[bool] = False
    WORDS: ClassVar[Mapping[str, Mapping[str, str]]] = {}  # its message catalog entries (`kind.<id>.<key>`)

    # ---------------------------------------------------------------- the engine

    def window(self, targets: TargetArrays, at: np.ndarray, as_of: int) -> tuple[np.ndarray, np.ndarray]:
        """The first and last end year of the figures each target at `at` reads."""
        return targets.start[at], targets.end[at]

    def judge(self, targets: TargetArrays, pairs: Pairs, verdicts: Verdicts, mine: np.ndarray, as_of: int) -> None:
        """Judge the targets of this kind (`mine`) on their figures (`pairs`); write into `verdicts`."""
        raise NotImplementedError

    # ---------------------------------------------------------------- one result

    def measured(self, result: TargetResult) -> float | None:
        """What the target compares with its goal: the latest value."""
        return None if result.latest is None else result.latest.value

    def ratio_bounds(self, result: TargetResult) -> tuple[float, float] | None:
        """R at both ends of the latest figure's interval; None where R has no interval."""
        return None

    def bounds(self, result: TargetResult, start: float, whole: float, shift: float) -> tuple[float, float] | None:
        """R at both ends of the latest figure's interval, R being (value - shift - start) / whole / time share."""
        if result.latest is None or not result.time_share or whole == 0:
            return None
        ends = [(end - shift - start) / whole / result.time_share for end in (result.latest.lo, result.latest.hi)]
        return min(ends), max(ends)

    def pace_needed(self, result: TargetResult) -> float | None:
        """The yearly change still needed from the latest value to reach the goal by the deadline
        (None once the deadline has passed)."""
        return None

    def flow_needed(self, result: TargetResult) -> float | None:
        """The amount still to add each year from the latest figure to the deadline (None once it has passed)."""
        return None

    def pace_so_far(self, result: TargetResult) -> float | None:
        """The average yearly change from the baseline to the latest figure."""
        return None

    # ---------------------------------------------------------------- figures over time

    def start(self, baseline: Point | None, period_start: int) -> Point | None:
        """Where the target starts from: its baseline."""
        return baseline

    def goal_level(self, baseline_value: float | None, target_value: float) -> float | None:
        """Where the goal lies on the indicator's scale: the target value."""
        return target_value

    def planned_path(
        self, baseline: Point | None, target_value: float | None, by: int, period_start: int
    ) -> PlannedPath | None:
        """The straight path from the start to the goal at the deadline; None without a start or goal."""
        start = self.start(baseline, period_start)
        if start is None or target_value is None or by <= start[0]:
            return None
        level = self.goal_level(None if baseline is None else baseline[1], target_value)
        return None if level is None else PlannedPath(start, (by, level))

    def points(
        self,
        figures: tuple[Sequence[int], Sequence[int], Sequence[float]],
        baseline: tuple[int | None, float | None],
        period_start: int,
        last: int,
    ) -> tuple[Point, ...]:
        """The figures that count over time, from (first years, last years, values) of the target's
        region and indicator (no conflicting ones, in year order): the baseline and every
        single-year figure after it (after the year before the period without one) up to `last`."""
        starts, ends, values = figures
        year, value = baseline
        first = year if year is not None else period_start - 1
        found = {
            y_end: figure
            for y_start, y_end, figure in zip(starts, ends, values, strict=True)
            if y_start == y_end and first < y_end <= last
        }
        if year is not None and value is not None:
            found[year] = value
        return tuple(sorted(found.items()))

    def trend_points(self, points: tuple[Point, ...], period_start: int) -> tuple[Point, ...]:
        """What explain fits its trend to: the points."""
        return points

    def failed_years(self, rows: pd.DataFrame, result: TargetResult, period_start: int, as_of: int) -> tuple[int, ...]:
        """The years whose figure certainly fails the target, from its region and indicator's rows."""
        return ()

    # ---------------------------------------------------------------- words

    def own(self, say: Phrasing, key: str, **fields: object) -> str:
        """An entry of this kind's WORDS, in the reader's language."""
        return message(f"kind.{self.name}.{key}", say.lang, **fields)

    def prefix(self, key: str, lang: Lang) -> str:
        """The kind's word before a goal ('total ', 'keep '), if it has one: `key` of its WORDS."""
        return message(f"kind.{self.name}.{key}", lang) if key in self.WORDS else ""

    def goal_words(self, op: str, value: float | None, say: Phrasing) -> str:
        """What the goal asks, before its deadline: '≥95%', 'total ≥1,000'."""
        return self.prefix("goal_prefix", say.lang) + op + say.quantity(value)

    def form_goal(self, amount: str, by: int, lang: Lang) -> str:
        """The goal on a collection form, for reference: '2025年≥95', 'every year ≥97 by 2025'."""
        return message("form.goal", lang, what=self.prefix("form_prefix", lang) + amount, by=by)

    def missed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        """How a missed target was missed, where the kind says it otherwise than by its shortfall."""
        return None

    def still_needed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        """What it takes now to reach the goal, for a target not yet decided; None: nothing to say."""
        return None

    def reason_on_the_way(self, result: TargetResult, say: Phrasing, aim: str, latest: str) -> str | None:
        """The reason for a status on the way (on track ... regressing), where the kind's is not R's."""
        return None

    def reason_undecided(self, result: TargetResult, say: Phrasing) -> str | None:
        """Why the target is indeterminate, where the kind knows better than the common reasons."""
        return None

    def baseline_missing_applies(self, result: TargetResult) -> bool:
        """Whether a baseline without a value (TRK216) is why the target is indeterminate."""
        return False

    def why_not_the_band(self, result: TargetResult, say: Phrasing) -> str | None:
        """Why explain's band of R did not decide the status, where the kind has its own reason."""
        return None

    def latest_label(self, say: Phrasing) -> str:
        """The label of the figure explain shows: 'Latest'."""
        return message("latest", say.lang)

    def point_note(self, say: Phrasing) -> str:
        """Written after each point explain lists."""
        return ""

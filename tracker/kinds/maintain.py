"""maintain: a level to keep every year of the period (义务教育巩固率 ≥ 97% each year to 2025).

Every single-year figure from the period's first year up to the deadline (or the evaluation
year) must meet the goal. Before the deadline a year that fell short makes the target behind
(an earlier year) or off track (the latest); from the deadline year on, any year that fell
short makes it missed, for good. A figure whose interval straddles the goal, or conflicting
figures, decide nothing for sure (indeterminate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tracker.judging import S, meets, per_target, select_status, too_close
from tracker.kinds.base import KindRule, Phrasing, PlannedPath, Point
from tracker.messages import message
from tracker.models import Status

if TYPE_CHECKING:
    import pandas as pd

    from tracker.judging import Pairs, TargetArrays, Verdicts
    from tracker.results import TargetResult


class Maintain(KindRule):
    name = "maintain"
    compared_with_parent = True
    WORDS = {
        "goal_prefix": {"zh": "保持", "en": "keep "},
        "form_prefix": {"zh": "每年", "en": "every year "},
        "every_year_left": {"zh": "此后每年须达到{aim}", "en": "every remaining year must meet {aim}"},
        "fell_short_in": {"zh": "{years}年未达到目标（{goal}）", "en": "fell short of the goal in {years} ({goal})"},
        "fell_short_first": {
            "zh": "{count}个年份未达到目标，最早为{year}年（{goal}）",
            "en": "fell short of the goal in {count} years, first in {year} ({goal})",
        },
        "fell_short_before": {
            "zh": "此前有年份未达到目标（{aim}）",
            "en": "an earlier year fell short of the goal ({aim})",
        },
        "keeps": {"zh": "{latest}（目标：{aim}）", "en": "{latest} (goal: {aim})"},
    }

    def judge(self, targets: TargetArrays, pairs: Pairs, verdicts: Verdicts, mine: np.ndarray, as_of: int) -> None:
        """Every single-year figure of the window against the goal (see the module)."""
        t = pairs.target
        y_end = pairs.column("y_end")
        one_year = pairs.column("y_start") == y_end  # a span is a total over years, not a level
        rows = pairs.where(one_year & (y_end >= targets.start[t]) & (y_end <= targets.end[t]))
        if not len(rows.target):
            return
        t = rows.target
        lo, hi = rows.column("lo"), rows.column("hi")
        ok, any_ = meets(
            targets.op[t],
            targets.tv[t],
            targets.half[t],
            targets.direction[t],
            lo,
            hi,
            rows.column("lo_open"),
            rows.column("hi_open"),
        )
        conflict = rows.column("conflict")
        fails, unsure = ~any_ & ~conflict, (any_ & ~ok) | conflict  # conflicting figures fail nothing for sure
        last = rows.last_of_each_target()
        earlier: np.ndarray = np.ones(len(t), dtype=bool)
        earlier[last] = False
        size = len(targets.kind)
        failed_before = np.bincount(t[earlier & fails], minlength=size) > 0
        unsure_before = np.bincount(t[earlier & unsure], minlength=size) > 0
        i = t[last]
        at_deadline = rows.column("y_end")[last] == targets.by[i]
        closed = as_of >= targets.by[i]  # the deadline year has come: no more pace
        failed = failed_before[i] | fails[last]
        verdicts.status[i] = select_status(
            [
                closed & failed,
                closed & (unsure_before[i] | unsure[last]),
                closed & at_deadline,
                closed & (as_of > targets.by[i]),
                closed,
                unsure[last],
                fails[last],
                failed_before[i],
                unsure_before[i],
            ],
            [
                S.MISSED,
                S.INDETERMINATE,
                S.ACHIEVED,
                S.ACHIEVED,
                S.ON_TRACK,
                S.INDETERMINATE,
                S.OFF_TRACK,
                S.BEHIND,
                S.INDETERMINATE,
            ],
            S.ON_TRACK,
        )
        verdicts.final[i] = at_deadline | (closed & failed)
        verdicts.failed_years[i] = np.bincount(t[fails], minlength=size)[i]
        first_fail: np.ndarray = np.full(size, np.iinfo(np.int64).max)
        np.minimum.at(first_fail, t[fails], rows.column("y_end")[fails].astype(np.int64))
        verdicts.first_failed[i] = np.where(verdicts.failed_years[i] > 0, first_fail[i], 0)
        verdicts.row[i] = rows.column("row")[last]
        count = per_target(rows, None, size)
        verdicts.progress[i] = (per_target(rows, ok.astype(float), size) / np.where(count == 0, 1, count))[i]
        verdicts.points[i] = count[i]
        if lo.dtype != object:
            close = too_close(targets.op[t], targets.tv[t], targets.half[t], lo, hi)
            verdicts.close[i] = (np.bincount(t[close], minlength=size) > 0)[i]

    def planned_path(
        self, baseline: Point | None, target_value: float | None, by: int, period_start: int
    ) -> PlannedPath | None:
        """The goal itself, every year: a level to keep has no way to go."""
        if target_value is None:
            return None
        return _Kept((period_start - 1, target_value), (by, target_value), is_goal=True)

    def failed_years(self, rows: pd.DataFrame, result: TargetResult, period_start: int, as_of: int) -> tuple[int, ...]:
        """The years whose single-year figure certainly fails the goal, by the judge's own rule
        (`meets`), in exact arithmetic (a few rows)."""
        from tracker.noise import exact
        from tracker.plans import DIRECTIONS, OPS

        rows = rows[
            (rows["y_start"] == rows["y_end"])
            & (rows["y_end"] >= period_start)
            & (rows["y_end"] <= min(as_of, result.by))
            & ~rows["conflict"]
        ]
        if rows.empty or result.target_value is None:
            return ()
        size = len(rows)

        def same(value: float | int) -> np.ndarray:
            return np.full(size, value)

        half = (result.target_step or 0.0) / 2
        _, some = meets(
            same(OPS.index(result.op or "")),
            exact(same(result.target_value)),
            exact(same(half)),
            same(DIRECTIONS[result.better]),
            exact(rows["lo"].to_numpy(dtype=float)),
            exact(rows["hi"].to_numpy(dtype=float)),
            rows["lo_open"].to_numpy(dtype=bool),
            rows["hi_open"].to_numpy(dtype=bool),
        )
        return tuple(sorted(int(year) for year in rows["y_end"].to_numpy()[~some]))

    def fell_short(self, result: TargetResult, say: Phrasing, aim: str) -> str:
        """The years that fell short: 'fell short of the goal in 2022 (keep ≥97% by 2025)'."""
        if result.failed_years == 1:
            return self.own(say, "fell_short_in", years=result.first_failed, goal=aim)
        return self.own(say, "fell_short_first", count=result.failed_years, year=result.first_failed, goal=aim)

    def missed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        return None if result.first_failed is None else self.fell_short(result, say, aim)

    def still_needed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        return self.own(say, "every_year_left", aim=aim)

    def reason_on_the_way(self, result: TargetResult, say: Phrasing, aim: str, latest: str) -> str | None:
        if result.status is Status.OFF_TRACK:
            return message("reason.falls_short", say.lang, latest=latest, aim=aim)
        if result.status is Status.BEHIND:
            return self.own(say, "fell_short_before", aim=aim)
        return self.own(say, "keeps", latest=latest, aim=aim)


class _Kept(PlannedPath):
    def at(self, year: int) -> float:
        return self.end[1]


RULE = Maintain()

"""milestone: something to get done by the deadline (通过国家优质均衡验收 by 2025): 1 = done, 0 = not done.

Reports count for their year (a span: its last year), from any year up to the evaluation
year. In this order: a plain 1 for a year up to the deadline (before the plan period too:
done is done) achieves it; a plain 0 for the deadline year or later misses it; a figure that
is neither plainly 1 nor plainly 0 (conflicting reports, 近1, 2), or a 1 only for a year
after the deadline (done, but by when?), makes it indeterminate. Otherwise, before the
deadline it is pending; after it, earlier 0s make it missed, not finally, and no report at
all is no data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tracker.judging import STATUS, S, per_target, select_status
from tracker.kinds.base import KindRule, Phrasing
from tracker.messages import Lang, message
from tracker.models import YEAR_RANGE

if TYPE_CHECKING:
    from tracker.judging import Pairs, TargetArrays, Verdicts
    from tracker.results import TargetResult


class Milestone(KindRule):
    name = "milestone"
    has_goal_value = False
    charted = False
    WORDS = {
        "goal": {"zh": "完成", "en": "done"},
        "form_goal": {"zh": "{by}年前完成", "en": "done by {by}"},
        "not_done_by": {"zh": "截至{by}年未完成", "en": "not done by {by}"},
        "not_done_at": {"zh": "{year}年仍未完成（截止{by}年）", "en": "still not done in {year} (due {by})"},
        "done_late": {
            "zh": "{year}年报告已完成，但无报告说明{by}年前是否完成",
            "en": "reported done for {year}, but no report says whether it was done by {by}",
        },
    }

    def window(self, targets: TargetArrays, at: np.ndarray, as_of: int) -> tuple[np.ndarray, np.ndarray]:
        """Any year up to `as_of`: a report after the deadline that it is still not done counts."""
        return np.full(len(at), YEAR_RANGE[0], dtype=np.int64), np.full(len(at), as_of, dtype=np.int64)

    def judge(self, targets: TargetArrays, pairs: Pairs, verdicts: Verdicts, mine: np.ndarray, as_of: int) -> None:
        """Each target's reports of done (1) and not done (0), in the order of the module's rules."""
        by = targets.by
        past = as_of > by
        verdicts.status[mine] = np.where(past[mine], STATUS[S.NO_DATA], STATUS[S.PENDING])
        verdicts.progress[mine] = 0.0
        rows = pairs
        if not len(rows.target):
            return
        t, size = rows.target, len(targets.kind)
        lo, hi, conflict = rows.column("lo"), rows.column("hi"), rows.column("conflict")
        year = rows.column("y_end")
        exact_figure = (lo == hi) & ~conflict
        done, zero = exact_figure & (lo == 1), exact_figure & (lo == 0)

        def some(where: np.ndarray) -> np.ndarray:
            found: np.ndarray = np.bincount(t[where], minlength=size) > 0
            return found

        done_by, not_done_late = some(done & (year <= by[t])), some(zero & (year >= by[t]))
        unclear, done_late, reported = (
            some(~done & ~zero),
            some(done & (year > by[t])),
            some(np.ones(len(t), dtype=bool)),
        )
        status = select_status(
            [done_by, not_done_late, unclear, done_late, past & reported, past],
            [S.ACHIEVED, S.MISSED, S.INDETERMINATE, S.INDETERMINATE, S.MISSED, S.NO_DATA],
            S.PENDING,
        )
        verdicts.status[mine] = status[mine]
        verdicts.final[mine] = (done_by | not_done_late)[mine]
        verdicts.progress[done_by] = 1.0
        last = rows.last_of_each_target()
        verdicts.row[t[last]] = rows.column("row")[last]
        verdicts.points[t[last]] = per_target(rows, None, size)[t[last]]
        for which, shown in ((not_done_late, zero & (year >= by[t])), (done_by, done & (year <= by[t]))):
            if which.any():  # the row that decided: the first such (rows are in year order)
                deciding = rows.where(shown)
                first = np.flatnonzero(np.append(True, deciding.target[1:] != deciding.target[:-1]))
                verdicts.row[deciding.target[first]] = deciding.column("row")[first]

    def measured(self, result: TargetResult) -> float | None:
        """Nothing to measure: done or not."""
        return None

    def goal_words(self, op: str, value: float | None, say: Phrasing) -> str:
        return self.own(say, "goal")

    def form_goal(self, amount: str, by: int, lang: Lang) -> str:
        return message("kind.milestone.form_goal", lang, by=by)

    def missed(self, result: TargetResult, say: Phrasing, aim: str) -> str | None:
        """Not done by the deadline, or still not done in a later year."""
        latest = result.latest
        if latest is not None and (result.provisional or latest.year > result.by):
            return self.own(say, "not_done_at", year=latest.year, by=result.by)
        return self.own(say, "not_done_by", by=result.by)

    def reason_undecided(self, result: TargetResult, say: Phrasing) -> str | None:
        """Done, but reported only for a year after the deadline."""
        if result.latest is not None and result.latest.year > result.by:
            return self.own(say, "done_late", year=result.latest.year, by=result.by)
        return None


RULE = Milestone()

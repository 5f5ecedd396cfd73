"""change: a change from the baseline to reach by the deadline (招生规模 -10 pp by 2025).

Judged as a level whose goal is the baseline plus the change (`Level`): the change asked for
is the task, and without the baseline's value there is no change to measure, so the target
cannot be decided at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tracker.kinds.base import Phrasing
from tracker.kinds.level import Level

if TYPE_CHECKING:
    from tracker.results import TargetResult


class Change(Level):
    name = "change"
    undefined_without_baseline = True  # no change without the value it starts from
    WORDS = {
        **Level.WORDS,
        "goal_prefix": {"zh": "变化", "en": "change "},
        "form_prefix": {"zh": "较基期变化", "en": "change from baseline "},
    }

    def goal_values(self, target_value: np.ndarray, baseline_value: np.ndarray) -> np.ndarray:
        """The baseline plus the change."""
        found: np.ndarray = target_value + baseline_value
        return found

    def task(self, target_value: np.ndarray, goal: np.ndarray, baseline_value: np.ndarray) -> np.ndarray:
        """The change asked for."""
        return target_value

    def measured(self, result: TargetResult) -> float | None:
        """The change from the baseline."""
        if result.latest is None or result.baseline_value is None:
            return None
        return result.latest.value - result.baseline_value

    def ratio_bounds(self, result: TargetResult) -> tuple[float, float] | None:
        if result.target_value is None or result.baseline_value is None:
            return None
        return self.bounds(result, 0.0, result.target_value, result.baseline_value)

    def goal_to_reach(self, result: TargetResult) -> float | None:
        if result.baseline_value is None or result.target_value is None:
            return None
        return result.baseline_value + result.target_value

    def goal_level(self, baseline_value: float | None, target_value: float) -> float | None:
        return None if baseline_value is None else baseline_value + target_value

    def goal_words(self, op: str, value: float | None, say: Phrasing) -> str:
        """'change ≤-10 pp': the change as an amount (percentages in points)."""
        if value is None:
            return super().goal_words(op, value, say)
        return self.prefix("goal_prefix", say.lang) + op + say.amount(value, decimals=10)

    def baseline_missing_applies(self, result: TargetResult) -> bool:
        return True


RULE = Change()

"""The goal above each target, as the commands show it beside the target (docs/hierarchy.md).

`tracker.hierarchy.Hierarchy.goal_above` finds, for a target of a plan with a parent, the
goal of the nearest plan above on the same indicator; here that goal is paired with its
result at the same evaluation year - its status and R - so that `status`, `report` and
`explain` can show "the plan above aims at >= 90% by 2025 and has achieved it" without
asking the hierarchy themselves. A plan above that the command did not select (`--plan`)
is evaluated too, for its goals that are shown.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, NamedTuple

from tracker.goals_above import Ambition
from tracker.results import Evaluation, TargetResult

if TYPE_CHECKING:
    from tracker.dataroot import DataSet


class Above(NamedTuple):
    """The goal above a target and where it stands.

    `result`: the target of the plan above that sets the goal, evaluated at the same year (its
    goal, status and R); `parent`: the target's own parent plan (`result.plan_id` is a plan
    further up when the parent sets no such goal); `ambition`: how the target's goal compares
    with it (`Ambition`); `acknowledged`: the plan's `parent_differences` reason, if any. A
    named tuple: a national data root has tens of thousands of them.
    """

    result: TargetResult
    parent: str
    ambition: Ambition
    acknowledged: str | None = None

    @property
    def from_parent(self) -> bool:
        """Whether the goal is the parent's own (not a plan's further up)."""
        return self.result.plan_id == self.parent


def goals_above(dataset: DataSet, evaluation: Evaluation) -> dict[str, Above]:
    """The goal above every target of `evaluation` that has one, by the target's key (PLAN/TARGET)."""
    from tracker.engine import evaluate

    hierarchy = dataset.hierarchy
    children = [plan.id for plan in evaluation.plans if hierarchy.parent(plan.id) is not None]
    if not children:
        return {}
    parents = {plan_id: parent.id for plan_id in children if (parent := hierarchy.parent(plan_id)) is not None}
    found = [
        (f"{plan_id}/{target_id}", parents[plan_id], goal)
        for (plan_id, target_id), goal in hierarchy.goals_above(children).items()
    ]
    if not found:
        return {}
    evaluated = {plan.id: plan for plan in evaluation.plans}
    missing = {goal.plan.id: goal.plan for _, _, goal in found if goal.plan.id not in evaluated}
    if missing:
        more = evaluate(dataclasses.replace(dataset, plans=list(missing.values())), evaluation.as_of)
        evaluated.update({plan.id: plan for plan in more.plans})
    results = {}
    for _, _, goal in found:
        key = f"{goal.plan.id}/{goal.target.id}"
        if key not in results:
            plan = evaluated[goal.plan.id]
            results[key] = next(r for r in plan.targets if r.target_id == goal.target.id)
    return {
        key: Above(results[f"{goal.plan.id}/{goal.target.id}"], parent, goal.ambition, goal.acknowledged)
        for key, parent, goal in found
    }

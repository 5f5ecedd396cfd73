"""The plan hierarchy (规划衔接): which plan carries out which, and the rules across the links.

A plan names the plan it carries out with `parent: PLAN_ID` (a county's plan under its
province's, a province's under the national outline). `Hierarchy` holds the links of a
data root's loaded plans and answers what the commands ask of them: a plan's parent, its
ancestors and descendants, and for a target the goal above it (`goal_above`). Its
`problems` are the rules (docs/hierarchy.md):

- TRK218: a parent that is no plan of the data root;
- TRK219: parent links that go round in a circle, once per circle;
- TRK220: a level or maintain target less ambitious than the goal above it on the same
  indicator by a deadline on or after its own; a note, not a warning, where the plan lists
  the indicator under `parent_differences` with a reason;
- TRK203 and TRK111 for a `parent_differences` entry naming no known indicator, or
  given in a plan without a parent.

The rules span plan files, so they are applied to every run's plans afresh and never kept
in the plan cache (`tracker.plancache`). Which goal is above a target, and how the two
compare, is worked out for all targets at once in `tracker.goals_above`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tracker.errors import Problem, clip, problem, suggestion
from tracker.goals_above import AMBITIONS, Ambition, Matches, match
from tracker.numbers import canonical_number
from tracker.plans import IndicatorIndex, PlanSpec, TargetSpec, reads_as

__all__ = ["Ambition", "GoalAbove", "Hierarchy"]


@dataclass(frozen=True)
class GoalAbove:
    """The goal above a target: a target of the nearest plan above that sets one on the same
    indicator, with the earliest deadline on or after the target's (the most ambitious of
    those due that year).

    `plan` is the target's parent, or a plan further up when the parent sets no level or
    maintain goal on the indicator. `interim`: the target's plan has a later target on the
    indicator due by the same goal's deadline, so this one is a step on the way and is not
    warned about. `acknowledged`: the reason the plan gives under `parent_differences`.
    """

    plan: PlanSpec
    target: TargetSpec
    ambition: Ambition
    interim: bool = False
    acknowledged: str | None = None

    @property
    def warned(self) -> bool:
        """Whether `validate` reports this target (TRK220, a note when acknowledged)."""
        return self.ambition is Ambition.LESS and not self.interim


class Hierarchy:
    """The parent links of a data root's plans, checked.

    `plans`: the loaded plans (the first of two with one id counts, as TRK201 says);
    `known`: the ids of every plan file read, those that failed to load too, so that a
    child of a malformed plan is not told its parent is unknown; `indicators`: the catalog,
    for units and names (without it nothing is compared).

    A link counts when its parent loaded and the plan is in no circle: `parent` is None for
    a plan at the top, a plan whose parent is unknown or failed to load, and a plan in a
    circle (each has its error).
    """

    def __init__(
        self, plans: Iterable[PlanSpec], indicators: IndicatorIndex | None = None, known: Iterable[str] = ()
    ) -> None:
        self.indicators = indicators
        self._plans: dict[str, PlanSpec] = {}
        for spec in plans:
            self._plans.setdefault(spec.id, spec)
        self._known = set(known) | set(self._plans)
        self._cycles = _cycles({plan_id: spec.model.parent for plan_id, spec in self._plans.items()})
        in_cycle = {plan_id for cycle in self._cycles for plan_id in cycle}
        self._parent: dict[str, str] = {
            plan_id: spec.model.parent
            for plan_id, spec in self._plans.items()
            if spec.model.parent in self._plans and plan_id not in in_cycle
        }
        self._children: dict[str, list[str]] = {}
        for plan_id, parent in self._parent.items():
            self._children.setdefault(parent, []).append(plan_id)
        self._order = list(self._plans.values())  # positions for the arrays of `tracker.goals_above`
        self._position = {plan_id: i for i, plan_id in enumerate(self._plans)}
        self._above: dict[tuple[int, int], int] = {}  # (plan, indicator) -> the nearest plan above with goals

    # -- the links ------------------------------------------------------------------------

    def parent(self, plan_id: str) -> PlanSpec | None:
        """The plan `plan_id` carries out, as loaded; None at the top or where the link does not count."""
        parent = self._parent.get(plan_id)
        return None if parent is None else self._plans[parent]

    def ancestors(self, plan_id: str) -> list[PlanSpec]:
        """The plans above `plan_id`, nearest first."""
        found = []
        current = self._parent.get(plan_id)
        while current is not None:
            found.append(self._plans[current])
            current = self._parent.get(current)
        return found

    def children(self, plan_id: str) -> list[PlanSpec]:
        """The plans that name `plan_id` as their parent, in the order they were read."""
        return [self._plans[child] for child in self._children.get(plan_id, [])]

    def descendants(self, plan_id: str) -> list[PlanSpec]:
        """The children of `plan_id`, their children and so on, level by level (for `compare --parent`)."""
        found: list[PlanSpec] = []
        level = self.children(plan_id)
        while level:
            found.extend(level)
            level = [child for spec in level for child in self.children(spec.id)]
        return found

    # -- the goal above a target ----------------------------------------------------------

    def goal_above(self, plan_id: str, target_id: str) -> GoalAbove | None:
        """The goal above target `target_id` of plan `plan_id`; None when it is not a level or
        maintain target with a goal, no plan above sets a goal on its indicator, or all of
        theirs are due before it."""
        position = self._position.get(plan_id)
        if position is None:
            return None
        spec = self._order[position]
        index = next((i for i, target in enumerate(spec.targets) if target.id == target_id), None)
        row = None if index is None else self._matches.row_of(position, index)
        return None if row is None else self._goal_of_row(row)

    def goals_above(self, plan_ids: Iterable[str] | None = None) -> dict[tuple[str, str], GoalAbove]:
        """`goal_above` of every target that has a goal above, by (plan id, target id), at once
        (of the plans `plan_ids` only, when given): what `status` and `report` show beside them."""
        found = self._matches
        wanted = None if plan_ids is None else {self._position[i] for i in plan_ids if i in self._position}
        plan, index = found.rows.plan.tolist(), found.rows.index.tolist()
        goal_plan, goal_index = found.goals.plan.tolist(), found.goals.index.tolist()
        ambition, interim = found.ambition.tolist(), found.interim.tolist()
        acknowledged: dict[int, dict[str, str]] = {}
        goals: dict[tuple[str, str], GoalAbove] = {}
        for row in np.flatnonzero(found.goal >= 0).tolist():
            if wanted is not None and plan[row] not in wanted:
                continue
            spec = self._order[plan[row]]
            target = spec.targets[index[row]]
            goal = int(found.goal[row])
            above = self._order[goal_plan[goal]]
            if plan[row] not in acknowledged:
                acknowledged[plan[row]] = self.acknowledged(spec)
            goals[(spec.id, target.id)] = GoalAbove(
                above,
                above.targets[goal_index[goal]],
                AMBITIONS[ambition[row]],
                bool(interim[row]),
                acknowledged[plan[row]].get(target.indicator),
            )
        return goals

    def _goal_of_row(self, row: int) -> GoalAbove | None:
        found = self._matches
        goal = int(found.goal[row])
        if goal < 0:
            return None
        spec = self._order[int(found.rows.plan[row])]
        target = spec.targets[int(found.rows.index[row])]
        above = self._order[int(found.goals.plan[goal])]
        return GoalAbove(
            above,
            above.targets[int(found.goals.index[goal])],
            AMBITIONS[int(found.ambition[row])],
            bool(found.interim[row]),
            self.acknowledged(spec).get(target.indicator),
        )

    @functools.cached_property
    def _matches(self) -> Matches:
        parent = [self._position[self._parent[spec.id]] if spec.id in self._parent else -1 for spec in self._order]
        return match(self._order, parent, self.indicators, self._plan_above)

    def _plan_above(self, plan: int, indicator: int, keys: set[tuple[int, int]]) -> int:
        """The nearest plan strictly above `plan` with a goal on `indicator` (positions and
        codes; `keys`: the (plan, indicator) of every goal above), -1 for none.

        Each (plan, indicator) on the way is remembered, so a province's hundred counties
        walk up to the nation once per indicator between them.
        """
        walked = []
        found = -1
        current = plan
        while (parent := self._parent.get(self._order[current].id)) is not None:
            step = (current, indicator)
            if step in self._above:
                found = self._above[step]
                break
            walked.append(step)
            position = self._position[parent]
            if (position, indicator) in keys:
                found = position
                break
            current = position
        for step in walked:
            self._above[step] = found
        return found

    def acknowledged(self, spec: PlanSpec) -> dict[str, str]:
        """The reasons `spec` gives under `parent_differences`, by indicator id."""
        if not spec.model.parent_differences or self.indicators is None:
            return {}
        found: dict[str, str] = {}
        for entry in spec.model.parent_differences:
            indicator = self.indicators.resolve_usable(entry.indicator)
            if indicator is not None:
                found.setdefault(indicator, entry.reason)
        return found

    # -- the rules ------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """TRK218, TRK219 and TRK220 (and the problems of `parent_differences`) of every plan."""
        return self._unknown_parents() + self._cycle_problems() + self._difference_problems() + self._less_ambitious()

    def _unknown_parents(self) -> list[Problem]:
        problems = []
        said: dict[str, str] = {}  # a missing province plan may be the parent of a hundred counties
        for spec in self._plans.values():
            parent = spec.model.parent
            if parent is None or parent in self._known:
                continue
            if parent not in said:
                said[parent] = suggestion(parent, sorted(self._known))
            found = problem("TRK218", spec.file, spec.parent_line, parent=clip(parent), suggestion=said[parent])
            problems.append(found)
        return problems

    def _cycle_problems(self) -> list[Problem]:
        """One TRK219 per circle, at the `parent:` line of its plan whose file comes first,
        naming every plan of the circle and where the others' links are."""
        problems = []
        for cycle in self._cycles:
            specs = [self._plans[plan_id] for plan_id in cycle]
            first = min(range(len(specs)), key=lambda i: (specs[i].file, specs[i].parent_line))
            specs = specs[first:] + specs[:first]
            path = " -> ".join(f"'{spec.id}'" for spec in [*specs, specs[0]])
            others = ", ".join(f"{spec.file}:{spec.parent_line}" for spec in specs[1:])
            text = f"{path} (also at {others})" if others else f"{path} (the plan names itself)"
            problems.append(problem("TRK219", specs[0].file, specs[0].parent_line, cycle=text))
        return problems

    def _difference_problems(self) -> list[Problem]:
        problems = []
        for spec in self._plans.values():
            entries = spec.model.parent_differences
            if not entries:
                continue
            if spec.model.parent is None:
                reason = "the plan names no parent: add parent: PLAN_ID, or remove parent_differences"
                line = spec.difference_lines[0] if spec.difference_lines else 1
                problems.append(problem("TRK111", spec.file, line, field="parent_differences", reason=reason))
            if self.indicators is None:
                continue
            for entry, line in zip(entries, spec.difference_lines, strict=False):
                if self.indicators.resolve(entry.indicator) is None:  # an entry with errors: the catalog says so
                    found = problem(
                        "TRK203",
                        spec.file,
                        line,
                        indicator=clip(entry.indicator),
                        suggestion=self.indicators.suggest(entry.indicator),
                    )
                    problems.append(found)
        return problems

    def _less_ambitious(self) -> list[Problem]:
        """TRK220 for every target short of the goal above it; a note where the plan acknowledges it."""
        found = self._matches
        said: dict[int, tuple[str, str]] = {}  # the goal above and its place, by row of `found.goals`
        problems = []
        for row in found.warned.tolist():
            above = self._goal_of_row(row)
            assert above is not None  # a warned row has a goal above
            spec = self._order[int(found.rows.plan[row])]
            target = spec.targets[int(found.rows.index[row])]
            goal = int(found.goal[row])
            if goal not in said:
                text = _goal_text(above.target, float(found.goals.bound[goal]))
                said[goal] = text, f"{above.plan.file}:{above.target.line}"
            acknowledged = ""
            if above.acknowledged is not None:
                line = self._difference_line(spec, target.indicator)
                acknowledged = f"a known difference, parent_differences at line {line}: {clip(above.acknowledged)}"
            problems.append(
                problem(
                    "TRK220",
                    spec.file,
                    target.line,
                    acknowledged=acknowledged,
                    target=target.id,
                    goal=_goal_text(target, float(found.rows.bound[row])),
                    by=target.by,
                    parent=above.plan.id,
                    parent_goal=said[goal][0],
                    parent_by=above.target.by,
                    parent_place=said[goal][1],
                    via=self._via(spec, above.plan),
                )
            )
        return problems

    def _via(self, spec: PlanSpec, above: PlanSpec) -> str:
        """`, above its parent 'x', which sets no such goal` when the goal above is not the parent's."""
        if self._parent[spec.id] == above.id:
            return ""
        between = [plan.id for plan in self.ancestors(spec.id)]
        between = between[: between.index(above.id)]
        if len(between) == 1:
            return f", above its parent '{between[0]}', which sets no such goal"
        return ", above " + ", ".join(f"'{plan_id}'" for plan_id in between) + ", which set no such goal"

    def _difference_line(self, spec: PlanSpec, indicator: str) -> int:
        assert self.indicators is not None  # an acknowledgement was read through it
        for entry, line in zip(spec.model.parent_differences, spec.difference_lines, strict=False):
            if self.indicators.resolve_usable(entry.indicator) == indicator:
                return line
        return spec.parent_line  # pragma: no cover - the reason came from one of these entries


def _cycles(parents: dict[str, str | None]) -> list[list[str]]:
    """The circles of parent links, each in link order from the plan first met; linear in the plans."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    cycles = []
    for start in parents:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in parents and current not in state:
            state[current] = 1
            path.append(current)
            current = parents[current]
        if current is not None and state.get(current) == 1:
            cycles.append(path[path.index(current) :])
        for plan_id in path:
            state[plan_id] = 2
    return cycles


def _goal_text(target: TargetSpec, bound: float) -> str:
    """The goal as written, and as read where that differs: `~ 10.8 (read as >= 10.75)`, `95 (read as >= 95)`."""
    written = target.text.strip()
    if target.op != "~" and written[:1] in ("<", ">", "=", "≥", "≤"):
        return written
    return f"{written} (read as {reads_as(target.op, target.better)} {canonical_number(bound)})"

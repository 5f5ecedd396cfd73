"""The CI gate's policy: which targets fail `tracker check`.

Default policy: `missed` fails every target (a provisional miss too: the deadline has
passed and the latest figure falls short); `off_track` and `regressing` also fail binding
(约束性) targets. A plan may set `check: {fail_on: [...]}` to replace the policy for its own
targets; `--fail-on` replaces both for every target. Targets past their deadline with no
figure at all (`no_data`) do not fail by default, but are counted and listed apart
(`--fail-on no_data` fails them). The outcome holds results, statuses and numbers only; the
check's formats (`tracker.render.check_text`, `junit`, `github`) word the reasons.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from tracker.bands import STATUS_ORDER
from tracker.errors import fail, suggestion
from tracker.models import Status
from tracker.results import Evaluation, PlanResult, ResultStore, TargetResult

FAIL_ALWAYS: tuple[Status, ...] = (Status.MISSED,)
FAIL_IF_BINDING: tuple[Status, ...] = (Status.MISSED, Status.OFF_TRACK, Status.REGRESSING)
NO_STATUS = "none"


# How many of the targets past their deadline without a figure the check lists by name.
OVERDUE_LISTED = 20


@dataclass(frozen=True)
class CheckOutcome:
    """The evaluation judged against the policy: the failures in report order, and the targets
    past their deadline without a figure that do not fail (how many, and the first OVERDUE_LISTED).
    `fail_on` is the --fail-on given, None for the default policy (with the plans' own)."""

    evaluation: Evaluation
    failures: tuple[TargetResult, ...]
    fail_on: tuple[Status, ...] | None
    overdue_count: int = 0
    overdue: tuple[TargetResult, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    @property
    def provisional_count(self) -> int:
        """Failures whose status is provisional (decided on a figure from before the deadline year)."""
        return sum(result.provisional for result in self.failures)

    @property
    def plans_set_policies(self) -> bool:
        """Whether a plan has a policy of its own (`check: {fail_on: ...}`), which the default gives way to."""
        return any(plan.fail_on is not None for plan in self.evaluation.plans)


def parse_fail_on(text: str) -> tuple[Status, ...]:
    """`--fail-on missed,off_track` as statuses; 'none' for none; TRK405 for an unknown name."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if names == [NO_STATUS]:
        return ()
    known = [s.value for s in Status]
    statuses = []
    for name in names:
        if name not in known:
            raise fail(
                "TRK405",
                "--fail-on",
                reason=f"unknown status '{name}'{suggestion(name, known)}; use {', '.join(known)} or {NO_STATUS}",
            )
        statuses.append(Status(name))
    if not statuses:
        raise fail("TRK405", "--fail-on", reason=f"needs one or more statuses or '{NO_STATUS}'")
    return tuple(dict.fromkeys(statuses))


def policy(plan: PlanResult, fail_on: tuple[Status, ...] | None) -> dict[bool, tuple[Status, ...]]:
    """For a plan, the statuses that fail its expected (False) and binding (True) targets."""
    if fail_on is None:
        fail_on = plan.fail_on
    if fail_on is not None:
        return {False: fail_on, True: fail_on}
    return _DEFAULT_POLICY


_DEFAULT_POLICY = {False: FAIL_ALWAYS, True: FAIL_IF_BINDING}


def check(evaluation: Evaluation, fail_on: tuple[Status, ...] | None = None) -> CheckOutcome:
    """Judge every target against the policy (`fail_on` replaces it when given).

    The policy is applied to the statuses as whole arrays (plans with a policy of their
    own on their slice); a result record is built only for the targets that fail.
    """
    failures = []
    overdue: list[int] = []
    overdue_columns: list[ResultStore] = []
    for columns, group in itertools.groupby(evaluation.plans, key=lambda plan: plan.columns):
        plans = list(group)
        if fail_on is None and any(plan.fail_on is None for plan in plans):
            fails = _fails(columns.status, columns.binding, _DEFAULT_POLICY)  # by position in the columns
        else:
            fails = np.zeros(len(columns), dtype=bool)
        for plan in plans:
            if fail_on is not None or plan.fail_on is not None:
                here = slice(plan.first, plan.first + plan.size)
                fails[here] = _fails(columns.status[here], columns.binding[here], policy(plan, fail_on))
        failures += columns.records(_positions(plans, fails))
        late = [
            i for i in _positions(plans, ~fails & (columns.status == NO_DATA)) if columns.specs[i].by < evaluation.as_of
        ]
        overdue += late
        overdue_columns += [columns] * len(late)
    listed = [
        columns.records([i])[0]
        for i, columns in zip(overdue[:OVERDUE_LISTED], overdue_columns[:OVERDUE_LISTED], strict=True)
    ]
    return CheckOutcome(evaluation, tuple(failures), fail_on, len(overdue), tuple(listed))


NO_DATA = STATUS_ORDER.index(Status.NO_DATA)


def _positions(plans: list[PlanResult], fails: np.ndarray) -> list[int]:
    """The failing positions of these plans' targets, plan by plan (one pass when they follow each other)."""
    start, stop = plans[0].first, plans[-1].first + plans[-1].size
    if all(later.first == plan.first + plan.size for plan, later in itertools.pairwise(plans)):
        found: list[int] = (np.flatnonzero(fails[start:stop]) + start).tolist()
        return found
    return [i for plan in plans for i in plan.positions if fails[i]]


def _fails(status: np.ndarray, binding: np.ndarray, policy: dict[bool, tuple[Status, ...]]) -> np.ndarray:
    """Which targets fail: their status is one the policy names for binding or expected targets."""

    def any_of(statuses: tuple[Status, ...]) -> np.ndarray:
        found: np.ndarray = np.isin(status, [STATUS_ORDER.index(s) for s in statuses])
        return found

    fails: np.ndarray = np.where(binding, any_of(policy[True]), any_of(policy[False]))
    return fails

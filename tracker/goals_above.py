"""The goal above each target, and how the target compares with it: the arrays behind TRK220.

For every level or maintain target of a plan with a parent, `match` finds the goal above it
- a target of the nearest plan above that sets a level or maintain goal on the same
indicator, the earliest due on or after the target's deadline (the most ambitious of those
due that year) - and says whether the target is less, as or more ambitious, or not
compared. The rules are in docs/hierarchy.md; this is their one home.

Whole arrays at once, as the engine judges targets, because a national data root compares
tens of thousands of county targets with the plans above them on every run: the goals are
found by sorting and binary search (n log n), and only a parent without a goal on an
indicator of its children's is walked past, once per (parent, indicator).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tracker import kinds
from tracker.noise import eq, exact, gt
from tracker.plans import DIRECTIONS, OPS, TARGET_NUMBERS, IndicatorIndex, PlanSpec

# Units on the same scale for a county and the nation: shares, rates, averages. Totals
# (count, person, person_time, school, place, yuan, tonne) grow with the region; a unit
# not listed here is not compared either.
SCALE_FREE_UNITS = frozenset({"percent", "percentage_point", "ratio", "year", "month", "hour", "mbps", "boolean"})


class Ambition(enum.StrEnum):
    """How a target's goal compares with the goal above it."""

    LESS = "less"  # short of the goal above: TRK220
    SAME = "same"
    MORE = "more"
    NOT_COMPARED = "not_compared"  # a total, an indicator without a direction, or a goal that bounds no progress


AMBITIONS = tuple(Ambition)  # the codes of `Matches.ambition`
_BY = 10_000  # deadlines are years below this: (key, year) packs into one integer, key * _BY + year
_COLUMN = {name: i for i, name in enumerate(TARGET_NUMBERS)}
_ABOUT, _STRICT = OPS.index("~"), [OPS.index(">"), OPS.index("<")]
# Which operators bound a goal on the side of progress, by direction + 1 (lower, none, higher):
# a floor (>=, >, and ~ read as >=) where higher is better, a ceiling where lower is. `==` is
# read as its value.
_BOUNDS: np.ndarray = np.zeros((len(OPS), 3), dtype=bool)
for _op in (">=", ">", "==", "~"):
    _BOUNDS[OPS.index(_op), 2] = True
for _op in ("<=", "<", "==", "~"):
    _BOUNDS[OPS.index(_op), 0] = True


@dataclass(frozen=True)
class Levels:
    """The level and maintain targets with a goal of some plans, a row each, in plan order.

    `plan` is a position in the caller's plan list, `index` the target's position in its
    plan's `targets`; `bound` the number the goal bounds the indicator by on the side of
    progress (`~ v`: v minus half a step where higher is better, plus where lower is) and
    NaN where its goal is not compared; `strict` for `>` and `<`.
    """

    plan: np.ndarray
    index: np.ndarray
    indicator: np.ndarray  # codes
    by: np.ndarray
    bound: np.ndarray
    strict: np.ndarray
    direction: np.ndarray  # +1 or -1 where goals on the indicator compare across plans, else 0

    @classmethod
    def of(
        cls,
        plans: Sequence[tuple[int, PlanSpec]],
        code: Callable[[list[str]], np.ndarray],
        direction_of: Callable[[np.ndarray], np.ndarray],
    ) -> Levels:
        parts = [(position, spec.columns) for position, spec in plans if spec.targets]
        if not parts:
            empty: np.ndarray = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, empty, np.zeros(0), np.zeros(0, dtype=bool), empty)
        numbers = np.concatenate([columns.numbers for _, columns in parts])
        sizes = [len(columns.indicator) for _, columns in parts]
        plan: np.ndarray = np.repeat(np.array([position for position, _ in parts], dtype=np.int64), sizes)
        index = np.arange(len(numbers)) - np.repeat(np.cumsum([0, *sizes[:-1]]), sizes)
        kind, op = numbers[:, _COLUMN["kind"]], numbers[:, _COLUMN["op"]]
        keep = np.flatnonzero(np.isin(kind, _compared_kinds()) & (op != 0))
        names = np.concatenate([columns.indicator for _, columns in parts])[keep]
        indicator = code(names.tolist())
        direction = direction_of(indicator)
        op, numbers = op[keep].astype(np.int64), numbers[keep]
        value, step = numbers[:, _COLUMN["value"]], numbers[:, _COLUMN["step"]]
        with np.errstate(invalid="ignore"):
            bound = np.where(op == _ABOUT, value - direction * step / 2, value)
        bound[(direction == 0) | ~_BOUNDS[op, direction + 1]] = np.nan
        by = numbers[:, _COLUMN["by"]].astype(np.int64)
        return cls(plan[keep], index[keep], indicator, by, bound, np.isin(op, _STRICT), direction)

    def __len__(self) -> int:
        return len(self.plan)

    def take(self, rows: np.ndarray) -> Levels:
        return Levels(*(getattr(self, name)[rows] for name in self.__dataclass_fields__))


@dataclass(frozen=True)
class Matches:
    """Every level and maintain target of the plans with a parent (`rows`), with the goal
    above it: `goal` is a row of `goals` (-1: none), `ambition` a position in AMBITIONS,
    `interim` whether the target's plan has a later goal on the indicator due by the goal
    above's deadline (then the target is a step on the way, never warned about)."""

    rows: Levels
    goals: Levels
    goal: np.ndarray
    ambition: np.ndarray
    interim: np.ndarray

    @property
    def warned(self) -> np.ndarray:
        """The rows TRK220 reports: less ambitious, and not a step on the way."""
        found: np.ndarray = np.flatnonzero((self.ambition == AMBITIONS.index(Ambition.LESS)) & ~self.interim)
        return found

    def row_of(self, plan: int, index: int) -> int | None:
        """The row of target `index` of plan `plan` (positions), if it has one."""
        lo = int(np.searchsorted(self.rows.plan, plan))
        hi = int(np.searchsorted(self.rows.plan, plan + 1))
        at = np.flatnonzero(self.rows.index[lo:hi] == index)
        return int(lo + at[0]) if len(at) else None


def match(
    plans: Sequence[PlanSpec],
    parent: Sequence[int],
    indicators: IndicatorIndex | None,
    above: Callable[[int, int, set[tuple[int, int]]], int],
) -> Matches:
    """The goal above every level and maintain target of `plans` whose `parent` (a position, -1
    for none) counts.

    `above(plan, indicator, keys)` is the nearest plan strictly above `plan` with a goal on
    `indicator` (`keys`: the (plan, indicator) of every goal above), -1 for none; it is
    called only for a parent that sets no goal on an indicator of its children's.
    """
    codes: dict[str, int] = {}

    def code(names: list[str]) -> np.ndarray:
        found: np.ndarray = np.array([codes.setdefault(name, len(codes)) for name in names], dtype=np.int64)
        return found

    # The catalog's indicators are coded first; a name outside it (no catalog) is not compared.
    catalog = {} if indicators is None else indicators.catalog.indicators
    table = np.array(
        [DIRECTIONS[entry.better] if entry.unit in SCALE_FREE_UNITS else 0 for entry in catalog.values()] + [0],
        dtype=np.int64,
    )
    code(list(catalog))

    def direction_of(indicator: np.ndarray) -> np.ndarray:
        found: np.ndarray = table[np.minimum(indicator, len(table) - 1)]
        return found

    children = [(i, spec) for i, spec in enumerate(plans) if parent[i] >= 0]
    rows = Levels.of(children, code, direction_of)
    providers = _ancestors(sorted({parent[i] for i, _ in children}), parent)
    goals = Levels.of([(i, plans[i]) for i in providers], code, direction_of)
    width = max(len(codes), 1)
    goal_keys = goals.plan * width + goals.indicator
    above_plan = np.asarray(parent, dtype=np.int64)[rows.plan]
    missing = np.flatnonzero(~np.isin(above_plan * width + rows.indicator, goal_keys))
    if len(missing):  # the parent sets no goal on the indicator: walk on up, once per (parent, indicator)
        keys = set(zip(goals.plan.tolist(), goals.indicator.tolist(), strict=True))
        pairs, inverse = np.unique(above_plan[missing] * width + rows.indicator[missing], return_inverse=True)
        found = np.array([above(pair // width, pair % width, keys) for pair in pairs.tolist()], dtype=np.int64)
        above_plan[missing] = found[inverse]
    goal = _goal_due(rows, goals, above_plan, width)
    found = goal >= 0
    goal_by = np.where(found, goals.by[goal] if len(goals) else 0, 0)
    interim = found & _later_own_goal(rows, goal_by, width)
    ambition: np.ndarray = np.full(len(rows), AMBITIONS.index(Ambition.NOT_COMPARED), dtype=np.int64)
    ambition[found] = _ambition(rows.take(np.flatnonzero(found)), goals.take(goal[found]))
    return Matches(rows, goals, goal, ambition, interim)


def _ancestors(providers: list[int], parent: Sequence[int]) -> list[int]:
    """`providers` and every plan above them, in order."""
    found = set(providers)
    for start in providers:
        current = parent[start]
        while current >= 0 and current not in found:
            found.add(current)
            current = parent[current]
    return sorted(found)


def _goal_due(rows: Levels, goals: Levels, above_plan: np.ndarray, width: int) -> np.ndarray:
    """For each row, the goal of `above_plan` on its indicator due first on or after its
    deadline, the most ambitious of those due that year; -1 for none."""
    if not len(goals) or not len(rows):
        return np.full(len(rows), -1, dtype=np.int64)
    key = goals.plan * width + goals.indicator
    ambition = np.where(np.isnan(goals.bound), -np.inf, goals.direction * goals.bound)
    order = np.lexsort((goals.strict, ambition, goals.by, key))  # the most ambitious last in its year
    packed = (key * _BY + goals.by)[order]
    last: np.ndarray = np.append(packed[1:] != packed[:-1], True)
    packed, order = packed[last], order[last]
    wanted = (above_plan * width + rows.indicator) * _BY + rows.by
    at = np.minimum(np.searchsorted(packed, wanted), len(packed) - 1)
    ok = (above_plan >= 0) & (packed[at] // _BY == wanted // _BY) & (packed[at] >= wanted)
    found: np.ndarray = np.where(ok, order[at], -1)
    return found


def _later_own_goal(rows: Levels, goal_by: np.ndarray, width: int) -> np.ndarray:
    """Whether each row's plan has a goal on the indicator due after the row's and by `goal_by`."""
    key = (rows.plan * width + rows.indicator) * _BY
    own = np.sort(key + rows.by)
    found: np.ndarray = np.searchsorted(own, key + goal_by, side="right") > np.searchsorted(
        own, key + rows.by, side="right"
    )
    return found


def _ambition(rows: Levels, goals: Levels) -> np.ndarray:
    """AMBITIONS codes of each row against the goal beside it: their bounds as written (float
    noise aside, exact where too close to call), then a strict bound above an inclusive one."""
    compared = ~np.isnan(rows.bound) & ~np.isnan(goals.bound)
    mine, theirs = rows.direction * rows.bound, rows.direction * goals.bound
    with np.errstate(invalid="ignore"):
        order = np.where(gt(mine, theirs), 1, np.where(gt(theirs, mine), -1, 0))
    close = np.flatnonzero(compared & eq(mine, theirs) & (mine != theirs))
    if len(close):
        for at, x, y in zip(close.tolist(), exact(mine[close]).tolist(), exact(theirs[close]).tolist(), strict=True):
            order[at] = (Fraction(x) > Fraction(y)) - (Fraction(x) < Fraction(y))
    order = np.where(order == 0, rows.strict.astype(np.int64) - goals.strict.astype(np.int64), order)
    codes = np.where(
        order < 0,
        AMBITIONS.index(Ambition.LESS),
        np.where(order > 0, AMBITIONS.index(Ambition.MORE), AMBITIONS.index(Ambition.SAME)),
    )
    found: np.ndarray = np.where(compared, codes, AMBITIONS.index(Ambition.NOT_COMPARED))
    return found


def _compared_kinds() -> list[int]:
    """The codes of the kinds whose goals are compared with the goal above (`KindRule.compared_with_parent`)."""
    return [code for kind, code in kinds.codes().items() if kinds.rule(kind).compared_with_parent]

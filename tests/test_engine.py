"""The gap engine, kind by kind, with hand-computed numbers.

Every case is one target of the test county (period 2021-2025 unless said) and the
figures reported for it, a data set built in memory (tests/builder.py); the expected R is
worked out in the comment beside it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from builder import Data

from tracker.core import evaluate_root
from tracker.models import Status
from tracker.results import TargetResult

S = Status
PRESCHOOL = "preschool_gross_enrolment_rate"
LEVEL = {"indicator": PRESCHOOL, "target": ">= 100", "baseline": {"year": 2020, "value": 80}}


def judge(target: dict[str, Any], rows: list[tuple[Any, ...]], as_of: int) -> TargetResult:
    """Evaluate one target (id 't') against rows of (year, value[, qualifier[, source]])."""
    indicator = target["indicator"]
    return Data().plan({"id": "t", **target}).rows(*[("示例县", indicator, *row) for row in rows]).result(as_of)


LEVEL_CASES = [
    # (rows, as_of, status, ratio, final)
    # 87.6 from 80 toward 100, 2 of 5 years: (7.6/20)/(2/5) = 0.95 exactly -> on_track (float noise must not flip it)
    ([(2022, 87.6)], 2023, S.ON_TRACK, 0.95, False),
    # (6/20)/(2/5) = 0.75
    ([(2022, 86)], 2023, S.BEHIND, 0.75, False),
    # R = 0.5 exactly is behind: (4/20)/(2/5)
    ([(2022, 84)], 2023, S.BEHIND, 0.5, False),
    # (2/20)/(2/5) = 0.25
    ([(2022, 82)], 2023, S.OFF_TRACK, 0.25, False),
    # R = -0.1 exactly is off_track: (-0.8/20)/(2/5)
    ([(2022, 79.2)], 2023, S.OFF_TRACK, -0.1, False),
    # (-1/20)/(2/5) = -0.125
    ([(2022, 79)], 2023, S.REGRESSING, -0.125, False),
    # the latest row wins: 2023 82 -> (2/20)/(3/5) = 0.1667
    ([(2022, 87.6), (2023, 82)], 2023, S.OFF_TRACK, 0.1667, False),
    # rows after as_of are not seen
    ([(2022, 87.6), (2024, 70)], 2023, S.ON_TRACK, 0.95, False),
    # reached early: achieved, not final; R = (20/20)/(3/5) = 1.6667
    ([(2023, 100)], 2023, S.ACHIEVED, 1.6667, False),
    # at the deadline and short: missed, final; (19/20)/(5/5)
    ([(2025, 99)], 2025, S.MISSED, 0.95, True),
    # after the deadline without a 2025 figure: 96 (2024) is short of 100, so missed, not final
    # (provisional); R = (16/20)/(4/5) = 1.0 is kept: it was on pace
    ([(2024, 96)], 2026, S.MISSED, 1.0, False),
    # the same once the 2025 figure (99) arrives: missed for good; (19/20)/1 = 0.95
    ([(2024, 96), (2025, 99)], 2026, S.MISSED, 0.95, True),
    # met early (2023) and judged after the deadline: achieved, not final until 2025 is reported
    ([(2023, 100)], 2026, S.ACHIEVED, 1.6667, False),
    # only the baseline year: nothing after it
    ([(2020, 80)], 2023, S.NO_DATA, None, False),
    ([], 2023, S.NO_DATA, None, False),
    # 约86.0: [85.95, 86.05] -> R from 0.74375 to 0.75625, both behind
    ([(2022, "约86.0")], 2023, S.BEHIND, 0.75, False),
    # 约87.6: [87.55, 87.65] -> R from 0.94375 (behind) to 0.95625 (on_track): indeterminate
    ([(2022, "约87.6")], 2023, S.INDETERMINATE, 0.95, False),
    # 近90: [81, 90) -> R from 0.125 (off_track) to 1.25 (on_track)
    ([(2022, "近90")], 2023, S.INDETERMINATE, 1.25, False),
    # at the deadline, 99%以上 straddles >= 100: indeterminate
    ([(2025, "99%以上")], 2025, S.INDETERMINATE, 0.95, True),
    # at the deadline, 超100 lies wholly above: achieved
    ([(2025, "超100")], 2025, S.ACHIEVED, 1.0, True),
    # two reports for 2022 that cannot both be true: indeterminate
    ([(2022, 87.6, "", "report A"), (2022, 90, "", "report B")], 2023, S.INDETERMINATE, None, False),
    # overlapping reports merge: >85 and 87.6 -> 87.6
    ([(2022, 87.6, "", "report A"), (2022, 85, ">", "report B")], 2023, S.ON_TRACK, 0.95, False),
]


@pytest.mark.parametrize(("rows", "as_of", "status", "ratio", "final"), LEVEL_CASES)
def test_level(
    rows: list[tuple[Any, ...]],
    as_of: int,
    status: Status,
    ratio: float | None,
    final: bool,
) -> None:
    result = judge(LEVEL, rows, as_of)
    assert result.status is status
    assert result.ratio == (None if ratio is None else pytest.approx(ratio, abs=5e-5))
    assert result.final is final


def test_threshold_is_judged_as_written() -> None:
    """92.0 meets >= 92 exactly; 91.99 does not."""
    target = {"indicator": PRESCHOOL, "target": ">= 92", "baseline": {"year": 2020, "value": 85}}
    assert judge(target, [(2025, "92.0")], 2025).status is S.ACHIEVED
    assert judge(target, [(2025, 91.99)], 2025).status is S.MISSED


def test_conflict_names_both_sources() -> None:
    result = judge(LEVEL, [(2022, 87.6, "", "report A"), (2022, 90, "", "report B")], 2023)
    assert result.status is S.INDETERMINATE
    assert set(result.sources) == {"report A", "report B"}


def test_strict_operator_excludes_the_threshold() -> None:
    target = {"indicator": PRESCHOOL, "target": "> 92", "baseline": {"year": 2020, "value": 85}}
    assert judge(target, [(2025, 92)], 2025).status is S.MISSED
    assert judge(target, [(2025, "超92%")], 2025).status is S.ACHIEVED


def test_lower_is_better_with_a_bare_number() -> None:
    """A bare number means <= when lower is better; (3.4-5)/(1-5) = 0.4 over 2/5 of the time: R = 1."""
    target = {"indicator": "dropout_rate", "target": 1, "baseline": {"year": 2020, "value": 5}}
    result = judge(target, [(2022, 3.4)], 2023)
    assert (result.op, result.status) == ("<=", S.ON_TRACK)
    assert result.ratio == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("value", "status"),
    [(10.76, S.ACHIEVED), (10.75, S.ACHIEVED), (10.85, S.ACHIEVED), (10.74, S.MISSED), (11.2, S.ACHIEVED)],
)
def test_about_target_is_half_a_unit_of_its_last_digit(value: float, status: Status) -> None:
    """~ 10.8 of a higher-is-better indicator is met from 10.75 up: overshooting 'about 10.8' is no miss."""
    target = {
        "indicator": "working_age_schooling_years",
        "target": "~ 10.8",
        "baseline": {"year": 2020, "value": 10.3},
    }
    assert judge(target, [(2025, value)], 2025).status is status


def test_baseline_value_read_from_actuals() -> None:
    target = {"indicator": PRESCHOOL, "target": ">= 100", "baseline": {"year": 2020}}
    result = judge(target, [(2020, 80), (2022, 86)], 2023)
    assert result.baseline_value == 80
    assert result.ratio == pytest.approx(0.75)


@pytest.mark.parametrize(("kind", "target"), [("maintain", ">= 80"), ("cumulative", ">= 300"), ("level", ">= 100")])
def test_a_baseline_value_is_read_from_the_actuals_for_every_kind(kind: str, target: str) -> None:
    """The baseline year's figure is shown with any target, even one whose judging ignores it.

    Only a one-year figure counts: a 2019-2020 span ending in the baseline year is no level.
    """
    spec = {"indicator": PRESCHOOL, "kind": kind, "target": target, "baseline": {"year": 2020}}
    rows = [(2019, 70), ("2019-2020", 150), (2020, 82), (2022, 86)]
    assert judge(spec, rows, 2023).baseline_value == 82
    assert judge(spec, rows[:2], 2023).baseline_value is None  # only the span: no value
    assert judge(spec, rows, 2019).baseline_value is None  # 2020 is after the evaluation year


def test_region_code_matches() -> None:
    result = Data().plan({"id": "t", **LEVEL}).rows(("999999", PRESCHOOL, 2022, 86)).result(2023)
    assert result.status is S.BEHIND


MAINTAIN = {"indicator": "preschool_gross_enrolment_rate", "kind": "maintain", "target": ">= 99"}


@pytest.mark.parametrize(
    ("rows", "as_of", "status", "final"),
    [
        ([(2021, 99.2), (2022, 99.5)], 2023, S.ON_TRACK, False),
        ([(2021, 99.2), (2022, 98.5), (2023, "99%以上")], 2023, S.BEHIND, False),
        ([(2021, 99.2), (2022, 98)], 2023, S.OFF_TRACK, False),
        ([(2024, 99), (2025, 98)], 2025, S.MISSED, True),
        ([(2021, 99), (2023, 99.5), (2025, 99)], 2025, S.ACHIEVED, True),
        ([(2020, 80)], 2023, S.NO_DATA, False),
        ([(2022, "近99.5")], 2023, S.INDETERMINATE, False),
    ],
)
def test_maintain(rows: list[tuple[Any, ...]], as_of: int, status: Status, final: bool) -> None:
    result = judge(MAINTAIN, rows, as_of)
    assert (result.status, result.final) == (status, final)


CUMULATIVE = {"indicator": "teachers_recruited", "kind": "cumulative", "target": ">= 1000"}


@pytest.mark.parametrize(
    ("rows", "as_of", "status", "ratio"),
    [
        # 400 of 1000 in 2 of 5 years: (0.4)/(0.4) = 1
        ([(2021, 200), (2022, 200)], 2023, S.ON_TRACK, 1.0),
        # 200 of 1000 in 2 of 5 years: 0.5
        ([(2021, 100), (2022, 100)], 2023, S.BEHIND, 0.5),
        # one five-year total
        ([("2021-2025", "1,030")], 2025, S.ACHIEVED, 1.03),
        # 750 in all five years: missed
        ([(y, 150) for y in range(2021, 2026)], 2025, S.MISSED, 0.75),
        # a year and a span covering it: counted twice, so indeterminate
        ([(2021, 200), ("2021-2022", 400)], 2023, S.INDETERMINATE, None),
        # 100余 + 100余 = (200, 400) in 2 of 5 years: R from 0.5 to 1.0: indeterminate
        ([(2021, "100余"), (2022, "100余")], 2023, S.INDETERMINATE, 0.5),
        ([], 2023, S.NO_DATA, None),
    ],
)
def test_cumulative(rows: list[tuple[Any, ...]], as_of: int, status: Status, ratio: float | None) -> None:
    result = judge(CUMULATIVE, rows, as_of)
    assert result.status is status
    assert result.ratio == (None if ratio is None else pytest.approx(ratio))


def test_cumulative_sum_is_the_latest_figure() -> None:
    result = judge(CUMULATIVE, [(2021, 200), (2022, 300)], 2023)
    assert result.latest is not None
    assert (result.latest.value, result.latest.year_start, result.latest.year) == (500, 2021, 2022)


CHANGE = {
    "indicator": "complaint_rate",
    "kind": "change",
    "target": "<= -15",
    "baseline": {"year": 2020, "value": 40},
}


@pytest.mark.parametrize(
    ("rows", "as_of", "status", "ratio"),
    [
        # change -6 of -15 = 0.4 in 2 of 5 years: R = 1
        ([(2022, 34)], 2023, S.ON_TRACK, 1.0),
        # change +1: (1/-15)/(2/5) = -0.1667
        ([(2022, 41)], 2023, S.REGRESSING, -0.1667),
        # -15 exactly meets <= -15
        ([(2024, 25)], 2024, S.ACHIEVED, 1.25),
        # -14 at the deadline: missed, (14/15)/1
        ([(2025, 26)], 2025, S.MISSED, 0.9333),
    ],
)
def test_change(rows: list[tuple[Any, ...]], as_of: int, status: Status, ratio: float) -> None:
    result = judge(CHANGE, rows, as_of)
    assert result.status is status
    assert result.ratio == pytest.approx(ratio, abs=5e-5)


MILESTONE = {"indicator": "quality_balance_passed", "kind": "milestone", "by": 2023}


@pytest.mark.parametrize(
    ("rows", "as_of", "status", "final"),
    [
        ([], 2022, S.PENDING, False),
        ([], 2023, S.PENDING, False),  # the deadline year itself: not over yet
        ([], 2024, S.NO_DATA, False),  # no report at all after the deadline: no data, as for every kind
        ([(2022, 1)], 2023, S.ACHIEVED, True),
        ([(2023, 0)], 2023, S.MISSED, True),
        ([(2022, 0)], 2023, S.PENDING, False),
        ([(2022, 0)], 2024, S.MISSED, False),  # only an earlier 0: missed, provisional until 2023 is reported
        ([(2022, 0), (2024, 0)], 2024, S.MISSED, True),  # reported still not done after the deadline
        ([(2018, 1)], 2024, S.ACHIEVED, True),  # done before the plan period: done is done
        ([("2021-2023", 1)], 2024, S.ACHIEVED, True),  # a span: done by its last year
        (
            [("2021-2024", 1)],
            2024,
            S.INDETERMINATE,
            False,
        ),  # a span to 2024: done by 2024, by 2023 unknown
        # a 0 for the deadline year wins over an unclear earlier year (two reports that contradict)
        ([(2022, 1, "", "A"), (2022, 0, "", "B"), (2023, 0)], 2024, S.MISSED, True),
        # done only after the deadline: no report says whether by 2023
        ([(2024, 1)], 2024, S.INDETERMINATE, False),
        ([(2023, 0), (2024, 1)], 2024, S.MISSED, True),  # not done in 2023, done late
    ],
)
def test_milestone(rows: list[tuple[Any, ...]], as_of: int, status: Status, final: bool) -> None:
    result = judge(MILESTONE, rows, as_of)
    assert (result.status, result.final) == (status, final)


def test_pace_needed() -> None:
    """From 86 in 2022 to 100 by 2025: 14 points in 3 years."""
    result = judge(LEVEL, [(2022, 86)], 2023)
    assert result.pace_needed == pytest.approx(14 / 3)


# -- corners the first engine got wrong (each number worked out beside it) ---------------


def test_open_end_on_a_band_edge_is_judged_inside_the_interval() -> None:
    """近38 toward 100 from 0 at 2 of 5 years: [34.2, 38) -> R in [0.855, 0.95): behind throughout."""
    target = {"indicator": PRESCHOOL, "target": ">= 100", "baseline": {"year": 2020, "value": 0}}
    result = judge(target, [(2022, "近38")], 2023)
    assert result.status is S.BEHIND
    assert result.ratio == pytest.approx(0.95)  # R of the figure as written; the band is of the interval


def test_open_end_on_a_band_edge_falling_task() -> None:
    """Dropout from 5.0 down to 0 (<= 0): 超3.1 in 2022 is (3.1, inf) -> task share below (5-3.1)/5 = 0.38;
    R = 0.38/0.4 = 0.95 at the open end, lower for higher values: behind, not indeterminate."""
    target = {"indicator": "dropout_rate", "target": "<= 0", "baseline": {"year": 2020, "value": 5.0}}
    result = judge(target, [(2022, "超3.1")], 2023)
    assert result.status is S.REGRESSING or result.status is S.INDETERMINATE  # (3.1, inf): R down to -inf
    bounded = judge(target, [(2022, "3.1", ">"), (2022, "3.5", "<=")], 2023)
    # (3.1, 3.5]: R from (5-3.5)/5/0.4 = 0.75 to 0.95 (open): behind throughout
    assert bounded.status is S.BEHIND


def test_large_figures_meet_their_target_exactly_as_written() -> None:
    """12345678.1 + 0.2 is 12345678.299999999 in floating point: the sum meets >= 12345678.3."""
    target = {"indicator": "teachers_recruited", "kind": "cumulative", "target": ">= 12345678.3"}
    rows = [(2021, 12345678.1), (2022, 0), (2023, 0), (2024, 0), (2025, 0.2)]
    assert judge(target, rows, 2025).status is S.ACHIEVED
    change = {"indicator": "complaint_rate", "kind": "change", "target": "<= 0.3"}
    change["baseline"] = {"year": 2020, "value": 12345678.1}
    assert judge(change, [(2025, 12345678.4)], 2025).status is S.ACHIEVED  # +0.3 meets <= 0.3


def test_a_cumulative_target_of_zero() -> None:
    """'No more than 0 in total' passed in 2021 is missed for good; '> 0' with nothing yet has no R."""
    at_most = {"indicator": "teachers_recruited", "kind": "cumulative", "target": "<= 0"}
    result = judge(at_most, [(2021, 2)], 2023)
    assert (result.status, result.final) == (S.MISSED, True)
    more = {"indicator": "teachers_recruited", "kind": "cumulative", "target": "> 0"}
    result = judge(more, [(2021, 0)], 2023)
    assert (result.status, result.ratio) == (S.OFF_TRACK, None)


@pytest.mark.parametrize(
    ("rows", "as_of", "status", "final"),
    [
        ([(2021, 30)], 2023, S.ON_TRACK, False),  # 30 of at most 100 so far: within, not yet achieved
        ([(2021, 60), (2022, 60)], 2023, S.MISSED, True),  # 120 > 100 already: flows only add up
        ([(2021, 30), (2025, 60)], 2025, S.ACHIEVED, True),  # 90 <= 100 with figures through 2025
        ([(2021, "近100")], 2023, S.ON_TRACK, False),  # [90, 100) is within
        ([(2021, "约100")], 2023, S.INDETERMINATE, False),  # [99.5, 100.5]: may have passed it
    ],
)
def test_a_cumulative_cap(rows: list[tuple[Any, ...]], as_of: int, status: Status, final: bool) -> None:
    target = {"indicator": "teachers_recruited", "kind": "cumulative", "target": "<= 100"}
    result = judge(target, rows, as_of)
    assert (result.status, result.final) == (status, final)


@pytest.mark.parametrize(
    ("rows", "as_of", "status"),
    [
        ([(2021, 50), (2022, 50)], 2023, S.ON_TRACK),  # 100 exactly, early: more may come
        ([(2021, 60), (2022, 60)], 2023, S.MISSED),  # passed 100 already
        ([(2021, 10), (2022, 10)], 2023, S.BEHIND),  # 20 of 100 in 2 of 5 years: R = 0.2/0.4 = 0.5
    ],
)
def test_a_cumulative_total_to_hit(rows: list[tuple[Any, ...]], as_of: int, status: Status) -> None:
    target = {"indicator": "teachers_recruited", "kind": "cumulative", "target": "== 100"}
    assert judge(target, rows, as_of).status is status


def test_a_change_without_its_starting_value_is_indeterminate() -> None:
    """The baseline year has no value and no figure: the change is unknown, even at the deadline."""
    target = {**CHANGE, "baseline": {"year": 2020}}
    result = judge(target, [(2025, 20)], 2025)
    assert (result.status, result.ratio) == (S.INDETERMINATE, None)


def test_a_span_is_no_level() -> None:
    """A figure for 2021-2023 is a total over years: a level target does not read it as its latest."""
    result = judge(LEVEL, [("2021-2023", 90)], 2023)
    assert result.status is S.NO_DATA
    maintained = judge(MAINTAIN, [("2021-2022", 99.5), (2023, 98)], 2023)
    assert (maintained.status, maintained.points) == (S.OFF_TRACK, 1)


@pytest.mark.parametrize("first", ["A", "B"])
def test_conflicting_milestone_reports_are_indeterminate(first: str) -> None:
    """'Done' from one report and 'not done' from another for 2022, in either order."""
    rows = [(2022, 1, "", "A"), (2022, 0, "", "B")]
    result = judge(MILESTONE, rows if first == "A" else rows[::-1], 2023)
    assert (result.status, result.final) == (S.INDETERMINATE, False)
    assert set(result.sources) == {"A", "B"}


def test_a_milestone_done_later_outweighs_an_unclear_year() -> None:
    rows = [(2021, 1, "", "A"), (2021, 0, "", "B"), (2022, 1, "", "C")]
    result = judge(MILESTONE, rows, 2023)
    assert (result.status, result.latest is not None and result.latest.year) == (S.ACHIEVED, 2022)


def test_a_milestone_on_a_count_is_done_only_at_one() -> None:
    """A milestone reads 1 as done and 0 as not done; 3 (of a count) says neither."""
    target = {"indicator": "teachers_recruited", "kind": "milestone", "by": 2023}
    assert judge(target, [(2022, 3)], 2023).status is S.INDETERMINATE
    assert judge(target, [(2022, 1)], 2023).status is S.ACHIEVED


def test_figures_that_touch_within_float_noise_merge() -> None:
    """约87.6 is [87.55, 87.65] (computed as 87.64999999999999); 87.65 lies in it: no conflict."""
    rows = [(2022, "87.6", "~", "A"), (2022, 87.65, "", "B")]
    result = judge(LEVEL, rows, 2023)
    assert result.status is not S.INDETERMINATE and result.latest is not None and not result.latest.conflict
    assert set(result.sources) == {"A", "B"}


def test_a_merged_figure_is_its_most_precise_row() -> None:
    """80以上 (A) and 87.6 (B) for 2022 merge into [87.6, 87.6]: the figure is B's, R = (7.6/20)/0.4 = 0.95;
    a baseline read from the same kind of pair (70以上 and 80 for 2020) is 80."""
    rows = [(2022, 80, ">=", "A"), (2022, 87.6, "", "B")]
    result = judge(LEVEL, rows, 2023)
    assert (result.status, result.ratio) == (S.ON_TRACK, pytest.approx(0.95))
    assert result.latest is not None and (result.latest.value, result.latest.qualifier) == (87.6, "=")
    change = {"indicator": PRESCHOOL, "kind": "change", "target": ">= 10", "baseline": {"year": 2020}}
    rows = [(2020, 70, ">=", "A"), (2020, 80, "", "B"), (2022, 87.6, "", "B")]
    changed = judge(change, rows, 2023)
    assert changed.baseline_value == 80  # change 7.6 of 10 at 0.4 of the time: R = 1.9
    assert (changed.status, changed.ratio) == (S.ON_TRACK, pytest.approx(1.9))


def test_a_conflicting_earlier_year_fails_no_maintain_target() -> None:
    """Keep >= 99: 2021 99.5; 2022 reported as 80 (A) and 99.5 (B); 2023 99.6: not 'behind', unclear."""
    rows = [(2021, 99.5), (2022, 80, "", "A"), (2022, 99.5, "", "B"), (2023, 99.6)]
    assert judge(MAINTAIN, rows, 2023).status is S.INDETERMINATE


def test_records_taken_at_positions_are_the_records_of_every_target() -> None:
    """`records(positions)` reads the columns only at those positions; `record(i)` reads them
    all once. Over the bundled plans, both give the same records, field for field."""
    from helpers import TESTS

    _, evaluation = evaluate_root(TESTS.parent, 2024)
    columns = evaluation.plans[0].columns
    every = [columns.record(i) for i in range(len(columns))]
    assert len(every) == evaluation.target_count > 50
    some = [len(columns) - 1, 0, 7, 3]
    assert columns.records(some) == [every[i] for i in some]
    assert len({record.status for record in every}) >= 4  # the comparison covers several kinds of result


def test_records_made_by_hand_are_stored_as_the_engines_are() -> None:
    """RecordColumns holds records made by hand in the same columns (statuses, R, final, regions,
    files ...), and gives back the same records."""
    from helpers import TESTS

    from tracker.columns import RecordColumns

    _, evaluation = evaluate_root(TESTS.parent, 2024)
    every = evaluation.targets
    made = RecordColumns(every)
    assert [made.record(i) for i in range(len(made))] == list(every)
    engine = evaluation.plans[0].columns
    width = len(made)
    for name in ("status", "ratio", "final", "binding", "baseline_value", "points", "first_failed"):
        assert np.array_equal(
            getattr(made, name), getattr(engine, name)[:width], equal_nan=name in ("ratio", "baseline_value")
        ), name
    assert (list(made.regions), list(made.files)) == (list(engine.regions[:width]), list(engine.files[:width]))
    assert made.counts(0, width) == engine.counts(0, width)

"""`tracker check` output: one line per failing target, the targets past their deadline
without a figure (apart, not failing by default), then a one-line summary.

    plans/x.yaml:12: x/preschool-enrolment: missed (provisional) - no 2025 figure yet; 94.5% (2024), 0.5 pp short ...
    past the deadline with no figure: 1 (not failing; --fail-on no_data makes them fail)
      plans/x.yaml:30: x/retention: no_data - no figure, and the deadline 2025 has passed (goal: ≥97% by 2025)
    tracker check: FAILED - 1 of 30 targets as of 2026 (missed 1, of them provisional 1); past the deadline ...

Status ids (not translated labels) so that CI logs can be grepped; the lines are English
whatever `--lang` (which words the reasons).
"""

from __future__ import annotations

from collections import Counter

from tracker.bands import STATUS_ORDER
from tracker.checking import CheckOutcome, Failure
from tracker.escaping import clean
from tracker.messages import message


def failure_line(failure: Failure) -> str:
    """`file:line: plan/target: status - why`, on one line whatever the data holds; a provisional
    status says so: `missed (provisional)`."""
    result = failure.result
    why = " ".join(failure.why.split())
    status = f"{result.status} ({message('provisional', 'en')})" if result.provisional else str(result.status)
    return clean(f"{result.file}:{result.line}: {result.plan_id}/{result.target_id}: {status} - {why}")


def overdue_lines(outcome: CheckOutcome) -> list[str]:
    """The targets past their deadline without any figure that do not fail: a count, and the first ones."""
    if not outcome.overdue_count:
        return []
    count = message("check.past_deadline_no_figure", "en", count=outcome.overdue_count)
    lines = [
        f"{count} ({message('check.not_failing_no_data', 'en')})",
        *("  " + failure_line(f) for f in outcome.overdue),
    ]
    more = outcome.overdue_count - len(outcome.overdue)
    if more:
        lines.append("  " + message("check.more_listed_by_status", "en", count=f"{more:,}"))
    return lines


def summary(outcome: CheckOutcome) -> str:
    """The one-line verdict: how many targets failed, by status (and how many provisionally), the
    targets past their deadline without a figure, and the policy."""
    total = outcome.evaluation.target_count
    failed = len(outcome.failures)
    as_of = outcome.evaluation.as_of
    overdue = (
        f"; {message('check.past_deadline_no_figure', 'en', count=outcome.overdue_count)}"
        if outcome.overdue_count
        else ""
    )
    if not failed:
        return f"tracker check: OK - 0 of {total} targets failed as of {as_of}{overdue}; policy: {outcome.policy_text}"
    counted = Counter(f.result.status for f in outcome.failures)
    by_status = ", ".join(f"{s.value} {counted[s]}" for s in STATUS_ORDER if counted[s])
    if outcome.provisional_count:
        by_status += ", " + message("check.failed_provisional", "en", count=outcome.provisional_count)
    return (
        f"tracker check: FAILED - {failed} of {total} targets as of {as_of} ({by_status}){overdue}; "
        f"policy: {outcome.policy_text}"
    )


def render(outcome: CheckOutcome) -> str:
    """The failure lines, the targets past their deadline without a figure, and the summary, ending in a newline."""
    lines = [failure_line(f) for f in outcome.failures] + overdue_lines(outcome) + [summary(outcome)]
    return "".join(line + "\n" for line in lines)

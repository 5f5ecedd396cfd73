"""`tracker check` output: one line per failing target, then a one-line summary.

    plans/x.yaml:12: x/preschool-enrolment: missed - 93% (2025) against ≥95% by 2025, 2% short
    tracker check: FAILED - 1 of 30 targets as of 2025 (missed 1); policy: missed; off_track, regressing if binding

Status ids (not translated labels) so that CI logs can be grepped.
"""

from __future__ import annotations

from collections import Counter

from tracker.checking import CheckOutcome, Failure
from tracker.escaping import clean
from tracker.results import STATUS_ORDER


def failure_line(failure: Failure) -> str:
    """`file:line: plan/target: status - why`, on one line whatever the data holds."""
    result = failure.result
    why = " ".join(failure.why.split())
    return clean(f"{result.file}:{result.line}: {result.plan_id}/{result.target_id}: {result.status} - {why}")


def summary(outcome: CheckOutcome) -> str:
    """The one-line verdict: how many targets failed, by status, and the policy."""
    total = outcome.evaluation.target_count
    failed = len(outcome.failures)
    as_of = outcome.evaluation.as_of
    if not failed:
        return f"tracker check: OK - 0 of {total} targets failed as of {as_of}; policy: {outcome.policy_text}"
    counted = Counter(f.result.status for f in outcome.failures)
    by_status = ", ".join(f"{s.value} {counted[s]}" for s in STATUS_ORDER if counted[s])
    return (
        f"tracker check: FAILED - {failed} of {total} targets as of {as_of} ({by_status}); "
        f"policy: {outcome.policy_text}"
    )


def render(outcome: CheckOutcome) -> str:
    """The failure lines and the summary, ending in a newline."""
    return "".join(failure_line(f) + "\n" for f in outcome.failures) + summary(outcome) + "\n"

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
from tracker.checking import NO_STATUS, CheckOutcome
from tracker.escaping import clean
from tracker.messages import Lang, message
from tracker.render import Options, Renderer
from tracker.render.common import reason_of
from tracker.results import TargetResult


class CheckLines(Renderer[CheckOutcome]):
    """The check's own output on standard output (see the module)."""

    def render(self, view: CheckOutcome, options: Options) -> str:
        return render(view, options.lang)


def failure_line(result: TargetResult, why: str) -> str:
    """`file:line: plan/target: status - why`, on one line whatever the data holds; a provisional
    status says so: `missed (provisional)`."""
    why = " ".join(why.split())
    status = f"{result.status} ({message('provisional', 'en')})" if result.provisional else str(result.status)
    return clean(f"{result.file}:{result.line}: {result.plan_id}/{result.target_id}: {status} - {why}")


def overdue_lines(outcome: CheckOutcome, lang: Lang) -> list[str]:
    """The targets past their deadline without any figure that do not fail: a count, and the first ones."""
    if not outcome.overdue_count:
        return []
    count = message("check.past_deadline_no_figure", "en", count=outcome.overdue_count)
    listed = ("  " + failure_line(result, reason_of(result, outcome.evaluation, lang)) for result in outcome.overdue)
    lines = [f"{count} ({message('check.not_failing_no_data', 'en')})", *listed]
    more = outcome.overdue_count - len(outcome.overdue)
    if more:
        lines.append("  " + message("check.more_listed_by_status", "en", count=f"{more:,}"))
    return lines


def policy(outcome: CheckOutcome) -> str:
    """The policy in force, for the summary line."""
    if outcome.fail_on is not None:
        return "--fail-on " + (",".join(s.value for s in outcome.fail_on) or NO_STATUS)
    text = "missed; off_track, regressing if binding"
    if outcome.plans_set_policies:
        text += " (plans may override)"
    return text


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
        return f"tracker check: OK - 0 of {total} targets failed as of {as_of}{overdue}; policy: {policy(outcome)}"
    counted = Counter(result.status for result in outcome.failures)
    by_status = ", ".join(f"{s.value} {counted[s]}" for s in STATUS_ORDER if counted[s])
    if outcome.provisional_count:
        by_status += ", " + message("check.failed_provisional", "en", count=outcome.provisional_count)
    return (
        f"tracker check: FAILED - {failed} of {total} targets as of {as_of} ({by_status}){overdue}; "
        f"policy: {policy(outcome)}"
    )


def render(outcome: CheckOutcome, lang: Lang = "en") -> str:
    """The failure lines (their reasons in `lang`), the targets past their deadline without a figure,
    and the summary, ending in a newline."""
    evaluation = outcome.evaluation
    lines = [failure_line(result, reason_of(result, evaluation, lang)) for result in outcome.failures]
    lines += overdue_lines(outcome, lang) + [summary(outcome)]
    return "".join(line + "\n" for line in lines)

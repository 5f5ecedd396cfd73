"""The functions commands call: load a data root, evaluate it, and return the view a command's
formats render (`tracker.render`). No printing and no words here."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.checking import CheckOutcome
    from tracker.compare import Comparison
    from tracker.dataroot import DataSet
    from tracker.explain import Explanation
    from tracker.forms import FormRow
    from tracker.messages import Lang
    from tracker.results import Evaluation, Report
    from tracker.summary import Summary


def tune_for_large_tables() -> None:
    """Set the process up for a national data root: call before numpy is imported.

    * CPython's cyclic garbage collector runs rarely. Loading a national data root builds
      millions of small objects that live until the command ends (YAML nodes, plan models,
      result records); with the default thresholds the collector re-scans them again and
      again, at a cost that grows with the data root and on a national one exceeds the
      loading itself (benchmarks/README.md measures it). What the tool builds has no
      reference cycles to speak of and is freed by reference counting; mypy runs with the
      same thresholds.
    * numpy does not ask Linux for transparent huge pages (NUMPY_MADVISE_HUGEPAGE=0,
      unless set otherwise): where the kernel compacts memory to find them (THP defrag
      "madvise"), the large arrays allocated after the plans are loaded wait for it, for
      memory that a command uses once and frees.
    """
    import gc

    gc.set_threshold(200_000, 30, 30)
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")


def current_year() -> int:
    return datetime.date.today().year


def evaluate_root(
    root: Path, as_of: int | None = None, plan_ids: list[str] | None = None
) -> tuple[DataSet, Evaluation]:
    """Load the data root and judge every target at `as_of` (default: this year)."""
    from tracker.dataroot import load_data_root
    from tracker.engine import evaluate

    dataset = load_data_root(root, plan_ids)
    return dataset, evaluate(dataset, as_of if as_of is not None else current_year())


def status_view(root: Path, as_of: int | None = None, plan_ids: list[str] | None = None) -> tuple[DataSet, Report]:
    """What `status` shows: every target's result, and the goal above each that has one."""
    from tracker.above import goals_above
    from tracker.results import Report

    dataset, evaluation = evaluate_root(root, as_of, plan_ids)
    return dataset, Report(evaluation, above=goals_above(dataset, evaluation))


def explain_target(root: Path, key: str, as_of: int | None = None) -> Explanation:
    """The arithmetic behind `PLAN/TARGET` (with the evaluation of its plan)."""
    from tracker.errors import fail
    from tracker.explain import explain

    plan_id, slash, target_id = key.partition("/")
    if not slash or not plan_id or not target_id:
        raise fail("TRK405", reason=f"'{key}' is not PLAN/TARGET")
    dataset, evaluation = evaluate_root(root, as_of, [plan_id])
    return explain(dataset, evaluation, key)


def evaluate_for_report(
    root: Path,
    as_of: int | None = None,
    plan_ids: list[str] | None = None,
    since: Path | None = None,
    charts: bool = False,
) -> tuple[DataSet, Report]:
    """The evaluation with each target's series and, with `since`, the changes since then; with
    `charts`, every figure a chart of a target draws (`Report.figures`)."""
    from tracker.changes import diff, load_previous
    from tracker.jsondoc import document
    from tracker.results import Report
    from tracker.series import chart_figures, with_series

    previous = load_previous(since) if since is not None else None
    dataset, evaluation = evaluate_root(root, as_of, plan_ids)
    evaluation = with_series(dataset, evaluation)
    selected = {plan.id for plan in evaluation.plans} if plan_ids else None
    changes = diff(previous, document(evaluation), selected) if previous is not None else None
    figures = chart_figures(dataset, evaluation) if charts else {}
    return dataset, Report(evaluation, changes, figures=figures)


# `tracker report` writes the summary (`tracker.summary`) when there are more plans than this.
SUMMARY_THRESHOLD = 30


def report_view(
    root: Path,
    as_of: int | None = None,
    plan_ids: list[str] | None = None,
    since: Path | None = None,
    threshold: int = SUMMARY_THRESHOLD,
    detail: bool = False,
    charts: bool = False,
) -> tuple[DataSet, Report | Summary]:
    """What `report` renders: the report of every plan (`Report`; with `charts`, every figure its
    charts draw), or with more plans than `threshold` the summary (`Summary`, with a page per
    plan to go with it when `detail`)."""
    from tracker.above import goals_above
    from tracker.changes import diff, load_previous
    from tracker.dataroot import load_data_root
    from tracker.engine import evaluate
    from tracker.jsondoc import document
    from tracker.results import Report
    from tracker.series import chart_figures, with_series
    from tracker.summary import summarize

    previous = load_previous(since) if since is not None else None
    dataset = load_data_root(root, plan_ids)
    evaluation = evaluate(dataset, as_of if as_of is not None else current_year())
    summary = len(evaluation.plans) > threshold
    if not summary or detail:
        evaluation = with_series(dataset, evaluation)
    selected = {plan.id for plan in evaluation.plans} if plan_ids else None
    changes = diff(previous, document(evaluation), selected) if previous is not None else None
    if not summary:
        figures = chart_figures(dataset, evaluation) if charts else {}
        return dataset, Report(evaluation, changes, goals_above(dataset, evaluation), figures)
    above = goals_above(dataset, evaluation) if detail else None
    return dataset, summarize(evaluation, dataset.hierarchy, changes, detail, threshold, above)


def check_targets(
    root: Path, as_of: int | None = None, plan_ids: list[str] | None = None, fail_on: str | None = None
) -> tuple[DataSet, CheckOutcome]:
    """Evaluate and judge every target against the check policy (`fail_on`: '--fail-on' text)."""
    from tracker.checking import check, parse_fail_on

    statuses = parse_fail_on(fail_on) if fail_on is not None else None
    dataset, evaluation = evaluate_root(root, as_of, plan_ids)
    return dataset, check(evaluation, statuses)


def compare_indicator(
    root: Path, indicator: str, as_of: int | None = None, parent: str | None = None, level: str | None = None
) -> tuple[DataSet, Comparison]:
    """`indicator` (an id, name or alias) across the plans, under `parent` and at `level` when given."""
    from tracker.compare import compare, resolve_indicator, selected_plans
    from tracker.dataroot import load_data_root
    from tracker.engine import evaluate

    dataset = load_data_root(root)
    indicator_id = resolve_indicator(dataset.indicators, indicator)
    everyone = dataset.plans
    dataset.plans = selected_plans(dataset, indicator_id, parent, level)
    try:
        evaluation = evaluate(dataset, as_of if as_of is not None else current_year())
    finally:
        dataset.plans = everyone
    return dataset, compare(dataset, evaluation, indicator_id, parent, level)


def collection_form(
    root: Path, plan_id: str, years: tuple[int, int] | None = None, lang: Lang = "zh"
) -> tuple[DataSet, list[FormRow]]:
    """The rows of a plan's collection form: each target and year still without a figure."""
    from tracker.dataroot import load_data_root
    from tracker.forms import form_rows

    dataset = load_data_root(root, [plan_id])
    return dataset, form_rows(dataset, plan_id, years, lang)

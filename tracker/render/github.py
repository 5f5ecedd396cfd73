"""GitHub Actions output of `tracker check`: error annotations and the job's step summary.

Annotations follow GitHub's workflow-command escaping: in the message `%`, `\\r`, `\\n`
become `%25`, `%0D`, `%0A`; in properties (file, line, title) also `:` and `,` become
`%3A` and `%2C`. An annotation points at the target's line in its plan file, given
relative to the repository root (`GITHUB_WORKSPACE`) so that GitHub can show it in the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tracker.checking import CheckOutcome
from tracker.escaping import workflow_data
from tracker.messages import Lang, message
from tracker.render import Options, Renderer, Stream, check_text, markdown
from tracker.render.common import reason_of

_LINE_ENDS = re.compile(r"(\r\n|\r|\n)")


def escape_data(value: str) -> str:
    """A workflow-command message: each line clean (`escaping.workflow_data`), '%' and line ends escaped."""
    parts = _LINE_ENDS.split(value)
    value = "".join(part if i % 2 else workflow_data(part) for i, part in enumerate(parts))
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow-command property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workspace_path(root: Path, label: str, workspace: Path | None = None) -> str:
    """The plan file's path relative to the workspace (or the current folder), as GitHub wants it."""
    base = workspace or Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    full = (root / label).resolve()
    try:
        return full.relative_to(base.resolve()).as_posix()
    except ValueError:
        return full.as_posix()


class Annotations(Renderer[CheckOutcome]):
    """The failures as GitHub error annotations, our own workflow commands (see the module)."""

    stream = Stream.TRUSTED

    def render(self, view: CheckOutcome, options: Options) -> str:
        return annotation_lines(view, options.root, options.lang)


class StepSummary(Renderer[CheckOutcome]):
    """The check as Markdown for the job's step summary (`$GITHUB_STEP_SUMMARY`)."""

    suffix = "md"

    def render(self, view: CheckOutcome, options: Options) -> str:
        return step_summary(view, options.lang)


def annotation_lines(outcome: CheckOutcome, root: Path, lang: Lang = "en", workspace: Path | None = None) -> str:
    """One `::error file=...,line=...,title=...::message` line per failing target, its reason in `lang`."""
    lines = []
    for result in outcome.failures:
        file = escape_property(workspace_path(root, result.file, workspace))
        title = escape_property(f"{result.key}: {result.status.value}")
        said = escape_data(f"{result.status.value}: {reason_of(result, outcome.evaluation, lang)}")
        lines.append(f"::error file={file},line={result.line},title={title}::{said}\n")
    return "".join(lines)


# GitHub refuses a step summary over 1 MiB (and then shows none): the failures and the plans
# are each cut to a number of rows and of bytes, well inside it, with a line saying how many
# more there are. The check's own output (and JUnit) still lists every failure.
SUMMARY_LIMIT = 1024 * 1024
MAX_FAILURE_ROWS = 200
MAX_PLAN_ROWS = 200
ROWS_BUDGET = 384 * 1024  # bytes for each of the two tables, so both fit with room to spare


def _capped(rows: list[list[str]], max_rows: int) -> tuple[list[list[str]], int]:
    """The first rows that fit in `max_rows` rows and ROWS_BUDGET bytes, and how many are left out."""
    kept: list[list[str]] = []
    size = 0
    for row in rows[:max_rows]:
        size += len(("| " + " | ".join(row) + " |\n").encode("utf-8"))
        if size > ROWS_BUDGET:
            break
        kept.append(row)
    return kept, len(rows) - len(kept)


def step_summary(outcome: CheckOutcome, lang: Lang) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: the verdict, the failures as a table, the overview.

    At most MAX_FAILURE_ROWS failures and MAX_PLAN_ROWS plans (and ROWS_BUDGET bytes of
    each), so the summary stays under GitHub's SUMMARY_LIMIT whatever the size of the data.
    """
    evaluation = outcome.evaluation
    lines = ["## tracker check", "", markdown.text(check_text.summary(outcome)), ""]
    if outcome.failures:
        header = ["", message("target", lang), message("status", lang), message("report.why", lang)]
        rows = [  # the rows that may be shown: the reasons of the rest are never written
            [
                markdown.code_cell(f"{result.file}:{result.line}"),
                f"{markdown.target_name(result, evaluation, lang)}<br>{markdown.code_cell(result.key)}",
                markdown.target_status_cell(result, lang),
                markdown.cell(reason_of(result, evaluation, lang)),
            ]
            for result in outcome.failures[:MAX_FAILURE_ROWS]
        ]
        kept, _ = _capped(rows, MAX_FAILURE_ROWS)
        more = len(outcome.failures) - len(kept)
        lines += markdown.table(header, kept) + [""]
        if more:
            lines += [message("check.more_failures", lang, count=f"{more:,}"), ""]
    header, plan_rows, total = markdown.overview_parts(evaluation, lang)
    kept, more = _capped(plan_rows, MAX_PLAN_ROWS)
    lines += markdown.overview_table(header, [*kept, total])
    if more:
        lines += ["", message("check.more_plans", lang, count=f"{more:,}")]
    return "\n".join(lines) + "\n"

"""GitHub Actions output of `tracker check`: error annotations and the job's step summary.

Annotations follow GitHub's workflow-command escaping: in the message `%`, `\\r`, `\\n`
become `%25`, `%0D`, `%0A`; in properties (file, line, title) also `:` and `,` become
`%3A` and `%2C`. An annotation points at the target's line in its plan file, given
relative to the repository root (`GITHUB_WORKSPACE`) so that GitHub can show it in the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker.checking import CheckOutcome
from tracker.i18n import Lang, word
from tracker.render import check_text, markdown


def escape_data(value: str) -> str:
    """A workflow-command message."""
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


def annotation_lines(outcome: CheckOutcome, root: Path, workspace: Path | None = None) -> str:
    """One `::error file=...,line=...,title=...::message` line per failing target."""
    lines = []
    for failure in outcome.failures:
        result = failure.result
        file = escape_property(workspace_path(root, result.file, workspace))
        title = escape_property(f"{result.key}: {result.status.value}")
        message = escape_data(f"{result.status.value}: {failure.why}")
        lines.append(f"::error file={file},line={result.line},title={title}::{message}\n")
    return "".join(lines)


def step_summary(outcome: CheckOutcome, lang: Lang) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: the verdict, the failures as a table, the overview."""
    evaluation = outcome.evaluation
    lines = ["## tracker check", "", markdown.text(check_text.summary(outcome)), ""]
    if outcome.failures:
        header = ["", word("target", lang), word("status", lang), markdown.words("why", lang)]
        rows = [
            [
                markdown.code(f"{f.result.file}:{f.result.line}"),
                f"{markdown.target_name(f.result, evaluation, lang)}<br>{markdown.code(f.result.key)}",
                markdown.status_cell(f.result.status, lang),
                markdown.cell(f.why),
            ]
            for f in outcome.failures
        ]
        lines += markdown.table(header, rows) + [""]
    lines += markdown.overview(evaluation, lang)
    return "\n".join(lines) + "\n"

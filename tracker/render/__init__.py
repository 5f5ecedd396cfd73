"""Renderers: each turns one view of the results into one output format, and only reads it.

Like pip-audit's `_format/`: one module per format, and a format is a name mapped to a class
with one signature, `render(view, options) -> str | bytes`. `FORMATS` is the registration,
by command: the command's view (what its core function returns) and, for each format name,
the class as "module:Class", imported only when a command uses it (so that `tracker --help`
imports no renderer). The CLI offers the names of its command and never lists them itself.

The views:
* status and report: a `tracker.results.Report` (the evaluation and, with --since, the changes);
* summary: a `tracker.summary.Summary`, what `report` renders over more plans than its threshold;
* explain: a `tracker.explain.Explanation`;
* compare: a `tracker.compare.Comparison`;
* check: a `tracker.checking.CheckOutcome` (statuses and numbers; the formats word the reasons).

A new format is a module with a `Renderer` subclass and one line in FORMATS; a new view (a
new command) is a view type, its formats and a key here.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    from tracker.messages import Lang

FORMATS: dict[str, dict[str, str]] = {
    "status": {
        "terminal": "tracker.render.terminal:StatusTables",
        "json": "tracker.render.json:JsonDocument",
    },
    "report": {
        "markdown": "tracker.render.markdown:MarkdownReport",
        "json": "tracker.render.json:JsonDocument",
        "xlsx": "tracker.render.xlsx:StatusWorkbook",
        "html": "tracker.render.html:HtmlReport",
    },
    "compare": {
        "terminal": "tracker.render.compare_terminal:CompareTable",
        "json": "tracker.render.compare_json:CompareJson",
    },
    "summary": {
        "markdown": "tracker.render.summary_markdown:SummaryMarkdown",
        "html": "tracker.render.html_summary:HtmlSummary",
    },
    "explain": {
        "terminal": "tracker.render.terminal:ExplainLines",
    },
    "check": {
        "text": "tracker.render.check_text:CheckLines",
        "junit": "tracker.render.junit:JUnitXml",
        "github": "tracker.render.github:Annotations",
        "github-summary": "tracker.render.github:StepSummary",
    },
}


class Stream(enum.Enum):
    """How a format's text goes to standard output through the escaping layer (`tracker.escaping`)."""

    GUARDED = "guarded"  # every line through the guard: control characters and workflow commands
    CLEAN = "clean"  # made safe already (`escaping.json_text`): only workflow commands are looked for
    TRUSTED = "trusted"  # our own workflow commands (GitHub annotations), written as they are


@dataclass(frozen=True)
class Options:
    """What a command asks of every format: the language, plain ASCII, and the data root it read."""

    lang: Lang = "zh"
    ascii_only: bool = False
    root: Path = Path(".")


View = TypeVar("View")


class Renderer(Generic[View]):
    """One output format of one view."""

    binary: ClassVar[bool] = False  # writes bytes (a workbook), never to standard output
    suffix: ClassVar[str] = "txt"  # the file name's ending when a command picks the file (report)
    shows_changes: ClassVar[bool] = False  # words the changes of `report --since`
    draws_charts: ClassVar[bool] = False  # draws figures as charts: needs `Report.figures`
    stream: ClassVar[Stream] = Stream.GUARDED

    def render(self, view: View, options: Options) -> str | bytes:
        raise NotImplementedError


def names(command: str) -> tuple[str, ...]:
    """The format names a command offers, in the order of FORMATS."""
    return tuple(FORMATS[command])


def renderer(command: str, name: str) -> Renderer[Any]:
    """The format `name` of `command`, ready to render."""
    module, _, cls = FORMATS[command][name].partition(":")
    made: Renderer[Any] = getattr(importlib.import_module(module), cls)()
    return made

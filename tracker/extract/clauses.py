"""Sentences, clauses and sections: where a figure sits and what kind of statement it is in.

A sentence ends at 。！？ or a line break; a clause at ;, :, and commas (not at a thousands
separator between digits, 1,030); a list item at 、.
Sections switch the mode: headings such as 发展目标 / 主要任务 / 工作重点安排 start targets,
发展基础 / 回顾 start results. Inside a sentence, words such as 力争 and 到2025年 mark a
target even in a results section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_SENTENCE_END = re.compile(r"[。!?！？\n]")
# A comma ends a clause, except a thousands separator (1,030 or 1，030: a digit, then
# exactly three digits): NFKC folds the full-width comma into the ASCII one.
_CLAUSE_END = re.compile(r"[。!?！？\n;；:：]|(?<!\d)[,，]|[,，](?!\d{3}(?!\d))")
_TARGET_HEADING = re.compile(
    r"发展目标|主要目标|主要任务|重点任务|工作重点|重点安排|工作要点|工作安排|目标任务|保障措施|工作计划|工作思路"
)
_RESULT_HEADING = re.compile(
    r"发展基础|发展成就|工作回顾|回顾|主要成绩|取得成效|基本情况|现状|工作成效|主要成效|工作总结"
)
PLAN_TITLE = re.compile(r"规划|计划|方案|纲要|意见")


class Mode(Enum):
    TARGET = "target"
    RESULT = "result"


@dataclass(frozen=True)
class Section:
    """A stretch of text in one mode; `heading` is the line that opened it."""

    start: int
    end: int
    mode: Mode
    heading: str


def spans(text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] at `pattern` (the delimiter stays with the left part)."""
    end = len(text) if end is None else end
    pieces = []
    position = start
    for match in pattern.finditer(text, start, end):
        if match.end() > position:
            pieces.append((position, match.end()))
        position = match.end()
    if position < end:
        pieces.append((position, end))
    return pieces


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return spans(text, _CLAUSE_END, start, end)


def is_heading(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 30 and not re.search(r"\d+(?:\.\d+)?%", stripped)


def sections(text: str, kind: str) -> list[Section]:
    """The text split where a heading switches between targets and results."""
    if kind == "plan":
        initial = Mode.TARGET
    elif kind == "results":
        return [Section(0, len(text), Mode.RESULT, "")]
    else:
        head = text[:300]
        initial = Mode.TARGET if PLAN_TITLE.search(head) and _TARGET_HEADING.search(text) else Mode.RESULT
    found = [Section(0, 0, initial, "")]
    position = 0
    for line in text.split("\n"):
        line_start, position = position, position + len(line) + 1
        heading = line.strip()
        short = heading[:30]
        mode = None
        if _TARGET_HEADING.search(short) and (
            is_heading(heading) or heading.endswith((":", "。")) and len(heading) < 40
        ):
            mode = Mode.TARGET
        elif _RESULT_HEADING.search(short) and (is_heading(heading) or len(heading) < 40):
            mode = Mode.RESULT
        if mode is not None and mode != found[-1].mode:
            found.append(Section(line_start, line_start, mode, heading))
    bounded = []
    for i, section in enumerate(found):
        end = found[i + 1].start if i + 1 < len(found) else len(text)
        if end > section.start or i == len(found) - 1:
            bounded.append(Section(section.start, end, section.mode, section.heading))
    return bounded

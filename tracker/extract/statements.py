"""Targets written without a number: milestones and comparisons of two averages.

Plans state some targets in words only. Two phrase patterns are read here, each only in a
clause with no figure of its own, and each only placed on a catalog indicator of the
matching unit with a high score:

- milestones (unit `boolean`): 通过/完成…验收/评估/认定 (a review passed), 全面实现/成功创建 +
  an object and …整改到位 (something done in full), and 出台/制定/印发/编制/建成 + an object
  (a document issued, a thing built), the last only with a deadline;
- comparisons (unit `ratio`): "X不低于Y" where both sides are averages (平均/生均/人均...),
  read as the ratio X/Y >= 1 (不高于/不超过: <= 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.indicators import Context, IndicatorMatcher, Match

STATEMENT_THRESHOLD = 85.0
_PASSED = re.compile(r"(?:通过|完成)[^,，。;；、:：\n|]{2,40}?(?:验收|评估|认定|督导)+")
# Something done in full: 全面实现…, 成功创建…, …整改到位 (no deadline needed: the sentence's or the plan's).
_DONE = re.compile(r"(?:全面实现|成功创建|创建成功)[^,，。;；、:：\n|]{2,40}|[^,，。;；、:：\n|]{2,30}?整改到位")
_ISSUED = re.compile(r"(?:出台|制定|印发|编制|建成)+(?:《[^》\n]{2,40}》|[^,，。;；、:：《\n|]{2,30})")
_COMPARE = re.compile(
    r"(?P<x>[^,，。;；:：\n|]{2,40}?)(?P<op>不低于|不少于|不高于|不超过)(?P<y>[^,，。;；:：\n|\d%]{2,40})"
)
_AVERAGE = re.compile(r"平均|[生人户]均")
_AT_LEAST = ("不低于", "不少于")


@dataclass(frozen=True)
class Statement:
    """A target or result read from words: where its phrase is and what it says."""

    start: int
    end: int
    match: Match
    kind: str  # "milestone" or "maintain"
    op: str  # "" for a milestone
    value: float | None
    needs_deadline: bool = False


def statements(text: str, start: int, end: int, matcher: IndicatorMatcher) -> list[Statement]:
    """Milestones and comparisons in the clause text[start:end] (a clause without figures)."""
    return _milestones(text, start, end, matcher) + _comparisons(text, start, end, matcher)


def _best(matcher: IndicatorMatcher, words: str, unit: str) -> Match | None:
    ranked = matcher.ranked(Context(words, "", words), (unit,))
    return ranked[0] if ranked and ranked[0].score >= STATEMENT_THRESHOLD else None


def _milestones(text: str, start: int, end: int, matcher: IndicatorMatcher) -> list[Statement]:
    found = []
    for pattern, needs_deadline in ((_PASSED, False), (_DONE, False), (_ISSUED, True)):
        for phrase in pattern.finditer(text, start, end):
            match = _best(matcher, phrase.group(), "boolean")
            if match is not None:
                found.append(Statement(phrase.start(), phrase.end(), match, "milestone", "", None, needs_deadline))
    return found


def _comparisons(text: str, start: int, end: int, matcher: IndicatorMatcher) -> list[Statement]:
    found = []
    for phrase in _COMPARE.finditer(text, start, end):
        left, right = phrase.group("x"), phrase.group("y")
        if not (_AVERAGE.search(left) and _AVERAGE.search(right)):
            continue
        match = _best(matcher, f"{left}与{right}之比", "ratio")
        if match is not None:
            op = ">=" if phrase.group("op") in _AT_LEAST else "<="
            found.append(Statement(phrase.start(), phrase.end(), match, "maintain", op, 1.0))
    return found

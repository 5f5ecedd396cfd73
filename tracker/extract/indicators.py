"""Mapping the words around a figure to an indicator of the catalog.

Every catalog name and alias is normalised like the text (simplified, NFKC). A figure is
scored against each name whose unit fits the figure's unit (人 -> person, % -> percent...)
in three ways, and the best counts: rapidfuzz's partial ratio of the name against the
words just before the figure (less a little for distance) and just after it, and an
IDF-weighted share of the name's characters found in the figure's list item, which
tolerates reordered wording (12所学校...的照明灯 -> 照明灯改造学校).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tracker.extract.standard import stages_in
from tracker.extract.text import simplify_name
from tracker.models import Catalog

_NOISE = "的了和及与在为是将对把等其中"
# Words naming the document's own region: their 市 is not the 市 of 市级 in a name.
# 每个乡镇, 每所学校, 每人: a quantity per unit, which names of totals do not describe.
_PER_UNIT = re.compile(r"每(?:个|一|所|名)?[\u4e00-\u9fff]")
PER_UNIT_BONUS = 8.0
_OWN_REGION = re.compile(r"全市|我市|本市|全县|我县|本县|全区|我区|本区")
# Words between a name and its figure (达到, 提高到, 保持在, 不低于...): not part of the name.
_TRAILING = re.compile(
    r"(?:(?:达到|达|为|提高到|提高至|提升到|提升至|增加到|增长到|保持在|稳定在|保持|稳定|不低于|不少于|"
    r"超过|超|近|约|均|都|分别|力争|确保|争取|要|在|到|至)+|[\d.%年]+)$"
)
ABSENT_PENALTY = 30.0
_NUMERALS = re.compile("[二三四五六七八九]")
MIN_PHRASE_WEIGHT = 8.0
PHRASE_CHARS = 12
MIN_ABSENT_SHARE = 0.25


@dataclass(frozen=True)
class Context:
    """The words around one figure: before it, after it, and its whole list item."""

    left: str
    right: str
    segment: str
    wider: str = ""
    phrase: str | None = None
    """The words that name the figure when not those before it: for 全部纳入…平台, 纳入…平台."""
    stage: str = ""
    """The stage of education its sentence or section heading is about (kindergarten, primary...)."""


@dataclass(frozen=True)
class Match:
    """An indicator chosen for a figure, with its score (0-100) and the name that matched."""

    indicator: str
    score: float
    name: str


@dataclass(frozen=True)
class _Name:
    indicator: str
    text: str
    unit: str
    chars: frozenset[str] = frozenset()  # its characters less the noise words, for the bag score
    weight: float = 0.0  # their IDF weight in all
    stages: frozenset[str] = frozenset()
    numerals: frozenset[str] = frozenset()


class IndicatorMatcher:
    """Scores catalog names against a figure's context; built once per catalog."""

    def __init__(self, catalog: Catalog, threshold: float = 72.0) -> None:
        self.catalog = catalog
        self.threshold = threshold
        self.names: list[_Name] = []
        for indicator_id, entry in catalog.indicators.items():
            for name in dict.fromkeys((entry.name, *entry.aliases)):
                self.names.append(_Name(indicator_id, simplify_name(name).replace(" ", ""), entry.unit))
        frequency = Counter(char for name in self.names for char in set(name.text))
        total = len(self.names)
        self.weight = {char: math.log(1 + total / count) for char, count in frequency.items()}
        self.names = [
            _Name(
                n.indicator,
                n.text,
                n.unit,
                frozenset(c for c in n.text if c not in _NOISE),
                sum(self.weight.get(c, 1.0) for c in {c for c in n.text if c not in _NOISE}),
                frozenset(stages_in(n.text)),
                frozenset(_NUMERALS.findall(n.text)),
            )
            for n in self.names
        ]

    def heads(self, unit: str) -> tuple[set[str], set[str]]:
        """The head words catalog names of `unit` end in: their last two characters, and a
        last character three or more names share (率, 数, 校). A proposed name should end so."""
        names = [n.text for n in self.names if n.unit == unit and len(n.text) >= 2]
        last = Counter(n[-1] for n in names)
        return {n[-2:] for n in names}, {c for c, k in last.items() if k >= 3}

    def unit_of(self, indicator_id: str) -> str:
        return self.catalog.indicators[indicator_id].unit

    def better(self, indicator_id: str) -> str:
        return self.catalog.indicators[indicator_id].better

    def score(self, name: str, context: Context) -> float:
        """How well `name` describes the figure whose context this is (0-100)."""
        left = context.left[-max(len(name) + 8, 14) :]
        scores = [0.0]
        if left:
            scores.append(_aligned(name, left) - _distance_penalty(name, left))
        if context.right:
            scores.append(_aligned(name, context.right[: len(name) + 6]) - 4)
        if context.segment:
            scores.append(0.92 * self._bag(name, context.segment))
        if context.wider:
            scores.append(0.8 * self._bag(name, context.wider))
        return round(max(scores) + self._per_unit(name, context), 1) - (
            12 if len(name) <= 2 else 6 if len(name) == 3 else 0
        )

    def _absent(self, names: list[_Name], left: str) -> dict[str, float]:
        """Penalties for names that lack distinctive characters of the phrase before the figure.

        残疾儿童少年入学率 is not 小学入学率 even though 入学率 aligns: another name of the same
        unit (义务教育阶段残疾儿童入学率) holds the phrase's 残疾儿童, which this one lacks. For
        each name, the rival is the other fitting name that covers most of the phrase (by
        IDF weight); the penalty is the weighted share of the phrase that the rival covers
        and the name does not. Characters no rival has (打造, verbs) cost nothing, so a name
        is only pushed down by a competitor that explains the text better, and only when
        what it lacks is at least a quarter of the phrase (a stray measure word is not).
        """
        bare = _TRAILING.sub("", re.sub(r"[(（][^()（）]*[)）]", "", left))
        phrase = _OWN_REGION.sub("", re.split(r"[、,，;；:：]", bare)[-1])[-PHRASE_CHARS:]
        chars = {c for c in phrase if c in self.weight and c not in _NOISE}
        total = sum(self.weight[c] for c in chars)
        if total < MIN_PHRASE_WEIGHT:
            return {}
        covers = sorted(
            ((sum(self.weight[c] for c in chars if c in name.text), name.text) for name in names), reverse=True
        )
        covers = [c for c in covers if c[0] > 0][:2]
        penalties = {}
        for name in {n.text for n in names}:
            rival = next((text for _, text in covers if text != name), None)
            if rival is None:
                continue
            missing = sum(self.weight[c] for c in chars if c in rival and c not in name) / total
            if missing >= MIN_ABSENT_SHARE:
                penalties[name] = ABSENT_PENALTY * missing
        return penalties

    @staticmethod
    def _per_unit(name: str, context: Context) -> float:
        """A bonus when the name and the text share a per-unit head (每个乡镇1所 -> 每个乡镇...数)."""
        head = _PER_UNIT.search(name)
        return PER_UNIT_BONUS if head and head.group() in context.left + context.segment else 0.0

    def _bag(self, name: str, segment: str) -> float:
        chars = {c for c in name if c not in _NOISE}
        total = sum(self.weight.get(c, 1.0) for c in chars)
        if not total:
            return 0.0
        segment = _OWN_REGION.sub("", segment)
        found = sum(self.weight.get(c, 1.0) for c in chars if c in segment)
        return 100.0 * found / total

    def _scores(self, fitting: list[_Name], context: Context) -> list[float]:
        """`score` for many names at once: the alignments in rapidfuzz's C loops, the bags from
        sets made once per context. The same numbers as `score`, name by name."""
        texts = [name.text for name in fitting]
        best = [0.0] * len(fitting)
        if context.left:
            windows: dict[int, list[int]] = {}
            for i, text in enumerate(texts):
                windows.setdefault(max(len(text) + 8, 14), []).append(i)
            for window, indexes in windows.items():
                left = context.left[-window:]
                for i, aligned in zip(indexes, _aligned_all([texts[i] for i in indexes], left), strict=True):
                    if aligned > best[i] and aligned > 40:
                        aligned -= _distance_penalty(texts[i], left)
                    best[i] = max(best[i], aligned)
        if context.right:
            windows = {}
            for i, text in enumerate(texts):
                windows.setdefault(len(text) + 6, []).append(i)
            for window, indexes in windows.items():
                right = context.right[:window]
                for i, aligned in zip(indexes, _aligned_all([texts[i] for i in indexes], right), strict=True):
                    best[i] = max(best[i], aligned - 4)
        for words, factor in ((context.segment, 0.92), (context.wider, 0.8)):
            if not words:
                continue
            present = set(_OWN_REGION.sub("", words))
            for i, name in enumerate(fitting):
                if name.weight:
                    found = sum(self.weight.get(c, 1.0) for c in name.chars if c in present)
                    best[i] = max(best[i], factor * 100.0 * found / name.weight)
        said = context.left + context.segment
        scores = []
        for i, text in enumerate(texts):
            head = _PER_UNIT.search(text)
            bonus = PER_UNIT_BONUS if head and head.group() in said else 0.0
            scores.append(round(best[i] + bonus, 1) - (12 if len(text) <= 2 else 6 if len(text) == 3 else 0))
        return scores

    def ranked(self, context: Context, units: tuple[str, ...]) -> list[Match]:
        """Every fitting indicator, best first (one entry per indicator)."""
        best: dict[str, Match] = {}
        fitting = [name for name in self.names if not units or name.unit in units]
        absent = self._absent(fitting, context.left if context.phrase is None else context.phrase)
        said = set(_NUMERALS.findall((context.left if context.phrase is None else context.phrase)[-PHRASE_CHARS:]))
        said_stages = stages_in(context.left + context.right + context.segment) if context.stage else set()
        for name, score in zip(fitting, self._scores(fitting, context), strict=True):
            value = score - absent.get(name.text, 0.0)
            if said and name.numerals and not said & name.numerals:
                value -= ABSENT_PENALTY  # 学前三年 is not 学前第四年
            if context.stage and name.stages and context.stage not in name.stages and not name.stages & said_stages:
                value -= ABSENT_PENALTY  # under 二、学前教育, 小学教师… is another stage
            current = best.get(name.indicator)
            if current is None or (value, len(name.text)) > (current.score, len(current.name)):
                best[name.indicator] = Match(name.indicator, value, name.text)
        ties = Counter((m.score, len(m.name)) for m in best.values())

        def order(m: Match) -> tuple[float, int, float]:
            tie = ties[(m.score, len(m.name))] > 1
            return (m.score, len(m.name), _aligned(m.name, context.left) if tie else 0.0)

        return sorted(best.values(), key=order, reverse=True)

    def match(self, context: Context, units: tuple[str, ...]) -> Match | None:
        """The best indicator for a figure, or None when nothing scores above the threshold."""
        ranked = self.ranked(context, units)
        if not ranked or ranked[0].score < self.threshold:
            return None
        return _most_specific(ranked, context, self.threshold)


def _most_specific(ranked: list[Match], context: Context, threshold: float) -> Match:
    """The best match, or a longer name holding it whose extra words the sentence states.

    新建教学楼 and 高中阶段新建教学楼 both fit 新建教学楼1栋; when the sentence says 高中阶段
    (完成高中阶段…项目,新建教学楼1栋), the specific name is meant.
    """
    best = ranked[0]
    wider = context.wider
    if context.right and wider.endswith(context.right):
        wider = wider[: -len(context.right)]  # only words before the figure qualify it
    said = context.segment + wider
    for other in ranked[1:]:
        if other.score < threshold:
            break
        if best.name in other.name and len(other.name) > len(best.name):
            extra = [part for part in other.name.split(best.name) if part]
            if all(part in said for part in extra):
                return other
    return best


def _aligned_all(names: list[str], context: str) -> list[float]:
    """`_aligned` of many names against one text."""
    longer = [i for i, name in enumerate(names) if len(context) >= len(name)]
    shorter = [i for i, name in enumerate(names) if len(context) < len(name)]
    found = [0.0] * len(names)
    if longer:
        matrix = process.cdist([names[i] for i in longer], [context], scorer=fuzz.partial_ratio)
        for row, i in enumerate(longer):
            found[i] = float(matrix[row][0])
    if shorter:
        matrix = process.cdist([names[i] for i in shorter], [context], scorer=fuzz.ratio)
        for row, i in enumerate(shorter):
            found[i] = float(matrix[row][0]) * len(context) / len(names[i])
    return found


def _aligned(name: str, context: str) -> float:
    if len(context) >= len(name):
        return float(fuzz.partial_ratio(name, context))
    return float(fuzz.ratio(name, context)) * len(context) / len(name)


def _distance_penalty(name: str, left: str) -> float:
    """A small penalty when the best alignment of `name` ends far before the figure."""
    if len(left) < len(name):
        return 0.0
    alignment = fuzz.partial_ratio_alignment(name, left)
    if alignment is None:
        return 0.0
    gap = len(left) - alignment.dest_end
    return max(0.0, min(12.0, (gap - 4) * 0.8))

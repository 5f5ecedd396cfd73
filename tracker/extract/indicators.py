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
from typing import Any

import numpy as np
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
TIE_BREAK_FLOOR = 30.0  # names scoring below this are far from any match: their order is not refined
RECENT = 8  # rankings kept: matching a figure and explaining why it did not match ask the same
_NUMERALS = re.compile("[二三四五六七八九]")
# Words that make a kind of school or child a subset: a name without them measures the whole.
_QUALIFIERS = re.compile(r"普惠性|普惠|公办|民办|农村|乡村|城区|城镇|寄宿制|薄弱|随迁|留守|残疾")


def _own_phrase(left: str) -> str:
    """The words naming a figure: the last part of the clause before it, less linking words."""
    bare = _TRAILING.sub("", re.sub(r"[(（][^()（）]*[)）]", "", left))
    return re.split(r"[、,，;；:：]", bare)[-1][-PHRASE_CHARS:]


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


_Window = tuple[int, "np.ndarray[Any, Any]", list[str]]


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
        columns = sorted({c for name in self.names for c in name.chars})
        self._column = {c: i for i, c in enumerate(columns)}
        self._weights = np.zeros((len(self.names), len(columns)))
        for row, known in enumerate(self.names):
            for c in known.chars:
                self._weights[row, self._column[c]] = self.weight.get(c, 1.0)
        self._has = (self._weights > 0).astype(float)
        self._totals = np.array([name.weight for name in self.names])
        self._length_penalty = np.array(
            [12.0 if len(n.text) <= 2 else 6.0 if len(n.text) == 3 else 0.0 for n in self.names]
        )
        self._per_unit_heads = [
            (i, head.group()) for i, n in enumerate(self.names) if (head := _PER_UNIT.search(n.text))
        ]
        self._fitting: dict[tuple[str, ...], list[int]] = {}
        self._recent: dict[tuple[Context, tuple[str, ...]], list[Match]] = {}  # a figure asks twice
        self._window_cache: dict[tuple[int, ...], tuple[list[str], list[_Window], list[_Window]]] = {}

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

    def _present(self, words: str) -> np.ndarray:
        """A 0/1 vector of the catalog characters present in `words`."""
        vector = np.zeros(len(self._column))
        for c in set(words):
            column = self._column.get(c)
            if column is not None:
                vector[column] = 1.0
        return vector

    def _scores(self, rows: list[int], context: Context) -> list[float]:
        """How well each name describes the figure (0-100), for many names at once.

        The best of: rapidfuzz's alignment of the name with the words just before the figure
        (less a little for distance) and just after it (less 4), and an IDF-weighted share of
        the name's characters found in its list item (x 0.92) and in nearby clauses (x 0.8);
        plus PER_UNIT_BONUS for a shared per-unit head (每个乡镇1所 -> 每个乡镇...数), less 12 for
        names of two characters and 6 for three. Alignments run in rapidfuzz's C loops, the
        bags as one matrix product.
        """
        texts, left_windows, right_windows = self._windows(rows)
        best = np.zeros(len(rows))
        has = self._has[rows]
        longest = max(len(text) for text in texts) + 8
        if context.left:
            # a name without a character of the words before the figure aligns with them at 0
            shares = has @ self._present(context.left[-max(longest, 14) :]) > 0
            for window, indexes, names in left_windows:
                keep = np.nonzero(shares[indexes])[0]
                if not len(keep):
                    continue
                left = context.left[-window:]
                kept = [names[k] for k in keep]
                aligned = np.array(_aligned_all(kept, left))
                for k in np.nonzero(aligned > 40)[0]:
                    aligned[k] -= _distance_penalty(kept[k], left)
                best[indexes[keep]] = np.maximum(best[indexes[keep]], aligned)
        if context.right:
            shares = has @ self._present(context.right[:longest]) > 0
            for window, indexes, names in right_windows:
                keep = np.nonzero(shares[indexes])[0]
                if not len(keep):
                    continue
                aligned = np.array(_aligned_all([names[k] for k in keep], context.right[:window]))
                best[indexes[keep]] = np.maximum(best[indexes[keep]], aligned - 4)
        totals = self._totals[rows]
        safe = np.where(totals > 0, totals, 1.0)
        for words, factor in ((context.segment, 0.92), (context.wider, 0.8)):
            if words:
                found = self._weights[rows] @ self._present(_OWN_REGION.sub("", words))
                best = np.maximum(best, np.where(totals > 0, factor * 100.0 * found / safe, 0.0))
        said = context.left + context.segment
        position = {row: i for i, row in enumerate(rows)}
        for row, head in self._per_unit_heads:
            if row in position and head in said:
                best[position[row]] += PER_UNIT_BONUS
        penalty = self._length_penalty[rows]
        return [round(float(value), 1) - float(cut) for value, cut in zip(best, penalty, strict=True)]

    def _windows(self, rows: list[int]) -> tuple[list[str], list[_Window], list[_Window]]:
        """The names of `rows` grouped by the length of text each is aligned with (made once)."""
        key = tuple(rows)
        found = self._window_cache.get(key)
        if found is None:
            texts = [self.names[i].text for i in rows]
            groups: list[list[_Window]] = []
            for extra, least in ((8, 14), (6, 0)):
                by: dict[int, list[int]] = {}
                for i, text in enumerate(texts):
                    by.setdefault(max(len(text) + extra, least), []).append(i)
                groups.append([(w, np.array(ix), [texts[i] for i in ix]) for w, ix in by.items()])
            found = (texts, groups[0], groups[1])
            self._window_cache[key] = found
        return found

    def _absent_vector(self, rows: list[int], left: str) -> np.ndarray:
        """Penalties for the names of `rows` that lack distinctive characters of the phrase before the figure.

        残疾儿童少年入学率 is not 小学入学率 even though 入学率 aligns: another name of the same
        unit (义务教育阶段残疾儿童入学率) holds the phrase's 残疾儿童, which this one lacks. For
        each name, the rival is the other fitting name that covers most of the phrase (by
        IDF weight); the penalty is the weighted share of the phrase that the rival covers
        and the name does not. Characters no rival has (打造, verbs) cost nothing, so a name
        is only pushed down by a competitor that explains the text better, and only when
        what it lacks is at least a quarter of the phrase (a stray measure word is not).
        """
        penalties = np.zeros(len(rows))
        bare = _TRAILING.sub("", re.sub(r"[(（][^()（）]*[)）]", "", left))
        phrase = _OWN_REGION.sub("", re.split(r"[、,，;；:：]", bare)[-1])[-PHRASE_CHARS:]
        chars = {c for c in phrase if c in self.weight and c not in _NOISE}
        total = sum(self.weight[c] for c in chars)
        if total < MIN_PHRASE_WEIGHT:
            return penalties
        phrase_weights = np.zeros(len(self._column))
        for c in chars:
            if c in self._column:
                phrase_weights[self._column[c]] = self.weight[c]
        has = self._has[rows]
        covers = has @ phrase_weights
        texts = [self.names[i].text for i in rows]
        ranked = sorted(((covers[i], texts[i], i) for i in range(len(rows)) if covers[i] > 0), reverse=True)[:2]
        for rival_cover, rival_text, rival in ranked[:2]:
            held = phrase_weights * has[rival]
            missing = (held.sum() - has @ held) / total
            others = np.array([text != rival_text for text in texts])
            if rival is ranked[0][2]:
                use = others
            else:
                use = np.array([text == ranked[0][1] for text in texts])
            penalties = np.where(use & (missing >= MIN_ABSENT_SHARE), ABSENT_PENALTY * missing, penalties)
            del rival_cover
        return penalties

    def ranked(self, context: Context, units: tuple[str, ...]) -> list[Match]:
        """Every fitting indicator, best first (one entry per indicator)."""
        key = (context, units)
        if key not in self._recent:
            if len(self._recent) >= RECENT:
                self._recent.pop(next(iter(self._recent)))
            self._recent[key] = self._ranked(context, units)
        return self._recent[key]

    def _ranked(self, context: Context, units: tuple[str, ...]) -> list[Match]:
        rows = self._fitting.get(units)
        if rows is None:
            rows = [i for i, name in enumerate(self.names) if not units or name.unit in units]
            self._fitting[units] = rows
        if not rows:
            return []
        phrase = context.left if context.phrase is None else context.phrase
        absent = self._absent_vector(rows, phrase)
        said = set(_NUMERALS.findall(phrase[-PHRASE_CHARS:]))
        own = _own_phrase(phrase)
        qualified = _QUALIFIERS.findall(own)
        said_stages = stages_in(context.left + context.right + context.segment) if context.stage else set()
        best: dict[str, Match] = {}
        for row, score, lacking in zip(rows, self._scores(rows, context), absent, strict=True):
            name = self.names[row]
            value = score - float(lacking)
            if said and name.numerals and not said & name.numerals:
                value -= ABSENT_PENALTY  # 学前三年 is not 学前第四年
            if qualified and any(q + name.text.removesuffix("数") in own for q in qualified):
                value -= ABSENT_PENALTY  # 普惠性幼儿园4747所 is not 幼儿园数: a part, not the whole
            if context.stage and name.stages and context.stage not in name.stages and not name.stages & said_stages:
                value -= ABSENT_PENALTY  # under 二、学前教育, 小学教师… is another stage
            current = best.get(name.indicator)
            if current is None or (value, len(name.text)) > (current.score, len(current.name)):
                best[name.indicator] = Match(name.indicator, value, name.text)
        ties = Counter((m.score, len(m.name)) for m in best.values())

        def order(m: Match) -> tuple[float, int, float]:
            tie = ties[(m.score, len(m.name))] > 1 and m.score >= TIE_BREAK_FLOOR
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

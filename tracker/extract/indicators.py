"""Mapping the words around a figure to an indicator of the catalog.

Every catalog name and alias is normalised like the text (simplified, NFKC). A figure is
scored against each name whose unit fits the figure's unit (人 -> person, % -> percent...)
in three ways, and the best counts: rapidfuzz's partial ratio of the name against the
words just before the figure (less a little for distance) and just after it, and an
IDF-weighted share of the name's characters found in the figure's list item, which
tolerates reordered wording (28所学校...的健康灯 -> 健康灯改造学校).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from tracker.extract.text import simplify_name
from tracker.models import Catalog

_NOISE = "的了和及与在为是将对把等其中"
# Words naming the document's own region: their 市 is not the 市 of 市级 in a name.
# 每个乡镇, 每所学校, 每人: a quantity per unit, which names of totals do not describe.
_PER_UNIT = re.compile(r"每(?:个|一|所|名)?[\u4e00-\u9fff]")
PER_UNIT_BONUS = 8.0
_OWN_REGION = re.compile(r"全市|我市|本市|全县|我县|本县|全区|我区|本区")


@dataclass(frozen=True)
class Context:
    """The words around one figure: before it, after it, and its whole list item."""

    left: str
    right: str
    segment: str
    wider: str = ""


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

    def ranked(self, context: Context, units: tuple[str, ...]) -> list[Match]:
        """Every fitting indicator, best first (one entry per indicator)."""
        best: dict[str, Match] = {}
        for name in self.names:
            if units and name.unit not in units:
                continue
            value = self.score(name.text, context)
            current = best.get(name.indicator)
            if current is None or (value, len(name.text)) > (current.score, len(current.name)):
                best[name.indicator] = Match(name.indicator, value, name.text)
        return sorted(best.values(), key=lambda m: (m.score, len(m.name), _aligned(m.name, context.left)), reverse=True)

    def match(self, context: Context, units: tuple[str, ...]) -> Match | None:
        """The best indicator for a figure, or None when nothing scores above the threshold."""
        ranked = self.ranked(context, units)
        if ranked and ranked[0].score >= self.threshold:
            return ranked[0]
        return None


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

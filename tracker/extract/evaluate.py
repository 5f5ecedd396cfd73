"""Scoring extraction against the hand-encoded data: recall and precision per document.

A gold item belongs to a seed when its quote appears verbatim in the seed. Figures match
on (indicator, year, value, qualifier), targets on (indicator, operator, value, by). The
region is not part of these keys; it is scored on its own: a drafted item has the right
region when it equals the region of the gold item it matches (of the seed's most common
gold region for an item that matches none). Items drafted on proposed indicators
(indicators.draft.yaml) can match no gold id: they are counted apart and left out of
precision, which measures the items drafted on catalog indicators.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from tracker.extract import ExtractOptions, extract, load_matcher
from tracker.numbers import canonical_number

FigureKey = tuple[str, str, str, str]
TargetKey = tuple[str, str, str, int]


@dataclass(frozen=True)
class Score:
    """Recall and precision of one document."""

    document: str
    gold_targets: int
    found_targets: int
    drafted_targets: int
    gold_figures: int
    found_figures: int
    drafted_figures: int
    correct_targets: int
    correct_figures: int
    region_right: int = 0
    proposed: int = 0

    @property
    def target_recall(self) -> float | None:
        return self.found_targets / self.gold_targets if self.gold_targets else None

    @property
    def figure_recall(self) -> float | None:
        return self.found_figures / self.gold_figures if self.gold_figures else None

    @property
    def precision(self) -> float | None:
        drafted = self.drafted_targets + self.drafted_figures
        return (self.correct_targets + self.correct_figures) / drafted if drafted else None


def _number(value: float | str) -> str:
    return canonical_number(float(value))


def gold_figures(data: Path, source: str) -> dict[FigureKey, str]:
    """Hand-encoded actual rows whose quote is in `source`, each with its region."""
    keys = {}
    for path in sorted((data / "actuals").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["quote"] and row["quote"] in source:
                    key = (row["indicator"], row["year"], _number(row["value"]), row["qualifier"] or "")
                    keys[key] = row["region"]
    return keys


def gold_targets(data: Path, source: str) -> dict[TargetKey, str]:
    """Hand-encoded plan targets whose quote is in `source`, each with its plan's region."""
    keys = {}
    for path in sorted((data / "plans").glob("*.yaml")):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        for target in plan.get("targets", []):
            if target.get("quote") and target["quote"] in source:
                op, value = _op_value(target.get("target"))
                keys[(target["indicator"], op, value, int(target.get("by") or plan["period"]["end"]))] = plan["region"]
    return keys


def _op_value(text: object) -> tuple[str, str]:
    if text is None:
        return "", ""
    parts = str(text).split()
    if len(parts) == 2:
        return parts[0], _number(parts[1])
    return ">=", _number(parts[0])


def evaluate(seeds: list[Path], data: Path) -> tuple[list[Score], dict[str, dict[str, set[tuple[object, ...]]]]]:
    """Extract every seed and score it; also return the misses and the extras per seed."""
    matcher = load_matcher(data)
    result = extract(seeds, ExtractOptions(data=data), matcher)
    scores = []
    details: dict[str, dict[str, set[tuple[object, ...]]]] = {}
    for path, draft in zip(seeds, result.documents, strict=True):
        source = path.read_text(encoding="utf-8")
        gold_f_regions, gold_t_regions = gold_figures(data, source), gold_targets(data, source)
        gold_f, gold_t = set(gold_f_regions), set(gold_t_regions)
        drafted_f = {
            (f.indicator, f.year, _number(f.value), f.qualifier): f.region or draft.region
            for f in draft.figures
            if not f.proposed
        }
        drafted_t = {
            (t.indicator, t.op if t.value is not None else "", _number(t.value) if t.value is not None else "", t.by)
            for t in draft.targets
            if not t.proposed
        }
        proposed = sum(f.proposed for f in draft.figures) + sum(t.proposed for t in draft.targets)
        regions = [*gold_f_regions.values(), *gold_t_regions.values()]
        usual = max(set(regions), key=regions.count) if regions else ""
        region_right = sum(region == gold_f_regions.get(key, usual) for key, region in drafted_f.items())
        region_right += sum(draft.region == gold_t_regions.get(key, usual) for key in drafted_t)
        scores.append(
            Score(
                path.name,
                len(gold_t),
                len(gold_t & drafted_t),
                len(drafted_t),
                len(gold_f),
                len(gold_f & set(drafted_f)),
                len(drafted_f),
                len(drafted_t & gold_t),
                len(set(drafted_f) & gold_f),
                region_right,
                proposed,
            )
        )
        details[path.name] = {
            "missed": set(gold_f - set(drafted_f)) | set(gold_t - drafted_t),
            "extra": set(set(drafted_f) - gold_f) | set(drafted_t - gold_t),
        }
    return scores, details


def table(scores: list[Score]) -> str:
    """The scores as a Markdown table."""

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.0f}%"

    lines = [
        "| document | targets found/gold | target recall | figures found/gold | figure recall | precision "
        "| region right/drafted | on proposed indicators |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.document} | {s.found_targets}/{s.gold_targets} | {pct(s.target_recall)} | "
            f"{s.found_figures}/{s.gold_figures} | {pct(s.figure_recall)} | {pct(s.precision)} | "
            f"{s.region_right}/{s.drafted_targets + s.drafted_figures} | {s.proposed} |"
        )
    return "\n".join(lines)

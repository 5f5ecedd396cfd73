"""Scoring extraction against the hand-encoded data: recall and precision per document.

Two kinds of gold. The seeds' gold is the bundled data: a gold item belongs to a seed when
its quote appears verbatim in the seed. The new test documents (tests/extract/) each have
their own gold files, `gold/<document>.csv` and `gold/<document>.yaml`, and are extracted
against the bundled catalog plus the analyst's additions (`tests/extract/indicators.yaml`).

Figures match on (indicator, year, value, qualifier), targets on (indicator, operator,
value, by). The region is not part of these keys; it is scored on its own: a drafted item
has the right region when it equals the region of the gold item it matches (of the
document's most common gold region for an item that matches none). Items drafted on
indicators proposed for one document (`proposed_<slug>_<offset>` in indicators.draft.yaml)
can match no gold id: they are counted apart and left out of `precision`, which measures
the items drafted on catalog (or standard) indicators; `strict_precision` counts them as
not right.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from tracker.extract import DocumentDraft, ExtractOptions, extract, load_matcher
from tracker.extract.indicators import IndicatorMatcher
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
    def strict_precision(self) -> float | None:
        """The share of every drafted item that matches a gold one (ad-hoc proposals count as wrong)."""
        drafted = self.drafted_targets + self.drafted_figures + self.proposed
        return (self.correct_targets + self.correct_figures) / drafted if drafted else None

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


Details = dict[str, dict[str, set[tuple[object, ...]]]]


def evaluate(seeds: list[Path], data: Path) -> tuple[list[Score], Details]:
    """Extract every seed and score it against the bundled data; also return the misses and the extras."""
    matcher = load_matcher(data)
    result = extract(seeds, ExtractOptions(data=data), matcher)
    scores: list[Score] = []
    details: Details = {}
    for path, draft in zip(seeds, result.documents, strict=True):
        source = path.read_text(encoding="utf-8")
        score, found = score_document(path.name, draft, gold_figures(data, source), gold_targets(data, source))
        scores.append(score)
        details[path.name] = found
    return scores, details


def evaluate_documents(documents: list[Path], gold: Path, matcher: IndicatorMatcher) -> tuple[list[Score], Details]:
    """Extract documents that have their own gold files (gold/<stem>.csv, gold/<stem>.yaml) and score them."""
    result = extract(documents, ExtractOptions(), matcher)
    scores: list[Score] = []
    details: Details = {}
    for path, draft in zip(documents, result.documents, strict=True):
        figures, targets = document_gold(gold, path.stem)
        score, found = score_document(path.name, draft, figures, targets)
        scores.append(score)
        details[path.name] = found
    return scores, details


def document_gold(gold: Path, stem: str) -> tuple[dict[FigureKey, str], dict[TargetKey, str]]:
    """The gold figures and targets of one new test document, each with its region."""
    figures: dict[FigureKey, str] = {}
    csv_path, plan_path = gold / f"{stem}.csv", gold / f"{stem}.yaml"
    if csv_path.is_file():
        with csv_path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["indicator"], row["year"], _number(row["value"]), row["qualifier"] or "")
                figures[key] = row["region"]
    targets: dict[TargetKey, str] = {}
    if plan_path.is_file():
        plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
        for target in plan.get("targets", []):
            op, value = _op_value(target.get("target"))
            targets[(target["indicator"], op, value, int(target.get("by") or plan["period"]["end"]))] = plan["region"]
    return figures, targets


def catalog_with(data: Path, *extra: Path) -> IndicatorMatcher:
    """The matcher of a data root's catalog with the entries of more catalog files added."""
    from tracker.models import Catalog

    entries: dict[str, object] = {}
    for path in (data / "indicators.yaml", *extra):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries.update(loaded["indicators"])
    return IndicatorMatcher(Catalog.model_validate({"indicators": entries}))


def _ad_hoc(indicator: str) -> bool:
    """An indicator proposed for one document only (its id names the document and an offset)."""
    return indicator.startswith("proposed_")


def score_document(
    name: str, draft: DocumentDraft, gold_f_regions: dict[FigureKey, str], gold_t_regions: dict[TargetKey, str]
) -> tuple[Score, dict[str, set[tuple[object, ...]]]]:
    """Recall, precision and regions of one document's drafts against its gold items."""
    gold_f, gold_t = set(gold_f_regions), set(gold_t_regions)
    drafted_f = {
        (f.indicator, f.year, _number(f.value), f.qualifier): f.region or draft.region or "unknown"
        for f in draft.figures
        if not _ad_hoc(f.indicator)
    }
    drafted_t = {
        (t.indicator, t.op if t.value is not None else "", _number(t.value) if t.value is not None else "", t.by)
        for t in draft.targets
        if not _ad_hoc(t.indicator)
    }
    proposed = sum(_ad_hoc(f.indicator) for f in draft.figures) + sum(_ad_hoc(t.indicator) for t in draft.targets)
    regions = [*gold_f_regions.values(), *gold_t_regions.values()]
    usual = max(set(regions), key=regions.count) if regions else ""
    region_right = sum(region == gold_f_regions.get(key, usual) for key, region in drafted_f.items())
    region_right += sum((draft.region or "unknown") == gold_t_regions.get(key, usual) for key in drafted_t)
    score = Score(
        name,
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
    found: dict[str, set[tuple[object, ...]]] = {
        "missed": set(gold_f - set(drafted_f)) | set(gold_t - drafted_t),
        "extra": set(set(drafted_f) - gold_f) | set(drafted_t - gold_t),
    }
    return score, found


def total(scores: list[Score], name: str) -> Score:
    """One row adding up every document's counts."""
    fields = (
        "gold_targets",
        "found_targets",
        "drafted_targets",
        "gold_figures",
        "found_figures",
        "drafted_figures",
        "correct_targets",
        "correct_figures",
        "region_right",
        "proposed",
    )
    sums = [sum(getattr(s, f) for s in scores) for f in fields]
    return Score(name, *sums)


def table(scores: list[Score]) -> str:
    """The scores as a Markdown table."""

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.0f}%"

    lines = [
        "| document | targets found/gold | target recall | figures found/gold | figure recall | precision "
        "| strict precision | region right/drafted | on proposed indicators |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.document} | {s.found_targets}/{s.gold_targets} | {pct(s.target_recall)} | "
            f"{s.found_figures}/{s.gold_figures} | {pct(s.figure_recall)} | {pct(s.precision)} | "
            f"{pct(s.strict_precision)} | {s.region_right}/{s.drafted_targets + s.drafted_figures} | {s.proposed} |"
        )
    return "\n".join(lines)

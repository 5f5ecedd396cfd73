"""`tracker extract` on the five seed documents, scored against the bundled data.

Skipped when the seeds are absent ($TRACKER_SEEDS or ../shared/seeds next to the repo).
The issue's bar (target recall >= 90%, figure recall >= 85%, precision >= 85% on every
seed) is not met yet on every seed; these floors guard the measured level against
regressions and are raised as the extractor improves (docs/extract.md has the table).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("TRACKER_SEEDS", ROOT.parent / "shared" / "seeds"))
FLOOR_TARGET_RECALL = 0.70
FLOOR_FIGURE_RECALL = 0.75
FLOOR_PRECISION = 0.85

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir() or not (ROOT / "indicators.yaml").is_file(), reason="seeds or bundled data absent"
)


def test_seeds_score_at_least_the_floor() -> None:
    from tracker.extract.evaluate import evaluate

    seeds = sorted(SEEDS.glob("[0-9]*.txt"))
    started = time.perf_counter()
    scores, _ = evaluate(seeds, ROOT)
    assert time.perf_counter() - started < len(seeds) * 1.0
    for score in scores:
        if score.target_recall is not None:
            assert score.target_recall >= FLOOR_TARGET_RECALL, score
        assert score.figure_recall is not None and score.figure_recall >= FLOOR_FIGURE_RECALL, score
        assert score.precision is not None and score.precision >= FLOOR_PRECISION, score

"""Run `tracker extract` on the seed documents and score it against the bundled data.

    python scripts/extract_eval.py [--seeds DIR] [--data DIR] [--details]

Seeds default to $TRACKER_SEEDS or ../shared/seeds next to the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.extract.evaluate import evaluate, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default_seeds = Path(os.environ.get("TRACKER_SEEDS", ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--seeds", type=Path, default=default_seeds)
    parser.add_argument("--data", type=Path, default=ROOT)
    parser.add_argument("--details", action="store_true", help="list missed and extra items")
    args = parser.parse_args()
    seeds = sorted(args.seeds.glob("[0-9]*.txt"))
    started = time.perf_counter()
    scores, details = evaluate(seeds, args.data)
    elapsed = time.perf_counter() - started
    print(table(scores))
    print(f"\n{len(seeds)} documents in {elapsed:.2f} s ({elapsed / max(1, len(seeds)):.2f} s per document)")
    if args.details:
        for name, found in details.items():
            print(f"\n## {name}")
            for kind in ("missed", "extra"):
                for item in sorted(found[kind], key=str):
                    print(f"  {kind}: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

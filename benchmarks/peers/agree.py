"""How far a peer's level-target statuses agree with tracker's, and why they differ.

    python benchmarks/peers/agree.py STATUS.json PEER.csv

STATUS.json is `tracker status --json` of the same data root and year; PEER.csv what a
peer script wrote with --out. Prints a JSON summary: level targets compared, how many
agree, and each disagreement counted by its cause, read off tracker's latest figure:

- `qualifier`: tracker's figure carries a qualifier (>=, ~, near, plus, or a worded value
  such as 超92%) and so is an interval; the peer ignores qualifiers or drops such values;
- `conflict`: tracker found conflicting reports for the deciding year (indeterminate);
  the peer kept the larger one;
- `worded baseline`: the baseline's year was reported in words (近90.2%), which tracker
  reads as a figure and the peer drops, so the peer has no baseline (indeterminate);
- `other`: anything else (there should be none).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def agreement(status_json: Path, peer_csv: Path) -> dict[str, Any]:
    document = json.loads(status_json.read_text(encoding="utf-8"))
    ours = {(t["plan"], t["target"]): t for t in document["targets"] if t["kind"] == "level"}
    with open(peer_csv, encoding="utf-8", newline="") as file:
        theirs = {(row["plan"], row["target"]): row for row in csv.DictReader(file)}
    causes: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for key, target in ours.items():
        peer = theirs.get(key)
        if peer is not None and peer["status"] == target["status"]:
            continue
        latest = target["latest"] or {}
        if peer is None:
            cause = "missing in the peer"
        elif latest.get("qualifier") not in (None, "="):
            cause = "qualifier"
        elif target["status"] == "indeterminate" and target["ratio"] is None and latest:
            cause = "conflict"
        elif peer["status"] == "indeterminate" and target["ratio"] is not None:
            cause = "worded baseline"
        else:
            cause = "other"
        causes[cause] += 1
        pairs[f"{target['status']} -> {peer['status'] if peer else '-'}"] += 1
        examples.setdefault(cause, "/".join(key))
    return {
        "level_targets": len(ours),
        "peer_rows": len(theirs),
        "agree": len(ours) - sum(causes.values()),
        "differ": sum(causes.values()),
        "causes": dict(causes.most_common()),
        "tracker -> peer": dict(pairs.most_common()),
        "example": examples,
    }


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    print(json.dumps(agreement(Path(args[0]), Path(args[1])), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time `tracker validate` as the number of regions without a plan grows (issue 18: near-linear).

    python benchmarks/regions.py                              # 1,000 to 300,000 regions, 3 runs each
    python benchmarks/regions.py --sizes 1000,10000 --repeat 1
    python benchmarks/regions.py --tracker-path /tmp/old      # time another checkout of tracker

Each data root has 100 county plans and one figure for each of N regions that no plan has
(national and provincial figures, other counties: rows a data root keeps for comparison),
ten of them nearly matching a plan's region (`吉林省示例1县`, `示例2`: TRK328), which the
check for near-miss names must find among all the others. `tracker validate` runs in a
fresh process; the script prints the median wall time per size, and the time per region,
which stays flat when the work grows linearly.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLANS = 100
NEAR_MISSES = 10

CATALOG = """indicators:
  preschool_gross_enrolment_rate:
    name: 学前教育毛入园率
    name_en: Preschool gross enrolment rate
    unit: percent
    better: higher
"""


def write_root(root: Path, regions: int) -> Path:
    """A data root with PLANS plans and one row for each of `regions` regions without a plan."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "actuals").mkdir(exist_ok=True)
    (root / "indicators.yaml").write_text(CATALOG, encoding="utf-8")
    for k in range(PLANS):
        (root / "plans" / f"county-{k}.yaml").write_text(
            f"id: county-{k}\ntitle: 示例{k}县规划\nregion: 示例{k}县\nperiod: {{start: 2021, end: 2025}}\n"
            "targets:\n  - id: preschool\n    indicator: preschool_gross_enrolment_rate\n"
            '    target: ">= 95"\n    baseline: {year: 2020, value: 90}\n',
            encoding="utf-8",
        )
    with (root / "actuals" / "figures.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["region", "indicator", "year", "value"])
        for k in range(PLANS):
            writer.writerow([f"示例{k}县", "preschool_gross_enrolment_rate", 2022, 92])
        for i in range(regions - NEAR_MISSES):
            writer.writerow([f"地区{i}", "preschool_gross_enrolment_rate", 2022, 90 + i % 10])
        for k in range(NEAR_MISSES):
            name = f"吉林省示例{k}县" if k % 2 else f"示例{k}"
            writer.writerow([name, "preschool_gross_enrolment_rate", 2022, 91])
    return root


def time_validate(root: Path, tracker_path: Path) -> tuple[float, list[str]]:
    """Wall time of `python -m tracker validate --data ROOT`, and the lines it printed."""
    env = dict(os.environ, PYTHONPATH=str(tracker_path), NO_COLOR="1")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "validate", "--data", str(root.resolve())],
        capture_output=True,
        text=True,
        env=env,
        cwd=tracker_path,  # `-m` puts the current folder first on the path
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"validate failed ({done.returncode}): {done.stderr}")
    return elapsed, done.stdout.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,300000", help="regions without a plan, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data" / "regions")
    parser.add_argument("--tracker-path", type=Path, default=REPO, help="the checkout whose tracker is timed")
    args = parser.parse_args()
    print("| regions without a plan | rows | validate s (median) | µs per region | TRK328 found |")
    print("|---:|---:|---:|---:|---:|")
    for size in (int(part) for part in args.sizes.split(",")):
        root = write_root(args.data_dir / f"regions-{size}", size)
        runs = [time_validate(root, args.tracker_path) for _ in range(args.repeat)]
        median = statistics.median(elapsed for elapsed, _ in runs)
        found = sum("TRK328" in line for line in runs[0][1])
        print(f"| {size:,} | {size + PLANS:,} | {median:.2f} | {median / size * 1e6:.1f} | {found} |")


if __name__ == "__main__":
    main()

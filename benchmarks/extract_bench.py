"""Time `tracker extract` on long texts: does the time grow in proportion to the text?

    python benchmarks/extract_bench.py                       # 0.1, 0.35, 1.4, 3.9 and 7.2 MB, 3 runs each
    python benchmarks/extract_bench.py --sizes 0.1 --repeat 1  # a quick look

Each text is made by repeating the project's test documents (tests/extract/documents/dev)
with every number changed from one copy to the next (so no two copies read alike to a
cache), up to the size in megabytes of UTF-8. Each run is `python -m tracker extract FILE
--out DIR` in a fresh process against the bundled catalog; the table gives the median wall
time, the median CPU time (user + system, steadier on a shared machine), the CPU time per
megabyte (flat when the growth is linear), the peak memory and the exit codes.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DOCUMENTS = REPO / "tests" / "extract" / "documents" / "dev"


def _shift(found: re.Match[str], copy: int) -> str:
    return f"{found.group(1)}.{(int(found.group(2)) + copy) % 97:02d}"


def make_text(megabytes: float) -> str:
    """Test documents repeated, each copy with its numbers shifted, to `megabytes` of UTF-8."""
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.glob("*.txt")))
    target = int(megabytes * 1_000_000)
    pieces: list[str] = []
    size = 0
    copy = 0
    while size < target:
        copy += 1
        shifted = re.sub(r"(?<![\d.])(\d+)\.(\d+)", functools.partial(_shift, copy=copy), base)
        pieces.append(shifted)
        size += len(shifted.encode("utf-8")) + 2
    text = "\n\n".join(pieces)
    return text.encode("utf-8")[:target].decode("utf-8", "ignore")


def run_once(path: Path, out: Path) -> tuple[float, float, int, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "extract", str(path), "--data", str(REPO), "--out", str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.35, 1.4, 3.9, 7.2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the measurements as JSON")
    args = parser.parse_args()
    rows = []
    print("| size | wall | CPU | CPU per MB | peak memory | exit |\n|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"text-{size}.txt"
            path.write_text(make_text(size), encoding="utf-8")
            runs = [run_once(path, Path(folder) / f"out-{size}-{i}") for i in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[3] for r in runs)
            rows.append(
                {
                    "megabytes": size,
                    "wall_s": round(wall, 2),
                    "cpu_s": round(cpu, 2),
                    "cpu_s_per_mb": round(cpu / size, 2),
                    "peak_mb": round(max(r[1] for r in runs)),
                    "exit": sorted({r[2] for r in runs}),
                }
            )
            print(
                f"| {size} MB | {wall:.2f} s | {cpu:.2f} s | {cpu / size:.1f} s/MB | {rows[-1]['peak_mb']} MB "
                f"| {rows[-1]['exit']} |"
            )
    machine = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"\n{machine}; medians of {args.repeat}")
    if args.out:
        args.out.write_text(json.dumps({"machine": machine, "rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

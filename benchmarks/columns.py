"""Time against the number of CSV columns: reading a data root whose CSV has many columns.

    python benchmarks/columns.py                 # table; --json FILE to keep the numbers
    python benchmarks/columns.py --repeat 7

Two measures, each the median of `--repeat` runs in this process:

* `read`: `tracker.dataroot.read_data_root` (what `validate`, `status` and `check` do first)
  on a copy of tests/fixtures/valid plus one CSV of ROWS rows and N columns (the four
  required ones and N - 4 others, each warned about, TRK316), for N up to the limit
  `tracker.limits.MAX_CSV_COLUMNS`;
* `header`: the header check alone (`tracker.csvfiles._header`) for N far beyond the limit
  (the limit lifted for the measure), where a quadratic header check showed first.

Near-linear means the time per column stays about the same as N grows: the last column of
the table. Not a test: nothing here asserts a time (tests/test_benchmarks.py runs it once,
small, to keep it working).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tracker import csvfiles  # noqa: E402
from tracker.dataroot import read_data_root  # noqa: E402

VALID = REPO / "tests" / "fixtures" / "valid"
KNOWN = "region,indicator,year,value"  # the optional columns absent, as in many exports
READ_COLUMNS = (8, 125, 250, 500, 1000)
HEADER_COLUMNS = (1_000, 10_000, 100_000)
ROWS = 2_000


def wide_root(folder: Path, columns: int, rows: int) -> Path:
    """tests/fixtures/valid and actuals/wide.csv with `columns` columns and `rows` rows."""
    root = folder / f"root-{columns}"
    shutil.copytree(VALID, root)
    extra = columns - 4
    header = KNOWN + "".join(f",extra{i}" for i in range(extra))
    row = "区{i},dropout_rate,{year},{value}" + ",x" * extra
    lines = [header] + [row.format(i=i, year=2000 + i % 25, value=i % 97) for i in range(rows)]
    (root / "actuals" / "wide.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(
    repeat: int, rows: int, read_columns: tuple[int, ...], header_columns: tuple[int, ...]
) -> dict[str, dict[int, float]]:
    """Seconds by number of columns: `read` (the data root) and `header` (the header check alone)."""
    read: dict[int, float] = {}
    header_times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for columns in read_columns:
            root = wide_root(Path(folder), columns, rows)
            dataset, problems = read_data_root(root)
            assert dataset is not None and len(dataset.actuals) >= rows, problems[:3]
            read[columns] = median_seconds(lambda root=root: read_data_root(root), repeat)
    limit = getattr(csvfiles, "MAX_CSV_COLUMNS", None)
    if limit is not None:
        csvfiles.MAX_CSV_COLUMNS = 10**9  # lifted for the measure
    try:
        for columns in header_columns:
            header = KNOWN + "".join(f",extra{i}" for i in range(columns - 4))
            header_times[columns] = median_seconds(lambda header=header: csvfiles._header(header, "wide.csv"), repeat)
    finally:
        if limit is not None:
            csvfiles.MAX_CSV_COLUMNS = limit
    return {"read": read, "header": header_times}


def table(results: dict[str, dict[int, float]], rows: int, repeat: int) -> str:
    lines = [
        f"read_data_root, {rows:,} rows (median of {repeat})",
        "| columns | seconds | ms per 100 columns |",
        "|---:|---:|---:|",
    ]
    for columns, seconds in results["read"].items():
        lines.append(f"| {columns:,} | {seconds:.3f} | {1000 * seconds / columns * 100:.2f} |")
    lines += ["", "header check alone", "| columns | seconds | µs per column |", "|---:|---:|---:|"]
    for columns, seconds in results["header"].items():
        lines.append(f"| {columns:,} | {seconds:.4f} | {1e6 * seconds / columns:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--small", action="store_true", help="a quick run (CI): few columns and rows")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    repeat, rows = (1, 50) if args.small else (args.repeat, args.rows)
    if args.small:
        results = measure(repeat, rows, (8, 50), (1_000,))
    else:
        results = measure(repeat, rows, READ_COLUMNS, HEADER_COLUMNS)
    print(table(results, rows, repeat))
    if args.json:
        document = {"rows": rows, "repeat": repeat, **results}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

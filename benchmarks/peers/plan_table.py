"""Table a data root's plans once, for the peer scripts: targets.parquet and indicator_names.csv.

    python benchmarks/peers/plan_table.py ROOT --out DIR

This is the "already tabled plan set" the peers start from: one row per target, as
tracker reads it (indicator ids resolved, the target's operator and number parsed, the
deadline filled in), and the catalog's names and aliases beside their ids, so that a peer
can map the rows of `actuals/` that name an indicator in Chinese. Needs polars (the
`bench` extra) to write Parquet.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # this checkout's tracker

from tracker import dataroot, plans  # noqa: E402

COLUMNS = {
    "plan": str,
    "target": str,
    "region": str,
    "region_code": str,
    "indicator": str,
    "kind": str,
    "op": str,
    "value": float,
    "step": float,
    "by": int,
    "baseline_year": int,
    "baseline_value": float,
}


def table(root: Path, out: Path) -> int:
    """Write out/targets.parquet and out/indicator_names.csv; the number of targets."""
    import polars as pl

    indicators, problems = plans.read_catalog(root / dataroot.CATALOG_FILE, dataroot.CATALOG_FILE)
    assert indicators is not None, problems
    rows: dict[str, list[object]] = {name: [] for name in COLUMNS}
    paths, _ = dataroot.data_files(root, dataroot.PLANS_DIR, ".yaml")
    for path in paths:
        spec = plans.read_plan(path, f"{dataroot.PLANS_DIR}/{path.name}", indicators).spec
        if spec is None:
            continue
        for target in spec.targets:
            values = (
                spec.id,
                target.id,
                spec.model.region,
                spec.model.region_code,
                target.indicator,
                target.kind.value,
                target.op,
                target.value,
                target.step,
                target.by,
                target.baseline_year,
                target.baseline_value,
            )
            for name, value in zip(COLUMNS, values, strict=True):
                rows[name].append(value)
    out.mkdir(parents=True, exist_ok=True)
    types = {str: pl.Utf8, float: pl.Float64, int: pl.Int32}
    schema = {name: types[kind] for name, kind in COLUMNS.items()}
    pl.DataFrame(rows, schema=schema).write_parquet(out / "targets.parquet")
    with open(out / "indicator_names.csv", "w", encoding="utf-8", newline="") as names:
        writer = csv.writer(names)
        writer.writerow(["name", "indicator"])
        for indicator_id, entry in indicators.catalog.indicators.items():
            for name in dict.fromkeys((indicator_id, entry.name, *entry.aliases)):
                writer.writerow([name, indicator_id])
    return len(rows["plan"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    count = table(args.root, args.out)
    print(f"{count:,} targets -> {args.out / 'targets.parquet'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

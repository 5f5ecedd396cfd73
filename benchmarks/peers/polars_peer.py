"""Level-target statuses with polars: the script a data engineer would write instead of tracker.

    python benchmarks/peers/polars_peer.py ROOT TABLE --as-of 2024 [--out statuses.csv]

ROOT is a data root (its actuals/*.csv are read), TABLE the folder `plan_table.py` wrote
(targets.parquet, indicator_names.csv). The rules are the README's for `level` targets, as
far as an afternoon takes them: the latest single-year figure after the baseline year up to
min(as_of, deadline) decides; it meets the goal: achieved; at the deadline and short:
missed; before it, the band of R (rounded to 9 decimals). A baseline without a value takes
the figure reported for its year. Qualifiers (>=, ~, near) are ignored, Chinese value forms
(超92%) are dropped, and of two figures for the same year the larger is kept: the places
where tracker knows better (benchmarks/README.md counts them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

ON_TRACK_AT, BEHIND_AT, OFF_TRACK_AT = 0.95, 0.5, -0.1


def statuses(root: Path, table: Path, as_of: int) -> pl.DataFrame:
    """One row per level target: plan, target, status, and the year and value that decided it."""
    targets = (
        pl.scan_parquet(table / "targets.parquet")
        .filter(pl.col("kind") == "level")
        .rename({"value": "goal"})
        .with_columns(end=pl.min_horizontal("by", pl.lit(as_of)))
    )
    names = pl.scan_csv(table / "indicator_names.csv")
    codes = targets.select(code="region_code", name="region").drop_nulls().unique()
    figures = (
        pl.scan_csv(sorted(str(p) for p in (root / "actuals").glob("*.csv")), infer_schema=False)
        .select(
            "region",
            "indicator",
            pl.col("year").cast(pl.Int32, strict=False),  # a span (2021-2022) is no level: null
            pl.col("value").cast(pl.Float64, strict=False),  # 超92% and the like: null
        )
        .drop_nulls(["year", "value"])
        # Rows may name a region by its code and an indicator by its Chinese name.
        .join(codes, left_on="region", right_on="code", how="left")
        .join(names, left_on="indicator", right_on="name", how="left")
        .select(
            pl.coalesce("name", "region").alias("region"),
            pl.coalesce("indicator_right", "indicator").alias("indicator"),
            "year",
            "value",
        )
        .group_by("region", "indicator", "year")
        .agg(pl.col("value").max())
    )
    latest = (
        targets.select("plan", "target", "region", "indicator", "baseline_year", "end")
        .join(figures, on=["region", "indicator"])
        .filter((pl.col("year") > pl.col("baseline_year")) & (pl.col("year") <= pl.col("end")))
        .group_by("plan", "target")
        .agg(pl.col("year").max(), pl.col("value").sort_by("year").last())
    )
    reported = figures.rename({"year": "baseline_year", "value": "reported"})
    y, y0, goal, op = pl.col("value"), pl.col("y0"), pl.col("goal"), pl.col("op")
    met = (
        pl.when(op == ">=")
        .then(y >= goal)
        .when(op == ">")
        .then(y > goal)
        .when(op == "<=")
        .then(y <= goal)
        .when(op == "<")
        .then(y < goal)
        .when(op == "==")
        .then(y == goal)
        .otherwise((y - goal).abs() <= pl.col("step") / 2)
    )
    time_share = (pl.col("year") - pl.col("baseline_year")) / (pl.col("by") - pl.col("baseline_year"))
    r = (((y - y0) / (goal - y0)) / time_share).round(9)
    status = (
        pl.when(y.is_null())
        .then(pl.lit("no_data"))
        .when(met)
        .then(pl.lit("achieved"))
        .when(pl.col("year") == pl.col("by"))
        .then(pl.lit("missed"))
        .when(y0.is_null())
        .then(pl.lit("indeterminate"))
        .when(goal == y0)
        .then(pl.lit("off_track"))
        .when(r >= ON_TRACK_AT)
        .then(pl.lit("on_track"))
        .when(r >= BEHIND_AT)
        .then(pl.lit("behind"))
        .when(r >= OFF_TRACK_AT)
        .then(pl.lit("off_track"))
        .otherwise(pl.lit("regressing"))
    )
    return (
        targets.join(reported, on=["region", "indicator", "baseline_year"], how="left")
        .join(latest, on=["plan", "target"], how="left")
        .with_columns(y0=pl.coalesce("baseline_value", "reported"))
        .select("plan", "target", status.alias("status"), "year", "value")
        .collect()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("table", type=Path)
    parser.add_argument("--as-of", type=int, required=True)
    parser.add_argument("--out", type=Path, help="write plan,target,status,year,value here (default: counts only)")
    args = parser.parse_args(argv)
    found = statuses(args.root, args.table, args.as_of)
    if args.out:
        found.sort("plan", "target").write_csv(args.out)
    counts = found.group_by("status").len().sort("status")
    print(", ".join(f"{s} {n}" for s, n in counts.iter_rows()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

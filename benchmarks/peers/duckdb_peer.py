"""Run level_statuses.sql in DuckDB: level-target statuses from the plan table and the actuals.

    python benchmarks/peers/duckdb_peer.py ROOT TABLE --as-of 2024 [--out statuses.csv]

ROOT is a data root (its actuals/*.csv are read), TABLE the folder `plan_table.py` wrote.
The SQL sits beside this file; this script only sets its variables and prints the counts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

SQL = Path(__file__).resolve().with_name("level_statuses.sql")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("table", type=Path)
    parser.add_argument("--as-of", type=int, required=True)
    parser.add_argument("--out", type=Path, help="write plan,target,status,year,value here (default: counts only)")
    args = parser.parse_args(argv)
    db = duckdb.connect()
    db.execute("SET VARIABLE root = ?", [str(args.root)])
    db.execute('SET VARIABLE "table" = ?', [str(args.table)])
    db.execute("SET VARIABLE as_of = ?", [args.as_of])
    db.execute(SQL.read_text(encoding="utf-8"))
    if args.out:
        quoted = str(args.out).replace("'", "''")
        db.execute(f"COPY (SELECT * FROM statuses ORDER BY plan, target) TO '{quoted}' (HEADER)")
    counts = db.execute("SELECT status, count(*) FROM statuses GROUP BY status ORDER BY status").fetchall()
    print(", ".join(f"{status} {n}" for status, n in counts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

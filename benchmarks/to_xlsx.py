"""Convert a data root's actuals CSVs to workbooks: one `.xlsx` per CSV, one sheet each.

    python benchmarks/to_xlsx.py benchmarks/data/scale-1.0 --out /tmp/national-xlsx

The copy is the same data root (catalog, plans) with `actuals/*.xlsx` instead of
`actuals/*.csv`, written as Excel would save what a statistician typed: years and plain
numbers as numbers, everything else (超92.1%, 1.6万余, codes, names) as text. So
`tracker check` on the copy judges the same figures, and the difference in time is the
cost of reading workbooks instead of CSV (benchmarks/README.md, "Workbooks").
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
from pathlib import Path

_PLAIN = re.compile(r"-?\d+(\.\d+)?")


def cell(column: str, text: str) -> object:
    """A cell as typed into Excel: a plain number in the year or value column is a number."""
    if column in ("year", "value") and _PLAIN.fullmatch(text) and not text.startswith("0"):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def convert(csv_path: Path, xlsx_path: Path) -> int:
    """Write one CSV as a one-sheet workbook (openpyxl's streaming writer); the rows written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    rows = 0
    with csv_path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        sheet.append(header)
        for row in reader:
            sheet.append([cell(name, text) if text else None for name, text in zip(header, row, strict=True)])
            rows += 1
    workbook.save(xlsx_path)
    return rows


def convert_root(root: Path, out: Path) -> int:
    """Copy the data root to `out` with every actuals CSV as a workbook; the rows written."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root, out, ignore=shutil.ignore_patterns("actuals", "reports"))
    (out / "actuals").mkdir()
    return sum(
        convert(path, out / "actuals" / f"{path.stem}.xlsx") for path in sorted((root / "actuals").glob("*.csv"))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a data root with actuals/*.csv")
    parser.add_argument("--out", type=Path, required=True, help="the data root to write (replaced)")
    args = parser.parse_args()
    rows = convert_root(args.root, args.out)
    print(f"{rows} rows written to {args.out}/actuals/")


if __name__ == "__main__":
    main()

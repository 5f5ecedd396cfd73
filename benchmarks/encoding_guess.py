"""Which encoding guess is right more often on real-looking actuals files, and how fast.

    python benchmarks/encoding_guess.py [--samples 4000] [--seed 1]

Samples are CSV files made of the bundled data's own rows (actuals/*.csv: real regions,
indicator names, Chinese values, sources, quotes and notes): a header and 1 to 8 random
rows, sometimes only one or two cells of a row, saved as UTF-8 and as GB18030. Short files
matter most: the longer a file, the less likely its GB18030 bytes are valid UTF-8 (or the
reverse). A few Western UTF-8 texts (Café, São Paulo) are added as the hard case for a
rule that favours Chinese. For every sample whose bytes both encodings read, each method
guesses, and the table says how often it was right and how long a guess took:

* `utf-8 first` - the rule before issue 13: UTF-8 when the bytes are UTF-8;
* `chinese share` - tracker's rule (`tracker.textfiles.choose_encoding`);
* `charset-normalizer` - `from_bytes(...).best()`, with only the two candidates
  (`cp_isolation`) and with all of them.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tracker.textfiles import choose_encoding  # noqa: E402

WESTERN = ["Café report", "São Paulo", "naïve estimate", "Zürich office", "résumé", "coöperation", "Ångström"]


def rows_of_bundled_data() -> tuple[list[str], list[list[str]]]:
    header: list[str] = []
    rows: list[list[str]] = []
    for path in sorted((REPO / "actuals").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            rows.extend(reader)
    return header, rows


def short_texts(rows: list[list[str]]) -> list[str]:
    """Every short Chinese text of the bundled data: cells, and the catalog's names and aliases."""
    import yaml

    catalog = yaml.safe_load((REPO / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]
    names = [name for entry in catalog.values() for name in [entry["name"], *entry.get("aliases", [])]]
    cells = [cell for row in rows for cell in row if not cell.isascii() and len(cell) <= 12]
    return sorted(set(names + cells + ["全省", "全市", "全县", "全国"]))


def samples(count: int, seed: int) -> list[tuple[str, bytes]]:
    """(true encoding, bytes) pairs: CSV snippets saved both ways, and Western UTF-8 texts."""
    rng = random.Random(seed)
    header, rows = rows_of_bundled_data()
    made = []
    words = short_texts(rows)
    for _ in range(count):
        chosen = rng.sample(rows, rng.randint(1, 8))
        if rng.random() < 0.5:  # the shortest files: a column or two of names (全省, 学前教育毛入园率)
            column = rng.choice(["region", "indicator", "note"])
            text = column + "\n" + "".join(f"{rng.choice(words)}\n" for _ in range(rng.randint(1, 3)))
            made.append(("utf-8", text.encode("utf-8")))
            made.append(("gb18030", text.encode("gb18030")))
            continue
        if rng.random() < 0.5:  # a short file: a few cells of the rows (a region, an indicator name)
            keep = sorted(rng.sample(range(len(header)), rng.randint(1, 3)))
            chosen = [[row[i] for i in keep] for row in chosen]
            head = [header[i] for i in keep]
        else:
            head = header
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(head)
        writer.writerows(chosen)
        text = out.getvalue()
        made.append(("utf-8", text.encode("utf-8")))
        made.append(("gb18030", text.encode("gb18030")))
    for word in words:  # every short text alone, as the one cell of a file
        made.append(("utf-8", f"region\n{word}\n".encode()))
        made.append(("gb18030", f"region\n{word}\n".encode("gb18030")))
    for text in WESTERN:
        made.append(("utf-8", f"region,indicator,year,value,note\n示例县,x,2022,1,{text}\n".encode()))
        made.append(("utf-8", f"note\n{text}\n".encode()))
    return made


def both_read(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def utf8_first(data: bytes) -> str:
    return "utf-8"


def chinese_share(data: bytes) -> str:
    return choose_encoding(data).encoding


def normalizer(isolated: bool) -> Callable[[bytes], str]:
    from charset_normalizer import from_bytes

    def guess(data: bytes) -> str:
        found = from_bytes(data, cp_isolation=["utf_8", "gb18030"] if isolated else None).best()
        name = "" if found is None else found.encoding.replace("_", "-")
        return "utf-8" if name == "utf-8" else "gb18030" if name in ("gb18030", "gbk", "gb2312") else name or "none"

    return guess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = samples(args.samples, args.seed)
    ambiguous = [(truth, data) for truth, data in made if both_read(data)]
    by_truth = {name: sum(truth == name for truth, _ in ambiguous) for name in ("utf-8", "gb18030")}
    print(f"{len(made)} files, {len(ambiguous)} read by both encodings ({by_truth})")
    close = [truth for truth, data in ambiguous if choose_encoding(data).close]
    print(f"close calls (TRK114) among them: {len(close)} ({close.count('gb18030')} of them GB18030)")
    methods = {
        "utf-8 first": utf8_first,
        "chinese share (tracker)": chinese_share,
        "charset-normalizer, 2 candidates": normalizer(True),
        "charset-normalizer, all": normalizer(False),
    }
    print("| method | right | right on UTF-8 | right on GB18030 | median µs per file |")
    print("|---|---:|---:|---:|---:|")
    for name, guess in methods.items():
        times, right = [], {"utf-8": 0, "gb18030": 0}
        for truth, data in ambiguous:
            start = time.perf_counter()
            said = guess(data)
            times.append(time.perf_counter() - start)
            right[truth] += said == truth
        total = sum(right.values())
        print(
            f"| {name} | {total}/{len(ambiguous)} ({total / len(ambiguous):.1%}) | {right['utf-8']}/{by_truth['utf-8']}"
            f" | {right['gb18030']}/{by_truth['gb18030']} | {statistics.median(times) * 1e6:.0f} |"
        )


if __name__ == "__main__":
    main()

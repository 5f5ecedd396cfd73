"""Property: whatever text a data file holds, no output line is a workflow command and no control character is printed.

Hypothesis writes arbitrary Unicode - control characters, escape sequences, bidi controls,
line breaks, `::` and `##[` - into every text field: the plan's title and English title,
a target's quote, an indicator's names in the catalog, the region (in the plan and in the
CSV), the CSV's source, quote and note, and the names of the plan file and the CSV file.
Then status (both languages), explain, validate, check (as in GitHub Actions) and report
(Markdown and HTML, to standard output) run on it, and every line they print is checked.

The examples run in this process through `tracker.cli.run`, the body of the entry point of the
console script, with standard output and error as byte streams (a subprocess per command
and example would take minutes); `test_terminal_escapes.py` runs the same attacks as
real processes.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hostile_support import VALID_ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli import run

DANGEROUS = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x1b",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\x1b]8;;http://x/\x1b\\",
    "\x07",
    "\x08",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200e",
    "\u200b",
    "\ufeff",
    "::",
    "::error::x",
    "::add-mask::",
    "##[",
    "##[error]",
    " ",
    "示例",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(DANGEROUS), st.text(st.characters(exclude_categories=("Cs",)), max_size=4)),
    min_size=1,
    max_size=6,
).map("".join)
# CSV cells: no NUL (a NUL makes the whole file TRK119, tested on its own), and never empty.
CELL = TEXT.map(lambda text: text.replace("\x00", "") or "x")
# A region is never blank (that is TRK313): a letter, then anything.
REGION = CELL.map(lambda text: "县" + text)
# File names: no '/' or NUL, not hidden, short enough for the file system.
NAME = TEXT.map(lambda text: "f" + text.replace("/", "").replace("\x00", "")[:40])

ANNOTATION = re.compile(r"^::error file=[^:,\n]*,line=\d+,title=[^:,\n]*::")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
COMMANDS = (
    ["status", "--as-of", "2024"],
    ["status", "--as-of", "2024", "--lang", "en"],
    ["explain", "demo/preschool", "--as-of", "2024"],
    ["validate"],
    # The plan's region is one of the texts, so its targets may have no figure: --fail-on
    # no_data makes them fail too, so that every failing line and annotation is rendered.
    ["check", "--as-of", "2024", "--fail-on", "missed,off_track,no_data"],
    ["report", "--as-of", "2024", "--out", "-"],
    ["report", "--as-of", "2024", "--format", "html", "--out", "-"],
)


def _write_root(root: Path, texts: dict[str, str]) -> None:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(VALID_ROOT, root)
    plan = yaml.safe_load((VALID_ROOT / "plans" / "demo.yaml").read_text(encoding="utf-8"))
    plan.update(title=texts["title"], title_en=texts["title_en"], region=texts["region"])
    plan["targets"][0]["quote"] = texts["quote"]
    (root / "plans" / "demo.yaml").unlink()
    (root / "plans" / f"{texts['plan_file']}.yaml").write_text(
        yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    catalog = yaml.safe_load((VALID_ROOT / "indicators.yaml").read_text(encoding="utf-8"))
    entry = catalog["indicators"]["preschool_gross_enrolment_rate"]
    entry.update(name=entry["name"] + texts["name"], name_en=texts["name_en"])
    (root / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    rows = list(csv.reader(io.StringIO((VALID_ROOT / "actuals" / "demo.csv").read_text(encoding="utf-8"))))
    rows[1][0], rows[1][5], rows[1][6], rows[1][7] = (
        texts["csv_region"],
        texts["source"],
        texts["csv_quote"],
        texts["note"],
    )
    rows.append([texts["csv_region"], "dropout_rate", "2022", "3", "", texts["source"], "", ""])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)  # a lone CR too
    (root / "actuals" / "demo.csv").unlink()
    (root / "actuals" / f"{texts['csv_file']}.csv").write_text(out.getvalue(), encoding="utf-8")


def _run(args: list[str]) -> tuple[int, bytes, bytes]:
    """`tracker ARGS` through the console script's entry point, with byte streams for output."""
    out, err = io.BytesIO(), io.BytesIO()
    wrappers = [io.TextIOWrapper(stream, encoding="utf-8", newline="\n", write_through=True) for stream in (out, err)]
    streams = sys.stdout, sys.stderr, sys.argv
    sys.stdout, sys.stderr, sys.argv = wrappers[0], wrappers[1], ["tracker", *args]
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stdout, sys.stderr, sys.argv = streams
        for wrapper in wrappers:
            wrapper.flush()
            wrapper.detach()  # the bytes stay readable
    return code, out.getvalue(), err.getvalue()


def _offences(text: str) -> list[str]:
    found = [f"control U+{ord(c):04X}" for c in set(CONTROL.findall(text))]
    for line in text.split("\n"):
        if line.lstrip().startswith("::") and not ANNOTATION.match(line):
            found.append(f"a workflow command: {line[:80]!r}")
        if "##[" in line:
            found.append(f"an old-style workflow command: {line[:80]!r}")
    return found


@pytest.fixture
def in_github(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """GitHub Actions' environment, so that `check` prints its annotations too."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.fixed_dictionaries(
        {
            "title": TEXT,
            "title_en": TEXT,
            "quote": TEXT,
            "region": TEXT,
            "name": TEXT,
            "name_en": TEXT,
            "csv_region": REGION,
            "source": CELL,
            "csv_quote": CELL,
            "note": CELL,
            "plan_file": NAME,
            "csv_file": NAME,
        }
    )
)
def test_no_text_in_the_data_reaches_a_terminal_or_a_log_as_control(in_github: Path, texts: dict[str, str]) -> None:
    root = in_github / "root"
    _write_root(root, texts)
    for args in COMMANDS:
        code, out, err = _run([*args, "--data", str(root)])
        assert code == (1 if args[0] == "check" else 0), (args, code, err)  # the text is read and rendered
        text = out.decode("utf-8") + "\n" + err.decode("utf-8")
        assert "unexpected error" not in text, (args, text)
        assert _offences(text) == [], (args, text)

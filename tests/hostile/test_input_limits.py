"""Limits: input that would crash a command or exhaust the machine is refused with a clear error, exit 2.

Each limit is in tracker/limits.py, and docs/validate.md lists them all.
"""

from __future__ import annotations

import re
import resource
import subprocess
from collections.abc import Callable
from pathlib import Path

from hostile_support import REPO, Ran, Root, base_env, command

MILLION_DIGITS = "1" + "0" * 1_000_000
FORTY_MB = 40 * 1024 * 1024  # above the limit on YAML files (the plan was 60 MB)


def limit(name: str) -> int:
    """A limit's value (imported here, so that this suite also runs, and fails, on code without limits)."""
    from tracker import limits

    return int(getattr(limits, name))


def _refused(ran: Ran, code: str) -> None:
    assert ran.code == 2, ran
    assert code in ran.out + ran.err, ran
    assert "unexpected error" not in ran.err and "Traceback" not in ran.err, ran


def test_a_million_digit_figure_is_an_error(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    hostile_root.replace_in(hostile_root.csv, "2022,87.6", f"2022,{MILLION_DIGITS}")
    for args in (["validate"], ["status"]):
        ran = tracker(*args, "--data", str(hostile_root.path))
        _refused(ran, "TRK304")
        assert (
            f"it has 1,000,001 digits, more than the {limit('MAX_NUMBER_DIGITS')} a number may have"
            in ran.out + ran.err
        )


def test_a_million_digit_target_is_an_error(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    hostile_root.replace_in(hostile_root.plan, 'target: ">= 100"', f'target: ">= {MILLION_DIGITS}"')
    ran = tracker("validate", "--data", str(hostile_root.path))
    _refused(ran, "TRK111")
    assert "plans/demo.yaml:11: TRK111 'targets.0.target': the number has 1,000,001 digits" in ran.out, ran


def test_deeply_nested_json_for_since_is_an_error(
    tracker: Callable[..., Ran], hostile_root: Root, tmp_path: Path
) -> None:
    deep = tmp_path / "previous.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    ran = tracker("report", "--data", str(hostile_root.path), "--since", str(deep), "--out", "-")
    _refused(ran, "TRK407")
    assert f"it is nested 200,000 levels deep, more than the {limit('MAX_JSON_DEPTH')} allowed" in ran.err, ran


def _with_memory_cap() -> None:
    """In the child: at most 3 GB of address space (the machine would swap long before a 60 MB plan is read)."""
    cap = 3 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def test_a_huge_plan_is_refused_before_it_is_parsed(hostile_root: Root, tmp_path: Path) -> None:
    """A plan of dense flow mappings larger than the limit: refused by its size, in bounded memory."""
    head = "id: big\ntitle: big\nregion: 示例县\nperiod: {start: 2021, end: 2025}\ntargets:\n"
    line = (
        "- {id: t%d, indicator: preschool_gross_enrolment_rate, target: '>= 95', baseline: {year: 2020, value: 80}}\n"
    )
    size = FORTY_MB
    with (hostile_root.path / "plans" / "big.yaml").open("w", encoding="utf-8") as stream:
        stream.write(head)
        written, i = len(head), 0
        while written < size:
            text = line % i
            stream.write(text)
            written, i = written + len(text), i + 1
    done = subprocess.run(
        command("validate", "--data", str(hostile_root.path)),
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        preexec_fn=_with_memory_cap,
        timeout=300,
        check=False,
    )
    ran = Ran(("validate",), done.returncode, done.stdout, done.stderr)
    _refused(ran, "TRK117")
    assert f"plans/big.yaml: TRK117 the file has more than {limit('MAX_YAML_BYTES'):,} bytes" in ran.out, ran


def test_aliases_repeating_a_long_quote_are_refused(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """2,000 targets quoting one 1M-character anchor: few YAML nodes, 2 GB of text for every renderer."""
    quote = "很长的原文" * 200_000
    targets = [
        f"  - id: t{i}\n    indicator: preschool_gross_enrolment_rate\n    target: '>= 95'\n"
        f"    baseline: {{year: 2020, value: 80}}\n    quote: {'&q ' + quote if i == 0 else '*q'}\n"
        for i in range(2000)
    ]
    hostile_root.write(
        "plans/anchors.yaml",
        "id: anchors\ntitle: t\nregion: 示例县\nperiod: {start: 2021, end: 2025}\ntargets:\n" + "".join(targets),
    )
    ran = tracker("validate", "--data", str(hostile_root.path))
    _refused(ran, "TRK118")
    assert f"more than the {limit('MAX_ALIAS_TEXT'):,} allowed" in ran.out, ran


def test_a_plan_with_too_many_targets_is_refused(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    count = 50_001
    lines = "".join(f"- {{id: t{i}, indicator: dropout_rate, target: 1}}\n" for i in range(count))
    hostile_root.write(
        "plans/many.yaml", "id: many\ntitle: t\nregion: r\nperiod: {start: 2021, end: 2025}\ntargets:\n" + lines
    )
    ran = tracker("validate", "--data", str(hostile_root.path))
    _refused(ran, "TRK217")
    assert f"the plan has {count:,} targets, more than the {limit('MAX_TARGETS_PER_PLAN'):,}" in ran.out, ran


def test_a_csv_with_too_many_columns_is_refused(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    columns = 1_001
    header = "region,indicator,year,value," + ",".join(f"extra{i}" for i in range(columns - 4))
    hostile_root.write("actuals/wide.csv", header + "\n" + "示例县,dropout_rate,2022,1" + "," * (columns - 4) + "\n")
    ran = tracker("validate", "--data", str(hostile_root.path))
    _refused(ran, "TRK329")
    assert f"actuals/wide.csv:1: TRK329 the header has {columns:,} columns" in ran.out, ran


def test_every_limit_is_documented_with_its_value() -> None:
    """docs/validate.md has a row per limit, with the value limits.py gives it."""
    text = (REPO / "docs" / "validate.md").read_text(encoding="utf-8")
    rows = {
        "MAX_NUMBER_DIGITS": "TRK304",
        "MAX_YAML_BYTES": "TRK117",
        "MAX_ALIAS_TEXT": "TRK118",
        "MAX_TARGETS_PER_PLAN": "TRK217",
        "MAX_CSV_COLUMNS": "TRK329",
        "MAX_JSON_DEPTH": "TRK407",
        "MAX_EXTRACT_BYTES": "TRK100",
        "EXCERPT_CHARS": "",
    }
    for name, code in rows.items():
        value = limit(name)
        row = next((line for line in text.splitlines() if line.startswith("|") and f"`{name}`" in line), None)
        assert row is not None, f"docs/validate.md has no row for {name}"
        assert re.search(rf"\b{value:,}\b", row), f"{name} = {value:,} is not in its row: {row}"
        assert code in row, row

"""YAML is read safely: no code runs, aliases cannot blow up, depth cannot crash, big files load."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tracker.errors import TrackerError
from tracker.plans import read_catalog, read_plan
from tracker.yamlsource import load_yaml

VALID_ROOT = Path(__file__).parent / "fixtures" / "valid"


def _codes(text: str) -> list[str]:
    with pytest.raises(TrackerError) as caught:
        load_yaml(text, "f.yaml")
    return [f"{p.code}:{p.line}" for p in caught.value.problems]


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]  # 10^10 nodes expanded
    started = time.perf_counter()
    # a1..a3 copy 12,330 nodes; the 8th alias of a3 on line 5 (11,111 nodes each) crosses 100,000
    assert _codes("\n".join(lines) + "\n") == ["TRK110:5"]
    assert time.perf_counter() - started < 2.0


def test_alias_growth_is_capped_absolutely_not_relative_to_the_file() -> None:
    """The old limit (20 times the file's own nodes) let a big enough file expand without end."""
    items, copies = 10_000, 15
    text = "base: &b [" + ", ".join(f"v{i}" for i in range(items)) + "]\n"
    text += "".join(f"copy{j}: *b\n" for j in range(copies))
    distinct = 1 + 2 * (1 + copies) + items  # the root, the keys and values, the list's items
    expanded = distinct + copies * (items + 1)
    assert expanded <= 20 * distinct  # what the old limit allowed
    with pytest.raises(TrackerError) as caught:
        load_yaml(text, "f.yaml")
    [found] = caught.value.problems
    # the 10th copy brings the nodes copied to 100,010: refused at that alias, line 11
    assert (found.code, found.line, found.col) == ("TRK110", 11, 8)
    assert "repeat 100,010 nodes, more than the 100,000 allowed" in found.message


def test_aliases_up_to_the_cap_load() -> None:
    items = 9_999  # ten copies of 10,000 nodes (the list and its 9,999 items): 100,000 exactly
    text = "base: &b [" + ", ".join(f"v{i}" for i in range(items)) + "]\n"
    text += "".join(f"copy{j}: *b\n" for j in range(10))
    doc = load_yaml(text, "f.yaml")
    assert len(doc.data) == 11 and len(doc.data["copy9"]) == items


def test_modest_aliases_are_fine() -> None:
    doc = load_yaml("base: &b {year: 2020, value: 80}\nother: *b\n", "f.yaml")
    assert doc.data == {"base": {"year": 2020, "value": 80}, "other": {"year": 2020, "value": 80}}
    nested = load_yaml("a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b, *a]\n", "f.yaml")
    assert nested.data["c"] == [[[1, 2], [1, 2]], [[1, 2], [1, 2]], [1, 2]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 200_000 + "]" * 200_000, ["TRK102:1"]),  # libyaml's own composer overflows the C stack here
        ("{a: " * 50_000 + "1" + "}" * 50_000, ["TRK102:1"]),
        ("".join(" " * i + "a:\n" for i in range(500)), ["TRK102:101"]),
        ("a: &a [1, *a]\n", ["TRK102:1"]),
        ("a: *nowhere\n", ["TRK102:1"]),
    ],
    ids=["deep-flow-sequence", "deep-flow-mapping", "deep-block", "recursive-alias", "undefined-alias"],
)
def test_deep_or_cyclic_documents_are_refused(text: str, expected: list[str]) -> None:
    assert _codes(text) == expected


def test_no_python_objects_are_built(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    assert _codes(text) == ["TRK112:1"]
    assert not marker.exists()


def test_ten_megabyte_plan_loads_with_right_lines(tmp_path: Path) -> None:
    """40,000 targets, about 10 MB: every target is read, and its line is where it was written."""
    quote = "到2025年，全市学前三年毛入园率达到95%以上，普惠性幼儿园覆盖率稳定在85%以上，" * 3
    head = "id: big\ntitle: 大规划\nregion: 示例县\nperiod: {start: 2021, end: 2025}\ntargets:\n"
    target = (
        "  - id: t{i}\n"
        "    indicator: preschool_gross_enrolment_rate\n"
        '    target: ">= {goal}"\n'
        "    baseline: {{year: 2020, value: 80}}\n"
        "    quote: {quote}\n"
    )
    count = 40_000
    text = head + "".join(target.format(i=i, goal=90 + i % 10, quote=quote) for i in range(count))
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    indicators, _ = read_catalog(VALID_ROOT / "indicators.yaml", "indicators.yaml")
    read = read_plan(path, "plans/big.yaml", indicators)
    spec, problems = read.spec, read.problems
    assert problems == []
    assert spec is not None and len(spec.targets) == count
    # the header takes 5 lines and each target 5 more: target i starts on line 6 + 5 i
    for i in (0, 1, 12_345, count - 1):
        assert (spec.targets[i].id, spec.targets[i].line, spec.targets[i].value) == (f"t{i}", 6 + 5 * i, 90 + i % 10)

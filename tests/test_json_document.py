"""The JSON document's text: one line per key, one target per line, written by the C encoder."""

from __future__ import annotations

import json

from goldens import check_golden
from report_support import AS_OF, REPORT_ROOT, run

from tracker.exitcodes import ExitCode
from tracker.render.json import layout


def test_status_json_golden() -> None:
    result = run("status", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--json")
    assert result.exit_code == ExitCode.OK
    check_golden("status-fixture.json", result.stdout)


def test_one_line_per_key_and_per_target() -> None:
    text = run("status", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--json").stdout
    lines = text.split("\n")
    document = json.loads(text)
    count = len(document["targets"])
    assert lines[:4] == ["{", '  "schema_version": 1,', f'  "as_of": {AS_OF},', '  "targets": [']
    assert lines[4 + count :] == ["  ]", "}", ""]
    for line, target in zip(lines[4 : 4 + count], document["targets"], strict=True):
        assert line.startswith('    {"plan": ')
        assert json.loads(line.removesuffix(",")) == target
    assert [line.endswith(",") for line in lines[4 : 4 + count]] == [True] * (count - 1) + [False]


def test_text_that_looks_like_structure_stays_inside_its_line() -> None:
    tricky = 'a line\nand "quotes" }, {"plan": "x"} \\ and 中文'
    doc = {"schema_version": 1, "as_of": 2024, "targets": [{"plan": tricky, "sources": [tricky]}, {"plan": "b"}]}
    text = layout(doc)
    assert text.count("\n") == 8  # {, two keys, "targets": [, two targets, ], }
    assert json.loads(text) == doc
    assert "中文" in text  # not escaped: the document is UTF-8


def test_no_targets() -> None:
    assert layout({"schema_version": 1, "as_of": 2024, "targets": []}) == (
        '{\n  "schema_version": 1,\n  "as_of": 2024,\n  "targets": []\n}\n'
    )

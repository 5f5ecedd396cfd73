"""Generated and hand-written docs stay in step with the code they describe."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

import tracker.numbers
from tracker.errors import CATALOG, catalog_markdown
from tracker.numbers import parse_value
from tracker.schema import SchemaName, schema_text

REPO = Path(__file__).parent.parent
DOCS = REPO / "docs"
UPDATE = "regenerate with"


def test_error_catalog_doc_is_in_step() -> None:
    committed = (DOCS / "errors.md").read_text(encoding="utf-8")
    assert committed == catalog_markdown(), f"{UPDATE}: python -m tracker.errors > docs/errors.md"


def test_error_catalog_doc_lists_every_code() -> None:
    listed = re.findall(r"^\| (TRK\d{3}) \|", (DOCS / "errors.md").read_text(encoding="utf-8"), flags=re.M)
    assert listed == list(CATALOG)


def test_error_codes_are_unique_and_well_formed() -> None:
    for code, entry in CATALOG.items():
        assert re.fullmatch(r"TRK[1-4]\d\d", code)
        assert entry.code == code and entry.title and entry.template


@pytest.mark.parametrize("name", list(SchemaName))
def test_committed_schema_is_in_step(name: SchemaName) -> None:
    committed = (DOCS / "schema" / f"{name.value}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"{UPDATE}: tracker schema {name.value} > docs/schema/{name.value}.schema.json"
    )


def test_plan_schema_describes_the_plan_format() -> None:
    schema = json.loads(schema_text(SchemaName.PLAN))
    assert set(schema["required"]) == {"id", "title", "region", "period"}
    assert schema["additionalProperties"] is False
    target = schema["$defs"]["Target"]["properties"]
    assert {"id", "indicator", "kind", "target", "by", "baseline"} <= set(target)


def test_modelines_point_at_the_committed_schemas() -> None:
    fixtures = [REPO / "tests/fixtures/valid/plans/demo.yaml", REPO / "tests/fixtures/valid/indicators.yaml"]
    bundled = [REPO / "indicators.yaml", *sorted((REPO / "plans").glob("*.yaml"))]
    for path in [*fixtures, *bundled]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path}: {first}"
        schema = (path.parent / match.group(1)).resolve()
        assert schema.is_file()
        kind = "indicators" if path.name == "indicators.yaml" else "plan"
        assert schema.name == f"{kind}.schema.json", path


def _grammar_in_docs() -> str:
    text = (DOCS / "values.md").read_text(encoding="utf-8")
    match = re.search(r"## Grammar\n\n```text\n(.*?)```", text, flags=re.S)
    assert match
    return match.group(1).strip("\n")


def test_value_grammar_in_docs_matches_the_module_docstring() -> None:
    doc = tracker.numbers.__doc__ or ""
    block = "\n".join(line for line in doc.splitlines() if line.startswith("    "))
    assert _grammar_in_docs() == textwrap.dedent(block)


def _examples() -> list[tuple[str, float, float, str | None]]:
    text = (DOCS / "values.md").read_text(encoding="utf-8")
    section = text.split("## Examples", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| ([-\d.]+) \| ([\d.]+) \| (?:`([^`]+)`)? ?\|$", section, flags=re.M)
    return [(cell, float(value), float(step), qualifier or None) for cell, value, step, qualifier in rows]


def test_values_doc_has_examples() -> None:
    assert len(_examples()) >= 15


@pytest.mark.parametrize(("cell", "value", "step", "qualifier"), _examples())
def test_values_doc_examples_parse_as_documented(cell: str, value: float, step: float, qualifier: str | None) -> None:
    parsed = parse_value(cell)
    assert (parsed.value, parsed.step, parsed.qualifier) == (value, step, qualifier)


def test_the_test_command_fails_on_dead_code() -> None:
    """.ci/run runs the README's test command: vulture is in it, after an install that brings it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = readme.split("<!-- test-command -->\n```bash\n", 1)[1].split("\n", 1)[0]
    steps = [step.strip() for step in command.split("&&")]
    assert ".venv/bin/vulture" in steps
    assert steps.index(".venv/bin/vulture") < steps.index(".venv/bin/pytest")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    test_extra = pyproject.split("test = [", 1)[1].split("]", 1)[0]
    assert '"vulture' in test_extra
    assert "[tool.vulture]" in pyproject

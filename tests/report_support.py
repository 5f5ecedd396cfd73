"""Shared by the report, check and init tests: the fixture data root, a CLI runner, golden files.

Golden files: tests/goldens.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from goldens import check_golden as check_golden  # golden tests elsewhere import it from here
from typer.testing import CliRunner, Result

from tracker.cli import app

TESTS = Path(__file__).resolve().parent
REPORT_ROOT = TESTS / "fixtures" / "report-root"
AS_OF = "2024"


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed width, no colour and no CI environment make the output comparable."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("FORCE_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    yield


def run(*args: str) -> Result:
    """Invoke the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args))


def copy_root(tmp_path: Path, source: Path = REPORT_ROOT) -> Path:
    """A writable copy of a data root."""
    root = tmp_path / "root"
    shutil.copytree(source, root)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to prove nothing was written there."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


CRAFTED_TITLE = "Evil | plan\nwith <img src=x onerror=alert(1)> $x^2$ `code` [link](http://x) **bold**"
CRAFTED_QUOTE = "a | b\r\n```mermaid\n%%{init: {'theme': 'dark'}}%%\n<script>alert(1)</script>"
CRAFTED_NAME = 'Rate "quoted"\n```\n%%{init}%% [x]; <b>'


def crafted_root(tmp_path: Path) -> Path:
    """A data root whose title, quote, region, source and indicator name try to break the outputs."""
    root = tmp_path / "crafted"
    (root / "plans").mkdir(parents=True)
    (root / "actuals").mkdir()
    catalog = {
        "indicators": {
            "evil_rate": {"name": CRAFTED_NAME, "name_en": CRAFTED_NAME, "unit": "percent", "better": "higher"}
        }
    }
    (root / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    plan = {
        "id": "evil",
        "title": CRAFTED_TITLE,
        "title_en": CRAFTED_TITLE,
        "region": "R|gion",
        "period": {"start": 2021, "end": 2025},
        "source": {"title": "src | <i>x</i>\nline", "url": "javascript:alert(1)"},
        "targets": [
            {
                "id": "t",
                "indicator": "evil_rate",
                "target": ">= 95",
                "baseline": {"year": 2020, "value": 80},
                "quote": CRAFTED_QUOTE,
            }
        ],
    }
    (root / "plans" / "evil.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    (root / "actuals" / "a.csv").write_text(
        "region,indicator,year,value\nR|gion,evil_rate,2022,85\nR|gion,evil_rate,2023,88\n", encoding="utf-8"
    )
    return root

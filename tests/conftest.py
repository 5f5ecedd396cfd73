"""Shared fixtures: a copy of the small valid data root for each test that changes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
VALID_ROOT = TESTS / "fixtures" / "valid"


@pytest.fixture
def valid_root(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/valid (one plan, six indicators, eight actual rows)."""
    root = tmp_path / "root"
    shutil.copytree(VALID_ROOT, root)
    return root

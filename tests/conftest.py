"""Shared test set-up: pinned terminal width, no colour, a data-root builder fixture."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from goldens import pytest_sessionfinish as pytest_sessionfinish  # TRACKER_UPDATE_GOLDEN: the run fails
from goldens import pytest_terminal_summary as pytest_terminal_summary  # ... and lists the files it wrote
from helpers import write_root


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never write into the user's cache folder: the session has its own (processes inherit it)."""
    previous = os.environ.get("TRACKER_CACHE_DIR")
    os.environ["TRACKER_CACHE_DIR"] = str(tmp_path_factory.mktemp("tracker-cache"))
    yield
    if previous is None:
        del os.environ["TRACKER_CACHE_DIR"]
    else:
        os.environ["TRACKER_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rich reads COLUMNS; a fixed width and no colour make rendered output comparable."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    yield


@pytest.fixture
def make_root(tmp_path: Path) -> Callable[..., Path]:
    def make(plans: list[dict[str, Any]], rows: list[Any], indicators: dict[str, Any] | None = None) -> Path:
        return write_root(tmp_path / "root", plans, rows, indicators)

    return make


VALID_ROOT = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture
def valid_root(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/valid (one plan, six indicators, eight actual rows)."""
    import shutil

    root = tmp_path / "valid-root"
    shutil.copytree(VALID_ROOT, root)
    return root

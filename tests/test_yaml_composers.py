"""libyaml's C composer (the fast path) and the event composer give the same documents.

`tracker.yamlsource` composes with libyaml's recursive C composer when it cannot crash
(main thread, shallow, no aliases) and with its own event loop otherwise. Whatever the
text, `load_yaml` must say the same thing either way: the data, the line of every path,
the boolean words, or the same problems.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from helpers import TESTS
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import yamlsource
from tracker.errors import TrackerError

REPO = TESTS.parent


def outcome(text: str) -> Any:
    try:
        document = yamlsource.load_yaml(text, "f.yaml")
    except TrackerError as exc:
        return ("problems", [p.format() for p in exc.problems])
    return ("document", repr(document.data), document.lines, document.boolean_words)


def both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(yamlsource, "_c_composer_is_safe", lambda text: False)
        slow = outcome(text)
    return fast, slow


CORPUS = sorted({*REPO.glob("plans/*.yaml"), *REPO.glob("tests/**/*.yaml"), *REPO.glob("examples/**/*.yaml")})


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_yaml_file_of_the_repository(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    fast, slow = both_ways(text, monkeypatch)
    assert fast == slow


CASES = [
    "a: 1\nb: yes\nc: No\nd: 2021-01-01\ne: 1.5\nf: null\ng: ~\nh: ''\ni: \"yes\"\n",
    "a: 1\na: 2\n",
    "[1, 2, {a: b}]\n",
    "a: [b, c\n",
    "- a\n- b\n---\n- c\n",
    "a: !!binary aGVsbG8=\n",
    "<<: {a: 1}\n",
    "? [1, 2]\n: x\n",
    "just text\n",
    "a: {b: {c: {d: [1, [2, [3]]]}}}\n",
    "a: " + "[" * 150 + "]" * 150 + "\n",  # deeper than MAX_DEPTH: refused either way
    "targets:\n  - id: x\n    target: '>= 95'\n    baseline: {year: 2020}\n  - id: y\n    by: 2023\n",
]


@pytest.mark.parametrize("text", CASES)
def test_hand_made_cases(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both_ways(text, monkeypatch)
    assert fast == slow


def test_the_deep_case_is_refused() -> None:
    kind, problems = outcome(CASES[10])
    assert kind == "problems" and "nesting deeper than 100 levels" in problems[0]


def test_the_c_composer_is_kept_for_safe_texts_only() -> None:
    plan = (REPO / "plans").glob("*.yaml").__next__().read_text(encoding="utf-8")
    assert yamlsource._c_composer_is_safe(plan)
    assert not yamlsource._c_composer_is_safe("a: &x 1\nb: *x\n")  # aliases: the event composer
    assert not yamlsource._c_composer_is_safe("[" * 1001 + "]" * 1001)  # could be too deep for C
    seen: list[bool] = []
    thread = threading.Thread(target=lambda: seen.append(yamlsource._c_composer_is_safe(plan)))
    thread.start()
    thread.join()
    assert seen == [False]  # other threads may have small stacks


PIECES = [*"ab1:- \n[]{},?'\"#!&*~.\t", "  ", "\n  ", "- ", ": ", "no", "yes", "2021-01-01", "<<", "!!str"]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=YAMLISH)
def test_random_texts(text: str) -> None:
    fast = outcome(text)
    original = yamlsource._c_composer_is_safe
    yamlsource._c_composer_is_safe = lambda text: False  # type: ignore[assignment]
    try:
        slow = outcome(text)
    finally:
        yamlsource._c_composer_is_safe = original
    assert fast == slow

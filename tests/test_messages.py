"""The message catalog (tracker/messages.py): complete in both languages, and the only place a language is picked.

`.ci/run` runs these with the rest: a word added in one language only, a blank ({year})
missing from one language, a key used in code but not in the catalog, or a language picked
in place (`... if lang == "zh" else ...`) fails the build.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from tracker import kinds, messages

TRACKER = Path(messages.__file__).parent
SOURCES = sorted(TRACKER.rglob("*.py"))
LANG_IDS = set(messages.LANGS)

# Entries whose two languages fill different blanks, each with why.
DIFFERENT_BLANKS = {
    # the chart's default goal text: Chinese writes the operator as a symbol (≥), English as
    # the plan wrote it (>=); the charts are not yet shown by any command (docs/charts.md)
    "chart.goal_text",
}


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_entry_has_chinese_and_english_with_the_same_blanks() -> None:
    catalog = messages.every_entry()
    assert len(catalog) > 150
    for key, entry in catalog.items():
        assert set(entry) == LANG_IDS, key
        assert all(isinstance(text, str) for text in entry.values()), key
        if key not in ("chart.sentences",):  # Chinese sentences run on without a space
            assert all(entry.values()), key
        if key not in DIFFERENT_BLANKS:
            assert _blanks(entry["zh"]) == _blanks(entry["en"]), key


def test_a_kind_entry_is_found_through_the_catalog() -> None:
    assert messages.message("kind.cumulative.goal_prefix", "en") == "total "
    assert messages.message("kind.milestone.form_goal", "zh", by=2025) == "2025年前完成"
    with pytest.raises(KeyError):
        messages.message("kind.level.no_such_word", "en")


def test_a_missing_language_or_blank_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: an entry without English, or with a blank in one language only."""
    monkeypatch.setitem(messages.CATALOG, "broken.one", {"zh": "只有中文"})
    with pytest.raises(AssertionError, match="broken.one"):
        test_every_entry_has_chinese_and_english_with_the_same_blanks()
    monkeypatch.setitem(messages.CATALOG, "broken.one", {"zh": "{year}年", "en": "in {yaer}"})
    with pytest.raises(AssertionError, match="broken.one"):
        test_every_entry_has_chinese_and_english_with_the_same_blanks()


def _literal_keys(tree: ast.AST, path: Path) -> list[str]:
    """The catalog keys a module names as literals: message("key", ...), words("key", ...) of
    the report (report.<key>) and a kind's own("key") (kind.<id>.<key>, for its module's kind)."""
    found = []
    kind = path.stem if path.parent.name == "kinds" and path.stem in kinds.KIND_MODULES else None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        first = node.args[0] if name != "own" or len(node.args) < 2 else node.args[1]
        if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
            continue
        if name == "message":
            found.append(first.value)
        elif name == "words" and path.name == "markdown.py":
            found.append(f"report.{first.value}")
        elif name == "own" and kind is not None:
            found.append(f"kind.{kind}.{first.value}")
    return found


def test_every_key_the_code_names_is_in_the_catalog() -> None:
    named = [(path, key) for path in SOURCES for key in _literal_keys(ast.parse(path.read_text("utf-8")), path)]
    assert len(named) > 100
    missing = [f"{path.relative_to(TRACKER)}: {key}" for path, key in named if not messages.has(key)]
    assert not missing


def _switches(tree: ast.AST) -> list[int]:
    """Lines that pick a language in place: a comparison with 'zh' or 'en', a test of a name
    `zh`/`en`, or a literal {'zh': ..., 'en': ...} table outside a kind's WORDS."""
    lines = []
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "WORDS" for t in node.targets):
            allowed |= {id(inner) for inner in ast.walk(node.value)}
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "WORDS":
            allowed |= {id(inner) for inner in ast.walk(node.value)} if node.value else set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Constant) and o.value in LANG_IDS for o in operands):
                lines.append(node.lineno)
        elif isinstance(node, ast.IfExp | ast.If | ast.While) and isinstance(node.test, ast.Name):
            if node.test.id in LANG_IDS:
                lines.append(node.lineno)
        elif isinstance(node, ast.Dict) and id(node) not in allowed:
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if keys & LANG_IDS:
                lines.append(node.lineno)
    return lines


def test_no_module_picks_a_language_in_place() -> None:
    """Every word comes from the catalog (or a kind's WORDS); data fields with two languages go
    through `messages.by_language`."""
    found = []
    for path in SOURCES:
        if path == Path(messages.__file__):
            continue
        found += [f"{path.relative_to(TRACKER)}:{line}" for line in _switches(ast.parse(path.read_text("utf-8")))]
    assert not found, "pick the language through tracker.messages: " + ", ".join(found)


@pytest.mark.parametrize(
    "code",
    [
        'label = "目标" if lang == "zh" else "Target"',
        'zh = lang == "zh"\nlabel = "目标" if zh else "Target"',
        'LABELS = {"zh": "目标", "en": "Target"}',
        'label = ("目标", "Target")[0 if lang == "zh" else 1]',
    ],
)
def test_the_scan_finds_a_language_picked_in_place(code: str) -> None:
    assert _switches(ast.parse(code))


def test_a_kinds_words_are_allowed() -> None:
    code = 'class K:\n    WORDS = {"goal_prefix": {"zh": "累计", "en": "total "}}\n'
    assert not _switches(ast.parse(code))

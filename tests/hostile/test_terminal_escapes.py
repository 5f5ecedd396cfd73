"""Text from the data never acts on a terminal or a CI log.

Titles, quotes, sources, file names and values may hold escape sequences (clear the
screen, set the window title, OSC 8 links), bidirectional overrides, and line breaks
followed by GitHub workflow commands (`::error::`, `::add-mask::`, the older `##[...]`).
On a real terminal (a pseudo-terminal) the only escape sequences that arrive are tracker's
own colours; in a log no line starts with `::` unless it is tracker's own annotation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hostile_support import Ran, Root, base_env

ESCAPES = "\x1b[2J\x1b[H\x1b]0;owned\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\\x9b31m\u202e\u2066"
INJECTED = "\n::error file=plans/demo.yaml,line=1::forged\n::add-mask::secret\n##[error]old syntax\n"
# Colour and style codes (rich's own, on a terminal) are the only escape sequences allowed.
SGR = re.compile(rb"\x1b\[[0-9;]*m")
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")
ANNOTATION = re.compile(r"^::error file=[^:,\n]*,line=\d+,title=[^:,\n]*::")


POISONED_FILE = "demo\x1b]0;owned\x07\n::error::from a file name\n##[add-mask]x.yaml"


def _poisoned(root: Root) -> None:
    """Escape sequences and injected lines in the title, a quote, a source, a note, an indicator's
    names in the catalog, and the plan file's name (its id then differs: a warning only)."""
    root.replace_in(root.plan, "title_en: Demo county plan", f'title_en: "Demo {_yaml(ESCAPES + INJECTED)} county"')
    root.replace_in(root.plan, "quote: 学前三年毛入园率达到100%", f'quote: "{_yaml(ESCAPES + INJECTED)}"')
    csv = root.csv.read_text(encoding="utf-8").replace(
        "demo report 2022,,", '"demo report' + INJECTED + ESCAPES + '",,"' + INJECTED + '"'
    )
    root.csv.write_text(csv, encoding="utf-8")
    catalog = root.path / "indicators.yaml"
    root.replace_in(catalog, "name: 学前教育毛入园率", f'name: "学前{_yaml(INJECTED + ESCAPES)}"')
    root.replace_in(catalog, "name_en: Preschool gross enrolment rate", f'name_en: "Pre{_yaml(INJECTED + ESCAPES)}"')
    root.plan.rename(root.path / "plans" / POISONED_FILE)


def _yaml(text: str) -> str:
    """`text` inside a double-quoted YAML scalar."""
    escaped = (
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in BIDI or c in '"\\' else c for c in text
    )
    return "".join(escaped)


def _terminal_problems(received: bytes) -> list[str]:
    """What reached the terminal that must not: escape sequences other than colours, C1 controls, bidi controls."""
    without_colours = SGR.sub(b"", received)
    text = without_colours.decode("utf-8", "replace")
    found = []
    if "\x1b" in text:
        found.append(f"escape sequence: {text[text.index(chr(27)) : text.index(chr(27)) + 12]!r}")
    found += [f"C1 control U+{ord(c):04X}" for c in text if 0x80 <= ord(c) <= 0x9F]
    found += [f"bidi control U+{ord(c):04X}" for c in text if c in BIDI]
    found += [f"control U+{ord(c):04X}" for c in text if ord(c) < 0x20 and c not in "\r\n\t"]
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "2024", "--lang", "en"],
        ["status", "--as-of", "2024", "--lang", "en", "--ascii"],
        ["explain", "demo/preschool", "--as-of", "2024"],
        ["check", "--as-of", "2024"],
        ["report", "--as-of", "2024", "--out", "-"],
        ["status", "--json"],
    ],
)
def test_a_real_terminal_gets_only_colours(
    run_in_pty: Callable[..., bytes], hostile_root: Root, args: list[str]
) -> None:
    _poisoned(hostile_root)
    received = run_in_pty(*args, "--data", str(hostile_root.path))
    assert b"Traceback" not in received and b"unexpected error" not in received, received
    assert _terminal_problems(received) == [], received.decode("utf-8", "replace")
    if args[0] == "status" and "--json" not in args:
        assert SGR.search(received), received  # it is a terminal: rich's colours do arrive


def test_validate_on_a_terminal_shows_escapes_in_file_names_and_values(
    run_in_pty: Callable[..., bytes], hostile_root: Root
) -> None:
    hostile_root.write(b"plans/\x1b]0;owned\x07\x1b[2Jname\xe2\x80\xae.yaml", hostile_root.plan.read_bytes())
    hostile_root.write("actuals/extra.csv", "region,indicator,year,value\n示例县,dropout_rate,2022,9\x1b[5m5\u202e\n")
    received = run_in_pty("validate", "--data", str(hostile_root.path))
    assert _terminal_problems(received) == [], received.decode("utf-8", "replace")
    text = received.decode("utf-8")
    assert "\\x1b]0;owned\\x07\\x1b[2Jname\\u202e.yaml" in text  # the name, as escapes a reader can see
    assert "TRK304 value '9\\x1b[5m5\\u202e' is not a number" in text


def test_check_piped_prints_no_escape_from_a_file_name(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """`check` names each failing target's plan file: a name with an escape sequence stays inert in a log."""
    hostile_root.plan.rename(hostile_root.path / "plans" / "demo\x1b[2J\x1b]0;owned\x07.yaml")
    ran = tracker("check", "--data", str(hostile_root.path), "--as-of", "2024")
    assert ran.code == 1, ran
    assert "\x1b" not in ran.out + ran.err and "\x07" not in ran.out + ran.err, ran
    assert "plans/demo\\x1b[2J\\x1b]0;owned\\x07.yaml:23: demo/balance: missed" in ran.out, ran


def _commands(ran: Ran) -> list[str]:
    """Lines GitHub would run as workflow commands, other than tracker's own annotations."""
    commands = []
    for line in ran.lines:
        stripped = SGR.sub(b"", line.encode()).decode().lstrip()
        if (stripped.startswith("::") and not ANNOTATION.match(stripped)) or "##[" in line:
            commands.append(line)
    return commands


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "demo/preschool", "--as-of", "2024"],
        ["status", "--as-of", "2024", "--lang", "en"],
        ["check", "--as-of", "2024"],
        ["validate"],
        ["report", "--as-of", "2024", "--out", "-"],
    ],
)
def test_data_cannot_write_workflow_commands(tracker: Callable[..., Ran], hostile_root: Root, args: list[str]) -> None:
    """Line breaks in a source, a quote and a title, and a plan file whose name holds a line break."""
    hostile_root.replace_in(
        hostile_root.plan, 'title: 示例县"十四五"教育发展规划', 'title: "##[add-mask]县\\n::error::t"'
    )
    _poisoned(hostile_root)
    hostile_root.write("plans/x\n::error::from a file name\n.yaml", "id: [broken\n")
    hostile_root.write("actuals/y\n::add-mask::from a file name\n.csv", "region;indicator\n")
    env = base_env(GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(hostile_root.path))
    if args[0] != "validate":  # the broken files stop the other commands: leave them to validate
        (hostile_root.path / "plans" / "x\n::error::from a file name\n.yaml").unlink()
        (hostile_root.path / "actuals" / "y\n::add-mask::from a file name\n.csv").unlink()
    ran = tracker(*args, "--data", str(hostile_root.path), env=env)
    assert "unexpected error" not in ran.err, ran
    assert _commands(ran) == [], ran
    if args[0] == "check":  # tracker's own annotation is still there, its data escaped
        assert [line for line in ran.lines if ANNOTATION.match(line)], ran


def test_bidi_controls_reach_no_output_file(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """The Markdown report, the JSON document and the JUnit file show bidi controls as escapes."""
    _poisoned(hostile_root)
    root = hostile_root.path
    assert tracker("report", "--data", str(root), "--as-of", "2024", "--lang", "en").code == 0
    assert tracker("report", "--data", str(root), "--as-of", "2024", "--format", "json").code == 0
    assert tracker("check", "--data", str(root), "--as-of", "2024", "--junit", "junit.xml", cwd=root).code == 1
    for name in ("reports/status.md", "reports/status.json", "junit.xml"):
        text = (root / name).read_text(encoding="utf-8")
        assert not [c for c in text if c in BIDI or 0x80 <= ord(c) <= 0x9F or c == "\x1b"], name
    assert "\\u202e" in (root / "reports/status.md").read_text(encoding="utf-8")

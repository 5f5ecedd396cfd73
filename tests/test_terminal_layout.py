"""`tracker status` at a terminal: fits 80 and 120 columns, statuses never cut, NO_COLOR, pipes, --ascii."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import goldens
import pytest
from helpers import plan_with
from report_support import AS_OF, REPORT_ROOT, TESTS, pinned_terminal, run
from rich.cells import cell_len
from rich.console import Console

from tracker.core import evaluate_root
from tracker.messages import status_label
from tracker.render.terminal import make_console, print_status

__all__ = ["pinned_terminal"]

REPO = TESTS.parent

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|38|9[0-7])[;m]")


def status_output(monkeypatch: pytest.MonkeyPatch, columns: int, lang: str, *extra: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("status", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--lang", lang, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_fits_and_every_status_is_whole(monkeypatch: pytest.MonkeyPatch, columns: int, lang: str) -> None:
    out = status_output(monkeypatch, columns, lang)
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    _, evaluation = evaluate_root(REPORT_ROOT, int(AS_OF))
    labels = [status_label(result.status, lang) for result in evaluation.targets]
    # One row per target ends with its whole status label, in plan order.
    endings = [line.rstrip() for line in lines if line.rstrip().endswith(tuple(labels)) and "·" not in line]
    assert len(endings) == len(labels)
    gap = "   " if columns >= 100 else "  "  # narrower than 100 columns, neighbours share one space of padding
    assert all(ending.endswith(gap + label) for ending, label in zip(endings, labels, strict=True))
    assert not ANSI.search(out)  # piped: plain text


def test_status_column_holds_each_targets_label(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns, the first row of each target ends with its label, whole; beta's dropout
    (deadline 2023, no 2023 figure) is missed provisionally, with the awaited year under it."""
    out = status_output(monkeypatch, 80, "en")
    lines = [line.rstrip() for line in out.splitlines()]
    first_rows = [i for i, line in enumerate(lines) if line.startswith(("Preschool", "Public", "Dropout"))]
    assert [re.split(r"\s{2,}", lines[i])[-1] for i in first_rows] == [
        "on track",
        "regressing",
        "indeterminate",
        "achieved",
        "missed",
    ]
    assert lines[first_rows[-1] + 1].endswith("  awaiting 2023")


def test_progress_bars_only_when_wide_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "██████▎░░░" in status_output(monkeypatch, 120, "en")
    narrow = status_output(monkeypatch, 80, "en")
    assert "░" not in narrow and "Progress" not in narrow


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ascii_has_no_box_block_or_ambiguous_width_characters(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """No box or block characters, and nothing a CJK-locale terminal may draw two cells wide
    (East Asian width 'A': ≥ ≤ ≈ ◆ · — and the curly quotes of the plan titles)."""
    out = status_output(monkeypatch, 120, lang, "--ascii")
    assert not set(out) & set("─━│┃█▏▎▍▌▋▊▉░◆≥≤≈·—")
    assert [c for c in out if unicodedata.east_asian_width(c) == "A"] == []
    assert "######...." in out  # alpha/preschool: 62% of the task -> 6 of 10 cells
    binding = "2025年>=95% !" if lang == "zh" else ">=95% by 2025 !"
    assert binding in out and "~5500" in out and "<=0.5%" in out
    counts = "5 项目标: 已实现 2 - 未实现 3；其中暂定1项"
    if lang == "en":
        counts = "5 targets: achieved 2 - missed 3; 1 provisional"
    assert counts in out.splitlines()
    assert ("! 约束性指标" if lang == "zh" else "! binding target") in out
    assert '甲县"十四五"教育发展规划 [alpha-county-2021-2025]' in out if lang == "zh" else "Alpha county" in out
    assert "乙市教育三年行动计划（2021-2023年） [beta-city-2021-2023]" in out


def test_chinese_columns_stay_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    """rich measures CJK as two cells: the R column ends at the same cell on every row."""
    out = status_output(monkeypatch, 120, "zh")
    alpha = out.split("\n\n")[1]  # the first plan's table
    ends = []
    for line in alpha.splitlines():
        found = re.search(r"(?:\d\.\d\d|-)(?=\s{3}\S+\s*$)", line)
        if found:
            ends.append(cell_len(line[: found.end()]))
    assert len(ends) == 9 and len(set(ends)) == 1  # nine targets, one column edge


def _render(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> str:
    monkeypatch.setenv("FORCE_COLOR", "1")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    _, evaluation = evaluate_root(REPORT_ROOT, int(AS_OF))
    buffer = io.StringIO()
    print_status(make_console(width=120, file=buffer), evaluation, "en")
    return buffer.getvalue()


def test_colour_on_a_terminal_and_none_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert COLOUR.search(_render(monkeypatch, no_color=False))
    assert not COLOUR.search(_render(monkeypatch, no_color=True))


@pytest.mark.parametrize(
    ("title", "shown"),
    [("规划[/b]", "规划[/b] [demo]"), ("Plan [red]x", "Plan [red]x [demo]"), ("[bold]", "[bold] [demo]")],
)
def test_plan_title_is_text_not_markup(make_root: Callable[..., Path], title: str, shown: str) -> None:
    """A title is printed as written (no MarkupError, no style eaten) and the [plan-id] suffix shows."""
    milestone = {"id": "m", "indicator": "quality_balance_passed", "kind": "milestone"}
    root = make_root([plan_with(milestone, title=title)], [])
    result = run("status", "--data", str(root), "--as-of", "2023")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2].rstrip() == shown


def _readme_block(first_line: str) -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"```text\n{first_line}\n") + len("```text\n")
    return text[start : text.index("```", start)].splitlines()


@pytest.mark.parametrize(
    ("first_line", "columns", "args"),
    [
        ("as of 2026", 106, ["--plan", "national-education-2021-2025", "--lang", "en"]),
        ("集安市“十四五”教育发展规划 [jian-education-2021-2025]", 120, ["--plan", "jian-education-2021-2025"]),
    ],
)
def test_readme_status_examples_are_current(
    monkeypatch: pytest.MonkeyPatch, first_line: str, columns: int, args: list[str]
) -> None:
    """The README's status examples are this output (the Ji'an one: its first rows) at that width."""
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("status", "--data", str(REPO), "--as-of", "2026", *args)
    assert result.exit_code == 0, result.stderr
    live = [line.rstrip() for line in result.stdout.splitlines()]
    block = _readme_block(first_line)
    start = live.index(first_line)
    if goldens.updating():  # the README example is a golden file too
        readme = REPO / "README.md"
        old, new = "\n".join(block), "\n".join(live[start : start + len(block)])
        goldens.refresh(readme, readme.read_text(encoding="utf-8").replace(old, new, 1).encode("utf-8"))
        block = _readme_block(first_line)
    assert live[start : start + len(block)] == block, "update the README example (TRACKER_UPDATE_GOLDEN=1 pytest)"


def _bundled(monkeypatch: pytest.MonkeyPatch, columns: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*args, "--data", str(REPO), "--as-of", "2026")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_ids_are_never_broken(monkeypatch: pytest.MonkeyPatch, columns: int, lang: str) -> None:
    """Every target id of the bundled plans stands whole on a line (a reader types it into
    `tracker explain`); at 80 columns they were folded (`senior-secondary-enrolm` / `ent`)."""
    out = _bundled(monkeypatch, columns, "status", "--lang", lang)
    assert max(cell_len(line) for line in out.splitlines()) <= columns
    _, evaluation = evaluate_root(REPO, 2026)
    words = {word for line in out.splitlines() for word in line.split()}
    assert [t.target_id for t in evaluation.targets if t.target_id not in words] == []
    assert not [line for line in out.splitlines() if line != line.rstrip(" ")]  # no padding after the text


def test_wrapped_rows_are_parted_by_a_blank_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns alpha's rows take several lines: a blank line ends each target."""
    lines = status_output(monkeypatch, 80, "en").splitlines()
    start = lines.index("Alpha county 14th Five-Year Education Plan [alpha-county-2021-2025]")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("9 targets: "))
    block = lines[start + 3 : end]
    ids = ["preschool", "senior", "dropout", "retention", "places", "balance", "complaints", "schooling"]
    chunks = "\n".join(block).split("\n\n")  # a target each, its id last
    assert [chunk.splitlines()[-1].split()[0] for chunk in chunks] == [*ids, "satisfaction"]


def test_the_list_layout_puts_the_provisional_note_on_its_own_line() -> None:
    """Too narrow for the table: beta's dropout (deadline 2023, latest 0.6 in 2022) says missed
    with R, and on the next line which figure it awaits."""
    _, evaluation = evaluate_root(REPORT_ROOT, int(AS_OF))
    buffer = io.StringIO()
    print_status(make_console(width=50, color=False, file=buffer), evaluation, "en")
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    at = lines.index("  missed  R 1.00", lines.index("dropout", lines.index("Teachers recruited")))
    assert lines[at + 1] == "  awaiting 2023"
    assert lines[at + 2] == "  Baseline: 0.8% (2020)"


def _explain(monkeypatch: pytest.MonkeyPatch, columns: int, target: str, as_of: str = AS_OF) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("explain", target, "--data", str(REPORT_ROOT), "--as-of", as_of, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_explain_piped_keeps_each_step_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped, a step is one line whatever COLUMNS says (it used to be cut at the width)."""
    lines = _explain(monkeypatch, 40, "alpha-county-2021-2025/senior")
    assert lines[0] == "Target: alpha-county-2021-2025/senior - Senior secondary gross enrolment rate (level, binding)"
    assert all(re.match(r"^[A-Z0-9][\w ()-]*: ", line) for line in lines), lines


def test_explain_at_a_terminal_wraps_under_the_text() -> None:
    """At a terminal a long step wraps at the width, its second line starting under its text."""
    from tracker.core import explain_target
    from tracker.render.terminal import print_explanation

    buffer = io.StringIO()
    console = Console(file=buffer, width=50, force_terminal=True, no_color=True)  # as a real terminal is
    print_explanation(console, explain_target(REPORT_ROOT, "alpha-county-2021-2025/senior", int(AS_OF)), "en")
    lines = ANSI.sub("", buffer.getvalue()).splitlines()  # bold labels
    assert max(cell_len(line) for line in lines) <= 50
    assert lines[0].startswith("Target: alpha-county-2021-2025/senior")
    assert lines[1].startswith(" " * len("Target: ")) and lines[1].strip()


def test_explain_after_the_deadline_gives_no_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    """beta's dropout (<= 0.5 by 2023) at 2024 on its 2022 figure 0.6: a pace to 2023 means
    nothing now; explain says the figure is 0.6 - 0.5 = 0.1 pp over the goal, and that the 2023
    figure decides. Before its deadline alpha's senior keeps its pace: (92 - 83) / 2 = +4.5."""
    after = _explain(monkeypatch, 120, "beta-city-2021-2023/dropout")
    assert not [line for line in after if line.startswith("Pace needed")]
    assert "Against the goal: 0.6% (2022) is 0.1 pp over the goal (≤0.5% by 2023); the 2023 figure decides" in after
    before = _explain(monkeypatch, 120, "alpha-county-2021-2025/senior")
    assert "Pace needed: +4.5 pp/year" in before
    assert not [line for line in before if line.startswith("Against the goal")]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("needs +4.5 pp/year after 2023", 12, ["needs +4.5", "pp/year", "after 2023"]),
        # 余 量 6.61 个 百 = 2+2+4+2+2 cells; 分 点 ； 以 2025 = 2+2+2+2+4
        ("余量6.61个百分点；以2025年数据为准", 12, ["余量6.61个百", "分点；以2025", "年数据为准"]),
        ("alpha-county-2021-2025/senior", 10, ["alpha-coun", "ty-2021-20", "25/senior"]),
    ],
)
def test_explain_wraps_at_spaces_and_between_chinese_characters(text: str, width: int, lines: list[str]) -> None:
    from tracker.render.terminal import wrapped

    assert wrapped(text, width) == lines
    assert all(cell_len(line) <= width for line in lines)

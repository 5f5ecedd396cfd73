"""`tracker report`: golden Markdown, determinism, --since, atomic writes, safe paths, escaping."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from goldens import check_golden
from report_support import (
    AS_OF,
    REPORT_ROOT,
    copy_root,
    crafted_root,
    pinned_terminal,
    run,
    snapshot,
)

from tracker.atomic import OutputFile, write_output
from tracker.exitcodes import ExitCode
from tracker.render.markdown import cell, code, code_cell, text

__all__ = ["pinned_terminal"]


def report(*args: str, root: Path = REPORT_ROOT) -> str:
    result = run("report", "--data", str(root), "--as-of", AS_OF, "--out", "-", *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_report_golden(lang: str) -> None:
    check_golden(f"report-fixture-{lang}.md", report("--lang", lang))


def test_report_is_deterministic_with_unix_line_endings() -> None:
    first, second = report(), report()
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert "\r" not in first


def test_report_content_hand_checked() -> None:
    """Numbers worked out by hand from tests/fixtures/report-root at as-of 2024."""
    out = report("--lang", "en")
    assert out.startswith("# Plan targets: status as of 2024\n")
    # Overview: alpha has 9 targets (1 on track, 3 behind, 1 off track, 1 regressing, 1 pending,
    # 1 indeterminate, 1 no data); beta (2021-2023, past its deadline) has 5 (2 achieved, 3 missed:
    # dropout has no 2023 figure, and 0.6 in 2022 is over its 0.5 cap).
    header = next(line for line in out.splitlines() if line.startswith("| Plan |"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    assert columns[4:] == [
        "✅ achieved",
        "🟢 on track",
        "🟡 behind",
        "🟠 off track",
        "🔴 regressing",
        "❌ missed",
        "⏳ pending",
        "❔ indeterminate",
        "⚪ no data",
    ]
    total = next(line for line in out.splitlines() if line.startswith("| **Total**"))
    assert [c.strip() for c in total.strip("|").split("|")][3:] == "14 2 1 3 1 1 3 1 1 1".split()
    # senior: 80 -> 83 of 80 -> 92 is 0.25 of the task at 0.6 of the time: R = 0.42;
    # (92 - 83) / (2025 - 2023) = 4.5 points a year still needed.
    assert "| 80% (2020) | 83% (2023) | ≥92% by 2025 ◆ | `██▌░░░░░░░` | 0.42 | 🟠 off track |" in out
    assert "(off track): needs +4.5 pp/year after 2023 to reach ≥92% by 2025" in out
    # dropout: 1.0 -> 1.2 against <= 0.5: (0.5 - 1.2) / 2 = -0.35 percentage points a year.
    assert "(regressing): needs -0.35 pp/year after 2023 to reach ≤0.5% by 2025" in out
    # teachers: 200 + 180 + near 200 = 580 of 600; the status is said once.
    assert "`teachers` (missed): 20 short of the goal (total ≥600 by 2023)" in out
    assert "missed: missed" not in out and "(missed): missed" not in out
    # retention (keep >= 95) fell to 94 in 2022 and 94.5 in 2023: two years short, the first 2022.
    assert "`retention` (missed): fell short of the goal in 2 years, first in 2022 (keep ≥95% by 2023)" in out
    # dropout: missed provisionally, the status and the attention line say which figure is awaited.
    assert "| 0.6% (2022)\\* | ≤0.5% by 2023 |" in out and "| ❌ missed<br>no 2023 figure yet |" in out
    assert (
        "`dropout` (missed, provisional): no 2023 figure yet; latest 0.6% (2022); 0.1 pp over the goal (≤0.5% by 2023)"
    ) in out
    # complaints: a change target on a percentage is in percentage points.
    assert "| change ≤-10 pp by 2025 |" in out and "≤-10%" not in out
    assert "`plans/beta-city-2021-2023.yaml`" in out and "0.6% (2022)\\*" in out


def test_mermaid_chart_of_actuals_against_the_straight_path() -> None:
    """preschool: 85 in 2020 toward 95 in 2025 is 2 points a year: 87, 89, 91, 93 on the path."""
    out = report("--lang", "en")
    chart = out.split('title "Preschool gross enrolment rate"')[1].split("```")[0]
    # Every year to the deadline is a category; 2024 and 2025 have no figure: a whole span below the axis.
    assert '    x-axis ["2020", "2021", "2022", "2023", "2024", "2025"]' in chart
    # Values 85 to 95 (spread 10) get the 20-point minimum, centred on 90: 80 to 100, and it says so.
    assert '    y-axis "％ (axis starts at 80％)" 80 --> 100' in chart
    assert "    bar [85, 87, 89, 91.2, 60, 60]" in chart  # 60 = 80 - (100 - 80)
    assert "    line [95, 95, 95, 95, 95, 95]" in chart  # the goal
    assert "    line [85, 87, 89, 91, 93, 95]" in chart  # the straight path
    legend = out.split(chart)[1].split("\n\n")[1]
    assert legend.startswith("`preschool` Legend: blue bars: reported") and "green line: Goal ≥95% by 2025" in legend
    # Cumulative places from 0 in 2020: 4000 for 2021-2022, then 1,500-1,600 more in 2023 (1500余): 5500-5600,
    # drawn at its middle and said so; the axis of an amount starts at zero and holds the goal.
    places = out.split('title "New school places (running total)"')[1].split("```")[0]
    assert '    y-axis "places" 0 --> 10000' in places
    assert "    bar [0, -10000, 4000, 5550, -10000, -10000]" in places
    assert "    line [0, 2000, 4000, 6000, 8000, 10000]" in places
    assert "2023: 5500–5600 drawn at 5550" in out
    # Two or more values: alpha's preschool, senior, dropout, retention, places, complaints (not the
    # milestone, not schooling without data, not satisfaction whose only figure conflicts) and
    # beta's preschool, retention, teachers, dropout.
    assert out.count("```mermaid") == 10


def test_default_output_is_reports_status_md_of_the_data_root(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    result = run("report", "--data", str(root), "--as-of", AS_OF)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert (root / "reports" / "status.md").read_text(encoding="utf-8") == report()
    result = run("report", "--data", str(root), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert (root / "reports" / "status.json").is_file()


def test_json_format_is_the_status_json_document() -> None:
    status = run("status", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--json")
    assert status.exit_code == ExitCode.OK
    assert report("--format", "json") == status.stdout


def _previous_document() -> dict[str, object]:
    """The current document, edited as if an earlier run had seen other data."""
    doc = json.loads(report("--format", "json"))
    targets = doc["targets"]
    by_key = {f"{t['plan']}/{t['target']}": t for t in targets}
    by_key["alpha-county-2021-2025/senior"]["status"] = "on_track"
    by_key["alpha-county-2021-2025/preschool"]["latest"] = {
        "year": 2022,
        "year_start": 2022,
        "value": 89.0,
        "qualifier": "=",
    }
    by_key["beta-city-2021-2023/balance"]["latest"] = None
    targets.remove(by_key["beta-city-2021-2023/dropout"])
    targets.append(dict(by_key["alpha-county-2021-2025/dropout"], plan="gamma", target="gone"))
    doc["as_of"] = 2023
    return doc


def test_since_adds_a_changes_section(tmp_path: Path) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(_previous_document(), ensure_ascii=False), encoding="utf-8")
    out = report("--lang", "en", "--since", str(previous))
    changes = out.split("## Changes since the previous report (as of 2023)\n")[1].split("\n## ")[0]
    assert "### Status changes" in changes
    assert "`alpha-county-2021-2025/senior` | 🟢 on track | 🟠 off track |" in changes
    assert "`alpha-county-2021-2025/preschool` | 89% (2022) | 91.2% (2023) |" in changes
    assert "`beta-city-2021-2023/balance` | - | 1 (2023) |" in changes
    assert "### New targets\n\n- Dropout rate `beta-city-2021-2023/dropout`" in changes
    assert "### Removed targets\n\n- `gamma/gone`" in changes
    assert out.count("| 🟢 on track | 🟠 off track |") == 1


def test_since_with_plan_compares_only_the_selected_plans(tmp_path: Path) -> None:
    """The previous document holds both plans (and gamma/gone); --plan alpha must not list beta's
    targets or gamma's as removed, and still finds alpha's own changes."""
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(_previous_document(), ensure_ascii=False), encoding="utf-8")
    out = report("--lang", "en", "--since", str(previous), "--plan", "alpha-county-2021-2025")
    changes = out.split("## Changes since the previous report (as of 2023)\n")[1].split("\n## ")[0]
    assert "Removed targets" not in changes and "beta-city" not in changes and "gamma" not in changes
    assert "`alpha-county-2021-2025/senior` | 🟢 on track | 🟠 off track |" in changes
    assert "`alpha-county-2021-2025/preschool` | 89% (2022) | 91.2% (2023) |" in changes
    # A target of a selected plan that is gone is still a removed target.
    doc = _previous_document()
    doc["targets"].append(dict(doc["targets"][0], target="retired"))  # type: ignore[attr-defined]
    previous.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = report("--lang", "en", "--since", str(previous), "--plan", "alpha-county-2021-2025")
    assert "### Removed targets\n\n- `alpha-county-2021-2025/retired`\n" in out


def test_since_the_same_document_has_no_changes(tmp_path: Path) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(report("--format", "json"), encoding="utf-8")
    out = report("--lang", "en", "--since", str(previous))
    assert "## Changes since the previous report (as of 2024)\n\nNo changes.\n" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"schema_version": 9, "as_of": 2024, "targets": []}', "schema_version is 9"),
        ('{"schema_version": 1, "as_of": 2024, "targets": [{"plan": "x"}]}', "targets[0] lacks"),
        ("[]", "not a JSON object"),
    ],
)
def test_since_refuses_a_bad_previous_document(tmp_path: Path, content: str, reason: str) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(content, encoding="utf-8")
    result = run("report", "--data", str(REPORT_ROOT), "--out", "-", "--since", str(previous))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "TRK407" in result.stderr and reason in result.stderr
    assert result.stdout == ""


def test_since_with_json_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run("report", "--data", str(REPORT_ROOT), "--format", "json", "--since", str(tmp_path / "x.json"))
    assert result.exit_code == ExitCode.BAD_INPUT and "TRK405" in result.stderr


# --- atomic writes -----------------------------------------------------------------------------


def test_failed_write_leaves_the_previous_report_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root(tmp_path)
    report_file = root / "reports" / "status.md"
    assert run("report", "--data", str(root), "--as-of", "2023").exit_code == ExitCode.OK
    previous = report_file.read_text(encoding="utf-8")
    record = (root / "reports" / ".tracker-outputs").read_text(encoding="utf-8")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    result = run("report", "--data", str(root), "--as-of", AS_OF)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.endswith(
        f"{report_file.resolve().as_posix()}: TRK411 cannot write output: No space left on device\n"
    )
    assert "unexpected error" not in result.stderr
    assert report_file.read_text(encoding="utf-8") == previous
    assert (root / "reports" / ".tracker-outputs").read_text(encoding="utf-8") == record
    assert sorted(p.name for p in report_file.parent.iterdir()) == [".tracker-outputs", "status.md"]


def test_out_in_a_folder_that_cannot_be_made_is_trk411() -> None:
    """/proc refuses new folders even to root, so this fails the same way everywhere."""
    result = run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--out", "/proc/nope/x.md")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.endswith(
        "/proc/nope/x.md: TRK411 cannot write output: No such file or directory (/proc/nope)\n"
    )
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr


def test_junit_that_cannot_be_written_is_trk411_and_nothing_else() -> None:
    result = run("check", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--junit", "/proc/nope/junit.xml")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "/proc/nope/junit.xml: TRK411 cannot write output: No such file or directory" in result.stderr
    assert "unexpected error" not in result.stderr


def test_write_output_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "report.md"
    write_output(OutputFile(target, str(target), tmp_path), "one\n")
    target.chmod(0o640)
    write_output(OutputFile(target, str(target), tmp_path), "two\n")
    assert target.read_bytes() == b"two\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == [".tracker-outputs", "report.md"]


def test_crash_between_write_and_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    write_output(OutputFile(target, str(target), tmp_path), "old\n")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(OutputFile(target, str(target), tmp_path), "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tracker-outputs", "report.md"]


# --- where reports may go ----------------------------------------------------------------------


@pytest.mark.parametrize("out", ["../escaped.md", "reports/../../escaped.md"])
def test_out_refuses_relative_paths_that_leave_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--out", out)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "TRK408" in result.stderr and "inside the current folder" in result.stderr
    assert not (tmp_path / "escaped.md").exists()


def test_out_accepts_an_absolute_path_and_a_relative_one_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    absolute = tmp_path.parent / f"{tmp_path.name}-absolute.md"
    try:
        assert run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--out", str(absolute)).exit_code == 0
        assert absolute.read_text(encoding="utf-8") == report()
    finally:
        absolute.unlink(missing_ok=True)
    assert run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--out", "sub/r.md").exit_code == 0
    assert (tmp_path / "sub" / "r.md").is_file()


@pytest.mark.parametrize("folder", ["plans", "actuals"])
def test_nothing_writes_into_plans_or_actuals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    root = copy_root(tmp_path)
    monkeypatch.chdir(root)
    before = snapshot(root / folder)
    for out in (f"{folder}/report.md", str(root / folder / "report.md")):
        result = run("report", "--as-of", AS_OF, "--out", out)
        assert result.exit_code == ExitCode.BAD_INPUT
        assert f"never writes into {folder}/" in result.stderr
    result = run("check", "--as-of", AS_OF, "--junit", f"{folder}/junit.xml")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert snapshot(root / folder) == before


def test_report_and_check_leave_plans_and_actuals_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root(tmp_path)
    monkeypatch.chdir(root)
    before = snapshot(root / "plans"), snapshot(root / "actuals"), (root / "indicators.yaml").read_bytes()
    assert run("report", "--as-of", AS_OF).exit_code == ExitCode.OK
    assert run("report", "--as-of", AS_OF, "--format", "json").exit_code == ExitCode.OK
    assert run("check", "--as-of", AS_OF, "--junit", "junit.xml").exit_code == ExitCode.TARGETS_FAILED
    after = snapshot(root / "plans"), snapshot(root / "actuals"), (root / "indicators.yaml").read_bytes()
    assert after == before


# --- escaping of strings from data files -------------------------------------------------------


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_crafted_strings_cannot_break_the_report(tmp_path: Path) -> None:
    out = report("--lang", "en", root=crafted_root(tmp_path))
    lines = out.splitlines()
    for block in ("| Plan |", "| Target |"):
        start = next(i for i, line in enumerate(lines) if line.startswith(block))
        table = []
        for line in lines[start:]:
            if not line.startswith("|"):
                break
            table.append(line)
        widths = {_unescaped_pipes(line) for line in table}
        assert len(widths) == 1, table  # every row has as many cells as the header
    assert "<img" not in out and "<script>" not in out and "<i>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\\$x^2\\$" in out and "\\`code\\`" in out and "\\*\\*bold\\*\\*" in out and "\\[link\\]" in out
    # The only code fences are the report's own chart: the quote's ``` is escaped.
    assert out.count("```mermaid") == 1 and out.count("```") == 2
    chart = out.split("```mermaid\n")[1].split("```")[0]
    title = next(line for line in chart.splitlines() if line.strip().startswith("title"))
    init, body = chart.split("\n", 1)  # our own directive (the colours), then the data's labels
    assert init.startswith('%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0072B2, ')
    assert title.count('"') == 2 and "%%" not in body and "{" not in body and "<" not in body
    # Headings and list items stay on one line.
    heading = next(line for line in lines if line.startswith("## Evil"))
    assert heading.endswith("\\*\\*bold\\*\\*")


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("x,y:z%.yaml", "`x,y:z%.yaml`"),
        ("plans/a b_c.yaml", "`plans/a b_c.yaml`"),
        ("a`b", "``a`b``"),
        ("`a", "`` `a ``"),
        ("a\nb\x00", "`a b\\x00`"),
        ("<b>*x*</b>", "`<b>*x*</b>`"),  # nothing in a code span is markup
    ],
)
def test_code_spans_keep_the_text(value: str, span: str) -> None:
    assert code(value) == span
    assert code_cell("a|b") == "`a\\|b`"


def test_crafted_plan_file_name_is_kept_in_the_report(tmp_path: Path) -> None:
    """A plan file named 'x,y:z%.yaml' (its id differs: a warning only) is named as it is."""
    root = copy_root(tmp_path)
    (root / "plans" / "alpha-county-2021-2025.yaml").rename(root / "plans" / "x,y:z%.yaml")
    out = report("--lang", "en", root=root)
    assert "· `plans/x,y:z%.yaml`" in out and "xy:z" not in out


def test_escape_helpers() -> None:
    assert cell("a|b\nc") == "a\\|b<br>c"
    assert cell("x\r\ny") == "x<br>y"
    assert text("a\nb") == "a b"
    assert text("<b>&") == "&lt;b&gt;&amp;"
    assert text("\x00\x1bz") == "\\\\x00\\\\x1bz"  # shown as escapes (escaping.clean), backslashes escaped


def test_outputs_never_replace_the_data_or_other_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog, a data root's folders seen from another data root, and files that are no report."""
    root = copy_root(tmp_path)
    monkeypatch.chdir(root)
    catalog = (root / "indicators.yaml").read_bytes()
    for args in (["report", "--out", "indicators.yaml"], ["check", "--junit", "indicators.yaml"]):
        result = run(*args, "--as-of", AS_OF)
        assert result.exit_code == ExitCode.BAD_INPUT and "never writes into indicators.yaml" in result.stderr
    assert (root / "indicators.yaml").read_bytes() == catalog
    (root / "notes.py").write_text("keep me\n", encoding="utf-8")
    (root / "README.md").write_text("# our data\n", encoding="utf-8")
    for name in ("notes.py", "README.md"):
        result = run("report", "--as-of", AS_OF, "--out", name)
        assert result.exit_code == ExitCode.BAD_INPUT and "tracker did not write it" in result.stderr
    assert (root / "notes.py").read_text(encoding="utf-8") == "keep me\n"
    assert (root / "README.md").read_text(encoding="utf-8") == "# our data\n"
    for name, args in (("status.md", []), ("status.json", ["--format", "json"])):  # its own outputs it replaces
        assert run("report", "--as-of", AS_OF, "--out", name, *args).exit_code == ExitCode.OK
        assert run("report", "--as-of", AS_OF, "--out", name, *args).exit_code == ExitCode.OK
    other = copy_root(tmp_path / "other")
    result = run("report", "--data", str(other), "--as-of", AS_OF, "--out", "plans/zz.md")  # this folder's plans/
    assert result.exit_code == ExitCode.BAD_INPUT and "never writes into plans/" in result.stderr
    for args in (
        ["extract", str(root / "plans" / "alpha-county-2021-2025.yaml"), "--out", "plans"],
        ["init", "actuals/new"],
    ):
        result = run(*args)
        assert result.exit_code == ExitCode.BAD_INPUT, result.output
        assert "TRK408" in result.stderr

"""`tracker check`: policy, exit codes, output lines, GitHub annotations, JUnit."""

from __future__ import annotations

import dataclasses
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from goldens import check_golden
from report_support import AS_OF, REPORT_ROOT, copy_root, crafted_root, pinned_terminal, run

from tracker.checking import CheckOutcome, check, parse_fail_on, policy
from tracker.core import evaluate_root
from tracker.errors import TrackerError
from tracker.exitcodes import ExitCode
from tracker.models import Status
from tracker.render import github, junit
from tracker.results import Figure, TargetResult

__all__ = ["pinned_terminal"]

ALPHA = "alpha-county-2021-2025"
BETA = "beta-city-2021-2023"
ALPHA_FILE = f"plans/{ALPHA}.yaml"


def check_cli(*args: str, root: Path = REPORT_ROOT) -> tuple[int, str, str]:
    result = run("check", "--data", str(root), "--as-of", AS_OF, *args)
    return result.exit_code, result.stdout, result.stderr


def test_check_output_golden() -> None:
    code, out, _ = check_cli()
    assert code == ExitCode.TARGETS_FAILED
    check_golden("check-fixture.txt", out)


def test_default_policy_hand_checked() -> None:
    """alpha/senior is off track and binding; beta (fail_on: missed, behind; its deadline 2023 has
    passed) has three missed targets: retention fell short in 2022 (94) and 2023 (94.5); teachers
    sum to ≈580 of 600 through 2023; dropout has no 2023 figure and its 2022 figure, 0.6, is over
    the 0.5 cap, so it is missed provisionally. alpha/dropout is regressing but not binding, so it
    passes; alpha's three behind targets pass."""
    code, out, _ = check_cli()
    lines = out.splitlines()
    assert lines[:-1] == [
        f"{ALPHA_FILE}:18: {ALPHA}/senior: off_track - R = 0.42; 83% (2023); "
        "needs +4.5 pp/year after 2023 to reach ≥92% by 2025",
        f"plans/{BETA}.yaml:15: {BETA}/retention: missed - fell short of the goal in 2 years, first in 2022 "
        "(keep ≥95% by 2023)",
        f"plans/{BETA}.yaml:21: {BETA}/teachers: missed - ≈580 (2021-2023), 20 short of the goal (total ≥600 by 2023)",
        f"plans/{BETA}.yaml:30: {BETA}/dropout: missed (provisional) - no 2023 figure yet; 0.6% (2022), "
        "0.1 pp over the goal (≤0.5% by 2023)",
    ]
    assert lines[-1] == (
        "tracker check: FAILED - 4 of 14 targets as of 2024 (off_track 1, missed 3, of them provisional 1); "
        "policy: missed; off_track, regressing if binding (plans may override)"
    )


def test_exit_0_when_nothing_fails() -> None:
    code, out, _ = check_cli("--fail-on", "none")
    assert code == ExitCode.OK
    assert out == "tracker check: OK - 0 of 14 targets failed as of 2024; policy: --fail-on none\n"


def test_fail_on_replaces_every_policy() -> None:
    """--fail-on behind fails alpha's three behind targets and nothing else (beta has none)."""
    code, out, _ = check_cli("--fail-on", "behind")
    assert code == ExitCode.TARGETS_FAILED
    failed = [line.split(": ")[1] for line in out.splitlines()[:-1]]
    assert failed == [f"{ALPHA}/retention", f"{ALPHA}/places", f"{ALPHA}/complaints"]


def test_plan_override_applies_to_its_own_targets_only() -> None:
    _, evaluation = evaluate_root(REPORT_ROOT, 2024)
    alpha, beta = evaluation.plans
    assert beta.fail_on == (Status.MISSED, Status.BEHIND)
    assert policy(beta, None)[beta.targets[0].binding] == (Status.MISSED, Status.BEHIND)
    assert policy(alpha, None)[alpha.targets[0].binding] == (Status.MISSED, Status.OFF_TRACK, Status.REGRESSING)
    assert policy(alpha, None)[alpha.targets[2].binding] == (Status.MISSED,)  # dropout: not binding
    assert policy(beta, (Status.PENDING,))[beta.targets[0].binding] == (Status.PENDING,)
    # A binding target of a plan whose override leaves out off_track passes when off track.
    senior = alpha.targets[1]
    assert senior.binding and senior.status is Status.OFF_TRACK
    overridden = dataclasses.replace(alpha, fail_on=(Status.MISSED,), first=alpha.first + 1, size=1)
    outcome = check(dataclasses.replace(evaluation, plans=(overridden,)))
    assert not outcome.failed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail-on", "mised"], "--fail-on: TRK405 unknown status 'mised' (did you mean 'missed'?)"),
        (["--fail-on", ","], "--fail-on: TRK405 needs one or more statuses"),
        (["--as-of", "1800"], "Invalid value for '--as-of'"),
        (["--plan", "nope"], "TRK403"),
    ],
)
def test_exit_2_on_usage_errors(args: list[str], message: str) -> None:
    result = run("check", "--data", str(REPORT_ROOT), *args)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert message and message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # nothing was checked


def test_as_of_before_1900_names_the_bound() -> None:
    result = run("check", "--data", str(REPORT_ROOT), "--as-of", "1800")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "Invalid value for '--as-of'" in result.stderr and "1900" in result.stderr


def _with_plan_policy(tmp_path: Path, policy: str) -> Path:
    """The fixture root with alpha's plan ending in a `check:` policy (target lines unchanged)."""
    root = copy_root(tmp_path)
    plan = root / "plans" / f"{ALPHA}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + f"check: {{fail_on: [{policy}]}}\n", encoding="utf-8")
    return root


def test_plan_policy_through_the_cli_lets_a_binding_off_track_target_pass(tmp_path: Path) -> None:
    """alpha/senior (binding, off track) fails the default policy; alpha's `fail_on: [missed]` passes it."""
    code, out, _ = check_cli("--plan", ALPHA)
    assert code == ExitCode.TARGETS_FAILED and f"{ALPHA}/senior: off_track" in out
    code, out, _ = check_cli("--plan", ALPHA, root=_with_plan_policy(tmp_path, "missed"))
    assert code == ExitCode.OK
    assert out == (
        "tracker check: OK - 0 of 9 targets failed as of 2024; "
        "policy: missed; off_track, regressing if binding (plans may override)\n"
    )


def test_plan_policy_through_the_cli_fails_what_it_names(tmp_path: Path) -> None:
    """alpha's `fail_on: [behind]`: its three behind targets fail and senior no longer does; beta
    keeps its own policy (missed, behind), so its three missed targets still fail; --fail-on wins."""
    root = _with_plan_policy(tmp_path, "behind")
    code, out, _ = check_cli(root=root)
    assert code == ExitCode.TARGETS_FAILED
    failed = [line.split(": ")[1] for line in out.splitlines()[:-1]]
    assert failed == [
        f"{ALPHA}/retention",
        f"{ALPHA}/places",
        f"{ALPHA}/complaints",
        f"{BETA}/retention",
        f"{BETA}/teachers",
        f"{BETA}/dropout",
    ]
    code, out, _ = check_cli("--fail-on", "regressing", root=root)
    assert [line.split(": ")[1] for line in out.splitlines()[:-1]] == [f"{ALPHA}/dropout"]


def test_exit_2_on_bad_input(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    (root / "plans" / f"{ALPHA}.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    code, out, err = check_cli(root=root)
    assert code == ExitCode.BAD_INPUT
    assert f"{ALPHA_FILE}:1:5: TRK102" in err  # where the unclosed [ opens
    assert out == ""
    code, _, err = check_cli(root=tmp_path / "nowhere")
    assert code == ExitCode.BAD_INPUT and "TRK401" in err


def test_parse_fail_on() -> None:
    assert parse_fail_on("missed, off_track,missed") == (Status.MISSED, Status.OFF_TRACK)
    assert parse_fail_on("none") == ()
    with pytest.raises(TrackerError):
        parse_fail_on("missed,late")


# --- GitHub Actions ----------------------------------------------------------------------------


def test_github_annotations_and_step_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = check_cli(root=root)
    assert code == ExitCode.TARGETS_FAILED
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file=root/{ALPHA_FILE},line=18,title={ALPHA}/senior%3A off_track::off_track: R = 0.42; "
        "83%25 (2023); needs +4.5 pp/year after 2023 to reach ≥92%25 by 2025",
        f"::error file=root/plans/{BETA}.yaml,line=15,title={BETA}/retention%3A missed::missed: "
        "fell short of the goal in 2 years, first in 2022 (keep ≥95%25 by 2023)",
        f"::error file=root/plans/{BETA}.yaml,line=21,title={BETA}/teachers%3A missed::missed: "
        "≈580 (2021-2023), 20 short of the goal (total ≥600 by 2023)",
        f"::error file=root/plans/{BETA}.yaml,line=30,title={BETA}/dropout%3A missed::missed: "
        "no 2023 figure yet; 0.6%25 (2022), 0.1 pp over the goal (≤0.5%25 by 2023)",
    ]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## tracker check\n")
    assert f"| `plans/{BETA}.yaml:21` | Teachers recruited<br>`{BETA}/teachers` | ❌ missed |" in written
    assert f"<br>`{BETA}/dropout` | ❌ missed<br>no 2023 figure yet | no 2023 figure yet; 0.6% (2022)" in written
    assert "| **Total** |" in written


def test_step_summary_that_cannot_be_written_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check's own result (1: targets failed) stands; the summary problem is a warning on stderr."""
    missing = tmp_path / "nonexistent" / "dir" / "x"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(missing))
    code, out, err = check_cli()
    assert code == ExitCode.TARGETS_FAILED
    assert f"{missing.as_posix()}: TRK412 cannot append the job summary: No such file or directory" in err
    assert "the check's result stands" in err and "unexpected error" not in err
    assert "tracker check: FAILED - 4 of 14 targets" in out
    code, _, err = check_cli("--fail-on", "none")
    assert code == ExitCode.OK and "TRK412" in err


def test_no_annotations_outside_github(tmp_path: Path) -> None:
    _, out, _ = check_cli()
    assert "::error" not in out


def test_github_escaping_rules() -> None:
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_crafted_plan_file_name_is_escaped_in_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan file named 'x,y:z.yaml' (id differs: a warning only) must not split the properties."""
    root = copy_root(tmp_path)
    shutil.move(root / "plans" / f"{ALPHA}.yaml", root / "plans" / "x,y:z%.yaml")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    _, out, _ = check_cli(root=root)
    line = next(line for line in out.splitlines() if line.startswith("::error file=plans/x"))
    assert line.startswith("::error file=plans/x%2Cy%3Az%25.yaml,line=18,title=")


def test_crafted_strings_in_github_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crafted root's target (80 -> 88 of 95 at 0.6 of the time: R = 0.89) is behind."""
    root = crafted_root(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = check_cli("--fail-on", "behind", root=root)
    assert code == ExitCode.TARGETS_FAILED
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=plans/evil.yaml,line=12,title=evil/t%3A behind::behind: R = 0.89; 88%25 (2023); "
        "needs +3.5 pp/year after 2023 to reach ≥95%25 by 2025"
    ]
    written = summary.read_text(encoding="utf-8")
    failures = [line for line in written.splitlines() if line.startswith("| `plans/evil.yaml:12`")]
    assert len(failures) == 1 and failures[0].count(" | ") == 3  # four cells: the name did not add any
    assert "&lt;b&gt;" in failures[0] and "<b>" not in written and "```" not in written


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_parses_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = check_cli("--junit", "out/junit.xml")
    assert code == ExitCode.TARGETS_FAILED
    suites = ET.parse(tmp_path / "out" / "junit.xml").getroot()
    assert suites.tag == "testsuites"
    assert (suites.get("tests"), suites.get("failures"), suites.get("skipped")) == ("14", "4", "3")
    alpha, beta = suites.findall("testsuite")
    assert (alpha.get("name"), alpha.get("tests"), alpha.get("failures"), alpha.get("skipped")) == (
        ALPHA,
        "9",
        "1",
        "3",
    )
    assert (beta.get("tests"), beta.get("failures"), beta.get("skipped")) == ("5", "3", "0")
    cases = {case.get("name"): case for case in alpha.findall("testcase")}
    senior = cases["senior"]
    assert senior.get("classname") == ALPHA and senior.get("file") == ALPHA_FILE and senior.get("line") == "18"
    failure = senior.find("failure")
    assert failure is not None and failure.get("type") == "off_track"
    assert failure.get("message", "").startswith("off_track: R = 0.42")
    assert [name for name, case in cases.items() if case.find("skipped") is not None] == [
        "balance",
        "schooling",
        "satisfaction",
    ]
    assert cases["dropout"].find("failure") is None  # regressing, not binding


def test_junit_to_standard_output_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' would mix XML into the check's lines (or, as before, write nothing at all): TRK405, nothing run."""
    monkeypatch.chdir(tmp_path)
    code, out, err = check_cli("--junit", "-")
    assert code == ExitCode.BAD_INPUT
    assert err.startswith("--junit: TRK405 standard output carries the check's own lines; give a file name")
    assert out == "" and list(tmp_path.iterdir()) == []


def test_junit_shows_control_characters_as_escapes() -> None:
    """As every output does (`escaping.clean`), noncharacters such as U+FFFE (which XML 1.0 forbids) too."""
    _, evaluation = evaluate_root(REPORT_ROOT, 2024)
    result = evaluation.plans[0].targets[0]
    crafted = conflicting(result, "why \x0b<&> \ufffe\nnext")  # the reason names the sources
    crafted = crafted._replace(target_id="t\x00\x1b[31m", file="plans/\x07bell.yaml")
    plan = dataclasses.replace(evaluation.plans[0], id="p\x01").with_targets([crafted])
    evaluation = dataclasses.replace(evaluation, plans=(plan,))
    outcome = CheckOutcome(evaluation, (crafted,), None)
    root = ET.fromstring(junit.render(outcome).encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == "t\\x00\\x1b[31m" and case.get("file") == "plans/\\x07bell.yaml"
    assert case.get("classname") == "p\\x01"
    failure = case.find("failure")
    said = "indeterminate: the figures for 2023 conflict (why  <&> \\ufffe next vs B); goal: ≥95% by 2025"
    assert failure is not None and failure.get("message") == said


def conflicting(result: TargetResult, source: str) -> TargetResult:
    """`result` made indeterminate by two figures for 2023 that contradict each other, from
    `source` and B (its reason names both)."""
    figure = Figure(2023, 2023, 88.0, "=", "", 92.0, 88.0, conflict=True)
    changed = {"status": Status.INDETERMINATE, "latest": figure, "sources": (source, "B"), "baseline_year": None}
    return result._replace(**changed)


def _national(copies: int, source: str = "") -> CheckOutcome:
    """The fixture's plans `copies` times over (as many plans as a national data root), every
    target of them failing (with `source`: made conflicting, their reasons naming it)."""
    _, evaluation = evaluate_root(REPORT_ROOT, 2024)
    plans = tuple(
        dataclasses.replace(plan, id=f"{plan.id}-{i}").with_targets(
            [t._replace(plan_id=f"{plan.id}-{i}") for t in plan.targets]
        )
        for i in range(copies)
        for plan in evaluation.plans
    )
    evaluation = dataclasses.replace(evaluation, plans=plans)
    failures = tuple(conflicting(t, source) if source else t for t in evaluation.targets)
    return CheckOutcome(evaluation, failures, (Status.MISSED,))


def test_step_summary_stays_under_githubs_limit() -> None:
    """3,000 plans and 21,000 failing targets: the first rows of each table, a line for the rest."""
    outcome = _national(1500)
    summary = github.step_summary(outcome, "en")
    assert len(summary.encode("utf-8")) < github.SUMMARY_LIMIT
    failure_rows = [line for line in summary.splitlines() if line.startswith("| `plans/")]
    assert len(failure_rows) == github.MAX_FAILURE_ROWS
    assert failure_rows[0].startswith(f"| `{ALPHA_FILE}:") and f"`{ALPHA}-0/preschool`" in failure_rows[0]
    more = 21_000 - github.MAX_FAILURE_ROWS
    assert f"… and {more:,} more failing targets, not listed here (the check's output lists them all)." in summary
    plan_rows = [line for line in summary.splitlines() if " | 2021-202" in line]  # the period column
    assert len(plan_rows) == github.MAX_PLAN_ROWS
    assert f"… and {3000 - github.MAX_PLAN_ROWS:,} more plans, not listed here" in summary
    total = next(line for line in summary.splitlines() if line.startswith("| **Total**"))
    assert total.split(" | ")[3] == "21000"  # the total counts every plan
    assert github.step_summary(outcome, "zh").count("……另有") == 2


def test_step_summary_rows_are_capped_by_size_too() -> None:
    """Long reasons (5 KB each): fewer rows than MAX_FAILURE_ROWS, still under the limit."""
    outcome = _national(20, source="x" * 5000)
    summary = github.step_summary(outcome, "en")
    assert len(summary.encode("utf-8")) < github.SUMMARY_LIMIT
    rows = [line for line in summary.splitlines() if line.startswith("| `plans/")]
    assert 0 < len(rows) < github.MAX_FAILURE_ROWS
    assert f"… and {280 - len(rows):,} more failing targets" in summary


def test_small_step_summary_is_whole() -> None:
    _, evaluation = evaluate_root(REPORT_ROOT, 2024)
    outcome = check(evaluation)
    summary = github.step_summary(outcome, "en")
    assert "more failing targets" not in summary and "more plans" not in summary
    assert len([line for line in summary.splitlines() if line.startswith("| `plans/")]) == 4


def test_results_made_by_hand_take_a_series() -> None:
    """Results put together with `with_targets` go through the report's series like the engine's."""
    from tracker.series import with_series

    dataset, evaluation = evaluate_root(REPORT_ROOT, 2024)
    made = dataclasses.replace(evaluation, plans=tuple(p.with_targets(p.targets) for p in evaluation.plans))
    charted, expected = with_series(dataset, made), with_series(dataset, evaluation)
    assert [t.series for t in charted.targets] == [t.series for t in expected.targets]
    assert any(t.series for t in charted.targets)

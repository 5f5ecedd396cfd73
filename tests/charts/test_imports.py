"""Charts cost `tracker status` and `tracker --help` nothing: they never import tracker.charts.

Each case runs in a fresh interpreter (this test process may have imported the charts).
"""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import TESTS

DEMO = TESTS / "fixtures" / "demo"
CHART_MODULES = ("tracker.charts", "matplotlib", "vl_convert", "altair", "pyecharts")

PROBE = """
import json, sys
from typer.testing import CliRunner
from tracker.cli import app
result = CliRunner().invoke(app, json.loads(sys.argv[1]))
print(json.dumps({"exit": result.exit_code, "modules": sorted(sys.modules)}))
"""


def modules_after(args: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, check=True, timeout=120
    )
    result = json.loads(done.stdout)
    assert result["exit"] == 0
    return set(result["modules"])


def test_status_and_help_import_no_chart_code() -> None:
    for args in (["--help"], ["status", "--data", str(DEMO), "--as-of", "2023"]):
        loaded = modules_after(args)
        assert "tracker.engine" in loaded or args == ["--help"]  # the probe sees what a command imports
        assert not [m for m in loaded if m.startswith(CHART_MODULES)], args


def test_the_chart_modules_import_no_third_party_package_but_pydantic() -> None:
    code = (
        "import sys; before = set(sys.modules); "
        "import tracker.charts.spec, tracker.charts.svg, tracker.charts.mermaid; "
        "print(sorted({m.split('.')[0] for m in set(sys.modules) - before}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    new = set(json.loads(done.stdout.replace("'", '"')))
    third_party = {m for m in new if not m.startswith("_")} - set(sys.stdlib_module_names) - {"tracker"}
    assert third_party <= {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection"}
    assert "numpy" not in new and "pandas" not in new

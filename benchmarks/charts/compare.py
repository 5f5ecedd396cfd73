"""Compare chart technologies for the HTML report: determinism, offline, Chinese text, size, speed.

Run with a Python that has the candidates installed (they are not tracker's dependencies):

    python -m venv /tmp/chartbench && /tmp/chartbench/bin/pip install -e . altair vl-convert-python matplotlib pyecharts
    npm pack echarts@5 && tar xzf echarts-*.tgz   # echarts.min.js for the pyecharts page (ECHARTS_JS)
    ECHARTS_JS=package/dist/echarts.min.js /tmp/chartbench/bin/python benchmarks/charts/compare.py

It prints a Markdown table (docs/charts.md quotes it) and writes the numbers to
benchmarks/charts/results.json. Times are medians of --runs runs.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(Path(__file__).parent)]

from charts.chromium import open_page  # noqa: E402
from charts.samples import SAMPLES  # noqa: E402
from writers import IMPORTS, WRITERS  # noqa: E402

from tracker.charts.spec import chart_spec  # noqa: E402

PACKAGES = {
    "svg": [],
    "vegalite": ["vl-convert-python"],
    "vegalite+altair": ["altair", "vl-convert-python"],
    "matplotlib": ["matplotlib"],
    "echarts": ["pyecharts"],
}
CORE = {
    "pandas",
    "numpy",
    "pyyaml",
    "rich",
    "typer",
    "pydantic",
    "zhconv",
    "rapidfuzz",
    "python-dateutil",
    "six",
    "tzdata",
    "pytz",
    "typing-extensions",
    "click",
    "markdown-it-py",
    "mdurl",
    "pygments",
    "shellingham",
    "annotated-types",
    "pydantic-core",
    "typing-inspection",
    "annotated-doc",
}
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']https?:|url\(\s*["']?https?:|@import""", re.I)
CJK_TEXT = re.compile(r"<text[^>]*>[^<]*[\u4e00-\u9fff]", re.S)
PAGE_CHARTS = 40
PAGE_SCRIPT = """(() => {
  const svgs = [...document.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 100);
  const marks = svgs.map(s => s.querySelectorAll('path,circle,line,rect,polyline,polygon,use').length);
  const cjk = svgs.map(s => [...s.querySelectorAll('text')]
    .filter(t => /[\\u4e00-\\u9fff]/.test(t.textContent)).length);
  const nav = performance.getEntriesByType('navigation')[0];
  return {svgs: svgs.length, min_marks: Math.min(...marks), cjk_text_elements: cjk.reduce((a, b) => a + b, 0),
          load_ms: nav.loadEventStart};
})()"""


def median_in_process(before: str, timed: str, runs: int) -> float:
    """Median time of `timed` in a fresh interpreter that has already run `before` (start-up excluded)."""
    code = (
        f"import sys; sys.path[:0] = {[str(ROOT), str(ROOT / 'tests'), str(Path(__file__).parent)]!r}\n"
        f"{before}\nimport time\nstart = time.perf_counter()\n{timed}\nprint(time.perf_counter() - start)"
    )
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True)
        times.append(float(done.stdout.split()[-1]))
    return statistics.median(times)


FIRST_CHART = (
    "from charts.samples import NATIONAL_PRESCHOOL\nfrom tracker.charts.spec import chart_spec\n"
    "from writers import WRITERS\nspec = chart_spec(NATIONAL_PRESCHOOL)"
)


def charts(name: str) -> list[str]:
    writer = WRITERS[name]
    return [writer(chart_spec(data), key) for key, data in SAMPLES.items()]


def page(name: str, count: int) -> str:
    writer = WRITERS[name]
    items = list(SAMPLES.items())
    body = "\n".join(f"<figure>{writer(chart_spec(items[i % len(items)][1]), f'c{i}')}</figure>" for i in range(count))
    script = ""
    if name == "echarts":
        script = "<script>" + Path(os.environ["ECHARTS_JS"]).read_text(encoding="utf-8") + "</script>"
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>charts</title>'
        f"{script}<style>figure{{display:inline-block;margin:4px}}</style></head><body>{body}</body></html>\n"
    )


def digest_of_run(name: str) -> str:
    code = (
        f"import sys, hashlib; sys.path[:0] = {[str(ROOT), str(ROOT / 'tests'), str(Path(__file__).parent)]!r}; "
        "from compare import charts; "
        f"print(hashlib.sha256(''.join(charts({name!r})).encode()).hexdigest())"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip()


def install_bytes(names: list[str]) -> int:
    seen: set[str] = set()
    todo = list(names)
    total = 0
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen or name in CORE:
            continue
        seen.add(name)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for file in dist.files or []:
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0])
    return total


LOADED = "import pandas, tracker.models"  # what `tracker report` has imported before it draws charts


def measure(name: str, runs: int, shots: Path) -> dict[str, object]:
    result: dict[str, object] = {
        "import_s": round(median_in_process("", IMPORTS[name], runs), 3),
        "import_after_report_s": round(median_in_process(LOADED, IMPORTS[name], runs), 3),
        # importing, then drawing the first chart (a library's own start-up happens here)
        "first_chart_after_report_s": round(
            median_in_process(f"{LOADED}\n{FIRST_CHART}", f"{IMPORTS[name]}\nWRITERS[{name!r}](spec, 'c')", runs), 3
        ),
    }
    if name == "vegalite":
        result["import_with_altair_s"] = round(median_in_process("", IMPORTS["vegalite+altair"], runs), 3)
        result["install_with_altair_mb"] = round(install_bytes(PACKAGES["vegalite+altair"]) / 1e6, 1)
    outputs = charts(name)  # warm
    per_chart = []
    for _ in range(runs):
        start = time.perf_counter()
        outputs = charts(name)
        per_chart.append((time.perf_counter() - start) / len(outputs))
    result["render_ms"] = round(statistics.median(per_chart) * 1000, 2)
    digests = {digest_of_run(name) for _ in range(3)}
    result["deterministic"] = len(digests) == 1
    result["chart_kb"] = round(len(outputs[0].encode()) / 1024, 1)
    html = page(name, PAGE_CHARTS)
    result["page_kb"] = round(len(html.encode()) / 1024, 1)
    result["remote_refs"] = len(REMOTE.findall(html))
    result["cjk_text_elements_in_file"] = len(CJK_TEXT.findall(html))
    result["install_mb"] = round(install_bytes(PACKAGES[name]) / 1e6, 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        loads = []
        visit = None
        for _ in range(3):
            visit = open_page(path.as_uri(), 1400, 900, script=PAGE_SCRIPT, screenshot=True)
            loads.append(visit.value["load_ms"])
        assert visit is not None
        (shots / f"{name}.png").write_bytes(visit.screenshot)
        result["browser"] = {
            **visit.value,
            "load_ms": round(statistics.median(loads)),
            "errors": visit.errors,
            "remote_requests": visit.remote_requests,
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", nargs="*", default=list(WRITERS))
    parser.add_argument("--shots", type=Path, default=Path(tempfile.gettempdir()) / "chart-compare")
    args = parser.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    results = {name: measure(name, args.runs, args.shots) for name in args.only}
    versions = {p: importlib.metadata.version(p) for p in ("altair", "vl-convert-python", "matplotlib", "pyecharts")}
    document = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "versions": versions, "results": results}
    (Path(__file__).parent / "results.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(document, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

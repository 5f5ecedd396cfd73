"""Time the tracker end to end and stage by stage at 1%, 10% and 100% of a national tracker.

    python benchmarks/run.py                          # 0.01, 0.1, 1; 3 repetitions
    python benchmarks/run.py --scales 0.01 --repeat 1 # the CI smoke size
    python benchmarks/run.py --out results.json --data-dir /tmp/bench
    python benchmarks/run.py --scales 0.1,1 --repeat 5 --sections side   # cache and peers

For each scale it generates the data root once (`generate.py`, cached under --data-dir),
then, each in a fresh process, `--repeat` times:

* every command of `COMMANDS` end to end (`python -m tracker ...`): wall and CPU time,
  peak memory (the child's own `ru_maxrss` from `os.wait4`) and exit code;
* the stages inside, through the core functions: imports, plans (YAML load and
  validation), actuals (CSV load), engine, rendering;
* the floor: `pandas.read_csv` of the same CSVs and nothing else;
* with `--sections side`: side by side, one of each per round, `tracker check` cold (no
  cache, and an empty cache), warm (the cache filled), the DuckDB and polars peers of
  benchmarks/peers/ (when duckdb and polars are installed: the `bench` extra) and a bare
  `python -c "import pandas; read_csv"` of the actuals, and how far the peers' level-target
  statuses agree with tracker's.

The commands run with a cache folder of the benchmark's own (under --data-dir), and the
commands and stages sections with `--no-cache`, as before the cache existed. It prints a
table of medians and writes every measurement as JSON (--out).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the sibling script)

AS_OF = generate.AS_OF
DEFAULT_SCALES = (0.01, 0.1, 1.0)

# The commands timed end to end: (name, arguments after `tracker`). The data root and
# --as-of are appended. Adding a command is one line here.
COMMANDS: list[tuple[str, list[str]]] = [
    ("check", ["check", "--no-cache"]),
    ("report", ["report", "--no-cache"]),  # writes ROOT/reports/status.md
    ("report xlsx", ["report", "--format", "xlsx", "--no-cache"]),  # writes ROOT/reports/status.xlsx
    # ROOT/reports/status.html: over 30 plans the summary page (the page of every plan with its
    # charts, --summary-threshold 99999, is timed by hand: benchmarks/README.md, "The HTML report")
    ("report --format html", ["report", "--format", "html", "--no-cache"]),
    ("status --json", ["status", "--json", "--no-cache"]),
]
SECTIONS = ("commands", "side")  # commands: end to end, stages and floor; side: cache and peers
PEERS = HERE / "peers"

# In the order they run: imports, YAML load and validation, CSV load, engine, then the
# check (policy + text), the report's series and Markdown, and the JSON document.
STAGES = ("import", "plans", "actuals", "engine", "check", "series", "markdown", "json")


CACHE_DIR: Path | None = None  # the cache folder of timed processes (set by main, under --data-dir)


def child_env() -> dict[str, str]:
    """The environment of timed processes: this checkout's package first, no colour, the benchmark's cache."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.setdefault("NO_COLOR", "1")
    if CACHE_DIR is not None:
        env["TRACKER_CACHE_DIR"] = str(CACHE_DIR)
    return env


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants now (Linux /proc; 0 elsewhere)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_child(
    argv: list[str], stdout: Any = subprocess.DEVNULL, env: dict[str, str] | None = None, cwd: Path = REPO
) -> dict[str, Any]:
    """Run one process: wall time, CPU time, peak memory (MB) and exit code.

    `peak_mb` is the kernel's ru_maxrss (the largest of the process and the children it
    waited for); `tree_peak_mb` samples the sum over the process tree every 20 ms, which
    counts a worker process and the main one together.
    """
    import threading

    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env or child_env(), cwd=cwd)
    done = threading.Event()
    peak = [0]

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_chunks = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "tree_peak_mb": peak[0] / 1024,
        "exit": process.returncode,
        "stderr": stderr_chunks.decode("utf-8", "replace")[-2000:],
    }


def ensure_data(data_dir: Path, scale: float, regenerate: bool) -> tuple[Path, dict[str, int]]:
    """The generated data root of one scale, written unless a matching one is there."""
    regions, targets = generate.size_of(scale, None, None)
    root = data_dir / f"scale-{scale:g}"
    marker = root / "generated.json"
    wanted = {"regions": regions, "targets_per_region": targets, "seed": generate.SEED}
    if not regenerate and marker.is_file():
        info = json.loads(marker.read_text())
        if {k: info.get(k) for k in wanted} == wanted:
            return root, info
    counts = generate.generate(root, regions, targets)
    info = {**wanted, **counts}
    marker.write_text(json.dumps(info, indent=2) + "\n")
    return root, info


def stages_in_process(root: Path, as_of: int) -> dict[str, float]:
    """Time the stages of one evaluation through the core functions (run in a fresh process)."""
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def lap(name: str, start: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        wall[name], cpu[name] = now[0] - start[0], now[1] - start[1]
        return now

    mark = (time.perf_counter(), time.process_time())
    from tracker.core import tune_for_large_tables

    tune_for_large_tables()  # as `tracker.cli.main` does
    import pandas  # noqa: F401  (part of what every data command imports)

    from tracker import dataroot, plans
    from tracker.actuals import read_actuals
    from tracker.checking import check
    from tracker.engine import evaluate
    from tracker.render import check_text, markdown
    from tracker.render import json as json_format
    from tracker.series import with_series

    mark = lap("import", mark)
    indicators, problems = plans.read_catalog(root / dataroot.CATALOG_FILE, dataroot.CATALOG_FILE)
    assert indicators is not None, problems
    specs = []
    for path in sorted((root / dataroot.PLANS_DIR).glob("*.yaml")):
        read = plans.read_plan(path, f"{dataroot.PLANS_DIR}/{path.name}", indicators)
        spec, found = read.spec, read.problems
        problems += found
        if spec is not None:
            specs.append(spec)
    problems += plans.duplicate_plan_ids(specs)
    mark = lap("plans", mark)
    lookup = dataroot.indicator_lookup(indicators)
    region_of = {p.model.region_code: p.model.region for p in specs if p.model.region_code}
    csvs = sorted((root / dataroot.ACTUALS_DIR).glob("*.csv"))
    actuals, found = read_actuals(((p, f"{dataroot.ACTUALS_DIR}/{p.name}") for p in csvs), lookup, region_of)
    problems += found
    mark = lap("actuals", mark)
    dataset = dataroot.DataSet(root, indicators, specs, actuals, sorted(problems))
    evaluation = evaluate(dataset, as_of)
    mark = lap("engine", mark)
    check_text.render(check(evaluation))
    mark = lap("check", mark)
    charted = with_series(dataset, evaluation)
    mark = lap("series", mark)
    markdown.render(charted, "zh")
    mark = lap("markdown", mark)
    json_format.render(evaluation)
    lap("json", mark)
    return {**wall, **{f"{name}_cpu": value for name, value in cpu.items()}}


def floor_in_process(root: Path) -> dict[str, float]:
    """`pandas.read_csv` of every actuals CSV and nothing else: the cost of reading the text."""
    import pandas as pd

    start = (time.perf_counter(), time.process_time())
    rows = sum(len(pd.read_csv(path)) for path in sorted((root / "actuals").glob("*.csv")))
    return {"floor": time.perf_counter() - start[0], "floor_cpu": time.process_time() - start[1], "rows": rows}


def in_child(mode: str, root: Path, as_of: int) -> dict[str, Any]:
    """Run --stages or --floor in a fresh interpreter and read back its JSON."""
    argv = [sys.executable, str(Path(__file__).resolve()), mode, str(root), "--as-of", str(as_of)]
    process = subprocess.run(argv, capture_output=True, text=True, env=child_env(), cwd=REPO, check=False)
    if process.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{process.stderr}")
    result = json.loads(process.stdout)
    assert isinstance(result, dict)
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure_scale(root: Path, repeat: int, as_of: int) -> dict[str, Any]:
    """Every measurement of one scale: commands, stages, floor; raw runs and medians."""
    commands: dict[str, Any] = {}
    for name, args in COMMANDS:
        argv = [sys.executable, "-m", "tracker", *args, "--data", str(root), "--as-of", str(as_of)]
        runs = [run_child(argv) for _ in range(repeat)]
        commands[name] = {
            "argv": ["tracker", *args, "--data", "ROOT", "--as-of", str(as_of)],
            "runs": [{k: v for k, v in r.items() if k != "stderr"} for r in runs],
            "wall": median([r["wall"] for r in runs]),
            "cpu": median([r["cpu"] for r in runs]),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "tree_peak_mb": max(r["tree_peak_mb"] for r in runs),
            "exit": runs[-1]["exit"],
            "stderr_tail": runs[-1]["stderr"],
        }
    stage_runs = [in_child("--stages", root, as_of) for _ in range(repeat)]
    floor_runs = [in_child("--floor", root, as_of) for _ in range(repeat)]
    stages = {key: median([r[key] for r in stage_runs]) for key in stage_runs[0]}
    floor = median([r["floor"] for r in floor_runs])
    after_read = stages["actuals"] - floor + stages["engine"] + stages["check"]
    return {
        "commands": commands,
        "stages": stages,
        "stage_runs": stage_runs,
        "floor": floor,
        "floor_cpu": median([r["floor_cpu"] for r in floor_runs]),
        "floor_runs": floor_runs,
        # Everything after pandas has read the CSV text (parsing values, checks, merging,
        # engine, rendering the check), per second of that reading. The plans (YAML) are
        # another input, timed as their own stage.
        "after_read_ratio": after_read / floor,
        "engine_ratio": stages["engine"] / floor,
    }


def peers_available() -> bool:
    """Whether duckdb and polars are installed (the `bench` extra)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("duckdb", "polars"))


BASELINE: Path | None = None  # --baseline: a checkout of the code to compare with (its `check`, as it is)


def side_runs(root: Path, table: Path | None, as_of: int) -> list[tuple[str, list[str], str]]:
    """What runs side by side: (name, argv, cache state to prepare: none, empty, warm or baseline)."""
    tracker = [sys.executable, "-m", "tracker", "check", "--data", str(root), "--as-of", str(as_of)]
    runs = [("check before (--baseline)", tracker, "baseline")] if BASELINE is not None else []
    runs += [
        ("check, no cache", [*tracker, "--no-cache"], "none"),
        ("check, empty cache", tracker, "empty"),
        ("check, warm cache", tracker, "warm"),
    ]
    if table is not None:
        for name, script in (("DuckDB peer", "duckdb_peer.py"), ("polars peer", "polars_peer.py")):
            runs.append((name, [sys.executable, str(PEERS / script), str(root), str(table), "--as-of", str(as_of)], ""))
    bare = "import glob, sys, pandas; [pandas.read_csv(p) for p in sorted(glob.glob(sys.argv[1] + '/actuals/*.csv'))]"
    runs.append(("bare pandas read_csv", [sys.executable, "-c", bare, str(root)], ""))
    return runs


def measure_side_by_side(root: Path, repeat: int, as_of: int) -> dict[str, Any]:
    """Cold and warm `check`, the peers and the bare read, one of each per round; medians and ratios."""
    import shutil

    assert CACHE_DIR is not None
    table = None
    agreement: dict[str, Any] = {}
    if peers_available():
        table = root.parent / f"{root.name}-plan-table"
        run_script = [sys.executable, str(PEERS / "plan_table.py"), str(root), "--out", str(table)]
        subprocess.run(run_script, check=True, env=child_env(), cwd=REPO, capture_output=True)
        agreement = peer_agreement(root, table, as_of)
    runs = side_runs(root, table, as_of)
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in runs}
    for _ in range(repeat):
        for name, argv, state in runs:
            if state in ("empty", "warm"):
                shutil.rmtree(CACHE_DIR, ignore_errors=True)
            if state == "warm":
                run_child(argv)  # fills the cache
            env, cwd = child_env(), REPO
            if state == "baseline":  # its package first (python -m puts the current folder first)
                env["PYTHONPATH"] = os.pathsep.join([str(BASELINE), env["PYTHONPATH"]])
                cwd = BASELINE
            result = run_child(argv, env=env, cwd=cwd)
            results[name].append({k: v for k, v in result.items() if k != "stderr"})
            if result["exit"] not in (0, 1):
                raise SystemExit(f"{name} failed:\n{result['stderr']}")
    medians = {name: median([r["wall"] for r in found]) for name, found in results.items()}
    ratios = {"warm / polars": None, "warm / DuckDB": None}
    if "polars peer" in medians:
        ratios = {
            "warm / polars": medians["check, warm cache"] / medians["polars peer"],
            "warm / DuckDB": medians["check, warm cache"] / medians["DuckDB peer"],
        }
    bare = medians["bare pandas read_csv"]
    before = medians.get("check before (--baseline)", float("nan"))
    return {
        "runs": results,
        "wall": medians,
        "cpu": {name: median([r["cpu"] for r in found]) for name, found in results.items()},
        "peak_mb": {name: max(r["peak_mb"] for r in found) for name, found in results.items()},
        "ratios": {
            **ratios,
            "cold / before": medians["check, no cache"] / before,
            "empty cache / before": medians["check, empty cache"] / before,
            "cold / bare read": medians["check, no cache"] / bare,
            "warm / bare read": medians["check, warm cache"] / bare,
        },
        "agreement": agreement,
    }


def peer_agreement(root: Path, table: Path, as_of: int) -> dict[str, Any]:
    """How many level-target statuses each peer shares with tracker's (benchmarks/peers/agree.py)."""
    import tempfile

    sys.path.insert(0, str(PEERS))
    import agree

    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "status.json"
        argv = [sys.executable, "-m", "tracker", "status", "--json", "--data", str(root), "--as-of", str(as_of)]
        with open(document, "wb") as stream:
            subprocess.run([*argv, "--no-cache"], stdout=stream, check=True, env=child_env(), cwd=REPO)
        for name, script in (("DuckDB peer", "duckdb_peer.py"), ("polars peer", "polars_peer.py")):
            out = Path(folder) / f"{script}.csv"
            argv = [sys.executable, str(PEERS / script), str(root), str(table), "--as-of", str(as_of)]
            subprocess.run([*argv, "--out", str(out)], check=True, env=child_env(), cwd=REPO, capture_output=True)
            found[name] = agree.agreement(document, out)
    return found


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import pandas

    cpu = ""
    try:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), ""
        )
    except OSError:
        pass
    memory = ""
    try:
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory": memory,
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "platform": platform.platform(),
        "load_before": os.getloadavg(),
    }


def table(results: dict[str, Any]) -> str:
    """The medians as Markdown: commands end to end, then the stages and the floor."""
    names = [name for name, _ in COMMANDS]
    header = ["scale", "targets", "actual rows"]
    header += [f"`{n}` s" for n in names] + [f"`{n}` peak MB" for n in names]
    lines: list[str] = []
    measured = [scale for scale, result in results["scales"].items() if "commands" in result]
    if measured:
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * 3 + "---:|" * (len(header) - 3)]
    for scale, result in results["scales"].items():
        if "commands" not in result:
            continue
        data = result["data"]
        cells = [scale, f"{data['targets']:,}", f"{data['rows']:,}"]
        cells += [f"{result['commands'][n]['wall']:.2f}" for n in names]
        cells += [f"{result['commands'][n]['tree_peak_mb']:.0f}" for n in names]
        lines.append("| " + " | ".join(cells) + " |")
    header = ["scale", *STAGES, "floor", "after-read ratio"]
    if measured:
        lines += ["", "| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for scale, result in results["scales"].items():
        if "stages" not in result:
            continue
        cells = [scale, *(f"{result['stages'][s]:.2f}" for s in STAGES)]
        cells += [f"{result['floor']:.2f}", f"{result['after_read_ratio']:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    sides = {scale: result["side"] for scale, result in results["scales"].items() if "side" in result}
    if sides:
        names = list(next(iter(sides.values()))["wall"])
        kinds = list(next(iter(sides.values()))["ratios"])
        lines += ["", "| scale | " + " | ".join([*names, *kinds]) + " |"]
        lines.append("|---|" + "---:|" * (len(names) + len(kinds)))
        for scale, side in sides.items():
            cells = [scale, *(f"{side['wall'][n]:.2f}" for n in names)]
            cells += ["-" if side["ratios"][k] is None else f"{side['ratios'][k]:.2f}" for k in kinds]
            lines.append("| " + " | ".join(cells) + " |")
    scales = [scale for scale, result in results["scales"].items() if "commands" in result]
    if len(scales) >= 2:
        small, large = results["scales"][scales[-2]], results["scales"][scales[-1]]
        lines.append("")
        for name in names:
            growth = large["commands"][name]["wall"] / small["commands"][name]["wall"]
            lines.append(f"- `{name}`: {scales[-2]} -> {scales[-1]} of the size takes {growth:.1f}x the time")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scales", default=",".join(f"{s:g}" for s in DEFAULT_SCALES), help="comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is reported)")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "results.json")
    parser.add_argument("--as-of", type=int, default=AS_OF)
    parser.add_argument("--regenerate", action="store_true", help="write the data roots again")
    parser.add_argument("--sections", default="commands", help=f"comma-separated, of {', '.join(SECTIONS)}")
    parser.add_argument(
        "--baseline", type=Path, help="side: also time `check` of this checkout (e.g. `git archive` of an older commit)"
    )
    parser.add_argument("--stages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages:
        print(json.dumps(stages_in_process(args.stages, args.as_of)))
        return 0
    if args.floor:
        print(json.dumps(floor_in_process(args.floor)))
        return 0
    sections = args.sections.split(",")
    if not set(sections) <= set(SECTIONS):
        parser.error(f"--sections takes {', '.join(SECTIONS)}")
    global CACHE_DIR, BASELINE
    CACHE_DIR = args.data_dir.resolve() / "cache"
    BASELINE = args.baseline.resolve() if args.baseline else None
    results: dict[str, Any] = {"machine": machine(), "as_of": args.as_of, "repeat": args.repeat, "scales": {}}
    for text in args.scales.split(","):
        scale = float(text)
        root, info = ensure_data(args.data_dir.resolve(), scale, args.regenerate)
        print(f"scale {scale:g}: {info['targets']:,} targets, {info['rows']:,} rows ...", file=sys.stderr, flush=True)
        result: dict[str, Any] = {"data": info}
        if "commands" in sections:
            result.update(measure_scale(root, args.repeat, args.as_of))
        if "side" in sections:
            result["side"] = measure_side_by_side(root, args.repeat, args.as_of)
        results["scales"][f"{scale:g}"] = result
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"\nwritten: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run the same tracker commands from two checkouts and compare what they write, byte for byte.

    python scripts/compare_outputs.py                     # main's 1b33bf0 against this working tree
    python scripts/compare_outputs.py --ref HEAD~1 --quick
    python scripts/compare_outputs.py --roots fixtures,bundled --years 2026

A refactoring must not change what anyone sees. This script makes one checkout of `--ref`
(a `git worktree` in a temporary folder; its code is imported through PYTHONPATH with this
environment's libraries) and runs every command of the matrix below with it and with the
working tree, then compares, for every command: the exit code, standard output, standard
error and every file the command wrote (a workbook member by member, its timestamps left
out). The job's own folder is written as <JOB> in both before comparing.

The matrix, each command with `--no-cache` and a private cache folder:

* roots: the bundled data of this repository, tests/fixtures/*, every case of the bad-input
  corpus (tests/bad/cases.yaml: the valid fixture with the case's file written into it), and
  generated benchmark data (benchmarks/generate.py) at 1% and 10% with two seeds;
* at each `--as-of` year (2020, 2023, 2025, 2026, 2030): `status` (zh and en, --ascii, at
  80 and 160 columns, one --plan), `status --json`, `explain` on a sample of targets (zh
  and en), `report` (Markdown zh and en, JSON, --plan, --since an earlier JSON report),
  `check` (plain, --junit, three --fail-on, --lang zh, and under GITHUB_ACTIONS=true with
  GITHUB_STEP_SUMMARY in both languages);
* once per root: `validate` (and --strict) and `template` (CSV to standard output, an
  English CSV with --years, a workbook); and `schema` once.

Each checkout gets one worker process that imports tracker and its libraries once and
forks a child per command, which runs `tracker.cli.main` as the console script does, its
standard streams on files: a real process per command, without paying the imports each
time. The two workers run side by side. Exit code 0 when every output is identical, 1 when
some differ (each listed with the start of a diff), 2 when the comparison could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REF = "1b33bf0"
YEARS = (2020, 2023, 2025, 2026, 2030)
QUICK_YEARS = (2023, 2026)
BENCH = ((0.01, 20210101), (0.01, 7), (0.1, 20210101), (0.1, 7))  # (scale, seed) of the generated roots
QUICK_BENCH = ((0.01, 20210101),)
EXPLAINED_PER_ROOT = 12  # targets `explain` is run on, per root (the bundled data: all of them)
BASE_COLUMNS = "100"
# Modules a worker imports before it forks (those missing in a checkout are skipped).
PRELOAD = (
    "numpy",
    "pandas",
    "yaml",
    "pydantic",
    "rich.console",
    "rich.table",
    "typer",
    "openpyxl",
    "tracker.cli",
    "tracker.core",
    "tracker.dataroot",
    "tracker.engine",
    "tracker.explain",
    "tracker.series",
    "tracker.checking",
    "tracker.render.terminal",
    "tracker.render.markdown",
    "tracker.render.json",
)


@dataclass
class Job:
    """Commands run one after the other in one folder (a later one may read what an earlier wrote)."""

    name: str
    steps: list[tuple[list[str], dict[str, str]]]  # (arguments after `tracker`, environment added)

    def as_json(self, folder: Path) -> str:
        return json.dumps({"name": self.name, "dir": str(folder / _safe(self.name)), "steps": self.steps})


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", name)[:150] + "-" + hashlib.sha1(name.encode()).hexdigest()[:8]


# ---------------------------------------------------------------- the roots


def copy_root(source: Path, to: Path) -> Path:
    """The data of a data root (indicators.yaml, plans/, actuals/) copied to `to`."""
    to.mkdir(parents=True)
    shutil.copy2(source / "indicators.yaml", to / "indicators.yaml")
    for folder in ("plans", "actuals"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, to / folder, symlinks=True)
    return to


def bad_roots(into: Path) -> Iterator[tuple[str, Path]]:
    """Each case of the bad-input corpus, set up as tests/test_bad_corpus.py does."""
    import yaml

    bad = REPO / "tests" / "bad"
    for case in yaml.safe_load((bad / "cases.yaml").read_text(encoding="utf-8")):
        root = copy_root(REPO / "tests" / "fixtures" / "valid", into / f"bad-{case['name']}")
        target = root / case["into"]
        if case.get("directory"):
            target.mkdir()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(bad / "files" / case["file"], target)
        yield f"bad-{case['name']}", root


def bench_roots(into: Path, sizes: tuple[tuple[float, int], ...]) -> Iterator[tuple[str, Path]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate

    for scale, seed in sizes:
        regions, targets = generate.size_of(scale, None, None)
        root = into / f"bench-{scale:g}-seed{seed}"
        generate.generate(root, regions, targets, seed)
        yield root.name, root


def make_roots(into: Path, kinds: list[str], quick: bool) -> list[tuple[str, Path]]:
    roots: list[tuple[str, Path]] = []
    if "bundled" in kinds:
        roots.append(("bundled", copy_root(REPO, into / "bundled")))
    if "fixtures" in kinds:
        for fixture in sorted((REPO / "tests" / "fixtures").iterdir()):
            roots.append((f"fixture-{fixture.name}", copy_root(fixture, into / f"fixture-{fixture.name}")))
    if "bad" in kinds:
        roots += list(bad_roots(into))
    if "bench" in kinds:
        roots += list(bench_roots(into, QUICK_BENCH if quick else BENCH))
    return roots


# ---------------------------------------------------------------- the commands


@dataclass
class RootFacts:
    """What the matrix needs to know of a root: its plans and a sample of its targets by kind."""

    plans: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # PLAN/TARGET


def facts(root: Path, every_target: bool) -> RootFacts:
    """Plan ids and targets read with PyYAML (a file that does not parse is passed over)."""
    import yaml

    found = RootFacts()
    by_kind: dict[str, list[str]] = {}
    for path in sorted((root / "plans").glob("*.yaml")) if (root / "plans").is_dir() else []:
        try:
            plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - a bad-input case; the commands report it
            continue
        if not isinstance(plan, dict) or not isinstance(plan.get("id"), str):
            continue
        found.plans.append(plan["id"])
        for target in plan.get("targets") or []:
            if isinstance(target, dict) and isinstance(target.get("id"), str):
                by_kind.setdefault(str(target.get("kind", "level")), []).append(f"{plan['id']}/{target['id']}")
    every = [key for keys in by_kind.values() for key in keys]
    if every_target:
        found.targets = sorted(every)
    else:  # round-robin over the kinds, from the start and the middle of each
        columns = [keys[:2] + keys[len(keys) // 2 : len(keys) // 2 + 1] for _, keys in sorted(by_kind.items())]
        picked = [key for row in _zip_longest(columns) for key in row if key]
        found.targets = list(dict.fromkeys(picked))[:EXPLAINED_PER_ROOT]
    return found


def _zip_longest(columns: list[list[str]]) -> Iterator[list[str]]:
    for i in range(max((len(c) for c in columns), default=0)):
        yield [c[i] for c in columns if i < len(c)]


def jobs_of(name: str, root: Path, years: tuple[int, ...], small: bool) -> list[Job]:
    """Every command of the matrix on one root."""
    data = ["--data", str(root), "--no-cache"]
    known = facts(root, every_target=name == "bundled")
    if not small:  # a bad-input case: one target is enough
        known.targets = known.targets[:1]
    plan = known.plans[0] if known.plans else "demo"
    jobs = [
        Job(f"{name}/validate", [(["validate", *data], {})]),
        Job(f"{name}/validate-strict", [(["validate", "--strict", *data], {})]),
        Job(f"{name}/template-csv", [(["template", "--plan", plan, "-o", "-", *data], {})]),
        Job(
            f"{name}/template-en-years",
            [(["template", "--plan", plan, "--lang", "en", "--years", "2024-2025", "-o", "form.csv", *data], {})],
        ),
        Job(f"{name}/template-xlsx", [(["template", "--plan", plan, "-o", "form.xlsx", *data], {})]),
    ]
    for year in years:
        at = [*data, "--as-of", str(year)]
        here = f"{name}/{year}"
        for lang in ("zh", "en"):
            for columns in ("80", "160"):
                jobs.append(Job(f"{here}/status-{lang}-{columns}", [(["status", "--lang", lang, *at], _cols(columns))]))
        jobs.append(Job(f"{here}/status-ascii-zh-160", [(["status", "--ascii", *at], _cols("160"))]))
        jobs.append(Job(f"{here}/status-ascii-en-80", [(["status", "--ascii", "--lang", "en", *at], _cols("80"))]))
        jobs.append(Job(f"{here}/status-plan", [(["status", "--plan", plan, "--lang", "en", *at], _cols("120"))]))
        jobs.append(Job(f"{here}/status-json", [(["status", "--json", *at], {})]))
        for key in known.targets:
            for lang in ("zh", "en") if small else ("zh",):
                jobs.append(Job(f"{here}/explain-{lang}-{key}", [(["explain", key, "--lang", lang, *at], {})]))
        jobs += [
            Job(f"{here}/report-md-zh", [(["report", "-o", "-", *at], {})]),
            Job(f"{here}/report-md-en-file", [(["report", "--lang", "en", "-o", "out/status.md", *at], {})]),
            Job(f"{here}/report-json", [(["report", "--format", "json", "-o", "-", *at], {})]),
            Job(f"{here}/report-plan", [(["report", "--plan", plan, "-o", "-", *at], {})]),
        ]
        earlier = [*data, "--as-of", str(year - 2)]
        for lang in ("zh", "en"):
            jobs.append(
                Job(
                    f"{here}/report-since-{lang}",
                    [
                        (["report", "--format", "json", "-o", "previous.json", *earlier], {}),
                        (["report", "--since", "previous.json", "--lang", lang, "-o", "-", *at], {}),
                    ],
                )
            )
        jobs += [
            Job(f"{here}/check", [(["check", *at], {})]),
            Job(f"{here}/check-junit", [(["check", "--junit", "junit.xml", *at], {})]),
            Job(f"{here}/check-fail-on-behind", [(["check", "--fail-on", "missed,off_track,behind", *at], {})]),
            Job(f"{here}/check-fail-on-none", [(["check", "--fail-on", "none", *at], {})]),
            Job(f"{here}/check-fail-on-no-data", [(["check", "--fail-on", "no_data", "--junit", "j.xml", *at], {})]),
            Job(f"{here}/check-zh", [(["check", "--lang", "zh", *at], {})]),
        ]
        for lang in ("en", "zh"):
            github = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": "summary.md", "GITHUB_WORKSPACE": str(root)}
            jobs.append(Job(f"{here}/check-github-{lang}", [(["check", "--lang", lang, *at], github)]))
    return jobs


def _cols(columns: str) -> dict[str, str]:
    return {"COLUMNS": columns}


# ---------------------------------------------------------------- the workers


def serve() -> int:
    """The worker: import tracker once, then run each job (a JSON line on stdin) in forked children."""
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    import tracker

    print(json.dumps({"tracker": tracker.__file__}), flush=True)
    base = dict(os.environ)
    for line in sys.stdin:
        job = json.loads(line)
        print(json.dumps(run_job(job, base)), flush=True)
    return 0


def run_job(job: dict[str, Any], base: dict[str, str]) -> dict[str, Any]:
    folder = Path(job["dir"])
    folder.mkdir(parents=True)
    codes = []
    for i, (argv, env) in enumerate(job["steps"]):
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: a tracker process of its own
            try:
                os.chdir(folder)
                for fd, path, flags in (
                    (0, os.devnull, os.O_RDONLY),
                    (1, folder / f".{i}.stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                    (2, folder / f".{i}.stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                ):
                    os.dup2(os.open(path, flags, 0o644), fd)
                os.environ.clear()
                os.environ.update({**base, **env})
                sys.argv = ["tracker", *argv]
                from tracker.cli import main

                main()
            except BaseException:  # noqa: BLE001 - anything the command let through is output too
                traceback.print_exc()
                sys.stderr.flush()
            os._exit(70)
        _, status = os.waitpid(pid, 0)
        codes.append(os.waitstatus_to_exitcode(status))
    return {"name": job["name"], "dir": str(folder), "codes": codes}


class Worker:
    """One checkout's worker process, fed jobs one at a time from its own thread."""

    def __init__(self, label: str, checkout: Path, scratch: Path) -> None:
        self.label, self.checkout, self.folder = label, checkout, scratch / label
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(scratch / "home"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONPATH": str(checkout),
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "TRACKER_CACHE_DIR": str(scratch / f"cache-{label}"),
            "NO_COLOR": "1",
            "COLUMNS": BASE_COLUMNS,
        }
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=str(scratch),
            text=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        hello = json.loads(self.process.stdout.readline())
        if not Path(hello["tracker"]).resolve().is_relative_to(checkout.resolve()):
            raise SystemExit(f"the {label} worker imports tracker from {hello['tracker']}, not from {checkout}")

    def run(self, job: Job) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(job.as_json(self.folder) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


# ---------------------------------------------------------------- comparing


_WORKBOOK_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
_WORKBOOK_DIGEST = re.compile(rb"^[0-9a-f]{64}(  .*\.xlsx)$", re.MULTILINE)  # in the record of outputs written


def outputs(folder: Path) -> dict[str, bytes]:
    """What a job left in its folder, by name: each step's streams and every file, the folder's
    own path written as <JOB>, a workbook as its members (without the times it was written,
    which its digest in the record of outputs, `.tracker-outputs`, holds too)."""
    found: dict[str, bytes] = {}
    names = {str(folder), os.path.realpath(folder)}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if path.suffix == ".xlsx" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as book:
                for member in sorted(book.namelist()):
                    found[f"{name}!{member}"] = _WORKBOOK_TIMES.sub(rb"<\1/>", book.read(member))
            continue
        for text in names:
            data = data.replace(text.encode(), b"<JOB>")
        data = _WORKBOOK_DIGEST.sub(rb"<workbook digest>\1", data)
        found[name] = data
    return found


def differences(job: Job, ref: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between the two runs of a job, each with the start of a diff."""
    said = []
    if ref["codes"] != new["codes"]:
        said.append(f"exit codes {ref['codes']} -> {new['codes']}")
    before, after = outputs(Path(ref["dir"])), outputs(Path(new["dir"]))
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        old = before.get(name, b"").decode("utf-8", "replace").splitlines()
        now = after.get(name, b"").decode("utf-8", "replace").splitlines()
        diff = list(difflib.unified_diff(old, now, f"ref/{name}", f"new/{name}", lineterm="", n=1))
        said.append(f"{name} differs:\n    " + "\n    ".join(diff[:40]))
    return said


def compare(jobs: list[Job], ref: Worker, new: Worker, keep: Path) -> tuple[int, list[str]]:
    """Run every job with both workers side by side; the number compared and what differed."""
    results: dict[str, dict[str, dict[str, Any]]] = {}
    lock = threading.Lock()
    failures: list[str] = []
    done = [0]

    def settle(job: Job) -> None:
        pair = results.pop(job.name)
        found = differences(job, pair["ref"], pair["new"])
        if found:
            failures.append(f"{job.name}:\n  " + "\n  ".join(found))
            for side in ("ref", "new"):
                shutil.copytree(pair[side]["dir"], keep / side / _safe(job.name), dirs_exist_ok=True)
        for side in ("ref", "new"):
            shutil.rmtree(pair[side]["dir"], ignore_errors=True)
        done[0] += 1
        if done[0] % 500 == 0:
            print(f"  {done[0]:,} of {len(jobs):,} compared, {len(failures)} differing", file=sys.stderr, flush=True)

    def feed(worker: Worker, side: str) -> None:
        for job in jobs:
            answer = worker.run(job)
            with lock:
                results.setdefault(job.name, {})[side] = answer
                if len(results[job.name]) == 2:
                    settle(job)

    threads = [threading.Thread(target=feed, args=(w, s)) for w, s in ((ref, "ref"), (new, "new"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], failures


def checkout(ref: str, into: Path) -> Path:
    where = into / "ref"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(where), ref], check=True)
    return where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--ref", default=DEFAULT_REF, help=f"the git ref to compare with (default {DEFAULT_REF})")
    parser.add_argument("--roots", default="bundled,fixtures,bad,bench", help="of bundled, fixtures, bad, bench")
    parser.add_argument("--years", help="comma-separated --as-of years (default: " + ",".join(map(str, YEARS)) + ")")
    parser.add_argument("--quick", action="store_true", help=f"years {QUICK_YEARS}, benchmark data at 1%% only")
    parser.add_argument("--only", help="a regular expression: only the jobs whose name matches")
    parser.add_argument("--keep", type=Path, help="where to keep the outputs of differing jobs (default: report)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve()
    years = tuple(int(y) for y in args.years.split(",")) if args.years else QUICK_YEARS if args.quick else YEARS
    with tempfile.TemporaryDirectory(prefix="tracker-compare-") as folder:
        scratch = Path(folder)
        ref_dir = checkout(args.ref, scratch)
        try:
            roots = make_roots(scratch / "roots", args.roots.split(","), args.quick)
            jobs = [Job(f"schema-{name}", [(["schema", name], {})]) for name in ("plan", "indicators")]
            for name, root in roots:
                jobs += jobs_of(name, root, years, small=not name.startswith("bad-"))
            if args.only:
                jobs = [job for job in jobs if re.search(args.only, job.name)]
            keep = args.keep or Path(tempfile.mkdtemp(prefix="tracker-compare-differences-"))
            print(f"{len(jobs):,} jobs on {len(roots)} roots at {years} ...", file=sys.stderr, flush=True)
            ref, new = Worker("ref", ref_dir, scratch), Worker("new", REPO, scratch)
            try:
                count, failures = compare(jobs, ref, new, keep)
            finally:
                ref.close()
                new.close()
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(ref_dir)], check=False)
    steps = sum(len(job.steps) for job in jobs)
    if failures:
        print("\n\n".join(failures))
        print(f"\n{len(failures)} of {count:,} jobs differ ({keep} holds both outputs of each)")
        return 1
    if not args.keep:
        shutil.rmtree(keep, ignore_errors=True)
    where = f"{len(roots)} roots at --as-of {', '.join(map(str, years))}"
    print(f"identical: {count:,} jobs ({steps:,} commands) on {where}, against {args.ref}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

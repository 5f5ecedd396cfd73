"""The plan cache: a file read before is not parsed again, and nothing stale or foreign is trusted.

Each test counts the calls of `read_plan` (the parser) through the cache and compares what
comes back with a load that bypasses it. The last tests run real processes: two writing
the cache at once, and every command's output with and without it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import TESTS, write_root

import tracker
from tracker import actualscache, cache, plancache
from tracker.dataroot import data_files, indicator_lookup, read_data_root
from tracker.plans import PlanFile, read_catalog, read_plan

REPO = TESTS.parent


def plan(plan_id: str, goal: int = 95, region: str = "示例县") -> dict[str, Any]:
    return {
        "id": plan_id,
        "title": f"{plan_id} 规划",
        "region": region,
        "period": {"start": 2021, "end": 2025},
        "targets": [
            {
                "id": "preschool",
                "indicator": "学前三年毛入园率",
                "target": f">= {goal}",
                "baseline": {"year": 2020, "value": 90},
            },
            {"id": "dropout", "indicator": "dropout_rate", "target": "<= 0.5", "baseline": {"year": 2020}},
        ],
    }


ROWS = [
    ("示例县", "preschool_gross_enrolment_rate", 2022, "93"),
    ("示例县", "dropout_rate", 2020, "0.8"),
    ("示例县", "dropout_rate", 2023, "0.6"),
]


class Counted:
    """read_plan through the cache, counting the files it had to parse."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        original = plancache.read_plan

        def counting(path: Path, label: str, *args: Any) -> PlanFile:
            self.parsed.append(label)
            return original(path, label, *args)

        monkeypatch.setattr(plancache, "read_plan", counting)

    def load(self, root: Path) -> list[PlanFile]:
        self.parsed.clear()
        indicators, _ = read_catalog(root / "indicators.yaml", "indicators.yaml")
        return plancache.read_plan_files(root, files_of(root), indicators)


def files_of(root: Path) -> list[tuple[Path, str]]:
    paths, _ = data_files(root, "plans", ".yaml")
    return [(path, f"plans/{path.name}") for path in paths]


def fresh(root: Path) -> list[PlanFile]:
    """The same files read without the cache."""
    indicators, _ = read_catalog(root / "indicators.yaml", "indicators.yaml")
    return [read_plan(path, label, indicators) for path, label in files_of(root)]


@pytest.fixture(autouse=True)
def _cache_on() -> Iterator[None]:
    """The cache is on for commands (the CLI turns it on); these tests call the loader itself."""
    with cache.switched(True):
        yield


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.FOLDER_ENV, str(where))
    return where


@pytest.fixture
def root(tmp_path: Path) -> Path:
    plans = [plan("county-a-2021-2025"), plan("county-b-2021-2025", 97), plan("county-c-2021-2025", 99)]
    return write_root(tmp_path / "root", plans, ROWS)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(monkeypatch)


def entry_files(folder: Path, kind: str = plancache.KIND) -> list[Path]:
    return sorted((folder / kind).glob(f"*{cache.SUFFIX}"))


def test_a_second_load_parses_nothing_and_gives_the_same_plans(root: Path, folder: Path, counted: Counted) -> None:
    first = counted.load(root)
    assert counted.parsed == [f"plans/county-{x}-2021-2025.yaml" for x in "abc"]
    second = counted.load(root)
    assert counted.parsed == []
    assert second == first == fresh(root)
    assert [spec.columns.numbers.tobytes() for spec in (f.spec for f in second) if spec] == [
        spec.columns.numbers.tobytes() for spec in (f.spec for f in fresh(root)) if spec
    ]
    assert len(entry_files(folder)) == 1


def test_an_edited_file_is_parsed_again_and_only_it(root: Path, folder: Path, counted: Counted) -> None:
    counted.load(root)
    path = root / "plans" / "county-b-2021-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(">= 97", ">= 96"), encoding="utf-8")
    loaded = counted.load(root)
    assert counted.parsed == ["plans/county-b-2021-2025.yaml"]
    assert loaded == fresh(root)
    assert loaded[1].spec is not None and loaded[1].spec.targets[0].value == 96.0
    counted.load(root)
    assert counted.parsed == []  # the edit was written back


def test_a_removed_file_is_gone_and_an_added_one_is_parsed(root: Path, folder: Path, counted: Counted) -> None:
    counted.load(root)
    (root / "plans" / "county-a-2021-2025.yaml").unlink()
    loaded = counted.load(root)
    assert counted.parsed == []
    assert [f.identity.id for f in loaded if f.identity] == ["county-b-2021-2025", "county-c-2021-2025"]
    shutil.copy(root / "plans" / "county-b-2021-2025.yaml", root / "plans" / "county-d-2021-2025.yaml")
    loaded = counted.load(root)
    assert counted.parsed == ["plans/county-d-2021-2025.yaml"]
    assert loaded == fresh(root)
    # The copy keeps county-b's id: TRK212 for its file name is the file's own problem (cached);
    # the duplicate id across files is for dataroot to find, every run.
    assert [p.code for p in loaded[-1].problems] == ["TRK212"]


def test_the_same_bytes_under_another_name_are_parsed(root: Path, folder: Path, counted: Counted) -> None:
    """A result depends on the file's name too (its id must match it): entries are per name."""
    counted.load(root)
    plans = root / "plans"
    (plans / "county-c-2021-2025.yaml").rename(plans / "county-e-2021-2025.yaml")
    loaded = counted.load(root)
    assert counted.parsed == ["plans/county-e-2021-2025.yaml"]
    assert loaded == fresh(root)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # torn
        lambda data: b"",  # empty
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the body
        lambda data: data[:10] + bytes([data[10] ^ 1]) + data[11:],  # one bit of the MAC
        lambda data: b"not a cache entry at all, just some text\n" * 3,  # foreign
    ],
    ids=["torn", "empty", "body-bit", "mac-bit", "foreign"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    root: Path, folder: Path, counted: Counted, damage: Callable[[bytes], bytes]
) -> None:
    counted.load(root)
    [entry] = entry_files(folder)
    entry.write_bytes(damage(entry.read_bytes()))
    loaded = counted.load(root)
    assert len(counted.parsed) == 3
    assert loaded == fresh(root)
    counted.load(root)
    assert counted.parsed == []  # rebuilt


def test_an_entry_of_another_version_is_ignored(
    root: Path, folder: Path, counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted.load(root)
    version = tracker.__version__
    monkeypatch.setattr(tracker, "__version__", "0.0.0-other")
    assert counted.load(root) == fresh(root)
    assert len(counted.parsed) == 3
    counted.load(root)
    assert counted.parsed == []  # rewritten for this version
    monkeypatch.setattr(tracker, "__version__", version)
    counted.load(root)
    assert len(counted.parsed) == 3  # and one entry per data root: the other version's is gone


@pytest.mark.parametrize("change", ["code", "format", "library"])
def test_changed_code_format_or_library_is_another_version(
    root: Path, folder: Path, counted: Counted, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """During development the version string stays; the code's fingerprint changes. So does an
    entry's layout (FORMAT) or a library's version."""
    counted.load(root)
    if change == "code":
        monkeypatch.setattr(cache, "code_fingerprint", lambda: "edited code")
    elif change == "format":
        monkeypatch.setattr(plancache, "FORMAT", "another layout")
    else:
        import pydantic

        monkeypatch.setattr(pydantic, "VERSION", "0.0.1")
    counted.load(root)
    assert len(counted.parsed) == 3


def test_the_code_fingerprint_follows_the_sources() -> None:
    fingerprint = cache.code_fingerprint()
    assert len(fingerprint) == 64 and fingerprint == cache.code_fingerprint()
    package = Path(tracker.__file__).parent
    assert (package / "plancache.py").is_file() and (package / "cache.py").is_file()


def test_a_changed_catalog_makes_every_file_parse_again(root: Path, folder: Path, counted: Counted) -> None:
    counted.load(root)
    catalog = root / "indicators.yaml"
    # The alias the plans use now names no indicator: TRK203 in every plan, from the new catalog.
    text = catalog.read_text(encoding="utf-8").replace("学前三年毛入园率", "学前教育三年毛入园率")
    catalog.write_text(text, encoding="utf-8")
    loaded = counted.load(root)
    assert len(counted.parsed) == 3
    assert loaded == fresh(root)
    assert all(p.code == "TRK203" for f in loaded for p in f.problems) and all(f.problems for f in loaded)


def test_an_entry_that_fails_authentication_is_never_unpickled(root: Path, folder: Path, counted: Counted) -> None:
    """An entry that would run code when unpickled, under the right context but another key."""
    counted.load(root)
    [entry] = entry_files(folder)
    marker = root.parent / "unpickled"
    store = cache.Store(plancache.KIND, entry.read_bytes()[len(cache.MAGIC) + 32 : cache.HEADER_SIZE], folder)
    store._key = b"k" * cache.KEY_SIZE  # a key that is not the folder's
    store.write(entry.stem, pickle.dumps(_Evil(marker)))
    loaded = counted.load(root)
    assert not marker.exists()
    assert len(counted.parsed) == 3 and loaded == fresh(root)


class _Evil:
    """Unpickling this creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_key_others_can_read_turns_the_cache_off(root: Path, folder: Path, counted: Counted) -> None:
    counted.load(root)
    key = folder / cache.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    key.chmod(0o644)
    counted.load(root)
    assert len(counted.parsed) == 3
    counted.load(root)
    assert len(counted.parsed) == 3  # not used, and not replaced behind the user's back


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_key_that_is_a_link_is_not_followed(root: Path, folder: Path, counted: Counted, tmp_path: Path) -> None:
    elsewhere = tmp_path / "planted-key"
    elsewhere.write_bytes(b"k" * cache.KEY_SIZE)
    elsewhere.chmod(0o600)
    folder.mkdir(mode=0o700)
    (folder / cache.KEY_FILE).symlink_to(elsewhere)
    counted.load(root)
    counted.load(root)
    assert len(counted.parsed) == 3
    assert entry_files(folder) == []


def test_a_torn_key_is_replaced(root: Path, folder: Path, counted: Counted) -> None:
    counted.load(root)
    key = folder / cache.KEY_FILE
    key.write_bytes(b"short")
    counted.load(root)
    assert len(counted.parsed) == 3
    assert len(key.read_bytes()) == cache.KEY_SIZE
    counted.load(root)
    assert counted.parsed == []


def test_switched_off_nothing_is_read_or_written(root: Path, folder: Path, counted: Counted) -> None:
    with cache.switched(False):
        counted.load(root)
        counted.load(root)
    assert len(counted.parsed) == 3
    assert not folder.exists()


def test_an_unwritable_folder_costs_nothing_but_the_cache(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: Counted
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(cache.FOLDER_ENV, str(blocked / "cache"))
    assert counted.load(root) == fresh(root)
    assert counted.load(root) == fresh(root)
    assert len(counted.parsed) == 3


# --- real processes -------------------------------------------------------------------------


def run_tracker(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, env=env, cwd=REPO, check=False, timeout=300
    )


def environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[cache.FOLDER_ENV] = str(folder)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """A generated data root of 40 plans with every kind of target and messy figures."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    root = tmp_path / "generated"
    generate.generate(root, 40, 12)
    return root


def test_processes_writing_at_once_leave_one_whole_entry(
    generated: Path, tmp_path: Path, counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared-cache"
    env = environment(folder)
    command = [sys.executable, "-m", "tracker", "validate", "--data", str(generated)]

    def together(count: int) -> list[subprocess.CompletedProcess[bytes]]:
        processes = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
            for _ in range(count)
        ]
        outputs = [p.communicate(timeout=300) for p in processes]
        return [
            subprocess.CompletedProcess(p.args, p.returncode, *out) for p, out in zip(processes, outputs, strict=True)
        ]

    alone = run_tracker("validate", "--data", str(generated), "--no-cache", env=env)
    assert not folder.exists()
    for round_ in range(2):
        if round_:  # the second round starts warm, with one file changed: every process rewrites
            path = sorted((generated / "plans").glob("*.yaml"))[3]
            path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 新"), encoding="utf-8")
            alone = run_tracker("validate", "--data", str(generated), "--no-cache", env=env)
        done = together(4)
        assert {(p.returncode, p.stdout, p.stderr) for p in done} == {(alone.returncode, alone.stdout, alone.stderr)}
        assert len(entry_files(folder)) == 1
        assert not list((folder / plancache.KIND).glob("*.tmp"))
    monkeypatch.setenv(cache.FOLDER_ENV, str(folder))
    assert counted.load(generated) == fresh(generated)
    assert counted.parsed == []  # the entry the processes left is whole and current


COMMANDS = [
    ["status", "--json", "--as-of", "2024"],
    ["check", "--as-of", "2024"],
    ["report", "--as-of", "2024", "--out", "-"],
    ["validate"],
]


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_outputs_are_the_same_bytes_with_and_without_the_cache(which: str, generated: Path, tmp_path: Path) -> None:
    root = REPO if which == "bundled" else generated
    env = environment(tmp_path / "cache")
    for args in COMMANDS:
        plain = run_tracker(*args, "--data", str(root), "--no-cache", env=env)
        assert not (tmp_path / "cache").exists()
        assert plain.returncode in (0, 1), plain.stderr.decode()
        cold = run_tracker(*args, "--data", str(root), env=env)
        warm = run_tracker(*args, "--data", str(root), env=env)
        assert (cold.returncode, cold.stdout, cold.stderr) == (plain.returncode, plain.stdout, plain.stderr), args
        assert (warm.returncode, warm.stdout, warm.stderr) == (plain.returncode, plain.stdout, plain.stderr), args
        shutil.rmtree(tmp_path / "cache")


# --- the actuals --------------------------------------------------------------------------------


class CountedActuals:
    """The actuals read through the cache, counting the loads it had to do."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loads = 0
        original = actualscache.read_actuals

        def counting(*args: Any) -> Any:
            self.loads += 1
            return original(*args)

        monkeypatch.setattr(actualscache, "read_actuals", counting)

    def load(self, root: Path) -> tuple[Any, list[Any]]:
        self.loads = 0
        indicators, _ = read_catalog(root / "indicators.yaml", "indicators.yaml")
        files = [(p, f"actuals/{p.name}") for p in data_files(root, "actuals", ".csv", ".xlsx")[0]]
        region_of = {spec.model.region_code: spec.model.region for spec in specs(root) if spec.model.region_code}
        return actualscache.read_actuals_cached(root, files, indicators, indicator_lookup(indicators), region_of)


def specs(root: Path) -> list[Any]:
    return [f.spec for f in fresh(root) if f.spec is not None]


def same_table(one: tuple[Any, list[Any]], other: tuple[Any, list[Any]]) -> bool:
    (table, problems), (table2, problems2) = one, other
    return bool(table.frame.equals(table2.frame)) and problems == problems2 and table.empty == table2.empty


@pytest.fixture
def actuals_root(tmp_path: Path) -> Path:
    plans = [plan("county-a-2021-2025"), {**plan("county-b-2021-2025", region="乙县"), "region_code": "220582"}]
    rows = [*ROWS, ("220582", "preschool_gross_enrolment_rate", 2023, "超96%"), ("乙县", "dropout_rate", 2023, "0.4")]
    root = write_root(tmp_path / "root", plans, rows)
    (root / "actuals" / "more.csv").write_text(
        "region,indicator,year,value\n示例县,preschool_gross_enrolment_rate,2022,94\n", encoding="utf-8"
    )  # a conflict with 93 (TRK308): a problem that comes back from the cache
    return root


def test_actuals_a_second_load_reads_nothing(actuals_root: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = CountedActuals(monkeypatch)
    first = counted.load(actuals_root)
    assert counted.loads == 1 and "TRK308" in {p.code for p in first[1]}
    second = counted.load(actuals_root)
    assert counted.loads == 0
    with cache.switched(False):
        assert same_table(second, first) and same_table(second, counted.load(actuals_root))
    assert "乙县" in set(second[0].column("region"))  # the code 220582 read as its region


@pytest.mark.parametrize("change", ["edit", "add", "remove", "catalog", "region code"])
def test_actuals_any_change_is_a_miss(
    actuals_root: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    counted = CountedActuals(monkeypatch)
    counted.load(actuals_root)
    actuals = actuals_root / "actuals"
    if change == "edit":
        (actuals / "more.csv").write_text(
            "region,indicator,year,value\n示例县,dropout_rate,2024,0.5\n", encoding="utf-8"
        )
    elif change == "add":
        shutil.copy(actuals / "more.csv", actuals / "even-more.csv")
    elif change == "remove":
        (actuals / "more.csv").unlink()
    elif change == "catalog":
        catalog = actuals_root / "indicators.yaml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("辍学率", "初中辍学率"), encoding="utf-8")
    else:
        path = actuals_root / "plans" / "county-b-2021-2025.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("220582", "220583"), encoding="utf-8")
    found = counted.load(actuals_root)
    assert counted.loads == 1
    with cache.switched(False):
        assert same_table(found, counted.load(actuals_root))
    counted.load(actuals_root)
    assert counted.loads == 0


def test_actuals_a_file_written_while_it_is_read_is_not_cached(
    actuals_root: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = CountedActuals(monkeypatch)
    loading = actualscache.read_actuals

    def saved_meanwhile(*args: Any) -> Any:
        found = loading(*args)
        (actuals_root / "actuals" / "more.csv").write_text("region,indicator,year,value\n", encoding="utf-8")
        return found

    monkeypatch.setattr(actualscache, "read_actuals", saved_meanwhile)
    counted.load(actuals_root)
    assert entry_files(folder, actualscache.KIND) == []


def test_actuals_a_damaged_entry_is_ignored(actuals_root: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = CountedActuals(monkeypatch)
    first = counted.load(actuals_root)
    [entry] = entry_files(folder, actualscache.KIND)
    entry.write_bytes(entry.read_bytes()[:-100])
    assert same_table(counted.load(actuals_root), first) and counted.loads == 1


def test_rules_across_files_are_checked_afresh(root: Path, folder: Path, counted: Counted) -> None:
    """Two files with one plan id: TRK201 on every run, though neither file is parsed again."""
    shutil.copy(root / "plans" / "county-b-2021-2025.yaml", root / "plans" / "county-d-2021-2025.yaml")

    def codes() -> list[str]:
        counted.parsed.clear()
        _, problems = read_data_root(root)
        return sorted(p.code for p in problems)

    assert codes() == ["TRK201", "TRK212"] and len(counted.parsed) == 4  # TRK212: d's id is b's
    assert codes() == ["TRK201", "TRK212"] and counted.parsed == []
    (root / "plans" / "county-b-2021-2025.yaml").unlink()
    assert codes() == ["TRK212"] and counted.parsed == []


def test_old_entries_and_left_temporary_files_are_removed_on_a_write(root: Path, folder: Path) -> None:
    where = folder / plancache.KIND
    where.mkdir(parents=True)
    month_ago = time.time() - 31 * 86400
    old, recent, left = where / f"old{cache.SUFFIX}", where / f"recent{cache.SUFFIX}", where / ".x.1234.tmp"
    for path in (old, recent, left):
        path.write_bytes(b"x")
    os.utime(old, (month_ago, month_ago))
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    store = cache.Store(plancache.KIND, b"c" * 32)
    store.write("new", b"body")
    assert sorted(p.name for p in where.iterdir()) == [f"new{cache.SUFFIX}", f"recent{cache.SUFFIX}"]
    assert store.read("new") == b"body"
    assert cache.Store(plancache.KIND, b"d" * 32).read("new") is None  # another context

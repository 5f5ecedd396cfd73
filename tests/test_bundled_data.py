"""Checks on the bundled data set: indicators.yaml, plans/*.yaml, actuals/*.csv.

The checks use only pyyaml, csv and pathlib, not the ``tracker`` package.
Tests that compare quotes with the source documents need the seed files; they
are looked up at ``<repo>/../shared/seeds`` or in ``$TRACKER_SEEDS`` and the
tests are skipped when neither exists.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["region", "indicator", "year", "value", "qualifier", "source", "quote", "note"]
QUALIFIERS = {"", ">=", ">", "<=", "<", "~", "near", "plus"}
KINDS = {"level", "maintain", "cumulative", "change", "milestone"}
INDICATOR_KEYS = {"name", "name_en", "unit", "better", "aliases", "note"}
PLAN_KEYS = {
    "id",
    "title",
    "title_en",
    "region",
    "region_code",
    "level",
    "parent",
    "parent_differences",
    "period",
    "source",
    "targets",
    "note",
}
TARGET_KEYS = {"id", "indicator", "kind", "target", "by", "baseline", "binding", "quote", "note", "unit"}
MODELINE = "# yaml-language-server: $schema=../docs/schema/plan.schema.json"

# Which seed document each data file was encoded from (None: not from a seed).
ACTUALS_SEEDS = {
    "jixi-2025.csv": "000_59ad8dafb356f2c3.txt",
    "qiqihar-2019.csv": "001_bd433a1ad5226877.txt",
    "jiangsu-xx-2023.csv": "002_32842fa02733a23c.txt",
    "zhuzhou-2023.csv": "003_da86d2fe05fea8a8.txt",
    "jian-2020.csv": "004_ebd323ffe2ccbfee.txt",
    "national.csv": None,
}
PLAN_SEEDS = {
    "jian-education-2021-2025": "004_ebd323ffe2ccbfee.txt",
    "qiqihar-education-2020": "001_bd433a1ad5226877.txt",
    "qiqihar-quality-balance-2022": "001_bd433a1ad5226877.txt",
    "national-education-2021-2025": None,
    "national-preschool-2021-2025": None,
    "national-county-high-school-2021-2025": None,
    "national-special-education-2021-2025": None,
}

# Data not from a seed comes from public web pages, which the tests cannot read. What they
# can check: every actual row names a source that docs/data-sources.md lists, under this
# heading, with the address it was read at; plans name theirs in `source` (url: ...; the
# national outline, encoded before these rules, is the one plan without an address); and
# every quote is short - a phrase or one clause that holds the figure, never a sentence.
WEB_SOURCES_HEADING = "## Web sources"
PLANS_WITHOUT_ADDRESS = {"national-education-2021-2025"}
WEB_QUOTE_MAX = 30
SENTENCE_ENDS = re.compile(r"[。；;！？!?]")
ADDRESS = re.compile(r"https?://\S+")

# Worded figures and the number each stands for (None: a relation, checked by word only).
FIGURE_WORDS = {
    "全覆盖": 100,
    "全部": 100,
    "所有": 100,
    "全员": 100,
    "一半": 50,
    "零": 0,
    "消除": 0,
    "只增不减": 0,
    "不低于": None,
}

# Targets whose figure the plan writes in words rather than digits.
TARGET_FIGURE_WORDS = {
    ("jian-education-2021-2025", "teacher-pay"): "不低于",
    ("jian-education-2021-2025", "student-aid-coverage"): "全覆盖",
    ("jian-education-2021-2025", "interactive-multimedia-coverage"): "全覆盖",
    ("jian-education-2021-2025", "learning-space-coverage"): "全部",
    ("jian-education-2021-2025", "labour-education-share"): "一半",
    ("jian-education-2021-2025", "current-affairs-class-coverage"): "全覆盖",
    ("jian-education-2021-2025", "school-district-network-coverage"): "全覆盖",
    ("jian-education-2021-2025", "large-classes"): "消除",
    ("jian-education-2021-2025", "schools-meeting-standards"): "所有",
    ("jian-education-2021-2025", "vocational-teacher-training-cycle"): "全员",
    ("jian-education-2021-2025", "education-spending-no-decrease"): "只增不减",
    ("jian-education-2021-2025", "per-student-spending-no-decrease"): "只增不减",
}

# Actual rows whose figure the document writes in words: (file, region, indicator, year) -> word.
ACTUAL_FIGURE_WORDS = {
    ("jian-2020.csv", "集安市", "interactive_multimedia_coverage", "2020"): "全覆盖",
    ("jian-2020.csv", "集安市", "rural_school_network_coverage", "2020"): "全覆盖",
    ("zhuzhou-2023.csv", "株洲市", "teacher_background_check_coverage", "2023"): "全覆盖",
    ("zhuzhou-2023.csv", "株洲市", "quality_monitoring_errors", "2023"): "零",
    ("jiangsu-xx-2023.csv", "XX市", "tutoring_institutions_on_platform_share", "2023"): "全部",
    ("jixi-2025.csv", "鸡西市", "campuses_using_gas", "2025"): "零",
}

# Actual rows whose value is derived from two figures of the quote:
# (file, region, indicator, year) -> (stated figure, change, value = figure - change).
DERIVED_ROWS = {
    ("jian-2020.csv", "集安市", "preschool_gross_enrolment_rate", "2015"): (93.38, 7.6),
    ("jian-2020.csv", "集安市", "senior_secondary_gross_enrolment_rate", "2015"): (81, 15.4),
}

# Chinese numerals the documents use for a few figures.
CHINESE_NUMERALS = {
    1: ("一",),
    2: ("二", "两"),
    3: ("三",),
    4: ("四",),
    5: ("五",),
    6: ("六",),
    7: ("七",),
    8: ("八",),
    9: ("九",),
    10: ("十",),
    1000: ("千",),
}
PREFIX_WORDS = {
    ">": ("超过", "超出", "超", "逾", "高于"),
    ">=": ("不低于", "不少于"),
    "<=": ("不超过",),
    "<": ("不足", "低于", "不满"),
    "~": ("约",),
    "near": ("近", "将近", "接近"),
}
SUFFIX_WORDS = {">=": ("以上",), "<=": ("以下", "以内"), "~": ("左右",), "plus": ("余", "多")}
UNIT_GAPS = ("", "%", "M", "个", "人", "名", "所", "家", "次", "人次", "元", "年", "学时")

# Seed 001 is in traditional characters with pinyin after some characters.
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
TRADITIONAL = str.maketrans(
    {"萬": "万", "億": "亿", "餘": "余", "約": "约", "過": "过", "兩": "两", "於": "于", "達": "达"}
)
YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
TARGET = re.compile(r"^(>=|<=|==|>|<|~) (-?\d+(?:\.\d+)?)$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
DASHED = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# ------------------------------------------------------------------ helpers


def seeds_dir() -> Path | None:
    """Return the seed folder, or None when it is not available."""
    candidates = [ROOT.parent / "shared" / "seeds"]
    if os.environ.get("TRACKER_SEEDS"):
        candidates.append(Path(os.environ["TRACKER_SEEDS"]))
    for path in candidates:
        if path.is_dir():
            return path
    return None


def seed_text(name: str) -> str:
    """Read one seed document, skipping the test when the seeds are absent."""
    folder = seeds_dir()
    if folder is None or not (folder / name).is_file():
        pytest.skip(f"seed {name} not found; set TRACKER_SEEDS to the seeds folder")
    return (folder / name).read_text(encoding="utf-8")


def normalise(text: str) -> str:
    """Drop pinyin noise and spaces and simplify the characters figures use."""
    return PINYIN.sub("", text).translate(TRADITIONAL).replace(" ", "")


def fmt(number: float) -> str:
    """Write a number without trailing zeros: 1030, 99.5, 10.7."""
    return f"{round(number, 6):f}".rstrip("0").rstrip(".")


def number_forms(value: float, numerals: bool = True) -> set[str]:
    """Ways a document may write a number: 15000 -> 15000, 1.5万; 3 -> 三."""
    forms = {fmt(value)}
    for factor, char in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= factor:
            forms.add(fmt(value / factor) + char)
    if numerals and value == int(value):
        forms.update(CHINESE_NUMERALS.get(int(value), ()))
    return forms


def written_forms(value: float, qualifier: str, numerals: bool = True) -> set[str]:
    """Ways a document may write a value with its qualifier.

    92 with ">" -> 超92, 超过92 ...; 99 with ">=" -> 99%以上, 不低于99 ...;
    15000 with "plus" -> 1.5万余, 15000余 ...; 1000 with "near" -> 近千, 近1000 ...
    """
    numbers = number_forms(value, numerals)
    if not qualifier:
        return numbers
    forms = set()
    for number in numbers:
        forms.update(word + number for word in PREFIX_WORDS.get(qualifier, ()))
        forms.update(number + gap + word for gap in UNIT_GAPS for word in SUFFIX_WORDS.get(qualifier, ()))
    return forms


@functools.cache
def load_yaml(path: Path):
    """Parse a YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_indicators() -> dict:
    """Return the indicator catalog keyed by id."""
    return load_yaml(ROOT / "indicators.yaml")["indicators"]


def plan_files() -> list[Path]:
    """All plan files."""
    return sorted((ROOT / "plans").glob("*.yaml"))


def actuals_files() -> list[Path]:
    """All actuals files."""
    return sorted((ROOT / "actuals").glob("*.csv"))


def read_rows(path: Path) -> list[dict]:
    """Read one actuals file as dicts."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def all_targets():
    """Yield (plan id, target) for every target of every plan."""
    for path in plan_files():
        plan = load_yaml(path)
        for target in plan["targets"]:
            yield plan["id"], target


# ------------------------------------------------------------- the helpers


def test_written_forms_examples():
    """The figure renderer covers the written forms the documents use."""
    assert "1.5万余" in written_forms(15000, "plus")
    assert "15000余" in written_forms(15000, "plus")
    assert "10.7亿" in number_forms(1070000000)
    assert {"超92", "超过92"} <= written_forms(92, ">")
    assert {"99%以上", "99以上"} <= written_forms(99, ">=")
    assert {"近千", "近1000"} <= written_forms(1000, "near")
    assert "100余" in written_forms(100, "plus")
    assert "18.21万" in number_forms(182100)
    assert normalise("15萬(wàn)人次以上") == "15万人次以上"


# -------------------------------------------------------------- indicators


def test_indicator_catalog_shape():
    """Indicators have lower_snake ids, allowed keys, a unit and a direction."""
    indicators = load_indicators()
    assert len(indicators) >= 60
    for ind_id, ind in indicators.items():
        assert SNAKE.match(ind_id), ind_id
        assert set(ind) <= INDICATOR_KEYS, (ind_id, set(ind) - INDICATOR_KEYS)
        assert ind.get("name") and ind.get("name_en"), ind_id
        assert isinstance(ind.get("unit"), str) and SNAKE.match(ind["unit"]), ind_id
        assert ind.get("better") in {"higher", "lower"}, ind_id
        assert isinstance(ind.get("aliases", []), list), ind_id


def test_every_indicator_is_used():
    """Each catalog entry is used by some plan target or actual row."""
    used = {t["indicator"] for _, t in all_targets()}
    used |= {r["indicator"] for p in actuals_files() for r in read_rows(p)}
    assert set(load_indicators()) - used == set()


# ------------------------------------------------------------------- plans


def test_plan_files_are_known():
    """Every plan file has a seed mapping (None for plans not from a seed)."""
    assert {p.stem for p in plan_files()} == set(PLAN_SEEDS)


@pytest.mark.parametrize("path", plan_files(), ids=lambda p: p.name)
def test_plan_structure(path):
    """Plans follow the format: modeline, keys, ids, kinds, targets, baselines."""
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    indicators = load_indicators()
    plan = load_yaml(path)
    assert set(plan) <= PLAN_KEYS, set(plan) - PLAN_KEYS
    assert plan["id"] == path.stem and DASHED.match(plan["id"])
    assert plan["title"] and plan["region"]
    start, end = plan["period"]["start"], plan["period"]["end"]
    assert isinstance(start, int) and isinstance(end, int) and start <= end
    if "region_code" in plan:
        assert isinstance(plan["region_code"], str) and plan["region_code"].isdigit()
    ids = [t["id"] for t in plan["targets"]]
    assert len(ids) == len(set(ids)), "duplicate target ids"
    for t in plan["targets"]:
        assert set(t) <= TARGET_KEYS, (t["id"], set(t) - TARGET_KEYS)
        assert DASHED.match(t["id"]), t["id"]
        assert t["indicator"] in indicators, t["indicator"]
        kind = t.get("kind", "level")
        assert kind in KINDS, t["id"]
        assert start <= t.get("by", end) <= end, t["id"]
        assert isinstance(t["binding"], bool), t["id"]
        assert isinstance(t["quote"], str) and t["quote"], t["id"]
        if "unit" in t:
            assert t["unit"] == indicators[t["indicator"]]["unit"], t["id"]
        if kind == "milestone":
            assert "target" not in t, t["id"]
            assert indicators[t["indicator"]]["unit"] == "boolean", t["id"]
        else:
            assert isinstance(t["target"], str) and TARGET.match(t["target"]), t["id"]
        if kind in {"level", "change"}:
            baseline = t["baseline"]
            assert isinstance(baseline["year"], int), t["id"]
            assert baseline["year"] <= t.get("by", end), t["id"]
            assert isinstance(baseline.get("value", 0), (int, float)), t["id"]


def test_plan_ids_unique():
    """Plan ids are unique across files."""
    ids = [load_yaml(p)["id"] for p in plan_files()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("plan_id,target", list(all_targets()), ids=lambda x: x if isinstance(x, str) else x["id"])
def test_target_quote_holds_figure(plan_id, target):
    """A target's quote contains the figure its target string encodes."""
    if target.get("kind") == "milestone":
        return
    word = TARGET_FIGURE_WORDS.get((plan_id, target["id"]))
    quote = normalise(target["quote"])
    if word:
        assert word in quote
        if FIGURE_WORDS[word] is not None:
            assert float(TARGET.match(target["target"]).group(2)) == FIGURE_WORDS[word], target["id"]
        return
    number = float(TARGET.match(target["target"]).group(2))
    forms = number_forms(abs(number))
    assert any(f in quote for f in forms), (target["quote"], forms)


def test_worded_figure_lists_name_existing_items():
    """Every entry of the worded-figure lists names a target or row that exists, with a known word."""
    targets = {(plan_id, t["id"]) for plan_id, t in all_targets()}
    assert set(TARGET_FIGURE_WORDS) <= targets, set(TARGET_FIGURE_WORDS) - targets
    rows = {(p.name, r["region"], r["indicator"], r["year"]) for p in actuals_files() for r in read_rows(p)}
    assert set(ACTUAL_FIGURE_WORDS) <= rows, set(ACTUAL_FIGURE_WORDS) - rows
    assert set(TARGET_FIGURE_WORDS.values()) | set(ACTUAL_FIGURE_WORDS.values()) <= set(FIGURE_WORDS)


@pytest.mark.parametrize(
    "plan_id,target",
    [(p, t) for p, t in all_targets() if PLAN_SEEDS[p]],
    ids=lambda x: x if isinstance(x, str) else x["id"],
)
def test_target_quote_in_seed(plan_id, target):
    """Quotes of plans encoded from a seed appear verbatim in that seed."""
    assert target["quote"] in seed_text(PLAN_SEEDS[plan_id])


# ----------------------------------------------------------------- actuals


def test_actuals_files_are_known():
    """Every actuals file has a seed mapping (None for national statistics)."""
    assert {p.name for p in actuals_files()} == set(ACTUALS_SEEDS)


@pytest.mark.parametrize("path", actuals_files(), ids=lambda p: p.name)
def test_actuals_structure(path):
    """Header, regions, indicators, years, values and qualifiers are valid."""
    indicators = load_indicators()
    with path.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == HEADER
    for n, row in enumerate(read_rows(path), start=2):
        where = f"{path.name}:{n}"
        assert row["region"] and row["source"], where
        assert row["indicator"] in indicators, where
        match = YEAR.match(row["year"])
        assert match, where
        if match.group(2):
            assert int(match.group(1)) <= int(match.group(2)), where
        value = float(row["value"])
        assert row["qualifier"] in QUALIFIERS, where
        unit = indicators[row["indicator"]]["unit"]
        if unit == "percent" and value > 100:
            assert "gross_enrolment" in row["indicator"] or row["note"], where
        if unit == "boolean":
            assert value in (0, 1), where


def test_actuals_rows_unique():
    """No (region, indicator, year) is reported twice across all files."""
    keys = [(r["region"], r["indicator"], r["year"]) for p in actuals_files() for r in read_rows(p)]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes


def test_enough_rows_from_seeds():
    """The seeds yield at least 150 actual rows."""
    count = sum(len(read_rows(p)) for p in actuals_files() if ACTUALS_SEEDS.get(p.name))
    assert count >= 150


def seed_rows():
    """(file name, line, row) for every actual row with a quote."""
    for path in actuals_files():
        for n, row in enumerate(read_rows(path), start=2):
            if row["quote"]:
                yield path.name, n, row


@pytest.mark.parametrize(
    "name,line,row",
    list(seed_rows()),
    ids=lambda x: x if isinstance(x, str) else str(x) if isinstance(x, int) else x["indicator"],
)
def test_actual_quote_holds_figure(name, line, row):
    """A row's quote holds its figure as written: value plus qualifier."""
    quote = normalise(row["quote"])
    key = (name, row["region"], row["indicator"], row["year"])
    if key in DERIVED_ROWS:
        stated, change = DERIVED_ROWS[key]
        assert abs(float(row["value"]) - (stated - change)) < 1e-9
        assert fmt(stated) in quote and fmt(change) in quote
        assert "derived" in row["note"].lower()
        return
    unit = load_indicators()[row["indicator"]]["unit"]
    if unit == "boolean":
        return
    value = float(row["value"])
    word = ACTUAL_FIGURE_WORDS.get(key)
    if word:
        # A worded figure: the word is in the quote, stands for the value, and the note says how it was read.
        assert word in quote and word in row["note"], (row["quote"], word)
        assert FIGURE_WORDS[word] is not None and value == FIGURE_WORDS[word] and not row["qualifier"], key
        return
    forms = written_forms(value, row["qualifier"])
    assert any(f in quote for f in forms), (row["quote"], sorted(forms)[:6])
    if not row["qualifier"]:
        # An exact row must not hide a qualifier the quote attaches to the digits.
        hedged = {f for q in QUALIFIERS - {""} for f in written_forms(value, q, numerals=False)}
        assert not [f for f in hedged if f in quote], "figure is qualified in the quote"


@pytest.mark.parametrize(
    "name,line,row",
    [x for x in seed_rows() if ACTUALS_SEEDS[x[0]]],
    ids=lambda x: x if isinstance(x, str) else str(x) if isinstance(x, int) else x["indicator"],
)
def test_actual_quote_in_seed(name, line, row):
    """A row's quote appears verbatim in the seed its file was encoded from."""
    assert row["quote"] in seed_text(ACTUALS_SEEDS[name])


# ------------------------------------------------------ data from the web


def listed_web_sources() -> dict[str, str]:
    """The web sources table of docs/data-sources.md: source (as in the CSV) -> its table row."""
    text = (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")
    assert WEB_SOURCES_HEADING in text, f"docs/data-sources.md has no section {WEB_SOURCES_HEADING!r}"
    section = text.split(WEB_SOURCES_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]  # past header and rule
    return {line.split("|")[1].strip().strip("`"): line for line in rows}


def web_rows():
    """(file name, line, row) for every actual row not encoded from a seed."""
    for path in actuals_files():
        if ACTUALS_SEEDS.get(path.name) is None:
            for n, row in enumerate(read_rows(path), start=2):
                yield path.name, n, row


def is_short_quote(quote: str) -> bool:
    """A phrase or one clause: at most WEB_QUOTE_MAX characters and no sentence ending."""
    return 0 < len(quote) <= WEB_QUOTE_MAX and not SENTENCE_ENDS.search(quote)


def test_short_quote_rule_examples():
    """The rule takes a clause with its figure and refuses a sentence or a paragraph."""
    assert is_short_quote("学前教育毛入园率达到85.2%")
    assert not is_short_quote("")
    assert not is_short_quote("学前教育毛入园率达到85.2%。九年义务教育巩固率95.2%")
    assert not is_short_quote("全国共有幼儿园29.17万所,比上年增加1.05万所,增长3.75%,其中普惠性幼儿园23.41万所")


def test_web_sources_table_has_addresses():
    """Every listed web source gives at least one address it was read at."""
    listed = listed_web_sources()
    assert listed, "the web sources table is empty"
    for source, line in listed.items():
        assert source and ADDRESS.search(line), line


@pytest.mark.parametrize(
    "name,line,row",
    list(web_rows()),
    ids=lambda x: x if isinstance(x, str) else str(x) if isinstance(x, int) else x["indicator"],
)
def test_web_row_is_sourced_and_quoted(name, line, row):
    """A row from the web names a listed source and quotes the phrase that states its figure."""
    assert row["source"] in listed_web_sources(), f"{name}:{line}: source not in docs/data-sources.md"
    assert is_short_quote(row["quote"]), f"{name}:{line}: quote missing or not short: {row['quote']!r}"


@pytest.mark.parametrize("plan_id", [p for p, seed in PLAN_SEEDS.items() if seed is None])
def test_web_plan_is_sourced_and_quoted(plan_id):
    """A plan not from a seed names the addresses it was read at; its quotes are short."""
    plan = load_yaml(ROOT / "plans" / f"{plan_id}.yaml")
    if plan_id not in PLANS_WITHOUT_ADDRESS:
        addresses = [v for v in (plan.get("source") or {}).values() if isinstance(v, str) and ADDRESS.fullmatch(v)]
        assert addresses, f"{plan_id}: source names no address it was read at"
        assert plan_id in (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")
    for target in plan["targets"]:
        assert is_short_quote(target["quote"]), (plan_id, target["id"], target["quote"])

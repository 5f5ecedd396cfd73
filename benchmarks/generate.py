"""Write a deterministic synthetic data root the size of a national tracker.

    python benchmarks/generate.py                    # 2,850 regions x 40 targets (100%)
    python benchmarks/generate.py --scale 0.01       # 28 regions (1%)
    python benchmarks/generate.py --regions 100 --targets 50 --out /tmp/root
    python benchmarks/generate.py --parents          # and a plan hierarchy above the counties

The default size is every county-level division of China (about 2,850) with 40 targets
each (114,000 targets) and 10 years of figures (2015-2024) for every indicator: about
1.1 million actual rows, one CSV per year plus a file of second sources. The data is
valid input (every plan loads; level/change targets have baselines, milestones have no
target, deadlines lie inside the period) and as messy as real figures are: years
missing, qualifiers (>=, >, ~, near, plus), Chinese value forms (超92%, 1.5万余), region
codes instead of names, Chinese indicator names instead of ids, a few spans
(2021-2022), exact repeats (TRK307) and conflicting second sources (TRK308).

With `--parents`, each county's plan names a prefecture's plan as its `parent:`, each
prefecture's a province's, each province's the national plan (by the region code's
digits), and these plans set goals on the level and maintain indicators, which some
counties fall short of (TRK220). Without it the bytes are those of earlier versions.

The same arguments always write the same bytes (fixed seed, no clock, no hash order).
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGIONS = 2850
DEFAULT_TARGETS = 40
SEED = 20210101
FIRST_YEAR, LAST_YEAR = 2015, 2024
PERIOD = (2021, 2025)
BASELINE_YEAR = 2020
AS_OF = 2024  # the evaluation year the benchmark uses: every year of data counts

# Share of rows taking each messy form (of the rows where the form makes sense).
MISSING_YEAR = 0.05
NO_SERIES = 0.01
CODE_FOR_NAME = 0.10
NAME_FOR_ID = 0.05
QUALIFIER_SHARES = {">=": 0.03, ">": 0.01, "~": 0.01, "near": 0.01, "plus": 0.005}
CHINESE_FORM = 0.005
SPAN = 0.05  # of cumulative series: 2021 and 2022 reported as one 2021-2022 row
REPEAT = 0.002
CONFLICT = 0.0005


@dataclass(frozen=True)
class Spec:
    """One synthetic indicator and how targets on it are written and judged."""

    id: str
    name: str
    name_en: str
    unit: str
    better: str
    kind: str


_FAMILIES = [
    # (count, id stem, Chinese stem, English stem, unit, better, kind)
    (12, "enrolment_rate", "入学率", "enrolment rate", "percent", "higher", "level"),
    (4, "retention_rate", "巩固率", "retention rate", "percent", "higher", "maintain"),
    (4, "dropout_rate", "流失率", "dropout rate", "percent", "lower", "change"),
    (8, "teachers_recruited", "招聘人数", "teachers recruited", "person", "higher", "cumulative"),
    (4, "schools_built", "学校数", "schools", "count", "higher", "level"),
    (2, "spending_per_pupil", "生均经费", "spending per pupil", "yuan", "higher", "level"),
    (2, "spending_growth", "经费增量", "spending", "yuan", "higher", "change"),
    (4, "review_passed", "验收", "review passed", "boolean", "higher", "milestone"),
]


def catalog_specs() -> list[Spec]:
    """The 40 indicators of the synthetic catalog, in catalog order."""
    specs = []
    for count, stem, zh, en, unit, better, kind in _FAMILIES:
        for n in range(1, count + 1):
            specs.append(Spec(f"{stem}_{n:02d}", f"合成{zh}{n:02d}", f"Synthetic {en} {n}", unit, better, kind))
    return specs


_FIRST_CHARS = "安宝昌长大东丰福广和河华嘉建江金靖乐临龙隆罗宁平清庆仁荣瑞山上石顺泰桃天通万文武西新兴阳永玉元云章正中"
_SECOND_CHARS = "安宝城川德定丰峰阜谷海和河湖华化江津康口林陵宁平浦桥清泉山水松台潭田亭阳源远州"
_SUFFIXES = "县区市旗"


def region_names(count: int, rng: random.Random) -> list[str]:
    """`count` distinct synthetic county names such as 安河县."""
    names = [a + b + s for s in _SUFFIXES for a in _FIRST_CHARS for b in _SECOND_CHARS]
    rng.shuffle(names)
    if count > len(names):
        names += [f"{names[i % len(names)][:2]}{i}{names[i % len(names)][-1]}" for i in range(len(names), count)]
    return names[:count]


def region_code(i: int) -> str:
    """A 6-digit administrative-style code: province, prefecture, county."""
    province, rest = divmod(i, 1000)
    if province > 88:
        raise SystemExit("at most 89,000 regions")
    return f"{11 + province:02d}{1 + rest // 30:02d}{1 + rest % 30:02d}"


def number_text(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.1f}".removesuffix(".0")
    return str(round(value))


@dataclass
class Series:
    """The yearly figures of one region's indicator, and the target set on it."""

    values: dict[int, float]
    target: str | None
    baseline: float | None
    by: int


def make_series(spec: Spec, rng: random.Random) -> Series:
    """A plausible trajectory and a target that some regions meet and some miss."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    pace = rng.uniform(0.2, 1.5)
    by = PERIOD[1]
    if spec.kind == "milestone":
        by = rng.choice((2022, 2023, 2024, 2025))
        done = rng.choice((2020, 2021, 2022, 2023, 2024, 2099))
        return Series({y: float(y >= done) for y in years}, None, None, by)
    if spec.unit == "percent" and spec.kind == "level":
        base = round(rng.uniform(70, 95), 1)
        goal = round(min(100.0, base + rng.uniform(2, 12)))
        slope = (goal - base) / 5 * pace
        values = {y: min(100.0, max(0.0, base + slope * (y - BASELINE_YEAR) + rng.gauss(0, 0.3))) for y in years}
        return Series(values, f">= {goal}", base, by)
    if spec.kind == "maintain":
        floor = rng.choice((93, 95, 96, 98))
        values = {y: min(100.0, floor + rng.uniform(-0.8, 3)) for y in years}
        return Series(values, f">= {floor}", None, by)
    if spec.unit == "percent":  # lower is better, change
        base = round(rng.uniform(1, 5), 1)
        drop = round(base * rng.uniform(0.2, 0.5), 1)
        values = {y: max(0.0, base - drop / 5 * pace * (y - BASELINE_YEAR) + rng.gauss(0, 0.05)) for y in years}
        return Series(values, f"<= -{drop}", base, by)
    if spec.kind == "cumulative":
        yearly = rng.randint(20, 200)
        total = round(yearly * 5 * rng.uniform(0.8, 1.2), -1)
        values = {y: float(max(0, round(yearly * pace + rng.gauss(0, yearly / 10)))) for y in years}
        return Series(values, f">= {total:.0f}", None, by)
    if spec.unit == "count":
        base = rng.randint(30, 300)
        goal = base + rng.randint(2, 20)
        values = {y: float(max(0, round(base + (goal - base) / 5 * pace * (y - BASELINE_YEAR)))) for y in years}
        op = "~" if spec.id.endswith("04") else ">="
        return Series(values, f"{op} {goal}", float(base), by)
    base = round(rng.uniform(8000, 20000), -2)  # yuan
    growth = round(base * rng.uniform(0.1, 0.3), -2)
    values = {y: round(base + growth / 5 * pace * (y - BASELINE_YEAR) + rng.gauss(0, 100), -1) for y in years}
    if spec.kind == "change":
        return Series(values, f">= {growth:.0f}", base, by)
    return Series(values, f">= {base + growth:.0f}", base, by)


def value_cells(value: float, spec: Spec, rng: random.Random) -> tuple[str, str]:
    """The value and qualifier cells of one figure: mostly plain, some qualified."""
    text = number_text(value, spec.unit)
    if spec.unit == "boolean":
        return text, ""
    draw = rng.random()
    if draw < CHINESE_FORM:
        if spec.unit == "percent":
            return rng.choice((f"超{text}%", f"{text}%以上", f"近{text}%")), ""
        if spec.unit == "yuan" and value >= 10000:
            return f"{round(value / 1000) / 10:g}万余", ""
        return rng.choice((f"{text}余", f"约{text}")), ""
    draw -= CHINESE_FORM
    for qualifier, share in QUALIFIER_SHARES.items():
        if draw < share:
            return (text, "") if qualifier == "near" and value <= 0 else (text, qualifier)  # 近0 is no interval
        draw -= share
    return text, ""


def plan_yaml(i: int, name: str, code: str, specs: list[Spec], series: list[Series], parent: str = "") -> str:
    """The YAML text of one region's plan."""
    lines = [
        f"id: county-{code}",
        f'title: {name}"十四五"教育事业发展规划',
        f"title_en: Synthetic county {i + 1} education plan 2021-2025",
        f"region: {name}",
        f'region_code: "{code}"',
        "level: county",
        *([f"parent: {parent}"] if parent else []),
        f"period: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}",
        "source:",
        f"  title: {name}人民政府关于印发教育事业发展规划的通知",
        f"  url: https://example.org/plans/{code}.html",
        "  issued: 2021-12-30",
        "targets:",
    ]
    for n, (spec, s) in enumerate(zip(specs, series, strict=True)):
        target_id = spec.id.replace("_", "-") + ("" if n < DEFAULT_TARGETS else f"-{n // DEFAULT_TARGETS}")
        lines += [f"  - id: {target_id}", f"    indicator: {spec.id}"]
        if spec.kind != "level":
            lines.append(f"    kind: {spec.kind}")
        if s.target is not None:
            lines.append(f'    target: "{s.target}"')
        if s.by != PERIOD[1]:
            lines.append(f"    by: {s.by}")
        if spec.kind in ("level", "change"):
            with_value = n % 4 != 1 or spec.kind == "change"
            value = f", value: {number_text(s.baseline or 0.0, spec.unit)}" if with_value else ""
            lines.append(f"    baseline: {{year: {BASELINE_YEAR}{value}}}")
        if n % 5 == 0:
            lines.append("    binding: true")
        lines.append(f"    quote: 到{s.by}年，{spec.name}{'完成' if s.target is None else '达到' + s.target}")
    return "\n".join(lines) + "\n"


def catalog_yaml(specs: list[Spec]) -> str:
    lines = ["indicators:"]
    for spec in specs:
        lines += [
            f"  {spec.id}:",
            f"    name: {spec.name}",
            f"    name_en: {spec.name_en}",
            f"    unit: {spec.unit}",
            f"    better: {spec.better}",
        ]
    return "\n".join(lines) + "\n"


HEADER = "region,indicator,year,value,qualifier,source,quote,note\n"
# The goals of the plans above the counties (`--parents`): on level rates and maintained floors.
PARENT_GOALS = {"level": ">= 85", "maintain": ">= 95"}


def parent_of(code: str) -> str:
    """The plan above a county's (by its code: prefecture, then province, then the nation)."""
    return f"prefecture-{code[:4]}"


def parent_plans(codes: list[str], specs: list[Spec]) -> dict[str, str]:
    """The YAML text of the prefecture, province and national plans above `codes`, by plan id."""
    goals = [spec for spec in specs if spec.unit == "percent" and spec.kind in PARENT_GOALS]
    plans = {"national": ("全国", "national", "")}
    for code in codes:
        plans[f"province-{code[:2]}"] = (f"合成省{code[:2]}", "province", "national")
        plans[f"prefecture-{code[:4]}"] = (f"合成市{code[:4]}", "prefecture", f"province-{code[:2]}")
    texts = {}
    for plan_id, (region, level, parent) in plans.items():
        lines = [f"id: {plan_id}", f"title: {region}教育事业发展规划", f"region: {region}", f"level: {level}"]
        lines += [f"parent: {parent}"] if parent else []
        lines += [f"period: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}", "targets:"]
        for spec in goals:
            lines += [f"  - id: {spec.id.replace('_', '-')}", f"    indicator: {spec.id}", f"    kind: {spec.kind}"]
            lines.append(f'    target: "{PARENT_GOALS[spec.kind]}"')
            if spec.kind == "level":
                lines.append(f"    baseline: {{year: {BASELINE_YEAR}, value: 80}}")
        texts[plan_id] = "\n".join(lines) + "\n"
    return texts


def generate(out: Path, regions: int, targets: int, seed: int = SEED, parents: bool = False) -> dict[str, int]:
    """Write the data root into `out` (replacing plans/ and actuals/); return counts."""
    rng = random.Random(seed)
    specs_all = catalog_specs()
    names = region_names(regions, rng)
    for folder in ("plans", "actuals"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True)
    (out / "indicators.yaml").write_text(catalog_yaml(specs_all), encoding="utf-8")
    by_year: dict[int, list[str]] = {y: [] for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    second_source: list[str] = []
    counts = {"regions": regions, "targets": 0, "rows": 0, "repeats": 0, "conflicts": 0}
    for i, name in enumerate(names):
        code = region_code(i)
        order = specs_all[:]
        rng.shuffle(order)
        specs = [order[n % len(order)] for n in range(targets)]
        series = [make_series(spec, rng) for spec in specs]
        text = plan_yaml(i, name, code, specs, series, parent_of(code) if parents else "")
        (out / "plans" / f"county-{code}.yaml").write_text(text, encoding="utf-8")
        counts["targets"] += len(specs)
        for spec, s in zip(specs[: len(specs_all)], series[: len(specs_all)], strict=True):
            if rng.random() < NO_SERIES:
                continue
            years = sorted(s.values)
            span = spec.kind == "cumulative" and rng.random() < SPAN
            for year in years:
                if rng.random() < MISSING_YEAR and year not in (BASELINE_YEAR, LAST_YEAR):
                    continue
                if span and year == 2021:
                    continue
                value = s.values[year] + (s.values[2021] if span and year == 2022 else 0.0)
                year_text = "2021-2022" if span and year == 2022 else str(year)
                value_text, qualifier = value_cells(value, spec, rng)
                region = code if rng.random() < CODE_FOR_NAME else name
                indicator = spec.name if rng.random() < NAME_FOR_ID else spec.id
                row = f"{region},{indicator},{year_text},{value_text},{qualifier},{year}年统计公报,,\n"
                by_year[year].append(row)
                counts["rows"] += 1
                draw = rng.random()
                if draw < REPEAT:
                    second_source.append(f"{name},{spec.id},{year_text},{value_text},{qualifier},{year}年教育年鉴,,\n")
                    counts["repeats"] += 1
                elif draw < REPEAT + CONFLICT and spec.unit not in ("boolean",) and not qualifier:
                    other = number_text(value * 1.1 + 1, spec.unit)
                    second_source.append(f"{name},{spec.id},{year_text},{other},,{year}年教育年鉴,,\n")
                    counts["conflicts"] += 1
    if parents:
        for plan_id, text in parent_plans([region_code(i) for i in range(regions)], specs_all).items():
            (out / "plans" / f"{plan_id}.yaml").write_text(text, encoding="utf-8")
    for year, rows in by_year.items():
        (out / "actuals" / f"{year}.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    (out / "actuals" / "yearbook.csv").write_text(HEADER + "".join(second_source), encoding="utf-8")
    counts["rows"] += len(second_source)
    return counts


def size_of(scale: float | None, regions: int | None, targets: int | None) -> tuple[int, int]:
    """Regions and targets per region for a scale of the default size (or explicit counts)."""
    n = regions if regions is not None else max(1, round(DEFAULT_REGIONS * (scale if scale is not None else 1.0)))
    return n, targets if targets is not None else DEFAULT_TARGETS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data", help="folder to write")
    parser.add_argument("--scale", type=float, help="share of the default 2,850 regions (0.01, 0.1, 1)")
    parser.add_argument("--regions", type=int, help="number of regions (overrides --scale)")
    parser.add_argument("--targets", type=int, help=f"targets per region (default {DEFAULT_TARGETS})")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--parents", action="store_true", help="add prefecture, province and national plans above")
    args = parser.parse_args(argv)
    regions, targets = size_of(args.scale, args.regions, args.targets)
    counts = generate(args.out, regions, targets, args.seed, args.parents)
    print(
        f"{args.out}: {counts['regions']:,} regions, {counts['targets']:,} targets, {counts['rows']:,} actual rows "
        f"({counts['repeats']:,} repeats, {counts['conflicts']:,} conflicts)"
    )


if __name__ == "__main__":
    main()

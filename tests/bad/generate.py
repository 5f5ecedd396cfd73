"""Write tests/bad/files/* and tests/bad/cases.yaml. Run from the repository root after editing a case:

    python tests/bad/generate.py

The expected codes and places are written here by hand; the output is committed.
"""

import datetime
from pathlib import Path

import yaml

OUT = Path(__file__).parent
FILES = OUT / "files"
FILES.mkdir(parents=True, exist_ok=True)

HEAD = """\
# {c}
id: demo
title: 示例县教育发展规划
region: 示例县
period: {{start: 2021, end: 2025}}
targets:
"""
T1 = """\
  - id: preschool
    indicator: preschool_gross_enrolment_rate
    target: ">= 95"
    baseline: {year: 2020, value: 80}
"""
# lines: 1 comment, 2 id, 3 title, 4 region, 5 period, 6 targets, 7 -id, 8 indicator, 9 target, 10 baseline
H = "region,indicator,year,value,qualifier,source,quote,note\n"
OK_ROW = "示例县,dropout_rate,2022,1.5,,r,,\n"
IND = (OUT.parent / "fixtures" / "valid" / "indicators.yaml").read_text(encoding="utf-8")

cases = []


def add(name, into, content, expect, says=None, directory=False):
    suffix = Path(into).suffix
    file = f"{name}{suffix}"
    if directory:
        file = None
    else:
        data = content if isinstance(content, bytes) else content.encode()
        (FILES / file).write_bytes(data)
    case = {"name": name, "into": into}
    if file:
        case["file"] = file
    else:
        case["directory"] = True
    case["expect"] = expect
    if says:
        case["says"] = says
    cases.append(case)


def plan(comment, body_after_targets=T1, head=None):
    return (head or HEAD).format(c=comment) + body_after_targets


P = "plans/demo.yaml"
# ---- YAML syntax and shape
add(
    "yaml-unclosed-flow",
    P,
    plan("period is missing its closing brace").replace("end: 2025}", "end: 2025"),
    ["TRK102 plans/demo.yaml:5:9"],
    says="the '{' opened here is not closed",
)
add(
    "yaml-unclosed-list-at-end",
    P,
    plan("the last line opens a list it never closes") + "    aliases: [a, b\n",
    ["TRK102 plans/demo.yaml:11:14"],
    says="the '[' opened here is not closed (the file ends first); close it with ']'",
)
add(
    "yaml-unclosed-quote",
    P,
    plan("a title whose quote is never closed").replace("title: 示例县教育发展规划", "title: '示例县教育发展规划"),
    ["TRK102 plans/demo.yaml:3:8"],
    says="the quote opened here is not closed",
)
add(
    "yaml-key-without-colon",
    P,
    plan("a line without its colon").replace("region: 示例县", "region 示例县"),
    ["TRK102 plans/demo.yaml:4:1"],
    says="neither 'key: value' nor a list item",
)
add(
    "yaml-tab-indent",
    P,
    plan("a tab before a key").replace("    indicator:", "\tindicator:"),
    ["TRK102 plans/demo.yaml:8:1"],
    says="tab",
)
add(
    "yaml-control-char",
    P,
    plan("a BEL character in the title").replace("发展规划", "发展\x07规划"),
    ["TRK102 plans/demo.yaml:3:15"],
    says="U+0007",
)
add(
    "yaml-two-documents",
    P,
    plan("a second document") + "---\nid: other\n",
    ["TRK102 plans/demo.yaml:11:1"],
    says="single document",
)
add(
    "yaml-bad-indent",
    P,
    plan("a key indented too far").replace("region: 示例县", "region: 示例县\n  level: county"),
    ["TRK102 plans/demo.yaml:5:8"],
)
add(
    "yaml-duplicate-key",
    P,
    plan("title twice").replace("region: 示例县", "region: 示例县\ntitle: 另一个标题"),
    ["TRK103 plans/demo.yaml:5:1"],
    says="first at line 3",
)
add(
    "yaml-duplicate-key-in-target",
    P,
    plan("indicator twice in a target") + "    indicator: dropout_rate\n",
    ["TRK103 plans/demo.yaml:11:5"],
    says="first at line 8",
)
add(
    "yaml-duplicate-via-alias",
    P,
    plan("a repeated key written with an anchor").replace(
        "title: 示例县教育发展规划", "title: &t 示例县教育发展规划\ntitle: *t"
    ),
    ["TRK103 plans/demo.yaml:4:1"],
)
add(
    "yaml-bool-region",
    P,
    plan("region: NO (Norway?) reads as false").replace("region: 示例县", "region: NO"),
    ["TRK104 plans/demo.yaml:4"],
    says='"NO"',
)
add(
    "yaml-bool-target-id",
    P,
    plan("a target id that is the word yes").replace("- id: preschool", "- id: yes"),
    ["TRK104 plans/demo.yaml:7"],
)
add(
    "yaml-bool-title",
    P,
    plan("title: off").replace("title: 示例县教育发展规划", "title: off"),
    ["TRK104 plans/demo.yaml:3"],
)
add(
    "yaml-bool-target-value",
    P,
    plan("target: on would be read as 1.0").replace('target: ">= 95"', "target: on"),
    ["TRK104 plans/demo.yaml:9"],
)
add(
    "yaml-bool-baseline-value",
    P,
    plan("baseline value: true").replace("value: 80", "value: true"),
    ["TRK105 plans/demo.yaml:10"],
    says="got boolean",
)
add(
    "yaml-type-period-text",
    P,
    plan("period written as text").replace("period: {start: 2021, end: 2025}", "period: 2021-2025"),
    ["TRK105 plans/demo.yaml:5"],
    says="mapping",
)
add("yaml-type-by-text", P, plan("by: soon") + "    by: soon\n", ["TRK105 plans/demo.yaml:11"], says="whole number")
add(
    "yaml-type-targets-mapping",
    P,
    plan("targets as a mapping", "  preschool: 95\n"),
    ["TRK105 plans/demo.yaml:6"],
    says="list",
)
add(
    "yaml-type-region-number",
    P,
    plan("region as a number").replace("region: 示例县", "region: 220582"),
    ["TRK105 plans/demo.yaml:4"],
)
add(
    "yaml-type-target-list",
    P,
    plan("target as a list").replace('target: ">= 95"', "target: [90, 95]"),
    ["TRK105 plans/demo.yaml:9"],
    says="text or a number",
)
add(
    "yaml-type-better",
    "indicators.yaml",
    "# better: less is not higher/lower\n" + IND.replace("better: lower", "better: less", 1),
    ["TRK105 indicators.yaml:19"],
    says="'higher'",
)
add(
    "yaml-unknown-key-baselin",
    P,
    plan("baselin: a typo").replace("baseline:", "baselin:"),
    ["TRK106 plans/demo.yaml:10"],
    says="did you mean 'baseline'",
)
add(
    "yaml-unknown-key-top",
    P,
    plan("titel: a typo at the top").replace("title:", "titel:"),
    ["TRK106 plans/demo.yaml:3", "TRK107 plans/demo.yaml:2"],
    says="did you mean 'title'",
)
add("yaml-unknown-key-number", P, plan("a number as a key") + "2021: 95\n", ["TRK106 plans/demo.yaml:11"])
add(
    "yaml-unknown-key-indicator",
    "indicators.yaml",
    "# unit misspelt\n" + IND.replace("unit: person", "units: person"),
    ["TRK106 indicators.yaml:13", "TRK107 indicators.yaml:10"],
    says="did you mean 'unit'",
)
add(
    "yaml-empty-title",
    P,
    plan("title: with nothing after it").replace("title: 示例县教育发展规划", "title:"),
    ["TRK105 plans/demo.yaml:3"],
    says="got nothing (the value is empty)",
)
add(
    "yaml-key-with-line-break",
    P,
    plan("a quoted key holding a line break") + '"base\\nline": 80\n',
    ["TRK106 plans/demo.yaml:11"],
    says="unknown key 'base line'",
)
add(
    "yaml-missing-title",
    P,
    plan("no title").replace("title: 示例县教育发展规划\n", ""),
    ["TRK107 plans/demo.yaml:2"],
    says="'title'",
)
add(
    "yaml-missing-target-id",
    P,
    plan("a target without id").replace("- id: preschool\n    indicator", "- indicator"),
    ["TRK107 plans/demo.yaml:7"],
    says="targets.0.id",
)
add(
    "yaml-missing-period-end",
    P,
    plan("period without end").replace(", end: 2025", ""),
    ["TRK107 plans/demo.yaml:5"],
    says="period.end",
)
add(
    "yaml-missing-name-en",
    "indicators.yaml",
    "# no name_en\n" + IND.replace("    name_en: Teachers recruited\n", ""),
    ["TRK107 indicators.yaml:10"],
    says="name_en",
)
add("yaml-empty", P, "", ["TRK108 plans/demo.yaml:1"])
add("yaml-comments-only", P, "# a plan to be written\n# later\n", ["TRK108 plans/demo.yaml:1"])
add("yaml-empty-catalog", "indicators.yaml", "\n\n", ["TRK108 indicators.yaml:1"])
add(
    "yaml-list-document",
    P,
    "# a list, not a mapping\n- id: demo\n- title: x\n",
    ["TRK109 plans/demo.yaml:1"],
    says="list",
)
add("yaml-string-document", P, "示例县教育发展规划\n", ["TRK109 plans/demo.yaml:1"], says="string")
add(
    "yaml-alias-bomb",
    P,
    "# billion laughs\n"
    + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)),
    ["TRK110 plans/demo.yaml:6:45"],
    says="more than the 100,000 allowed",
)
add(
    "yaml-alias-wide",
    P,
    "# a list copied 18 times: within the old limit (20 times the file's size), 108,018 nodes copied\n"
    + "base: &b ["
    + ", ".join(f"v{i}" for i in range(6_000))
    + "]\n"
    + "".join(f"copy{j}: *b\n" for j in range(18)),
    ["TRK110 plans/demo.yaml:19:9"],
)
add(
    "yaml-bad-plan-id",
    P,
    plan("an id with capitals").replace("id: demo", "id: Demo_2021"),
    ["TRK111 plans/demo.yaml:2"],
    says="'Demo_2021' should be lowercase letters, digits and single dashes",
)
add(
    "yaml-baseline-nan",
    P,
    plan("baseline value .nan").replace("value: 80", "value: .nan"),
    ["TRK111 plans/demo.yaml:10"],
    says="finite",
)
add(
    "yaml-year-out-of-range",
    P,
    plan("a year far in the past").replace("start: 2021", "start: 1021"),
    ["TRK111 plans/demo.yaml:5"],
    says="1900",
)
add(
    "yaml-python-tag",
    P,
    plan("a python object tag").replace(
        "title: 示例县教育发展规划", "title: !!python/object/apply:os.system [echo hi]"
    ),
    ["TRK112 plans/demo.yaml:3:8"],
    says="!!python",
)
add(
    "yaml-merge-key",
    P,
    plan("a merge key") + "extra: &e {note: x}\nsource:\n  <<: *e\n",
    ["TRK112 plans/demo.yaml:13:3"],
    says="'<<'",
)
add(
    "yaml-binary-tag",
    P,
    plan("a binary value").replace("title: 示例县教育发展规划", "title: !!binary 5Lit5paH"),
    ["TRK112 plans/demo.yaml:3:8"],
)
add("yaml-list-key", P, plan("a list used as a key") + "[a, b]: c\n", ["TRK112 plans/demo.yaml:11:1"])
add(
    "yaml11-octal-region-code",
    P,
    plan("a region code with a leading zero reads as octal 83").replace(
        "region: 示例县", "region: 示例县\nregion_code: 0123"
    ),
    ["TRK113 plans/demo.yaml:5"],
    says='quote it: "0123"',
)
add(
    "yaml11-zeros-region-code",
    P,
    plan("region code 000000 reads as 0").replace("region: 示例县", "region: 示例县\nregion_code: 000000"),
    ["TRK113 plans/demo.yaml:5"],
    says="the number 0;",
)
add(
    "yaml11-octal-baseline",
    P,
    plan("baseline value 070 reads as 56").replace("value: 80", "value: 070"),
    ["TRK113 plans/demo.yaml:10"],
    says="the number 56",
)
add(
    "yaml11-sexagesimal-baseline",
    P,
    plan("baseline value 1:30 reads as 90").replace("value: 80", "value: 1:30"),
    ["TRK113 plans/demo.yaml:10"],
    says="the number 90",
)
add(
    "yaml11-underscore-target",
    P,
    plan("target 1_000 reads as 1000").replace('target: ">= 95"', "target: 1_000"),
    ["TRK113 plans/demo.yaml:9"],
)
add("yaml11-hex-by", P, plan("by: 0x7E9 reads as 2025") + "    by: 0x7E9\n", ["TRK113 plans/demo.yaml:11"])
add("yaml-utf16", P, plan("saved as UTF-16").encode("utf-16"), ["TRK101 plans/demo.yaml:1"])
add(
    "yaml-latin1-bytes",
    P,
    plan("bytes that are neither UTF-8 nor GB18030").encode() + b"note: caf\xe9\xff\n",
    ["TRK101 plans/demo.yaml:11"],
    says="offset",
)
add("yaml-directory", P.replace("demo", "folder"), None, ["TRK100 plans/folder.yaml"], directory=True)
# ---- plans
add(
    "plan-duplicate-id",
    "plans/other.yaml",
    plan("the id of demo.yaml again"),
    ["TRK201 plans/other.yaml:2", "TRK212 plans/other.yaml:2"],
    says="plans/demo.yaml",
)
add(
    "plan-duplicate-target",
    P,
    plan("two targets with one id") + T1.replace(">= 95", ">= 96"),
    ["TRK202 plans/demo.yaml:11"],
)
add(
    "plan-unknown-indicator",
    P,
    plan("indicator misspelt").replace(
        "indicator: preschool_gross_enrolment_rate", "indicator: preschool_gross_enrollment_rate"
    ),
    ["TRK203 plans/demo.yaml:8"],
    says="did you mean 'preschool_gross_enrolment_rate'",
)
add(
    "plan-unknown-alias",
    P,
    plan("a Chinese name off by one character").replace(
        "indicator: preschool_gross_enrolment_rate", "indicator: 学前三年毛入学率"
    ),
    ["TRK203 plans/demo.yaml:8"],
    says="did you mean '学前三年毛入园率'",
)
add(
    "plan-target-words",
    P,
    plan("target in words").replace('target: ">= 95"', "target: about 95"),
    ["TRK204 plans/demo.yaml:9"],
)
add(
    "plan-target-qualifier-word",
    P,
    plan("a qualifier word instead of an operator").replace('target: ">= 95"', "target: 超95%"),
    ["TRK204 plans/demo.yaml:9"],
)
add(
    "plan-target-line-break",
    P,
    plan("a target whose quoted text breaks the line").replace('target: ">= 95"', 'target: ">= 95\\n以上"'),
    ["TRK204 plans/demo.yaml:9"],
    says="target '>= 95 以上' is not",
)
add(
    "plan-unknown-indicator-line-break",
    P,
    plan("an indicator with a line break").replace(
        "indicator: preschool_gross_enrolment_rate", 'indicator: "preschool\\nrate"'
    ),
    ["TRK203 plans/demo.yaml:8"],
    says="unknown indicator 'preschool rate'",
)
add(
    "plan-target-operator-only",
    P,
    plan("an operator without a number").replace('target: ">= 95"', 'target: ">="'),
    ["TRK204 plans/demo.yaml:9"],
)
add("plan-by-outside-period", P, plan("by after the period") + "    by: 2030\n", ["TRK205 plans/demo.yaml:11"])
add(
    "plan-period-backwards",
    P,
    plan("a period running backwards; the target's deadline is its end").replace(
        "start: 2021, end: 2025", "start: 2025, end: 2021"
    ),
    ["TRK111 plans/demo.yaml:5"],
    says="runs backwards (start 2025, end 2021)",
)
add(
    "plan-period-backwards-with-by",
    P,
    plan("a period running backwards and a deadline inside it").replace(
        "start: 2021, end: 2025", "start: 2025, end: 2021"
    )
    + "    by: 2023\n",
    ["TRK111 plans/demo.yaml:5"],
)
add(
    "plan-baseline-after-deadline",
    P,
    plan("baseline year after by").replace("year: 2020", "year: 2026"),
    ["TRK206 plans/demo.yaml:10"],
)
add(
    "plan-level-without-baseline",
    P,
    plan("a level target without baseline").replace("    baseline: {year: 2020, value: 80}\n", ""),
    ["TRK207 plans/demo.yaml:7"],
)
add(
    "plan-change-without-baseline",
    P,
    plan(
        "a change target without baseline",
        '  - id: complaints\n    indicator: complaint_rate\n    kind: change\n    target: "<= -15"\n',
    ),
    ["TRK207 plans/demo.yaml:7"],
)
add(
    "plan-milestone-with-target",
    P,
    plan(
        "a milestone with a number",
        "  - id: balance\n    indicator: quality_balance_passed\n    kind: milestone\n    target: 1\n",
    ),
    ["TRK208 plans/demo.yaml:10"],
    says="remove 'target: 1'",
)
add(
    "plan-unit-differs",
    P,
    plan("unit not the indicator's") + "    unit: person\n",
    ["TRK209 plans/demo.yaml:11"],
    says="'percent'",
)
add(
    "plan-target-missing",
    P,
    plan(
        "a cumulative target without target",
        "  - id: recruit\n    indicator: teachers_recruited\n    kind: cumulative\n",
    ),
    ["TRK210 plans/demo.yaml:7"],
)
add("plan-kind-unknown", P, plan("kind misspelt") + "    kind: levels\n", ["TRK105 plans/demo.yaml:11"], says="'level'")
add(
    "catalog-duplicate-alias",
    "indicators.yaml",
    "# one alias for two indicators\n" + IND.replace("name: 辍学率", "name: 辍学率\n    aliases: [学前三年毛入园率]"),
    ["TRK211 indicators.yaml:17"],
)
add(
    "catalog-bad-indicator-id",
    "indicators.yaml",
    "# an indicator id with a dash\n" + IND.replace("dropout_rate:", "dropout-rate:"),
    ["TRK111 indicators.yaml:15"],
    says="the id 'dropout-rate' should be lower_snake_case like preschool_gross_enrolment_rate",
)
add(
    "plan-id-not-file-name",
    P,
    plan("id differs from the file name").replace("id: demo", "id: demo-2021"),
    ["TRK212 plans/demo.yaml:2"],
)
add(
    "plan-every-problem-in-one-run",
    P,
    plan("a malformed target does not hide the others' problems").replace("baseline:", "baselin:")
    + T1.replace("preschool_gross_enrolment_rate", "nope_rate").replace("id: preschool", "id: second")
    + T1.replace("id: preschool", "id: second")
    + "    by: 2030\n",
    [
        "TRK106 plans/demo.yaml:10",
        "TRK203 plans/demo.yaml:12",
        "TRK202 plans/demo.yaml:15",
        "TRK205 plans/demo.yaml:19",
    ],
)
# ---- actuals
A = "actuals/demo.csv"
add(
    "csv-missing-column",
    A,
    "region,indicator,value\n示例县,dropout_rate,1.5\n",
    ["TRK301 actuals/demo.csv:1"],
    says="the header has: region, indicator, value",
)
add("csv-chinese-header", A, "地区,指标,年份,数值\n示例县,dropout_rate,2022,1.5\n", [])
add(
    "csv-too-many-fields",
    A,
    H + OK_ROW + "示例县,dropout_rate,2023,1.4,,r,,,extra\n" + OK_ROW.replace("2022", "2021"),
    ["TRK302 actuals/demo.csv:3"],
    says="9 fields",
)
add(
    "csv-too-few-fields",
    A,
    H + OK_ROW + "示例县,dropout_rate,2023\n" + OK_ROW.replace("2022", "2021"),
    ["TRK302 actuals/demo.csv:3"],
    says="3 fields",
)
add(
    "csv-fields-quoted",
    A,
    H
    + '示例县,dropout_rate,2022,1.5,,"report, 2022","line one\nline two",\n'
    + '示例县,dropout_rate,2023,"1,4"\n'
    + '示例县,dropout_rate,2021,1.6,,r,,,"x, y"\n',
    ["TRK302 actuals/demo.csv:4", "TRK302 actuals/demo.csv:5"],
)
add(
    "csv-fields-crlf",
    A,
    (H + OK_ROW + "示例县,dropout_rate,2023,1.4,,r\n" + OK_ROW.replace("2022", "2021")).replace("\n", "\r\n"),
    ["TRK302 actuals/demo.csv:3"],
)
add(
    "csv-fields-bom",
    A,
    b"\xef\xbb\xbf" + (H + OK_ROW + "示例县,dropout_rate,2023,1.4,,r,,,,\n").encode(),
    ["TRK302 actuals/demo.csv:3"],
)
add(
    "csv-fields-gb18030",
    A,
    (H + OK_ROW + "示例县,dropout_rate,2023,1.4\r\n").encode("gb18030"),
    ["TRK302 actuals/demo.csv:3"],
)
add("csv-year-unreadable", A, H + "示例县,dropout_rate,二〇二二,1.5,,r,,\n", ["TRK303 actuals/demo.csv:2:3"])
add("csv-year-backwards", A, H + "示例县,dropout_rate,2023-2021,1.5,,r,,\n", ["TRK303 actuals/demo.csv:2:3"])
add("csv-year-fraction", A, H + OK_ROW + "示例县,dropout_rate,2022.5,1.5,,r,,\n", ["TRK303 actuals/demo.csv:3:3"])
add("csv-value-words", A, H + "示例县,dropout_rate,2022,较高,,r,,\n", ["TRK304 actuals/demo.csv:2:4"])
add(
    "csv-value-empty", A, H + OK_ROW + "示例县,dropout_rate,2021,,,r,,\n", ["TRK304 actuals/demo.csv:3:4"], says="empty"
)
add("csv-value-inf", A, H + "示例县,dropout_rate,2022,inf,,r,,\n", ["TRK304 actuals/demo.csv:2:4"])
add("csv-value-huge", A, H + "示例县,dropout_rate,2022,1e400,,r,,\n", ["TRK304 actuals/demo.csv:2:4"], says="too large")
add("csv-value-bad-numeral", A, H + "示例县,teachers_recruited,2022,万万,,r,,\n", ["TRK304 actuals/demo.csv:2:4"])
add("csv-value-bad-separators", A, H + '示例县,teachers_recruited,2022,"1,03",,r,,\n', ["TRK304 actuals/demo.csv:2:4"])
add(
    "csv-value-footnote",
    A,
    H + "示例县,preschool_gross_enrolment_rate,2022,93.5①,,r,,\n",
    ["TRK304 actuals/demo.csv:2:4"],
    says="'①' is not one of the digits 0-9",
)
add(
    "csv-value-superscript",
    A,
    H + "示例县,preschool_gross_enrolment_rate,2022,95²,,r,,\n",
    ["TRK304 actuals/demo.csv:2:4"],
)
add(
    "csv-value-space-in-number",
    A,
    H + OK_ROW + "示例县,teachers_recruited,2022,9 4,,r,,\n",
    ["TRK304 actuals/demo.csv:3:4"],
    says="space between digits",
)
add(
    "csv-value-bare-unit",
    A,
    H + "示例县,teachers_recruited,2022,万,,r,,\n",
    ["TRK304 actuals/demo.csv:2:4"],
    says="'万' alone is not a number",
)
add("csv-value-two-zeros", A, H + "示例县,teachers_recruited,2022,零〇,,r,,\n", ["TRK304 actuals/demo.csv:2:4"])
add(
    "csv-value-plus-twice",
    A,
    H + "示例县,teachers_recruited,2022,100多多,,r,,\n",
    ["TRK304 actuals/demo.csv:2:4"],
    says="'more than' twice",
)
add(
    "csv-value-two-qualifiers",
    A,
    H + "示例县,teachers_recruited,2022,约1.5万余,,r,,\n",
    ["TRK304 actuals/demo.csv:2:4"],
    says="say different things",
)
add("csv-unknown-qualifier", A, H + "示例县,dropout_rate,2022,1.5,about,r,,\n", ["TRK305 actuals/demo.csv:2:5"])
add(
    "csv-unknown-indicator",
    A,
    H + "示例县,drop_out_rate,2022,1.5,,r,,\n",
    ["TRK306 actuals/demo.csv:2:2"],
    says="did you mean 'dropout_rate'",
)
add("csv-duplicate-row", A, H + OK_ROW + OK_ROW, ["TRK307 actuals/demo.csv:3"], says="actuals/demo.csv:2")
add(
    "csv-duplicate-row-across-files",
    "actuals/zz-copy.csv",
    H + "示例县,compulsory_retention_rate,2021,99.2,,r2,,\n",
    ["TRK307 actuals/zz-copy.csv:2"],
    says="actuals/demo.csv:5",
)
add(
    "csv-conflict",
    "actuals/zz-other.csv",
    H + "示例县,preschool_gross_enrolment_rate,2022,91.0,,other report,,\n",
    ["TRK308 actuals/zz-other.csv:2"],
    says="87.6 (demo report 2022) conflicts with 91 (other report)",
)
add(
    "csv-percent-over-100",
    A,
    H + "示例县,preschool_gross_enrolment_rate,2022,103.5,,r,,\n",
    ["TRK309 actuals/demo.csv:2:4"],
)
add("csv-qualifier-contradiction", A, H + "示例县,dropout_rate,2022,超1.5%,<,r,,\n", ["TRK310 actuals/demo.csv:2:4"])
add("csv-empty", A, "", ["TRK311 actuals/demo.csv:1"])
add("csv-blank-lines-only", A, "\n\n  \n", ["TRK311 actuals/demo.csv:1"])
add("csv-header-only", A, H, ["TRK312 actuals/demo.csv:1"])
add("csv-missing-region", A, H + " ,dropout_rate,2022,1.5,,r,,\n", ["TRK313 actuals/demo.csv:2:1"])
add(
    "csv-unclosed-quote",
    A,
    H + OK_ROW + '示例县,dropout_rate,2023,"1.4,,r,,\n' + OK_ROW.replace("2022", "2021"),
    ["TRK314 actuals/demo.csv:3"],
    says="never closed",
)
add("csv-stray-quote", A, H + '示例县,dropout_rate,2023,"1.4"5,,r,,\n', ["TRK314 actuals/demo.csv:2"])
add(
    "csv-duplicate-column",
    A,
    "region,indicator,year,value,value\n示例县,dropout_rate,2022,1.5,1.6\n",
    ["TRK315 actuals/demo.csv:1:5"],
)
add(
    "csv-unknown-column",
    A,
    "region,indicator,year,value,remark\n示例县,dropout_rate,2022,1.5,x\n",
    ["TRK316 actuals/demo.csv:1:5"],
)
add(
    "csv-misspelled-column",
    A,
    "region,indicator,year,value,qualifer\n示例县,dropout_rate,2022,1.5,>=\n",
    ["TRK317 actuals/demo.csv:1:5"],
    says="'qualifier'",
)
add(
    "csv-not-gb18030",
    A,
    H.encode() + "示例县,dropout_rate,2022,".encode("gb18030") + b"\xff\xff,,r,,\n",
    ["TRK101 actuals/demo.csv:2"],
)
add("csv-utf16", A, (H + OK_ROW).encode("utf-16-le"), ["TRK101 actuals/demo.csv:1"])
add("csv-directory", "actuals/folder.csv", None, ["TRK100 actuals/folder.csv"], directory=True)
add("file-plan-yml", "plans/other.yml", plan("saved as .yml"), ["TRK410 plans/other.yml"])
add("file-actuals-xlsx", "actuals/figures.xlsx", b"PK\x03\x04 not really a workbook", ["TRK115 actuals/figures.xlsx"])
add("file-actuals-xls", "actuals/figures.xls", b"\xd0\xcf\x11\xe0 an old Excel file", ["TRK410 actuals/figures.xls"])


def workbook(*sheets, hidden=(), formats=None):
    """A workbook's bytes: sheets as (name, rows); `formats` maps (sheet, cell) to a number format."""
    import datetime
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    for (name, cell), number_format in (formats or {}).items():
        book[name][cell].number_format = number_format
    book.properties.created = book.properties.modified = datetime.datetime(2026, 12, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


W = "actuals/figures.xlsx"
WH = ["地区", "指标", "年份", "数值"]
add(
    "workbook-formula-without-value",
    W,
    workbook(("Sheet1", [WH, ["示例县", "辍学率", 2022, "=1+0.5"]])),
    ["TRK321 actuals/figures.xlsx:Sheet1!D2"],
    says="=1+0.5",
)
add(
    "workbook-date-for-a-year",
    W,
    workbook(("Sheet1", [WH, ["示例县", "辍学率", datetime.date(2022, 6, 30), 1.5]])),
    ["TRK322 actuals/figures.xlsx:Sheet1!C2"],
    says="2022-06-30",
)
add(
    "workbook-year-in-a-date-cell",
    W,
    workbook(("Sheet1", [WH, ["示例县", "辍学率", 2022, 1.5]]), formats={("Sheet1", "C2"): "yyyy-mm-dd"}),
    ["TRK323 actuals/figures.xlsx:Sheet1!C2"],
    says="1905-07-14",
)
add(
    "workbook-no-header",
    W,
    workbook(("说明", [["本表由各校填报"], ["截止日期", "12月31日"]])),
    ["TRK325 actuals/figures.xlsx:说明!1:1"],
)
add(
    "workbook-hidden-sheet",
    W,
    workbook(("Sheet1", [WH, ["示例县", "辍学率", 2022, 1.5]]), ("底稿", [["x"]]), hidden=("底稿",)),
    ["TRK324 actuals/figures.xlsx:底稿"],
)
add(
    "workbook-figures-after-notes",
    W,
    workbook(("Sheet1", [WH, ["示例县", "辍学率", 2022, 1.5], ["注：来自县教育局"], ["示例县", "辍学率", 2023, 1.4]])),
    ["TRK326 actuals/figures.xlsx:Sheet1!D4"],
)
add(
    "workbook-unknown-indicator",
    W,
    workbook(("Sheet1", [["标题"], WH, ["示例县", "辍学", 2022, 1.5]])),
    ["TRK306 actuals/figures.xlsx:Sheet1!B3"],
)
add(
    "workbook-wide-bad-cell",
    W,
    workbook(("示例县", [["指标", "2021年", "2022年"], ["辍学率", 1.6, "较低"]])),
    ["TRK304 actuals/figures.xlsx:示例县!C2"],
)
add(
    "workbook-wide-with-a-value-column",
    W,
    workbook(("示例县", [["指标", "数值", "2021年"], ["辍学率", 1.6, 1.5]])),
    ["TRK327 actuals/figures.xlsx:示例县!C1"],
)

add(
    "csv-region-near-a-plan",
    "actuals/zz-other.csv",
    H + "示例縣,dropout_rate,2021,1.5,,r,,\n示例縣,dropout_rate,2020,1.6,,r,,\n",
    ["TRK318 actuals/zz-other.csv:2"],
    says="is '示例县' in other characters (2 rows)",
)
add("csv-excel-empty-rows", A, H + OK_ROW + ",,,,,,,\n , ,,,,,,\n", [])
add(
    "csv-invisible-characters",
    A,
    H + "\u200b示例县\ufeff,dropout_rate\u200b,2022,1.5,,r,,\n",
    [],
)
add("csv-near-zero", A, H + "示例县,dropout_rate,2022,近0,,r,,\n", ["TRK320 actuals/demo.csv:2:4"], says="near 0 is no")
add("csv-near-negative", A, H + "示例县,dropout_rate,2022,-5,near,r,,\n", ["TRK320 actuals/demo.csv:2:4"])
add(
    "csv-conflict-of-three",
    "actuals/zz-other.csv",
    H
    + "示例县,complaint_rate,2021,99,<=,A,,\n"
    + "示例县,complaint_rate,2021,93,<,B,,\n"
    + "示例县,complaint_rate,2021,95,>,C,,\n",
    ["TRK308 actuals/zz-other.csv:4"],
    says="<93 (B) conflicts with >95 (C)",
)
add(
    "plan-duplicate-id-beside-shape-error",
    "plans/other.yaml",
    plan("the id of demo.yaml, and a typo in a target", T1.replace("    baseline:", "    baselin:")),
    ["TRK106 plans/other.yaml:10", "TRK201 plans/other.yaml:2", "TRK212 plans/other.yaml:2"],
)
add(
    "plan-region-code-of-another-region",
    "plans/other.yaml",
    '# another region with demo\'s code\nid: other\ntitle: 北京教育规划\nregion: 北京\nregion_code: "999999"\n'
    "period: {start: 2021, end: 2025}\ntargets: []\n",
    ["TRK213 plans/other.yaml:5"],
)
add(
    "csv-utf8-with-a-stray-byte",
    A,
    (H + OK_ROW * 3).encode() + "示例县,dropout_rate,2020,1.6,,统计公报,,Caf".encode() + b"\xe9\n",
    ["TRK101 actuals/demo.csv:5"],
    says="offset",
)
add(
    "csv-gb18030-private-use",
    A,
    H.encode() + "示例县,dropout_rate,2022,1.5,,".encode("gb18030") + b"\xa1\xa2\xaa\xa1,,\n",
    ["TRK101 actuals/demo.csv:2"],
)
add("csv-gb18030-with-bom", A, b"\x84\x31\x95\x33" + (H + OK_ROW).encode("gb18030"), [])
add(
    "csv-yes-no-not-one-or-zero",
    A,
    H + "示例县,quality_balance_passed,2022,2,,r,,\n" + "示例县,quality_balance_passed,2023,1,>=,r,,\n",
    ["TRK319 actuals/demo.csv:2:4", "TRK319 actuals/demo.csv:3:4"],
    says="not 2",
)
add("file-editor-lock-skipped", "plans/.#demo.yaml", b"not yaml: [", [])

header = (
    "# The bad-input corpus: one case per entry, run by tests/test_bad_corpus.py.\n"
    "# Each case copies tests/fixtures/valid, writes files/<file> to <into> (or makes a\n"
    "# directory there), reads the data root and expects exactly the problems listed,\n"
    "# as 'CODE file[:line[:col]]' ('CODE file:Sheet!C7' in a workbook); `says` is a part of\n"
    "# the first problem's message.\n"
)
(OUT / "cases.yaml").write_text(header + yaml.safe_dump(cases, allow_unicode=True, sort_keys=False, width=120))
print(len(cases), "cases")

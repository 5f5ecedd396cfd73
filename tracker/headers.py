"""The header vocabulary: which column a header names, for CSV files and workbooks alike.

A header is read after folding width and case and dropping spaces (NFKC, casefold): `数值`,
`Value`, `value ` and `ＶＡＬＵＥ` are the same header. Each known header names one field:

* the fields read: region, region_code, indicator, year, value, qualifier, source, quote,
  note, and unit (a magnitude in it, 万人 or 亿元, scales the value: docs/validate.md);
* columns known and not read: a row number (序号) and the collection form's reference
  columns; the form's goal column (`VOCABULARY[FORM]`) marks a sheet as a collection form.

A header that is a year (`2021`, `2021年`, `2021-2025`) is a year column of a wide table.
docs/validate.md lists the vocabulary; a test keeps the two in step.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from tracker.numbers import fold_width

REQUIRED = ("region", "indicator", "year", "value")
OPTIONAL = ("qualifier", "source", "quote", "note")
KNOWN_COLUMNS = (*REQUIRED, *OPTIONAL)  # the columns every row of the actuals table has
READ_ALSO = ("region_code", "unit")  # read, and folded into the columns above
NOT_READ = "-"  # the field of a known column that is not read
FORM = "form"  # the field of the form's mark column (not read either)

# field -> its headers: the English name first (what `tracker template --lang en` writes),
# then the Chinese ones (the first is what `--lang zh` writes).
VOCABULARY: dict[str, tuple[str, ...]] = {
    "region": ("region", "地区", "区域", "行政区划", "地区名称", "行政区", "区划", "区县", "县区", "地方"),
    "region_code": ("region_code", "行政区划代码", "区划代码", "地区代码", "行政代码", "region code"),
    "indicator": ("indicator", "指标", "指标名称", "指标名", "项目", "统计指标", "指标项", "item"),
    "year": ("year", "年份", "年度", "年", "统计年度", "时间"),
    "value": ("value", "数值", "数据", "值", "指标值", "数量", "实际值", "完成值", "填报值", "绝对数", "绝对额"),
    "qualifier": ("qualifier", "限定词", "限定", "修饰词"),
    "source": ("source", "来源", "数据来源", "资料来源", "出处"),
    "quote": ("quote", "原文", "引文", "原文表述"),
    "note": ("note", "备注", "说明", "注", "notes"),
    "unit": ("unit", "单位", "计量单位", "数据单位"),
    NOT_READ: ("no.", "序号", "编号", "name (reference)", "名称（参考）"),
    FORM: ("goal (reference)", "规划目标（参考）"),
}
# Magnitudes a unit may start with (万人, 亿元): appended to the value, the grammar scales it.
_UNIT_MAGNITUDE = re.compile("^(万亿|千亿|百亿|亿|千万|百万|万|千|百)")
_SPACES = re.compile(r"\s+")
# 2021, 2021年, 2021年度, 2021-2025, 2021—2025年 (full width folded first)
_YEAR_HEADER = re.compile(r"^(\d{4})年?度?(?:(?:-|–|—|~|至|到)(\d{4})年?度?)?$", re.ASCII)


def normalize_header(text: str) -> str:
    """A header as compared: NFKC (full width to ASCII), case folded, no spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


FIELD_OF: dict[str, str] = {normalize_header(name): known for known, names in VOCABULARY.items() for name in names}


def year_header(text: str) -> str | None:
    """The year (or span) a year column's header names ('2021', '2021-2025'), or None."""
    match = _YEAR_HEADER.match(_SPACES.sub("", fold_width(str(text))))
    if match is None:
        return None
    return match.group(1) if match.group(2) is None else f"{match.group(1)}-{match.group(2)}"


def unit_magnitude(unit: str) -> str:
    """The magnitude a unit starts with ('万' of 万人), or ''."""
    match = _UNIT_MAGNITUDE.match(fold_width(unit).strip())
    return match.group(1) if match else ""


@dataclass
class Header:
    """A header row read: where each field is (position from 1), the year columns, what is wrong.

    `unknown` holds (position, header, nearest known header or '') for columns not known;
    `misspelled` those so close to a missing field's header that they are surely meant as it;
    `twice` (position, field) for a second column naming a field already named.
    """

    fields: dict[str, int] = field(default_factory=dict)
    years: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str, str]] = field(default_factory=list)
    misspelled: list[tuple[int, str, str]] = field(default_factory=list)
    twice: list[tuple[int, str]] = field(default_factory=list)
    form: bool = False
    region_given: bool = False  # the region is the sheet's name, not a column

    @property
    def wide(self) -> bool:
        return bool(self.years)

    def missing(self) -> list[str]:
        """The required fields this header lacks (a wide table takes its years from the header)."""
        needed = ("region", "indicator") if self.wide else REQUIRED
        have = set(self.fields) | ({"region"} if "region_code" in self.fields or self.region_given else set())
        return [name for name in needed if name not in have]

    def looks_like_a_header(self) -> bool:
        """Whether a row is the header of a table: it names the indicator, and values or years."""
        return "indicator" in self.fields and ("value" in self.fields or self.wide)


def read_header(cells: list[str]) -> Header:
    """Classify the cells of a header row (position from 1)."""
    header = Header()
    for position, cell in enumerate(cells, start=1):
        text = str(cell).strip()
        if not text:
            continue
        name = FIELD_OF.get(normalize_header(text))
        if name == FORM:
            header.form = True
        if name in (NOT_READ, FORM):
            continue
        if name is None:
            year = year_header(text)
            if year is not None:
                header.years.append((position, year))
                continue
            header.unknown.append((position, text, ""))
            continue
        if name in header.fields:
            header.twice.append((position, name))
            continue
        header.fields[name] = position
    header.unknown = [_with_nearest(header, position, text) for position, text, _ in header.unknown]
    still_unknown = []
    for position, text, nearest in header.unknown:
        if nearest and _misspelled(text, nearest):
            header.misspelled.append((position, text, nearest))
        else:
            still_unknown.append((position, text, nearest))
    header.unknown = still_unknown
    return header


def _with_nearest(header: Header, position: int, text: str) -> tuple[int, str, str]:
    """The nearest known header to an unknown one, among the fields still missing first."""
    missing = [name for name in VOCABULARY if name not in header.fields and name not in (NOT_READ, FORM)]
    candidates = [name for field_name in missing for name in VOCABULARY[field_name]]
    close = difflib.get_close_matches(normalize_header(text), candidates, n=1, cutoff=0.5)
    return position, text, close[0] if close else ""


def _misspelled(text: str, nearest: str) -> bool:
    """A Latin header one or two letters off a known one (indicater): an error, not a new column."""
    folded = normalize_header(text)
    return folded.isascii() and difflib.SequenceMatcher(None, folded, nearest).ratio() >= 0.75


def vocabulary_table() -> str:
    """The vocabulary as a Markdown table, for docs/validate.md."""
    lines = ["| column | headers read as it |", "|---|---|"]
    for name, names in VOCABULARY.items():
        shown = {NOT_READ: "(known, not read)", FORM: "(the collection form's mark, not read)"}.get(name, f"`{name}`")
        lines.append(f"| {shown} | {', '.join(names)} |")
    return "\n".join(lines) + "\n"

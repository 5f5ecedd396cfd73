"""Region names of the actuals that nearly match a plan's region: the rule behind TRK318 and TRK328.

Rows whose region is no plan's region, code or alias are kept without a word (national and
provincial figures for comparison). But a name that differs from a plan's region only

* in its characters: traditional for simplified, spaces (示例縣 for 示例县): TRK318; or
* by an administrative suffix (县, 市, 区, 旗, 省, 自治区, 特别行政区) or a province-level name
  before it (集安 or 吉林省集安市 for 集安市): TRK328

is surely meant as that plan's, and its rows are ignored without a word unless said. A
province-level name (吉林, 吉林省) nearly matches only a province-level region, never a city
that shares its name (吉林市). Each name is reduced to a key once (`NameKeys`), and matching
is a dictionary lookup: time grows with the number of distinct names, not its square.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The 34 provincial-level divisions: (short name, full name).
PROVINCES = (
    ("北京", "北京市"),
    ("天津", "天津市"),
    ("上海", "上海市"),
    ("重庆", "重庆市"),
    ("河北", "河北省"),
    ("山西", "山西省"),
    ("辽宁", "辽宁省"),
    ("吉林", "吉林省"),
    ("黑龙江", "黑龙江省"),
    ("江苏", "江苏省"),
    ("浙江", "浙江省"),
    ("安徽", "安徽省"),
    ("福建", "福建省"),
    ("江西", "江西省"),
    ("山东", "山东省"),
    ("河南", "河南省"),
    ("湖北", "湖北省"),
    ("湖南", "湖南省"),
    ("广东", "广东省"),
    ("海南", "海南省"),
    ("四川", "四川省"),
    ("贵州", "贵州省"),
    ("云南", "云南省"),
    ("陕西", "陕西省"),
    ("甘肃", "甘肃省"),
    ("青海", "青海省"),
    ("台湾", "台湾省"),
    ("内蒙古", "内蒙古自治区"),
    ("广西", "广西壮族自治区"),
    ("西藏", "西藏自治区"),
    ("宁夏", "宁夏回族自治区"),
    ("新疆", "新疆维吾尔自治区"),
    ("香港", "香港特别行政区"),
    ("澳门", "澳门特别行政区"),
)
# Suffixes of administrative names, longest first (自治区 before 区).
SUFFIXES = ("特别行政区", "自治区", "县", "市", "区", "旗", "省")
# Every way a province-level name is written, to its short name: short, full, and for the
# autonomous regions also short + 自治区 (广西自治区 as well as 广西壮族自治区).
_PROVINCE_FORMS = {
    form: short
    for short, full in PROVINCES
    for form in (short, full, short + "自治区" if full.endswith("自治区") else full)
}
# Province forms by their first two characters, longest first: a prefix is looked up, not searched.
_PREFIXES: dict[str, tuple[str, ...]] = {}
for _form in sorted(_PROVINCE_FORMS, key=len, reverse=True):
    _PREFIXES[_form[:2]] = (*_PREFIXES.get(_form[:2], ()), _form)


def folded(name: str) -> str:
    """A name in simplified characters without spaces: what 'in other characters' compares.

    Names have been read by the identifier rule already (`tracker.identifiers`); codes and
    other ASCII names have nothing to convert.
    """
    if name.isascii():
        return name.replace(" ", "")
    from tracker.extract.text import to_simplified

    return to_simplified(name).replace(" ", "")


def core(name: str) -> str:
    """A folded name without a province-level name before it and an administrative suffix after it.

    吉林省集安市, 集安市 and 集安 all give 集安; a province-level name on its own gives a key of
    its own (吉林省 and 吉林 give '省:吉林', which 吉林市 does not).
    """
    if name in _PROVINCE_FORMS:
        return "省:" + _PROVINCE_FORMS[name]
    for form in _PREFIXES.get(name[:2], ()):
        rest = name[len(form) :]
        if name.startswith(form) and _without_suffix(rest):
            name = rest
            break
    return _without_suffix(name) or name


def _without_suffix(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name if name not in SUFFIXES else ""


@dataclass(frozen=True)
class NearMiss:
    """A region of the actuals that nearly matches `region`, a plan's: how, and how many rows it has."""

    name: str
    region: str
    code: str  # TRK318 (other characters) or TRK328 (a suffix or a province name)
    rows: int
    file: str  # where its first row is (a workbook's sheet and cell too)
    line: int
    col: int
    sheet: str


class NameKeys:
    """The plans' region names (and aliases, pointing at their region) by folded name and by core."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self.by_folded: dict[str, str] = {}
        self.by_core: dict[str, str] = {}
        for name, region in sorted(names):
            key = folded(name)
            self.by_folded.setdefault(key, region)
            self.by_core.setdefault(core(key), region)

    def near(self, name: str) -> tuple[str, str] | None:
        """(the plan region `name` nearly matches, TRK318 or TRK328), or None."""
        key = folded(name)
        if key in self.by_folded:
            return self.by_folded[key], "TRK318"
        region = self.by_core.get(core(key))
        return None if region is None else (region, "TRK328")

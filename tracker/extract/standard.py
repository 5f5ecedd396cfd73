"""The standard counts of every education bulletin, per stage: schools, entrants, pupils,
graduates, staff and full-time teachers.

Statistical bulletins and yearbooks report the same grid for each stage (学前教育, 小学,
初中, 义务教育, 普通高中, 中等职业教育, 高等教育, and 各级各类 for all of them together):
学校数, 招生 (入园幼儿), 在校生 (在园幼儿), 毕业生 (离园幼儿), 教职工 and 专任教师. Local
catalogs rarely hold these, so `tracker extract` proposes them itself, with stable ids
(`primary_entrants`, `kindergarten_teachers`, `all_schools`...) that a reviewer can merge
as they are. The measure is the word right before the figure (招生1782.58万人,
普通小学14.91万所); the stage is the nearest stage word before it in its sentence, else the
heading of its section or paragraph (二、学前教育 / （一）学前教育。 / 学前教育：), else
all stages together (一、综合). A measure qualified by other words (普惠性幼儿园在园幼儿,
公办幼儿园教职工) is no standard count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Stage words, longest first; each maps to a stage id and its Chinese name.
STAGES: dict[str, tuple[str, str]] = {
    "各级各类": ("all", "各级各类学校"),
    "学前教育": ("kindergarten", "学前教育"),
    "幼儿园": ("kindergarten", "学前教育"),
    "学前": ("kindergarten", "学前教育"),
    "义务教育阶段": ("compulsory", "义务教育"),
    "义务教育": ("compulsory", "义务教育"),
    "普通小学": ("primary", "小学"),
    "小学阶段": ("primary", "小学"),
    "小学": ("primary", "小学"),
    "普通初中": ("junior", "初中"),
    "初中阶段": ("junior", "初中"),
    "初中": ("junior", "初中"),
    "普通高中": ("senior_high", "普通高中"),
    "中等职业教育": ("vocational", "中等职业教育"),
    "中等职业学校": ("vocational", "中等职业教育"),
    "中职": ("vocational", "中等职业教育"),
    "高等学校": ("higher", "高等学校"),
    "普通高校": ("higher", "高等学校"),
    "高等教育": ("higher", "高等学校"),
    "特殊教育学校": ("special", "特殊教育"),
    "特殊教育": ("special", "特殊教育"),
}
_STAGE = re.compile("(?<!中)(?:" + "|".join(sorted(STAGES, key=len, reverse=True)) + ")")  # 中小学: no stage
# Measure words (the words right before the figure), per unit of the figure.
MEASURES: dict[str, tuple[str, str, str]] = {
    "招生": ("entrants", "招生数", "person"),
    "入园幼儿": ("entrants", "入园幼儿数", "person"),
    "在校生": ("pupils", "在校生数", "person"),
    "在校学生": ("pupils", "在校生数", "person"),
    "在园幼儿": ("pupils", "在园幼儿数", "person"),
    "学历教育在校生": ("pupils", "在校生数", "person"),
    "毕业生": ("graduates", "毕业生数", "person"),
    "离园幼儿": ("graduates", "离园幼儿数", "person"),
    "教职工": ("staff", "教职工数", "person"),
    "专任教师": ("teachers", "专任教师数", "person"),
    "学校": ("schools", "学校数", "school"),
}
_MEASURE = re.compile("(?:" + "|".join(sorted(MEASURES, key=len, reverse=True)) + r")(?:\[\d+\])?$")
# Words that may stand between the stage or the place and the measure without qualifying it.
_FILLER = re.compile(
    r"(?:全国|全省|全区|全市|全县|全州|全盟|我省|我市|我县|本市|共有|共计|其中|另有|有|共|合计|总计|"
    r"各级各类|学历教育|阶段|的|和|、|\[\d+\]|\s)+"
)
_SCHOOL_UNITS = {"所"}
_PERSON_UNITS = {"人", "名"}


@dataclass(frozen=True)
class Standard:
    """A standard count: its id, its name (stage and measure) and its unit."""

    id: str
    name: str
    unit: str


def _stage_in(words: str) -> tuple[str, str] | None:
    found = list(_STAGE.finditer(words))
    return STAGES[found[-1].group()] if found else None


def standard_count(left: str, unit_word: str, context: list[str]) -> Standard | None:
    """The standard count a figure reports, from the words before it in its clause (`left`),
    its unit word (人, 所...) and the texts that can name its stage, nearest first: the
    sentence before the clause, then the heading of its paragraph or section."""
    left = re.sub(r"(?:共有|共计|共|合计|有|达到|达|为|是|约|近|超过|超|\[\d+\]|\s)+$", "", left)
    measure = _MEASURE.search(left)
    stage_end = [m for m in _STAGE.finditer(left) if m.end() == len(left)]
    if unit_word in _SCHOOL_UNITS and (measure is None or stage_end):
        stage_only = stage_end[0] if stage_end else _STAGE.search(left)
        if stage_only is None or _FILLER.sub("", left[: stage_only.start()] + left[stage_only.end() :]):
            return None
        stage_id, stage_name = STAGES[stage_only.group()]
        if stage_id == "kindergarten":
            return None  # 幼儿园N所: the catalog's 幼儿园数
        return Standard(f"{stage_id}_schools", _name(stage_id, stage_name, "学校数"), "school")
    if measure is None:
        return None
    measure_word = re.sub(r"\[\d+\]$", "", measure.group())
    measure_id, measure_name, unit = MEASURES[measure_word]
    if (unit == "school") != (unit_word in _SCHOOL_UNITS) or (unit == "person" and unit_word not in _PERSON_UNITS):
        return None
    before = left[: measure.start()]
    stage = _stage_in(before)
    rest = _FILLER.sub("", _STAGE.sub("", before))
    if rest:
        return None  # 普惠性幼儿园在园幼儿: a qualified measure, not the standard count
    if stage is None:
        stage = next((found for found in (_stage_in(words) for words in context) if found), ("all", "各级各类学校"))
    stage_id, stage_name = stage
    if measure_id == "schools" and stage_id == "kindergarten":
        return None
    return Standard(f"{stage_id}_{measure_id}", _name(stage_id, stage_name, measure_name), unit)


def _name(stage_id: str, stage_name: str, measure_name: str) -> str:
    if stage_id == "all":
        return "各级各类学校数" if measure_name == "学校数" else f"各级各类教育{measure_name}"
    return f"{stage_name}{measure_name}"


def stages_in(words: str) -> set[str]:
    """The stage ids a name or phrase names (幼儿园专任教师… -> {"kindergarten"})."""
    return {STAGES[m.group()][0] for m in _STAGE.finditer(words)} - {"all"}


def stage_of(contexts: list[str]) -> str:
    """The stage of the nearest text that names one (the words before a figure first), or ""."""
    for words in contexts:
        found = _stage_in(words)
        if found is not None:
            return "" if found[0] == "all" else found[0]
    return ""

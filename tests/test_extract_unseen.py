"""The ten patterns of documents `tracker extract` had not seen (issue 16), one test or more each.

Each test failed on the extractor before the fix (run against commit eea762c); the
documents are small made-up texts in the shapes of tests/extract/documents/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tracker.extract import ExtractOptions, extract
from tracker.extract.document import DocumentDraft, extract_document
from tracker.extract.indicators import IndicatorMatcher
from tracker.models import Catalog

ROOT = Path(__file__).resolve().parents[1]
NEW = ROOT / "tests" / "extract"


def _entry(name: str, unit: str, better: str = "higher", aliases: tuple[str, ...] = ()) -> dict[str, object]:
    return {"name": name, "name_en": name, "unit": unit, "better": better, "aliases": list(aliases)}


CATALOG = Catalog.model_validate(
    {
        "indicators": {
            "preschool_rate": _entry("学前教育毛入园率", "percent", aliases=("学前三年毛入园率",)),
            "retention_rate": _entry("九年义务教育巩固率", "percent", aliases=("义务教育巩固率",)),
            "high_school_rate": _entry("高中阶段教育毛入学率", "percent"),
            "schooling_years": _entry("劳动年龄人口平均受教育年限", "year"),
            "inclusive_coverage": _entry("普惠性幼儿园覆盖率", "percent"),
            "kindergartens": _entry("幼儿园数", "school"),
            "kindergartens_built": _entry("新建、改扩建幼儿园", "school"),
            "places": _entry("新增学位", "place"),
            "smart_campus": _entry("智慧校园比例", "percent"),
            "fourth_year_rate": _entry("学前第四年幼儿入园率", "percent"),
            "alliance_share": _entry("纳入教联体建设的义务教育学校比例", "percent"),
            "weak_schools": _entry("改薄学校", "school"),
        }
    }
)
MATCHER = IndicatorMatcher(CATALOG)


def draft(text: str, kind: str = "auto") -> DocumentDraft:
    return extract_document(text, "doc.txt", "doc", MATCHER, kind)


def figures(doc: DocumentDraft) -> set[tuple[str, str, float, str]]:
    return {(f.indicator, f.year, f.value, f.qualifier) for f in doc.figures}


def targets(doc: DocumentDraft) -> set[tuple[str, str, float | None, int]]:
    return {(t.indicator, t.op, t.value, t.by) for t in doc.targets}


# ---------------------------------------------------------------- 1. tables

TABLE = (
    "某县“十四五”教育事业发展规划\n日期：2021年9月8日\n\n“十四五”教育事业发展主要指标\n指标\n2020年\n2025年\n属性\n"
    "一、发展水平\n1.学前教育毛入园率(%)\n99%\n99%以上\n约束性\n2.高中阶段教育毛入学率(%)\n99.8%\n100%\n约束性\n"
    "3.劳动年龄人口平均受教育年限(年)\n11.4年\n12.3年以上\n约束性\n二、优质资源\n4.智慧校园比例(%)\n60%\n100%\n预期性\n"
)


def test_a_flattened_table_gives_one_target_per_row_with_its_baseline_and_binding() -> None:
    doc = draft(TABLE)
    assert targets(doc) == {
        ("preschool_rate", ">=", 99.0, 2025),
        ("high_school_rate", ">=", 100.0, 2025),
        ("schooling_years", ">=", 12.3, 2025),
        ("smart_campus", ">=", 100.0, 2025),
    }
    assert figures(doc) == {
        ("preschool_rate", "2020", 99.0, ""),
        ("high_school_rate", "2020", 99.8, ""),
        ("schooling_years", "2020", 11.4, ""),
        ("smart_campus", "2020", 60.0, ""),
    }
    binding = {t.indicator for t in doc.targets if t.binding}
    assert binding == {"preschool_rate", "high_school_rate", "schooling_years"}  # 约束性, not 预期性
    smart = next(t for t in doc.targets if t.indicator == "smart_campus")
    assert (smart.kind, smart.baseline_year) == ("level", 2020)


def test_a_table_with_number_and_unit_columns_and_five_year_totals() -> None:
    text = (
        "某区教育发展规划\n2021年11月\n序号\n指标\n单位\n2020年\n2025年\n属性\n"
        "1\n学前教育毛入园率\n%\n98.5\n>99\n约束性\n2\n新增学位\n个\n〔12000〕\n〔15000〕\n预期性\n"
    )
    doc = draft(text)
    assert targets(doc) == {("preschool_rate", ">", 99.0, 2025), ("places", ">=", 15000.0, 2025)}
    assert figures(doc) == {("preschool_rate", "2020", 98.5, ""), ("places", "2016-2020", 12000.0, "")}
    assert next(t.kind for t in doc.targets if t.indicator == "places") == "cumulative"


# ---------------------------------------------------------------- 2. kind per clause


def test_a_news_text_mixes_results_and_goals_clause_by_clause() -> None:
    text = (
        "宁夏将新增幼儿学位 普惠性幼儿园覆盖率2025年超90%\n2021年04月20日 16:08 来源：中国新闻网\n"
        "截至2020年底，全区普惠性幼儿园覆盖率达到89%，全区有幼儿园1464所。力争到2025年学前教育毛入园率达到95%。\n"
    )
    doc = draft(text)
    assert ("inclusive_coverage", "2020", 89.0, "") in figures(doc)
    assert ("kindergartens", "2020", 1464.0, "") in figures(doc)
    assert targets(doc) == {("inclusive_coverage", ">", 90.0, 2025), ("preschool_rate", ">=", 95.0, 2025)}


def test_a_goal_beside_its_result() -> None:
    doc = draft("某县教育新闻\n2023-12-20 来源：某网\n今年任务目标设定为新建、改扩建幼儿园37所，截至11月已建成39所。\n")
    assert targets(doc) == {("kindergartens_built", ">=", 37.0, 2023)}
    assert figures(doc) == {("kindergartens_built", "2023", 39.0, "")}


def test_a_stock_stated_in_a_plan_is_no_target() -> None:
    doc = draft("某县学前教育发展计划\n现有幼儿园201所。到2025年学前教育毛入园率达到95%。", kind="plan")
    assert ("kindergartens", "", 201.0, 2025) not in {(t.indicator, "", t.value, t.by) for t in doc.targets}
    assert targets(doc) == {("preschool_rate", ">=", 95.0, 2025)}


# ---------------------------------------------------------------- 3. years


def test_last_year_and_this_year_count_from_the_date_line() -> None:
    text = (
        "某县政府工作报告\n2023-01-01 09:12:40 来源：某网\n"
        "去年，全县改薄学校17所。今年，全县将推进10%的义务教育学校纳入教联体建设。\n"
    )
    doc = draft(text)
    assert figures(doc) == {("weak_schools", "2022", 17.0, "")}
    assert targets(doc) == {("alliance_share", ">=", 10.0, 2023)}


def test_a_period_dates_its_flows_and_a_paragraph_without_title_is_read() -> None:
    one_paragraph = (
        "2019年12月27日，某省通报民生实事落实情况：全省应新建改扩建1000所城乡幼儿园；截至12月25日，"
        "“十二五”期间全省新增学位1.37万个，学前教育毛入园率达到88%。"
    )
    doc = draft(one_paragraph)
    assert ("places", "2011-2015", 13700.0, "") in figures(doc)  # not 2021-2025 from no year at all
    assert ("kindergartens_built", ">=", 1000.0, 2019) in targets(doc)


def test_a_bulletin_is_dated_by_the_year_its_title_names() -> None:
    doc = draft("某省2018年教育事业发展统计公报\n发布日期：2019-04-25\n\n全省幼儿园6973所。学前教育毛入园率89.7%。\n")
    assert figures(doc) == {("kindergartens", "2018", 6973.0, ""), ("preschool_rate", "2018", 89.7, "")}


# ---------------------------------------------------------------- 4. 由X提高到Y


def test_raise_from_to_in_a_plan_is_one_target_with_its_baseline() -> None:
    doc = draft("某市“十四五”教育发展规划\n二、发展目标\n到2025年，学前教育毛入园率由85%提高到90%以上。\n")
    assert targets(doc) == {("preschool_rate", ">=", 90.0, 2025)}
    assert figures(doc) == {("preschool_rate", "2020", 85.0, "")}
    assert doc.targets[0].baseline_year == 2024 or doc.targets[0].baseline_year == 2020


# ---------------------------------------------------------------- 5. sections as context

STAGES = (
    "某市教育事业统计公报\n发布日期：2023-03-01\n"
    "一、学前教育\n全市共有幼儿园120所，专任教师1350人。\n"
    "二、义务教育\n全市共有义务教育学校58所，专任教师2960人。\n"
    "三、普通高中\n全市共有普通高中6所，专任教师980人。\n"
)


def test_teachers_under_three_stage_headings_are_three_indicators() -> None:
    found = {(f.indicator, f.value) for f in draft(STAGES).figures}
    assert {
        ("kindergarten_teachers", 1350.0),
        ("compulsory_teachers", 2960.0),
        ("senior_high_teachers", 980.0),
    } <= found


def test_a_qualified_count_is_not_the_total() -> None:
    doc = draft("某省教育统计公报\n发布日期：2019-04-25\n全省幼儿园6973所。全省普惠性幼儿园4747所。\n")
    by_value = {f.value: f.indicator for f in doc.figures}
    assert by_value[6973.0] == "kindergartens"
    assert by_value.get(4747.0) != "kindergartens"


def test_targets_of_a_part_of_the_region_keep_it_in_a_note() -> None:
    text = (
        "某市人民政府关于加快学前教育发展的意见\n一、目标任务\n"
        "到2007年，全市学前三年毛入园率达到96%以上，其中市区达到98%以上，县（市）达到92%以上。\n"
    )
    doc = draft(text)
    assert targets(doc) == {
        ("preschool_rate", ">=", 96.0, 2007),
        ("preschool_rate", ">=", 98.0, 2007),
        ("preschool_rate", ">=", 92.0, 2007),
    }
    notes = {t.value: t.note for t in doc.targets}
    assert "市区" in notes[98.0] and "县(市)" in notes[92.0] and notes[96.0] == ""  # NFKC folds （）


def test_numerals_in_a_name_must_agree() -> None:
    doc = draft("某市意见\n一、目标任务\n到2007年，全市学前三年幼儿入园率达到96%以上。\n")
    assert targets(doc) == {("preschool_rate", ">=", 96.0, 2007)}  # not 学前第四年幼儿入园率


# ---------------------------------------------------------------- 6. standard counts


def test_standard_bulletin_counts_are_proposed_with_stable_ids() -> None:
    text = (
        "某省2018年教育事业发展统计公报\n发布日期：2019-04-25\n二、学前教育\n入园幼儿377694人；在园幼儿987853人；"
        "幼儿园教职工90319人。\n三、义务教育\n招生794386人，在校生3422647人，毕业生739909人。\n"
    )
    doc = draft(text)
    assert {
        ("kindergarten_entrants", "2018", 377694.0, ""),
        ("kindergarten_pupils", "2018", 987853.0, ""),
        ("kindergarten_staff", "2018", 90319.0, ""),
        ("compulsory_entrants", "2018", 794386.0, ""),
        ("compulsory_pupils", "2018", 3422647.0, ""),
        ("compulsory_graduates", "2018", 739909.0, ""),
    } <= figures(doc)
    assert doc.proposals["compulsory_pupils"].name == "义务教育在校生数"
    assert doc.proposals["compulsory_pupils"].unit == "person"
    assert not [item for item in doc.review if "does not end like a catalog name" in item.reason]


# ---------------------------------------------------------------- 7. qualifiers


def test_qualifiers_read_as_the_value_grammar_reads_them() -> None:
    doc = draft("某县教育工作总结\n日期:2023-12-01\n全县幼儿园达到1.8万余所，新增学位近4万个。\n")
    assert ("kindergartens", "2023", 18000.0, "plus") in figures(doc)
    assert ("places", "2023", 40000.0, "near") in figures(doc)
    plan = draft("某县教育发展规划\n二、发展目标\n到2025年，普惠性幼儿园覆盖率超过90%，新增学位1.8万余个。\n")
    assert targets(plan) == {("inclusive_coverage", ">", 90.0, 2025), ("places", ">", 18000.0, 2025)}


# ---------------------------------------------------------------- 8. nothing vanishes


def test_a_repeated_item_is_listed_for_review_not_dropped() -> None:
    doc = draft("某县教育工作总结\n日期:2023-12-01\n全县新增学位3200个。\n其中，全县新增学位3200个。\n")
    assert len([f for f in doc.figures if f.indicator == "places"]) == 1
    repeats = [item for item in doc.review if "the same item as offset" in item.reason]
    assert len(repeats) == 1 and "3200" in repeats[0].text


# ---------------------------------------------------------------- 9. 比上年


def test_changes_against_last_year_give_the_prior_years_values_marked_derived() -> None:
    text = (
        "某省2018年教育事业发展统计公报\n发布日期：2019-04-25\n"
        "全省幼儿园6973所，比上年增加36所，增长0.52%。学前教育毛入园率89.7%，比上年提高0.64个百分点。\n"
    )
    doc = draft(text)
    assert {("kindergartens", "2017", 6937.0, ""), ("preschool_rate", "2017", 89.06, "")} <= figures(doc)
    derived = [f for f in doc.figures if f.year == "2017"]
    assert all(f.note.startswith("Derived") for f in derived)
    relative = [item for item in doc.review if item.text.startswith("0.52")]
    assert relative and "relative change" in relative[0].reason


def test_a_change_more_precise_than_a_rounded_value_is_not_derived() -> None:
    doc = draft("2021年全国教育事业发展统计公报\n发布时间：2022-09-14\n全国幼儿园29.48万所，比上年增加3117所。\n")
    assert [f.year for f in doc.figures] == ["2021"]
    assert any("more precise" in item.reason for item in doc.review)


# ---------------------------------------------------------------- 10. regions and timestamps


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("宁夏将新增3.6万个幼儿学位\n记者从自治区教育厅获悉，宁夏学前教育快速发展。", "宁夏回族自治区"),
        ("2022年全国教育事业发展基本情况\n全国共有幼儿园28.92万所。", "全国"),
        ("杭州市人民政府关于加快学前教育改革与发展的若干意见\n各区、县（市）人民政府：\n现提出如下意见。", "杭州市"),
        ("教育局工作总结\n全县职业教育学校达省级标准，县长出席市里会议。", ""),
    ],
)
def test_regions_from_titles_and_no_invented_names(text: str, region: str) -> None:
    assert draft(text).region == region


def test_timestamps_are_times_not_numbers_to_review() -> None:
    doc = draft("某市学前教育新闻\n2023-03-15 17:52:15 来源：某网\n全市新建改扩建幼儿园30所。\n")
    times = [item.text for item in doc.skipped if item.reason.startswith("a time")]
    assert times == ["17", "52", "15"]  # each listed as part of a time, not as a figure to review
    assert not [item for item in doc.review if item.text in {"17", "52", "15"}]


# ---------------------------------------------------------------- metadata


def test_title_issuer_number_and_date_go_into_the_draft_plan(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "indicators.yaml").write_text(yaml.safe_dump(CATALOG.model_dump(), allow_unicode=True), encoding="utf-8")
    document = tmp_path / "file-name.txt"
    document.write_text(
        "鹤源县“十四五”教育事业发展规划\n鹤政发〔2021〕17号\n鹤源县人民政府\n2021年9月8日\n\n二、发展目标\n"
        "到2025年，学前教育毛入园率达到99%。\n",
        encoding="utf-8",
    )
    result = extract([document], ExtractOptions(data=data, out=tmp_path / "out"))
    plan_path = next(p for p in result.written if p.suffix == ".yaml" and p.parent.name == "plans")
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    assert plan["id"] == "heyuanxian-shisiwu-jiaoyushiyefazhanguihua"
    assert plan_path.name == "heyuanxian-shisiwu-jiaoyushiyefazhanguihua.draft.yaml"
    assert plan["title"] == "鹤源县“十四五”教育事业发展规划"
    assert plan["source"] == {
        "file": document.as_posix(),
        "title": "鹤源县“十四五”教育事业发展规划",
        "issuer": "鹤源县人民政府",
        "number": "鹤政发〔2021〕17号",
        "date": "2021-09-08",
    }


# ---------------------------------------------------------------- nothing dropped silently


def _new_documents() -> list[Path]:
    return sorted((NEW / "documents").glob("*/*.txt"))


@pytest.mark.parametrize("document", _new_documents(), ids=lambda p: p.stem)
def test_every_number_is_drafted_or_listed_in_review_with_a_reason(document: Path, tmp_path: Path) -> None:
    """Every run of digits in the source is behind a drafted item, or review.md lists it with a reason."""
    from tracker.extract.evaluate import catalog_with

    matcher = catalog_with(ROOT, NEW / "indicators.yaml")
    result = extract([document], ExtractOptions(data=ROOT, out=tmp_path / "out"), matcher)
    doc = result.documents[0]
    review = (tmp_path / "out" / "review.md").read_text(encoding="utf-8")
    listed = []
    for item in [*doc.review, *doc.skipped]:
        assert item.reason
        assert f"offset {item.offset}" in review and item.reason in review
        listed.append((item.offset, item.offset + max(1, len(item.text))))
    source = document.read_text(encoding="utf-8")
    for number in re.finditer(r"\d+", source):
        covered = any(a <= number.start() < b for a, b in [*doc.drafted_spans, *listed])
        assert covered, f"{document.name}: '{number.group()}' at {number.start()} is neither drafted nor listed"

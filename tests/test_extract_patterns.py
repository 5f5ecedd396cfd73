"""Phrase patterns of `tracker extract`, each on a small made-up sentence and catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.extract.document import DocumentDraft, extract_document
from tracker.extract.figures import find_figures
from tracker.extract.indicators import IndicatorMatcher
from tracker.extract.text import normalise
from tracker.extract.years import five_year_plan
from tracker.models import Catalog

CATALOG = Catalog.model_validate(
    {
        "indicators": {
            "kindergarten_rate": {"name": "学前教育毛入园率", "name_en": "k", "unit": "percent", "better": "higher"},
            "high_school_rate": {"name": "高中阶段毛入学率", "name_en": "h", "unit": "percent", "better": "higher"},
            "teachers_hired": {"name": "补充教师", "name_en": "t", "unit": "person", "better": "higher"},
            "training_hours": {"name": "教师培训学时", "name_en": "th", "unit": "hour", "better": "higher"},
            "lab_share": {"name": "实验课时占总课时比例", "name_en": "l", "unit": "percent", "better": "higher"},
            "passing_counties": {
                "name": "通过督导验收的县区",
                "name_en": "c",
                "unit": "count",
                "better": "higher",
            },
            "complaints_change": {"name": "投诉案件同比变化", "name_en": "cc", "unit": "percent", "better": "lower"},
            "parent_satisfaction": {"name": "家长满意度", "name_en": "p", "unit": "percent", "better": "higher"},
            "schooling_years": {"name": "人均受教育年限", "name_en": "y", "unit": "year", "better": "higher"},
            "spending": {"name": "教育投入资金", "name_en": "s", "unit": "yuan", "better": "higher"},
            "places_added": {"name": "新增学位", "name_en": "pa", "unit": "place", "better": "higher"},
            "preschool_places_added": {"name": "学前新增学位", "name_en": "ppa", "unit": "place", "better": "higher"},
            "waste_removed": {"name": "清运废旧物资", "name_en": "w", "unit": "tonne", "better": "higher"},
            "courses": {"name": "开发特色课程", "name_en": "co", "unit": "count", "better": "higher"},
            "backbone": {"name": "骨干教师", "name_en": "b", "unit": "person", "better": "higher"},
            "trainees": {"name": "培训学员", "name_en": "tr", "unit": "person_time", "better": "higher"},
            "model_province": {"name": "省级示范校比例", "name_en": "mp", "unit": "percent", "better": "higher"},
            "model_city": {"name": "市级示范校比例", "name_en": "mc", "unit": "percent", "better": "higher"},
            "model_county": {"name": "县级示范校比例", "name_en": "mk", "unit": "percent", "better": "higher"},
            "wellbeing_hours": {"name": "心理健康专题培训学时", "name_en": "wh", "unit": "hour", "better": "higher"},
            "community_schools": {"name": "社区学校数", "name_en": "cs", "unit": "school", "better": "higher"},
            "community_schools_per_street": {
                "name": "每个街道社区学校数",
                "name_en": "cps",
                "unit": "count",
                "better": "higher",
            },
            "sports_share": {
                "name": "体育活动课时占课外活动课时比例",
                "name_en": "ss",
                "unit": "percent",
                "better": "higher",
            },
            "preschool_review_passed": {
                "name": "通过县域学前教育普及普惠督导评估",
                "name_en": "pr",
                "unit": "boolean",
                "better": "higher",
            },
            "service_rules_issued": {
                "name": "出台课后服务管理办法",
                "name_en": "sr",
                "unit": "boolean",
                "better": "higher",
            },
            "junior_rate": {"name": "初中入学率", "name_en": "jr", "unit": "percent", "better": "higher"},
            "migrant_rate": {
                "name": "义务教育阶段随迁子女入学率",
                "name_en": "mr",
                "unit": "percent",
                "better": "higher",
            },
            "reading_class_coverage": {
                "name": "中小学阅读指导课覆盖率",
                "name_en": "rc",
                "unit": "percent",
                "better": "higher",
            },
            "head_training_coverage": {
                "name": "校长任期全员培训覆盖率",
                "name_en": "ht",
                "unit": "percent",
                "better": "higher",
            },
            "standard_schools_share": {
                "name": "达到办学标准的学校比例",
                "name_en": "ss2",
                "unit": "percent",
                "better": "higher",
            },
            "oversized_class_share": {"name": "大班额比例", "name_en": "oc", "unit": "percent", "better": "lower"},
            "safety_accidents": {"name": "校园安全责任事故", "name_en": "sa", "unit": "count", "better": "lower"},
            "yearly_lectures": {"name": "年均科普讲座场次", "name_en": "yl", "unit": "count", "better": "higher"},
            "counties_over_bar": {
                "name": "高考达线率超过60%的县",
                "name_en": "cob",
                "unit": "count",
                "better": "higher",
            },
            "care_rectified": {"name": "校外托管机构整改到位", "name_en": "cr", "unit": "boolean", "better": "higher"},
            "model_county_created": {
                "name": "创建省级学前教育示范县",
                "name_en": "mcc",
                "unit": "boolean",
                "better": "higher",
            },
            "private_registration_done": {
                "name": "民办学校实现分类登记",
                "name_en": "prd",
                "unit": "boolean",
                "better": "higher",
            },
            "rural_pay_ratio": {
                "name": "乡村教师平均工资与城镇教师之比",
                "name_en": "rp",
                "unit": "ratio",
                "better": "higher",
            },
        }
    }
)
MATCHER = IndicatorMatcher(CATALOG)
PLAN_HEAD = "某县“十四五”教育发展规划\n三、发展目标\n"
REPORT_HEAD = "某县教育工作总结\n日期:2023-12-01\n"


def draft(text: str, kind: str = "auto") -> DocumentDraft:
    return extract_document(text, "doc.txt", "doc", MATCHER, kind)


def targets(text: str) -> set[tuple[str, str, str, int]]:
    return {(t.indicator, t.kind, t.target_text, t.by) for t in draft(PLAN_HEAD + text, "plan").targets}


def figures(text: str, head: str = REPORT_HEAD) -> set[tuple[str, str, float, str]]:
    return {(f.indicator, f.year, f.value, f.qualifier) for f in draft(head + text, "results").figures}


# ---------------------------------------------------------------- targets


def test_deadline_and_level() -> None:
    assert targets("到2027年,学前教育毛入园率达到96%。") == {("kindergarten_rate", "level", ">= 96", 2027)}


def test_raise_to_with_floor() -> None:
    assert targets("到2026年高中阶段毛入学率提高到92%以上。") == {("high_school_rate", "level", ">= 92", 2026)}


def test_not_less_than_hours() -> None:
    found = targets("到2026年,建立不少于240学时的教师培训学时制度。")
    assert {(i, t, by) for i, _, t, by in found} == {("training_hours", ">= 240", 2026)}


@pytest.mark.parametrize("words", ["保持在98%以上", "稳定在98%以上", "不低于98%", "保持不低于98%"])
def test_maintain(words: str) -> None:
    assert targets(f"到2026年学前教育毛入园率{words}。") == {("kindergarten_rate", "maintain", ">= 98", 2026)}


def test_maintain_words_of_another_clause_do_not_count() -> None:
    found = targets("到2026年,学前教育毛入园率不低于98%,高中阶段毛入学率达到92%。")
    assert found == {("kindergarten_rate", "maintain", ">= 98", 2026), ("high_school_rate", "level", ">= 92", 2026)}


def test_yearly_flow_is_cumulative() -> None:
    assert targets("2024年全县补充教师300人以上。") == {("teachers_hired", "cumulative", ">= 300", 2024)}


def test_share_phrase() -> None:
    found = targets("到2026年,实验课时占总课时比例达到30%。")
    assert {(i, t, by) for i, _, t, by in found} == {("lab_share", ">= 30", 2026)}


def test_milestone_count_with_its_own_year() -> None:
    found = targets("争取2026年有4个县区通过督导验收。")
    assert {(i, t, by) for i, _, t, by in found} == {("passing_counties", ">= 4", 2026)}


def test_change_down_and_up() -> None:
    found = targets("到2026年投诉案件同比下降10个百分点,家长满意度提高3个百分点。")
    assert ("complaints_change", "<= -10", 2026) in {(i, t, by) for i, _, t, by in found}
    assert ("parent_satisfaction", "change", ">= 3", 2026) in found


def test_comparison_year_is_not_the_deadline() -> None:
    assert targets("到2027年,家长满意度比2021年提高3个百分点。") == {("parent_satisfaction", "change", ">= 3", 2027)}
    plan = "某县“十四五”教育发展规划\n三、发展目标\n"
    for sentence in ("家长满意度比2021年提高3个百分点。", "家长满意度较2022年提高3个百分点。"):
        [target] = draft(plan + sentence, "plan").targets
        assert (target.indicator, target.by) == ("parent_satisfaction", 2025), sentence


def test_deadline_wins_over_a_later_bare_year() -> None:
    found = targets("到2026年,与2022年相比学前教育毛入园率达到96%。")
    assert found == {("kindergarten_rate", "level", ">= 96", 2026)}


def test_distinctive_words_another_name_holds_push_a_name_down() -> None:
    from tracker.extract.indicators import Context

    context = Context("随迁子女少年入学率", "", "随迁子女少年入学率")
    scores = {m.indicator: m.score for m in MATCHER.ranked(context, ("percent",))}
    assert scores["junior_rate"] < MATCHER.threshold  # 入学率 aligns, but 随迁子女 is another name's
    result = draft(PLAN_HEAD + "到2026年,随迁子女少年入学率不低于95%。", "plan")
    [target] = result.targets
    assert target.proposed and result.proposals[target.indicator].name == "随迁子女少年入学率"
    assert "migrant_rate" in result.proposals[target.indicator].closest  # a reviewer may add an alias instead
    assert targets("到2026年,初中入学率达到95%。") == {("junior_rate", "level", ">= 95", 2026)}


def test_about() -> None:
    assert targets("到2026年人均受教育年限达到11.2年左右。") == {("schooling_years", "level", "~ 11.2", 2026)}


def test_levels_listed_before_respectively() -> None:
    found = targets("到2026年,使省、市、县三级示范校的比例分别达到3%、6%、12%。")
    assert {(i, t) for i, _, t, _ in found} == {
        ("model_province", ">= 3"),
        ("model_city", ">= 6"),
        ("model_county", ">= 12"),
    }


def test_levels_expand_position_by_position() -> None:
    from tracker.extract.document import _levels

    assert _levels(["省", "市", "县三级示范校的比例"]) == ["省级示范校的比例", "市级示范校的比例", "县级示范校的比例"]
    assert _levels(["省", "县三级示范校的比例"]) == []  # two qualifiers do not make three levels


def test_a_stage_in_front_of_a_list_scopes_every_item() -> None:
    from tracker.extract.document import _expansions

    assert _expansions("基础教育阶段小学、初中净入学率") == ["小学净入学率", "初中净入学率"]
    assert _expansions("全县小学、初中净入学率") == ["小学净入学率", "初中净入学率"]
    assert _expansions("高中阶段、中职学校毛入学率") == ["高中阶段毛入学率", "中职学校毛入学率"]  # a stage alone stays


def test_own_region_is_not_a_level() -> None:
    found = targets("到2026年,全市县级示范校比例达到12%。")
    assert {(i, t) for i, _, t, _ in found} == {("model_county", ">= 12")}


def test_noun_after_a_parenthesis() -> None:
    found = targets("到2026年,为教师提供每人不少于80学时(其中,线上学时不少于30%)的心理健康专题培训。")
    assert ("wellbeing_hours", ">= 80", 2026) in {(i, t, by) for i, _, t, by in found}
    assert "training_hours" not in {i for i, _, _, _ in found}


def test_per_unit_head() -> None:
    found = targets("每个街道办好1所社区学校。")
    assert {(i, t) for i, _, t, _ in found} == {("community_schools_per_street", ">= 1")}


def test_worded_share_with_its_qualifier() -> None:
    found = targets("优化课外活动安排,确保体育活动课时不少于一半。")
    assert {(i, t) for i, _, t, _ in found} == {("sports_share", ">= 50")}


@pytest.mark.parametrize(
    ("words", "value", "qualifier"),
    [("不少于一半", 50.0, ">="), ("近半数", 50.0, "near"), ("三分之二以上", 66.67, ">="), ("四分之一", 25.0, None)],
)
def test_fraction_words(words: str, value: float, qualifier: str | None) -> None:
    [figure] = find_figures(normalise(f"确保阅读课时{words}。").text)[0]
    assert (figure.value, figure.qualifier, figure.percent, figure.share) == (value, qualifier, True, True)


def test_milestone_review_passed_without_a_date_is_due_at_the_plan_end() -> None:
    head = "某县“十四五”教育发展规划\n三、发展目标\n"
    result = draft(head + "力争早日完成和通过县域学前教育普及普惠国家督导评估验收。", "plan")
    assert [(t.indicator, t.kind, t.value, t.by) for t in result.targets] == [
        ("preschool_review_passed", "milestone", None, 2025)
    ]


def test_milestone_issued_needs_a_deadline() -> None:
    assert targets("2026年出台《某县课后服务管理办法》。") == {("service_rules_issued", "milestone", "", 2026)}
    assert targets("出台《某县课后服务管理办法》。") == set()


def test_milestone_in_a_clause_with_a_figure_is_the_figure() -> None:
    milestone = ("preschool_review_passed", "milestone", "", 2026)
    assert targets("争取2026年通过县域学前教育普及普惠督导评估验收。") == {milestone}
    assert milestone not in targets("争取2026年有4个县区通过县域学前教育普及普惠督导评估验收。")


def test_dated_milestone_in_results_is_a_figure_of_one() -> None:
    found = figures("我县在2019年通过县域学前教育普及普惠国家督导评估认定。")
    assert found == {("preschool_review_passed", "2019", 1.0, "")}
    assert figures("全县积极推进县域学前教育普及普惠国家督导评估。") == set()


def test_milestones_done_in_full_need_no_deadline() -> None:
    plan = "某县“十四五”教育发展规划\n三、发展目标\n"
    result = draft(plan + "全面实现民办学校分类登记,校外托管机构整改到位。", "plan")
    assert {(t.indicator, t.kind, t.by) for t in result.targets} == {
        ("private_registration_done", "milestone", 2025),
        ("care_rectified", "milestone", 2025),
    }


def test_a_target_without_any_year_is_left_for_review() -> None:
    result = draft("某县教育工作要点\n三、发展目标\n全县补充教师300人。", "plan")
    assert result.targets == []
    [item] = result.review
    assert item.reason == "matched teachers_hired, but no deadline: the document names no year"


def test_results_milestone_without_a_year_is_done_by_the_period_end() -> None:
    head = "某县总结\n日期:2023-12-01\n近三年来,全县教育事业稳步发展。"
    assert figures("全县成功创建省级学前教育示范县。", head) == {("model_county_created", "2023", 1.0, "")}
    found = figures("2021年完成县域学前教育普及普惠督导评估验收。", head)
    assert found == {("preschool_review_passed", "2021", 1.0, "")}


def test_comparison_of_two_averages_is_a_ratio_of_one() -> None:
    head = "某县“十四五”教育发展规划\n三、发展目标\n"
    result = draft(head + "乡村教师平均工资收入不低于城镇教师平均工资收入。", "plan")
    assert [(t.indicator, t.kind, t.target_text, t.by) for t in result.targets] == [
        ("rural_pay_ratio", "maintain", ">= 1", 2025)
    ]


def test_comparison_without_averages_is_not_a_target() -> None:
    assert targets("乡村学校办学条件不低于省定标准。") == set()
    assert targets("乡村教师工资总额不低于城镇教师工资总额。") == set()


def test_weak_milestone_match_is_not_drafted() -> None:
    assert targets("2026年通过专项督导加强管理。") == set()


def test_five_year_plan_years() -> None:
    assert (five_year_plan("十四").start, five_year_plan("十四").end) == (2021, 2025)
    assert (five_year_plan("十三").start, five_year_plan("十三").end) == (2016, 2020)


# ---------------------------------------------------------------- worded figures


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("在中小学开设阅读指导课,加强课外阅读,逐步实现中小学全覆盖。", ("reading_class_coverage", "level", ">= 100")),
        ("对校长实行任期内的全员培训。", ("head_training_coverage", "level", ">= 100")),
        ("所有学校达到办学标准。", ("standard_schools_share", "level", ">= 100")),
        ("全面消除大班额。", ("oversized_class_share", "level", "<= 0")),
        ("实现校园安全责任事故零发生。", ("safety_accidents", "level", "<= 0")),
    ],
)
def test_worded_targets(sentence: str, expected: tuple[str, str, str]) -> None:
    assert {(i, k, t) for i, k, t, _ in targets(sentence)} == {expected}


def test_worded_results_are_levels_at_the_report_year() -> None:
    head = "某县总结\n日期:2023-12-01\n近三年来,全县教育事业稳步发展。"
    found = figures("全县实现校园安全责任事故零发生,所有学校达到办学标准。", head)
    assert found == {("safety_accidents", "2023", 0.0, ""), ("standard_schools_share", "2023", 100.0, "")}


def test_zero_inside_a_numeral_or_a_name_is_no_figure() -> None:
    found, _ = find_figures(normalise("投入一千零五十万元,开展“五零”承诺。").text)
    assert [(f.value, f.worded) for f in found] == [(10_500_000.0, False)]


def test_a_yearly_average_is_a_level_not_a_span() -> None:
    head = "某县总结\n日期:2023-12-01\n近三年来,全县教育事业稳步发展。"
    assert figures("全县年均举办科普讲座近40场次。", head) == {("yearly_lectures", "2023", 40.0, "near")}


def test_a_clause_about_the_whole_country_or_province_carries_that_region() -> None:
    head = "清河县总结\n日期:2023-12-01\n湖东省清河县教育事业稳步发展,湖东省表彰清河县。"
    result = draft(
        head + "全省有9个县区通过督导验收。全国仅4个县区通过督导验收。全县有2个县区通过督导验收。", "results"
    )
    regions = {(f.indicator, f.value, f.region) for f in result.figures}
    assert regions == {
        ("passing_counties", 9.0, "湖东省"),
        ("passing_counties", 4.0, "全国"),
        ("passing_counties", 2.0, ""),
    }
    assert result.region == "清河县"


# ---------------------------------------------------------------- results


def test_rise_from_to_gives_two_years() -> None:
    head = "某县总结\n日期:2021-01-05\n“十三五”期间,"
    found = figures("学前教育毛入园率由70%提高到88%。", head)
    assert found == {("kindergarten_rate", "2015", 70.0, ""), ("kindergarten_rate", "2020", 88.0, "")}


def test_derived_earlier_value() -> None:
    head = "某县总结\n日期:2021-01-05\n“十三五”期间,"
    found = figures("学前教育毛入园率达90.5%,比“十二五”期间提高6.5个百分点。", head)
    assert ("kindergarten_rate", "2015", 84.0, "") in found
    assert ("kindergarten_rate", "2020", 90.5, "") in found


def test_span_for_flows_and_end_year_for_levels() -> None:
    head = "某县总结\n日期:2023-12-01\n近三年来,"
    found = figures("累计新增学位2400个。学前教育毛入园率为91%。", head)
    assert found == {("places_added", "2021-2023", 2400.0, ""), ("kindergarten_rate", "2023", 91.0, "")}


def test_totals_are_spans_whatever_verb_follows() -> None:
    head = "某县总结\n日期:2023-12-01\n近三年来,全县教育事业稳步发展。"
    assert figures("全县教育投入资金累计达到3.2亿元。", head) == {("spending", "2021-2023", 320_000_000.0, "")}
    assert figures("全县共投入教育资金2亿元。", head) == {("spending", "2021-2023", 200_000_000.0, "")}
    assert figures("全县共有社区学校45所。", head) == {("community_schools", "2023", 45.0, "")}  # a stock


def test_a_total_over_an_unstated_period_says_so() -> None:
    [figure] = draft(REPORT_HEAD + "全县累计投入教育资金3亿元。", "results").figures
    assert (figure.year, figure.value) == ("2023", 300_000_000.0)
    assert "total" in figure.note and "check" in figure.note


def test_a_total_with_its_own_period() -> None:
    assert figures("近两年累计投入教育资金3亿元。") == {("spending", "2022-2023", 300_000_000.0, "")}
    assert figures("自2021年春季开学起,累计新增学位800个。") == {("places_added", "2021-2023", 800.0, "")}
    assert figures("2022年起,累计新增学位800个。") == {("places_added", "2022-2023", 800.0, "")}


def test_five_years_span() -> None:
    head = "某县总结\n日期:2025-06-01\n五年来,"
    assert figures("通过多种方式补充教师860人。", head) == {("teachers_hired", "2021-2025", 860.0, "")}


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("全年教育投入资金超过3.2亿元。", 320_000_000.0, ">"),
        ("全年教育投入资金近2亿元。", 200_000_000.0, "near"),
        ("全年新增学位1.2万余个。", 12_000.0, "plus"),
        ("全年补充教师300人以上。", 300.0, ">="),
        ("全年教育投入资金为17.56亿元。", 1_756_000_000.0, ""),
        ("全年补充教师达到1,030人。", 1030.0, ""),
        ("全年补充教师１２０人。", 120.0, ""),
        ("全年清运废旧物资5.33吨。", 5.33, ""),
        ("全年补充教师两千人。", 2000.0, ""),
        ("全年补充教师一百二十人。", 120.0, ""),
        ("全年教育投入资金860万元。", 8_600_000.0, ""),
        ("全年培训学员1.5万人次。", 15_000.0, ""),
    ],
)
def test_numbers_and_qualifiers(sentence: str, value: float, qualifier: str) -> None:
    found = figures(sentence)
    assert {(v, q) for _, _, v, q in found} == {(value, qualifier)}


def test_the_specific_name_when_the_sentence_states_its_extra_words() -> None:
    assert figures("推进学前扩容工程,新增学位300个。") == {("preschool_places_added", "2023", 300.0, "")}
    assert figures("全年新增学位300个。") == {("places_added", "2023", 300.0, "")}
    assert figures("全年新增学位300个(学前占一半)。") == {("places_added", "2023", 300.0, "")}


def test_thousands_separator_does_not_cut_the_quote() -> None:
    result = draft(REPORT_HEAD + "全年补充教师1,030人,新增学位2，400个。", "results")
    assert {(f.indicator, f.value, f.quote) for f in result.figures} == {
        ("teachers_hired", 1030.0, "全年补充教师1,030人"),
        ("places_added", 2400.0, "新增学位2，400个"),
    }


def test_list_item_noun_after_the_unit() -> None:
    assert figures("全年开发特色课程12门、骨干教师近千人。") == {
        ("courses", "2023", 12.0, ""),
        ("backbone", "2023", 1000.0, "near"),
    }


# ---------------------------------------------------------------- text


def test_traditional_and_pinyin_noise_keep_source_offsets() -> None:
    source = "某縣總結\n日期:2023-12-01\n全縣學(xué)前教育毛入園率達(dá)95%。"
    result = draft(source, "results")
    [figure] = result.figures
    assert figure.indicator == "kindergarten_rate" and figure.value == 95.0
    assert source[figure.offset : figure.offset + 3] == "95%"
    assert figure.quote in source and "(xué)" in figure.quote


def test_normalise_maps_back() -> None:
    norm = normalise("學(xué)校１２所")
    assert norm.text == "学校12所"
    assert norm.source_slice(0, 2) == "學(xué)校"


def test_years_ordinals_and_quoted_names_are_not_figures() -> None:
    text = normalise("2023年第3次会议实施“三名”工程,建成学校5所").text
    found, _ = find_figures(text)
    assert [f.value for f in found] == [5.0]


def test_unplaced_figures_go_to_review() -> None:
    result = draft(REPORT_HEAD + "全县举办读书活动45场。", "results")
    assert not result.figures
    assert [item.text for item in result.review] == ["45场"]
    assert "读书活动" in result.review[0].sentence


def test_drafts_pass_validation(tmp_path: Path) -> None:
    import yaml

    from tracker.dataroot import read_data_root
    from tracker.extract import ExtractOptions, extract

    root = tmp_path / "root"
    (root / "plans").mkdir(parents=True)
    (root / "indicators.yaml").write_text(yaml.safe_dump(CATALOG.model_dump(), allow_unicode=True), encoding="utf-8")
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "某县“十四五”教育发展规划\n一、发展基础\n“十三五”期间,学前教育毛入园率达90%,累计补充教师500人,"
        "举办读书活动45场。\n二、发展目标\n到2025年,学前教育毛入园率达到95%,补充教师1000人以上。\n",
        encoding="utf-8",
    )
    out = tmp_path / "drafts"
    result = extract([doc], ExtractOptions(data=root, out=out))
    assert (result.targets, result.figures) == (2, 2)
    for written in result.written:
        if written.suffix in {".yaml", ".csv"} and written.parent.name in {"plans", "actuals"}:
            (root / written.parent.name).mkdir(exist_ok=True)
            (root / written.parent.name / written.name).write_bytes(written.read_bytes())
    for draft_plan in (root / "plans").glob("*.draft.yaml"):  # the reviewer's rename to plans/<id>.yaml
        draft_plan.rename(draft_plan.with_name(draft_plan.name.replace(".draft", "")))
    _, problems = read_data_root(root)
    assert problems == []  # no error and no warning: validate --strict passes
    # the draft is named after the title 某县“十四五”教育发展规划, not after plan.txt
    rows = (out / "actuals" / "mouxian-shisiwu-jiaoyufazhanguihua.draft.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "region,indicator,year,value,qualifier,source,quote,note"
    assert all("offset " in row for row in rows[1:])
    assert "45场" in (out / "review.md").read_text(encoding="utf-8")
    with pytest.raises(Exception, match="TRK406"):
        extract([doc], ExtractOptions(data=root, out=out))


# ---------------------------------------------------------------- region


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("清河县2022年教育工作总结\n一、工作回顾\n全县新建学校3所,城市社区学校2所。", "清河县"),
        ("工作总结\n市委市政府高度重视教育,市政府常务会研究教育3次。云岭市新建示范区学校2所。", "云岭市"),
        ("某县“十四五”教育发展规划\n二、发展目标\n2024年有2个县区通过优质均衡县验收。", "某县"),
        ("XX市教育局\n我市学前教育毛入园率达90%,XX省表彰我市。", "XX市"),
        ("关键词一\n  江口日报记者\n湖东省教育厅肯定江口市的做法,入选省级名单,湖东省推广江口经验。", "江口市"),
        ("全省学前教育毛入园率达到90%,省级示范校3所。", ""),
    ],
)
def test_region_from_the_title_and_the_place_named_most(text: str, region: str) -> None:
    from tracker.extract.document import region_of

    assert region_of(normalise(text).text) == region


def test_drafts_carry_the_region_read_from_the_text() -> None:
    result = draft("云岭县2023年教育工作总结\n日期:2023-12-01\n全县补充教师300人。", "results")
    assert result.region == "云岭县"
    assert extract_document("补充教师300人。", "doc.txt", "doc", MATCHER, "results", region="某地").region == "某地"


# ---------------------------------------------------------------- nothing dropped silently


@pytest.mark.parametrize(
    ("sentence", "value"),
    [("全年投入教育资金三千万元。", 30_000_000.0), ("全年教育投入资金十亿元。", 1_000_000_000.0)],
)
def test_money_in_chinese_numerals(sentence: str, value: float) -> None:
    assert figures(sentence) == {("spending", "2023", value, "")}


def test_every_number_is_drafted_reviewed_or_skipped_with_a_reason() -> None:
    text = REPORT_HEAD + (
        "2023年第2次会议决定,全县投入教育资金三千万元,举办读书活动45场,这两项工作列入“3个一”工程,另有数字88。"
    )
    result = draft(text, "results")
    assert [f.value for f in result.figures] == [30_000_000.0]
    assert {(r.text, r.reason.split(" (")[0]) for r in result.review} == {
        ("45场", "no indicator in count fits the words around it"),
        ("88", "a bare number without a unit: nothing says what it counts"),
    }
    skipped = {r.text: r.reason for r in result.skipped}
    assert set(skipped) == {"2023-12", "01", "2023年", "2次", "两项", "3个"}
    assert all(skipped.values())
    assert result.seen == len(result.review) + 1


def test_a_period_word_in_numerals_is_not_a_figure() -> None:
    found, skipped = find_figures(normalise("近三年来,全县招聘教师一百二十人,实施三年行动计划。").text)
    assert [f.value for f in found] == [120.0]
    assert [s.text for s in skipped] == ["三年", "三年"]


def test_a_figure_without_a_year_says_so() -> None:
    result = draft("全县教育工作总结\n全县补充教师300人。", "results")
    assert not result.figures
    [item] = result.review
    assert item.reason.startswith("matched teachers_hired, but no year")


# ---------------------------------------------------------------- the command


def _document(tmp_path: Path) -> Path:
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT_HEAD + "全年补充教师300人,举办读书活动45场。\n", encoding="utf-8")
    return doc


def _catalog_root(tmp_path: Path) -> Path:
    import yaml

    root = tmp_path / "root"
    root.mkdir()
    (root / "indicators.yaml").write_text(yaml.safe_dump(CATALOG.model_dump(), allow_unicode=True), encoding="utf-8")
    return root


def test_summary_counts_drafted_reviewed_and_skipped(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    root, doc = _catalog_root(tmp_path), _document(tmp_path)
    result = CliRunner().invoke(app, ["extract", str(doc), "--data", str(root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "0 targets and 1 figures drafted from 1 of 2 figures seen" in result.stdout
    assert "1 figures left for review" in result.stdout
    assert "2 other numbers were not read as figures" in result.stdout  # the date 2023-12-01
    assert "warning" not in result.output


def test_missing_catalog_is_a_warning(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    doc = _document(tmp_path)
    result = CliRunner().invoke(app, ["extract", str(doc), "--data", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert "warning: no indicators in" in result.stderr
    assert "0 targets and 0 figures drafted from 0 of 2 figures seen; 2 figures left for review" in result.stdout


def test_explicit_out_with_files_is_refused_and_only_the_default_is_numbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    root, doc = _catalog_root(tmp_path), _document(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(doc), "--data", str(root)]).exit_code == 0
    assert runner.invoke(app, ["extract", str(doc), "--data", str(root)]).exit_code == 0
    assert (tmp_path / "drafts" / "review.md").is_file() and (tmp_path / "drafts-2" / "review.md").is_file()
    refused = runner.invoke(app, ["extract", str(doc), "--data", str(root), "--out", "drafts"])
    assert refused.exit_code != 0 and "TRK406" in refused.output
    assert not (tmp_path / "drafts-3").exists()
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["extract", str(doc), "--data", str(root), "--out", "empty"]).exit_code == 0
    assert (tmp_path / "empty" / "review.md").is_file()


# ---------------------------------------------------------------- proposed indicators

SMALL = Catalog.model_validate(
    {
        "indicators": {
            "schools_built": {"name": "新建学校", "name_en": "sb", "unit": "school", "better": "higher"},
            "kindergarten_rate": {"name": "学前教育毛入园率", "name_en": "k", "unit": "percent", "better": "higher"},
        }
    }
)


def test_a_figure_no_entry_fits_gets_a_proposed_indicator_that_its_row_uses() -> None:
    text = REPORT_HEAD + "全县改造薄弱学校12所,普通高中巩固率达到96%,建立5年一周期的制度。"
    result = extract_document(text, "doc.txt", "doc", IndicatorMatcher(SMALL), "results")
    [proposal] = result.proposals.values()
    assert (proposal.name, proposal.unit) == ("改造薄弱学校", "school")
    assert [(f.indicator, f.value, f.proposed) for f in result.figures] == [(proposal.id, 12.0, True)]
    reasons = {r.text: r.reason for r in result.review}
    assert set(reasons) == {"96%", "5年"}
    assert "does not end like a catalog name of unit percent" in reasons["96%"]
    assert "a duration or age" in reasons["5年"]


def test_drafts_validate_once_the_proposed_indicators_are_merged(tmp_path: Path) -> None:
    import yaml

    from tracker.dataroot import read_data_root
    from tracker.extract import ExtractOptions, extract

    root = tmp_path / "root"
    (root / "actuals").mkdir(parents=True)
    (root / "plans").mkdir()
    catalog = SMALL.model_dump()
    (root / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT_HEAD + "全县新建学校3所,改造薄弱学校12所。\n", encoding="utf-8")
    out = tmp_path / "drafts"
    result = extract([doc], ExtractOptions(data=root, out=out))
    assert (result.figures, result.proposed) == (2, 1)
    assert "1 of them on indicators proposed in indicators.draft.yaml" in result.summary()
    name = "mouxian-jiaoyugongzuozongjie.draft.csv"  # after the title 某县教育工作总结
    (root / "actuals" / name).write_bytes((out / "actuals" / name).read_bytes())
    _, problems = read_data_root(root)
    assert [p.code for p in problems if p.is_error] == ["TRK306"]  # unknown indicator until merged
    proposed = yaml.safe_load((out / "indicators.draft.yaml").read_text(encoding="utf-8"))["indicators"]
    catalog["indicators"].update(proposed)  # the merge docs/extract.md describes
    (root / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    _, problems = read_data_root(root)
    assert problems == []
    assert "Drafted on proposed indicators (1;" in (out / "review.md").read_text(encoding="utf-8")

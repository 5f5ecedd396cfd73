"""Words the renderers print, in Chinese (zh) and English (en)."""

from __future__ import annotations

from typing import Literal

from tracker.models import Status

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

STATUS_LABELS: dict[Status, dict[str, str]] = {
    Status.ACHIEVED: {"zh": "已实现", "en": "achieved"},
    Status.ON_TRACK: {"zh": "符合预期", "en": "on track"},
    Status.BEHIND: {"zh": "需加快", "en": "behind"},
    Status.OFF_TRACK: {"zh": "滞后", "en": "off track"},
    Status.REGRESSING: {"zh": "倒退", "en": "regressing"},
    Status.MISSED: {"zh": "未实现", "en": "missed"},
    Status.PENDING: {"zh": "待完成", "en": "pending"},
    Status.INDETERMINATE: {"zh": "无法判断", "en": "indeterminate"},
    Status.NO_DATA: {"zh": "缺数据", "en": "no data"},
}

WORDS: dict[str, dict[str, str]] = {
    "target": {"zh": "目标", "en": "Target"},
    "baseline": {"zh": "基期", "en": "Baseline"},
    "latest": {"zh": "最新", "en": "Latest"},
    "goal": {"zh": "目标值", "en": "Goal"},
    "progress": {"zh": "进度", "en": "Progress"},
    "ratio": {"zh": "R", "en": "R"},
    "status": {"zh": "状态", "en": "Status"},
    "by": {"zh": "年前", "en": "by"},
    "region": {"zh": "地区", "en": "Region"},
    "period": {"zh": "期限", "en": "Period"},
    "plan": {"zh": "规划", "en": "Plan"},
    "as_of": {"zh": "评估年份", "en": "as of"},
    "binding": {"zh": "约束性", "en": "binding"},
    "source": {"zh": "来源", "en": "Source"},
    "targets": {"zh": "项目标", "en": "targets"},
    "not_final": {"zh": "非终值", "en": "not final"},
    "provisional": {"zh": "暂定", "en": "provisional"},
    "then": {"zh": "；", "en": "; "},  # between two parts of one reason
    "and_list": {"zh": "、", "en": ", "},  # between the items of a list
    "colon": {"zh": "：", "en": ": "},
    "years_short": {"zh": "未达标年份", "en": "Years short"},
    "past_deadline": {"zh": "已过截止年份", "en": "past the deadline"},
}

# Sentences with blanks ({year}, {count} ...), filled by `phrase`.
PHRASES: dict[str, dict[str, str]] = {
    # a provisional status: which figure it waits for
    "awaiting": {"zh": "尚无{year}年数据", "en": "no {year} figure yet"},
    "awaiting_short": {"zh": "待{year}年数据", "en": "awaiting {year}"},  # under a status in a table
    "awaiting_latest": {"zh": "尚无{year}年数据；最新为{latest}", "en": "no {year} figure yet; latest {latest}"},
    "legend_provisional": {
        "zh": "* 暂定：已过截止年份但尚无该年数据，以之前最新值判断；该年数据公布后为终值",
        "en": "* provisional: the deadline has passed without a figure for its year, so the latest "
        "earlier figure decided; final once that figure arrives",
    },
    "provisional_count": {"zh": "其中暂定{count}项", "en": "{count} provisional"},
    "overview_provisional": {
        "zh": "其中暂定{count}项：已过截止年份但尚无该年数据，以之前最新值判断（表中以 * 标出）。",
        "en": "Provisional: {count} (the deadline has passed without its year's figure, so the latest earlier "
        "one decided; marked * in the tables).",
    },
    # no figure at all after the deadline
    "past_deadline_no_figure": {
        "zh": "已过截止年份且无数据：{count}项",
        "en": "past the deadline with no figure: {count}",
    },
    "no_figure_past_deadline": {
        "zh": "无数据，截止年份{by}年已过（目标：{goal}）",
        "en": "no figure, and the deadline {by} has passed (goal: {goal})",
    },
    "not_failing_no_data": {
        "zh": "不计为未通过；--fail-on no_data 可使其未通过",
        "en": "not failing; --fail-on no_data makes them fail",
    },
    "more_listed_by_status": {
        "zh": "……另有{count}项未列出（tracker status 列出全部）",
        "en": "… and {count} more (tracker status lists them all)",
    },
    # a baseline with a year but no value, and no figure for that year
    "baseline_missing": {
        "zh": "缺少{region}/{indicator}的{year}年数据：请补充一行，或在规划中写明基期值",
        "en": "no {year} figure for {region}/{indicator}: add a row, or write the value in the plan",
    },
    "with_goal": {"zh": "{text}（目标：{goal}）", "en": "{text} (goal: {goal})"},
    # maintain: the years that fell short
    "fell_short_in": {"zh": "{years}年未达到目标（{goal}）", "en": "fell short of the goal in {years} ({goal})"},
    "fell_short_first": {
        "zh": "{count}个年份未达到目标，最早为{year}年（{goal}）",
        "en": "fell short of the goal in {count} years, first in {year} ({goal})",
    },
    # milestones after the deadline
    "milestone_not_done_at": {"zh": "{year}年仍未完成（截止{by}年）", "en": "still not done in {year} (due {by})"},
    "milestone_done_late": {
        "zh": "{year}年报告已完成，但无报告说明{by}年前是否完成",
        "en": "reported done for {year}, but no report says whether it was done by {by}",
    },
    # regions of the actuals that nearly match a plan's
    "near_miss_rows": {
        "zh": "另有{rows}行数据的地区名与“{region}”相近（{names}），未计入；见 tracker validate",
        "en": "{rows} rows under names close to {region} ({names}) were not read; see tracker validate",
    },
    "failed_provisional": {"zh": "其中暂定{count}项", "en": "of them provisional {count}"},
    # explain: why a provisional status is not its band
    "not_the_band_provisional": {
        "zh": "截止年份已过，之前最新值{verdict}（暂定）",
        "en": "the deadline has passed, and the latest earlier figure {verdict} (provisional)",
    },
    "verdict_meets": {"zh": "已达到目标", "en": "meets the goal"},
    "verdict_misses": {"zh": "未达到目标", "en": "misses the goal"},
}


def status_label(status: Status, lang: Lang) -> str:
    return STATUS_LABELS[status][lang]


def word(key: str, lang: Lang) -> str:
    return WORDS[key][lang]


def phrase(key: str, lang: Lang, **fields: object) -> str:
    """A sentence of PHRASES in `lang` with its blanks filled."""
    return PHRASES[key][lang].format(**fields)

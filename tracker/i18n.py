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
}


def status_label(status: Status, lang: Lang) -> str:
    return STATUS_LABELS[status][lang]


def word(key: str, lang: Lang) -> str:
    return WORDS[key][lang]

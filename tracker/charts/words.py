"""The words charts show, in Chinese and English (to join the message catalog of issue 17)."""

from __future__ import annotations

from typing import Any

from tracker.i18n import Lang

WORDS: dict[str, dict[Lang, str]] = {
    "reported": {"zh": "实际值", "en": "Reported"},
    "interval": {"zh": "区间（约、近、余）", "en": "Range (about, nearly, more than)"},
    "open": {"zh": "仅知下限或上限（超、以上、不足）", "en": "Only a bound known (over, at least, under)"},
    "conflict": {"zh": "数据冲突（来源不一致）", "en": "Conflicting reports"},
    "baseline": {"zh": "基期", "en": "Baseline"},
    "start": {"zh": "起点", "en": "Start"},
    "path": {"zh": "匀速路径（基期→目标）", "en": "Straight path (baseline → goal)"},
    "goal": {"zh": "目标", "en": "Goal"},
    "goal_zone": {"zh": "达标范围", "en": "Goal met"},
    "trend": {"zh": "趋势（最小二乘）", "en": "Trend (least squares)"},
    "as_of": {"zh": "评估年份 {year}", "en": "as of {year}"},
    "axis_from": {"zh": "纵轴从 {value} 起", "en": "axis starts at {value}"},
    "running_total": {"zh": "累计", "en": "running total"},
    "goal_label": {"zh": "目标 {goal}", "en": "Goal {goal}"},
    "trend_label": {"zh": "趋势 → {year}年 {value}", "en": "Trend → {value} in {year}"},
    "conflict_label": {"zh": "冲突", "en": "conflict"},
    "year_value": {"zh": "{year}年{value}", "en": "{value} ({year})"},
    "desc_figures": {"zh": "实际值：{items}。", "en": "Reported: {items}."},
    "desc_none": {"zh": "尚无实际值。", "en": "No figures reported yet."},
    "desc_baseline": {"zh": "基期 {year}年 {value}。", "en": "Baseline {value} in {year}."},
    "desc_goal": {"zh": "目标 {goal}。", "en": "Goal {goal}."},
    "desc_conflict": {"zh": "{year}年数据冲突（{lo} 至 {hi}）", "en": "conflicting reports for {year} ({lo} to {hi})"},
    "desc_trend": {"zh": "按趋势 {year}年 {value}。", "en": "The trend reaches {value} in {year}."},
    "desc_axis": {"zh": "纵轴 {lo} 至 {hi}。", "en": "The axis runs from {lo} to {hi}."},
    "list_sep": {"zh": "，", "en": ", "},
    "clause_sep": {"zh": "；", "en": "; "},
    "mermaid_bars": {
        "zh": "蓝柱：实际值（无柱 = 该年无数据）",
        "en": "blue bars: reported (no bar: no figure that year)",
    },
    "mermaid_bars_total": {
        "zh": "蓝柱：累计实际值（无柱 = 该年无数据）",
        "en": "blue bars: running total reported (no bar: no figure that year)",
    },
    "mermaid_goal": {"zh": "绿线：{text}", "en": "green line: {text}"},
    "mermaid_path": {
        "zh": "灰线：匀速路径（基期到目标）",
        "en": "grey line: the straight path from the baseline to the goal",
    },
    "mermaid_trend": {"zh": "粉线：{text}", "en": "pink line: {text}"},
    "mermaid_trend_off": {"zh": "{text}（超出纵轴，未画）", "en": "{text} (off the axis, not drawn)"},
    "mermaid_drawn_at": {"zh": "{year}年 {label} 画在 {value}", "en": "{year}: {label} drawn at {value}"},
    "mermaid_conflict": {
        "zh": "{year}年数据冲突（{lo} 至 {hi}），未画",
        "en": "{year}: conflicting reports ({lo} to {hi}), not drawn",
    },
    "mermaid_legend": {"zh": "图例：{items}。", "en": "Legend: {items}."},
}


def word(key: str, lang: Lang, **fields: Any) -> str:
    return WORDS[key][lang].format(**fields)

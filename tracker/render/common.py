"""Formatting shared by the renderers: numbers, figures with qualifiers, targets, bars."""

from __future__ import annotations

import math

from tracker.i18n import Lang
from tracker.models import Indicator, Kind
from tracker.numbers import canonical_number
from tracker.results import Figure, TargetResult

BAR_WIDTH = 10
_PREFIX_WORDS = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "超过",
    "多于",
    "将近",
    "接近",
    "高于",
    "低于",
    "不足",
    "不满",
    "少于",
    "大约",
    "超",
    "逾",
    "近",
    "约",
    "等于",
)
_SYMBOLS = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "~", "near": "<", "plus": ">"}
_ZH_WORDS = {">=": "以上", ">": "超", "<=": "以下", "<": "不足", "~": "约", "near": "近", "plus": "余"}
_OP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "~": "≈"}


def number(value: float | None, unit: str = "") -> str:
    """A number as people write it: 95, 10.8, 1,030,000; '%' for percent units."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{int(round(value)):,}" if abs(value) >= 10_000 and value == round(value) else canonical_number(value)
    return text + ("%" if unit == "percent" else "")


def figure(fig: Figure, unit: str) -> str:
    """A figure with its qualifier as written: 超92%, 99%以上, 近1000, 15,000余, ≥92%."""
    text = number(fig.value, unit)
    written = fig.written
    if written and not written.isascii():
        return f"{written}{text}" if written.startswith(_PREFIX_WORDS) else f"{text}{written}"
    if fig.qualifier == "mixed":
        return f"≈{text}"
    symbol = _SYMBOLS.get(fig.qualifier, "")
    if fig.qualifier == "plus":
        return f"{text}+"
    return f"{symbol}{text}"


def figure_with_year(fig: Figure | None, unit: str) -> str:
    return "-" if fig is None else f"{figure(fig, unit)} ({fig.year_text})"


def goal(result: TargetResult, unit: str, lang: Lang) -> str:
    """The target as a reader says it: '≥95% by 2025', 'done by 2022', '≈10.8 by 2025'."""
    if result.kind is Kind.MILESTONE:
        what = "完成" if lang == "zh" else "done"
    else:
        op = _OP_TEXT.get(result.op or "", "")
        what = f"{op}{number(result.target_value, unit)}"
        if result.kind is Kind.CHANGE:
            what = ("变化" if lang == "zh" else "change ") + what
        elif result.kind is Kind.CUMULATIVE:
            what = ("累计" if lang == "zh" else "total ") + what
        elif result.kind is Kind.MAINTAIN:
            what = ("保持" if lang == "zh" else "keep ") + what
    return f"{result.by}年{what}" if lang == "zh" else f"{what} by {result.by}"


def baseline(result: TargetResult, unit: str) -> str:
    if result.baseline_year is None:
        return "-"
    return f"{number(result.baseline_value, unit)} ({result.baseline_year})"


def bar(progress: float | None, ascii_only: bool = False, width: int = BAR_WIDTH) -> str:
    """A progress bar of `width` cells; eighth blocks in Unicode, # and . in ASCII."""
    if progress is None or math.isnan(progress):
        return " " * width
    share = min(max(progress, 0.0), 1.0)
    if ascii_only:
        filled = round(share * width)
        return "#" * filled + "." * (width - filled)
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest].strip() if rest else ""
    return ("█" * full + partial).ljust(width, "░")


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def indicator_name(indicators: dict[str, Indicator], indicator_id: str, lang: Lang) -> str:
    entry = indicators.get(indicator_id)
    if entry is None:
        return indicator_id
    return entry.name if lang == "zh" else entry.name_en


def unit_of(indicators: dict[str, Indicator], indicator_id: str) -> str:
    entry = indicators.get(indicator_id)
    return entry.unit if entry else ""

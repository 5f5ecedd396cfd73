"""The axes of a target chart: years spaced by value, and a y axis that does not exaggerate.

The y-axis rule (docs/charts.md, "The y axis"):
- every value the chart must show is inside: the baseline, the goal, the straight path, every
  figure's finite ends (an open end runs to the edge), running totals;
- amounts (counts, money) start at zero, so a bar or distance from the bottom means what it says;
- rates span at least RATE_MIN_SPAN of their scale (20 points for percent) and at least twice
  the spread of the values shown, centred on them, kept inside 0..100 for percent when the
  values are, and start at zero when the range would start within half its span of zero.
  An axis that does not start at zero says so (`Axis.from_zero` is False; writers label it).
Ends are rounded outward to a tick step of 1, 2, 2.5 or 5 times a power of ten.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tracker.charts.inputs import Scale

RATE_MIN_SPAN = 0.2  # of 100 points for percent, of the largest magnitude for other rates
MAX_TICKS = 6
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
MAX_YEAR_LABELS = 12


@dataclass(frozen=True)
class Axis:
    """An axis from `lo` to `hi` (data units) with labelled ticks."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    from_zero: bool = True

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi


def nice_step(span: float, most: int = MAX_TICKS) -> float:
    """The smallest step of 1, 2, 2.5 or 5 times a power of ten that cuts `span` into at most `most` parts."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    power = 10.0 ** math.floor(math.log10(span / most))
    for factor in _STEPS:
        step = factor * power
        if span / step <= most + 1e-9:
            return step
    return 10 * power  # pragma: no cover - 10 always fits


def _snap(lo: float, hi: float) -> tuple[float, float, float]:
    step = nice_step(hi - lo)
    bottom = math.floor(round(lo / step, 9)) * step
    top = math.ceil(round(hi / step, 9)) * step
    while (top - bottom) / step > MAX_TICKS + 1e-9:  # snapping outward can add a part
        step = nice_step(top - bottom)
        bottom, top = math.floor(round(lo / step, 9)) * step, math.ceil(round(hi / step, 9)) * step
    return bottom, top, step


def value_range(values: Iterable[float], scale: Scale) -> tuple[float, float, bool]:
    """(lo, hi, starts at zero) of the y axis for `values` (finite), before rounding to ticks."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return 0.0, 1.0, True
    low, high = min(finite), max(finite)
    if scale is Scale.AMOUNT:
        bottom = min(low, 0.0)
        top = max(high, 0.0)
        return bottom, top if top > bottom else bottom + 1.0, True
    full = 100.0 if scale is Scale.PERCENT else max(abs(low), abs(high)) or 1.0
    span = max(2 * (high - low), RATE_MIN_SPAN * full)
    centre = (low + high) / 2
    bottom, top = centre - span / 2, centre + span / 2
    if scale is Scale.PERCENT and high <= 100 and top > 100:
        bottom, top = bottom - (top - 100), 100.0
    if low >= 0 and bottom < span / 2:
        bottom = 0.0
    return bottom, top, bottom <= 0 <= top


def y_axis(values: Iterable[float], scale: Scale, label: Callable[[float], str]) -> Axis:
    """The y axis for `values` under the rule above, with ticks labelled by `label`."""
    lo, hi, _ = value_range(values, scale)
    bottom, top, step = _snap(lo, hi)
    count = round((top - bottom) / step)
    ticks = tuple(_clean(bottom + i * step) for i in range(count + 1))
    return Axis(bottom, top, ticks, tuple(label(t) for t in ticks), from_zero=bottom <= 0 <= top)


def _clean(value: float) -> float:
    """A tick without float noise (0.1 * 3 is 0.30000000000000004)."""
    return round(value, 9) + 0.0


def year_axis(first: int, last: int) -> Axis:
    """Years on a value scale from half a year before `first` to half a year after `last`.

    Every year is a tick, so a year without a figure is a visible gap; labels thin out to
    every 2nd or 5th year past MAX_YEAR_LABELS years.
    """
    years = range(first, last + 1)
    every = 1 if len(years) <= MAX_YEAR_LABELS else 2 if len(years) <= 2 * MAX_YEAR_LABELS else 5
    ticks = tuple(float(y) for y in years)
    labels = tuple(str(y) if (y - first) % every == 0 else "" for y in years)
    return Axis(first - 0.5, last + 0.5, ticks, labels)

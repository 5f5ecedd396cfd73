"""The bands of R, the one place they are defined: for whole arrays, for one R, and for R as shown.

R is the share of the task done over the share of the time gone (README, "Status rules").
Each edge is the lowest R of its band, as written: in exact arithmetic a Fraction (0.95 is
19/20, which no float is). The engine judges with `band` over arrays, explain names the band
of one R (`band_of`, `band_text`), and every renderer shows R rounded toward its band
(`shown_ratio`), so that a printed R never contradicts its status.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from tracker.models import Status

STATUS_ORDER = tuple(Status)  # statuses as positions (the engine's arrays and the counts)
_POSITION = {status: i for i, status in enumerate(STATUS_ORDER)}
# Statuses from worst to best, for lists ranked by how far behind a target is (`compare`, the
# summary report): the judged ones from missed to achieved, then those without a judgement
# (pending, indeterminate, no data), which say nothing of progress, in their canonical order.
WORST_FIRST = (
    Status.MISSED,
    Status.REGRESSING,
    Status.OFF_TRACK,
    Status.BEHIND,
    Status.ON_TRACK,
    Status.ACHIEVED,
    Status.PENDING,
    Status.INDETERMINATE,
    Status.NO_DATA,
)
WORST_RANK = {status: i for i, status in enumerate(WORST_FIRST)}

ON_TRACK_AT = 0.95
BEHIND_AT = 0.5
OFF_TRACK_AT = -0.1
BAND_EDGES = ((ON_TRACK_AT, Status.ON_TRACK), (BEHIND_AT, Status.BEHIND), (OFF_TRACK_AT, Status.OFF_TRACK))
BELOW_EVERY_BAND = Status.REGRESSING
NO_BAND = -1  # band() of an undefined ratio
DECIMALS = 9  # R is shown from its value rounded to this many decimals (`shown_ratio`)


def band(ratio: np.ndarray, open_above: np.ndarray | None = None) -> np.ndarray:
    """The status band of each R as a position in STATUS_ORDER; NaN gives NO_BAND.

    Floats or exact numbers (`tracker.noise.exact`): the engine decides exactly every R
    that floats cannot place for sure. `open_above`: R is the upper end of an interval
    that excludes it, so an R exactly on a band's lower edge (0.95) stands for the values
    just below it (behind).
    """
    exact = ratio.dtype == object
    edges = [Fraction(repr(edge)) if exact else edge for edge, _ in BAND_EDGES]
    with np.errstate(invalid="ignore"):
        below: np.ndarray = np.zeros(len(ratio), dtype=bool)
        if open_above is not None:
            below = open_above & np.isin(ratio, edges) if not exact else open_above & _equal_any(ratio, edges)
        conditions = [np.asarray(ratio != ratio, dtype=bool)]  # NaN
        for edge in edges:
            on = np.asarray(ratio >= edge, dtype=bool)
            conditions.append(on & ~(below & np.asarray(ratio == edge, dtype=bool)))
        found: np.ndarray = np.select(
            conditions,
            [NO_BAND, *(_POSITION[status] for _, status in BAND_EDGES)],
            default=_POSITION[BELOW_EVERY_BAND],
        )
    return found


def _equal_any(values: np.ndarray, edges: list[Any]) -> np.ndarray:
    found: np.ndarray = np.zeros(len(values), dtype=bool)
    for edge in edges:
        found |= np.asarray(values == edge, dtype=bool)
    return found


def band_of(ratio: float) -> Status:
    """The status band of one ratio R (the same table as `band`, read for one number)."""
    return next((status for edge, status in BAND_EDGES if ratio >= edge), BELOW_EVERY_BAND)


def band_text(status: Status) -> str:
    """The band of a status as a range of R: 'R >= 0.95', '0.5 <= R < 0.95', 'R < -0.1'."""
    for i, (edge, banded) in enumerate(BAND_EDGES):
        if banded is status:
            return f"R >= {edge:g}" if i == 0 else f"{edge:g} <= R < {BAND_EDGES[i - 1][0]:g}"
    return f"R < {BAND_EDGES[-1][0]:g}"


def shown_ratio(value: float, decimals: int) -> Decimal:
    """R rounded to `decimals` toward its band, so that it never contradicts it.

    The band edges (0.95, 0.5, -0.1) are inclusive lower bounds with two decimals, so
    plain rounding can only go wrong by rounding up onto an edge: 0.9496 would print 0.95
    next to `behind`. Then R is cut instead (0.94). R is first rounded to DECIMALS (9)
    decimals, so that the float of an R such as 0.12345 (a tie) rounds as the number does.
    The engine gives an R on a band's edge as that edge exactly (it judges such targets in
    exact arithmetic), so 0.95 is on track and 0.9499999999999998 is behind, shown 0.94.
    """
    step = Decimal(1).scaleb(-decimals)
    shown = Decimal(repr(round(value, DECIMALS))).quantize(step, rounding=ROUND_HALF_EVEN)
    if band_of(float(shown)) is not band_of(value):
        shown = Decimal(repr(value)).quantize(step, rounding=ROUND_FLOOR)
    return shown + 0  # + 0: never "-0.00"

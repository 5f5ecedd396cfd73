"""Comparisons of figures, for every place that judges or merges them: quick in floats, exact when asked.

Figures are read into floats, and float arithmetic leaves noise: 12345678.1 + 0.2 is
12345678.299999999, 87.6 + 0.05 is 87.64999999999999. The float comparisons here ignore
differences below half of 1e-9 or 1e-12 of the larger number; and the engine does not let
them decide: a target whose figures lie that close to its goal (`eq`) is judged again in
exact arithmetic (`exact`), where these functions compare exactly.

`exact` reads a float back as the number that was written: figures, targets and baselines
are decimals of at most 15 significant digits, which a float holds without loss, and the
few steps the loader takes from them (an interval's ends, v - step/2, 0.9v) stay well
inside that precision.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

ABSOLUTE_NOISE = 5e-10
RELATIVE_NOISE = 1e-12
SIGNIFICANT_DIGITS = 15  # what a figure, a target or a baseline is exact to


def is_exact(a: np.ndarray) -> bool:
    """Whether `a` holds exact numbers (Fractions, as `exact` makes them) rather than floats."""
    return a.dtype == object


def exact(values: np.ndarray) -> np.ndarray:
    """Floats as the decimals they were written as (Fractions); NaN and infinities stay floats."""
    numbers: np.ndarray = np.array([_exact_number(value) for value in values.tolist()], dtype=object)
    return numbers


def _exact_number(value: Any) -> Any:
    if isinstance(value, Fraction) or not math.isfinite(value):
        return value
    return Fraction(Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}"))


def noise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How far apart a and b may be and still be the same number as written (0 for exact numbers)."""
    if is_exact(a) or is_exact(b):
        zeros: np.ndarray = np.zeros(np.broadcast(a, b).shape)
        return zeros
    with np.errstate(invalid="ignore"):
        larger = np.maximum(np.abs(a), np.abs(b))
    tolerance: np.ndarray = ABSOLUTE_NOISE + RELATIVE_NOISE * np.where(np.isfinite(larger), larger, 0)
    return tolerance


def ge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a >= b, float noise aside."""
    with np.errstate(invalid="ignore"):
        if is_exact(a) or is_exact(b):
            return _bools(a >= b)
        found: np.ndarray = a - b >= -noise(a, b)
    return found


def gt(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a > b, float noise aside."""
    with np.errstate(invalid="ignore"):
        if is_exact(a) or is_exact(b):
            return _bools(a > b)
        found: np.ndarray = a - b > noise(a, b)
    return found


def eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a == b, float noise aside: in floats, also 'too close to call' (then `exact` decides)."""
    with np.errstate(invalid="ignore"):
        if is_exact(a) or is_exact(b):
            return _bools(a == b)
        found: np.ndarray = np.abs(a - b) <= noise(a, b)
    return found


def missing(a: np.ndarray) -> np.ndarray:
    """Where `a` has no number (NaN), for floats and exact numbers alike."""
    with np.errstate(invalid="ignore"):
        return _bools(a != a)  # NaN is the only value unequal to itself


def finite(a: np.ndarray) -> np.ndarray:
    """Where `a` is a finite number, for floats and exact numbers alike."""
    if not is_exact(a):
        return _bools(np.isfinite(a))
    return _bools(np.array([isinstance(v, Fraction) or math.isfinite(v) for v in a.tolist()]))


def _bools(values: Any) -> np.ndarray:
    """A comparison's result as a bool array (comparisons of exact numbers give object arrays)."""
    found: np.ndarray = np.asarray(values, dtype=bool)
    return found

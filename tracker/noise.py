"""Comparisons of figures that ignore float noise, for every place that judges or merges them.

Differences this small are float noise, not a difference between numbers as written: half
of 1e-9, or 1e-12 of the larger number (a sum of figures of ten million carries noise in
its ninth decimal: 12345678.1 + 0.2 is 12345678.299999999; 87.6 + 0.05 is 87.64999999999999).
"""

from __future__ import annotations

import numpy as np

ABSOLUTE_NOISE = 5e-10
RELATIVE_NOISE = 1e-12


def noise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How far apart a and b may be and still be the same number as written."""
    with np.errstate(invalid="ignore"):
        larger = np.maximum(np.abs(a), np.abs(b))
    tolerance: np.ndarray = ABSOLUTE_NOISE + RELATIVE_NOISE * np.where(np.isfinite(larger), larger, 0)
    return tolerance


def ge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a >= b, float noise aside."""
    with np.errstate(invalid="ignore"):
        found: np.ndarray = a - b >= -noise(a, b)
    return found


def gt(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a > b, float noise aside."""
    with np.errstate(invalid="ignore"):
        found: np.ndarray = a - b > noise(a, b)
    return found


def eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a == b, float noise aside."""
    with np.errstate(invalid="ignore"):
        found: np.ndarray = np.abs(a - b) <= noise(a, b)
    return found

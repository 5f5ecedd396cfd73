"""The input formats as pydantic models: the shape of indicators.yaml and plans/*.yaml.

These models check shape only (keys, types). Rules that need more than one field or more
than one file (a deadline inside the period, a known indicator) live in `tracker.plans`.
`tracker schema` prints the JSON Schema generated from them.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tracker.kinds import KIND_IDS

PLAN_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
INDICATOR_ID_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
YEAR_RANGE = (1900, 2200)
PlanId = Annotated[str, StringConstraints(pattern=PLAN_ID_PATTERN)]
IndicatorId = Annotated[str, StringConstraints(pattern=INDICATOR_ID_PATTERN)]
Year = Annotated[int, Field(ge=YEAR_RANGE[0], le=YEAR_RANGE[1])]


class Status(enum.StrEnum):
    """A target's status. The ids are a public contract (JSON, --fail-on)."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OFF_TRACK = "off_track"
    REGRESSING = "regressing"
    MISSED = "missed"
    PENDING = "pending"
    INDETERMINATE = "indeterminate"
    NO_DATA = "no_data"


if TYPE_CHECKING:

    class Kind(enum.StrEnum):
        """How a target is judged (see README, "Status rules")."""

else:  # one member per registered kind, in their order (tracker/kinds/__init__.py), such as Kind("level")
    Kind = enum.StrEnum("Kind", [(kind.upper(), kind) for kind in KIND_IDS], module=__name__, qualname="Kind")
    Kind.__doc__ = """How a target is judged (see README, "Status rules")."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One entry of the indicator catalog."""

    name: str
    name_en: str
    unit: str
    # higher or lower: which way is progress; none: a measure to keep near a value (a ratio
    # to hold at 1, a share to hold steady), where only `~` and `==` targets make sense.
    better: Literal["higher", "lower", "none"]
    aliases: list[str] = Field(default_factory=list)
    note: str | None = None


class Catalog(_Strict):
    """indicators.yaml: every indicator plans and actuals may name."""

    indicators: dict[IndicatorId, Indicator]


class Period(_Strict):
    start: Year
    end: Year


class Baseline(_Strict):
    """Where a target starts from; a missing value is read from the actuals for that year."""

    year: Year
    value: float | None = None


class CheckPolicy(_Strict):
    """Per-plan override of which statuses make `tracker check` fail."""

    fail_on: list[Status]


class Target(_Strict):
    """One target of a plan, as written in plans/*.yaml."""

    id: PlanId
    indicator: str
    kind: Kind = Kind("level")
    target: str | float | None = None
    by: Year | None = None
    baseline: Baseline | None = None
    binding: bool = False
    quote: str | None = None
    note: str | None = None
    unit: str | None = None


class ParentDifference(_Strict):
    """A known, deliberate difference from the plan above on one indicator: its TRK220
    (less ambitious than the plan above) is printed as a note with this reason
    (docs/hierarchy.md)."""

    indicator: str
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Plan(_Strict):
    """One plan of one region: plans/<id>.yaml."""

    id: PlanId
    title: str
    title_en: str | None = None
    region: str
    region_code: str | None = None
    # Other names the actuals use for this region (集安 for 集安市): rows under them count for it.
    region_aliases: list[str] = Field(default_factory=list)
    level: Literal["national", "province", "prefecture", "county"] | None = None
    # The plan this one carries out (规划衔接: a county's under its province's): docs/hierarchy.md.
    parent: PlanId | None = None
    parent_differences: list[ParentDifference] = Field(default_factory=list)
    period: Period
    source: dict[str, Any] | None = None
    check: CheckPolicy | None = None
    note: str | None = None
    targets: list[Target] = Field(default_factory=list)

"""Hand-made chart inputs covering every rule, for the golden files, the browser page and looking.

The national preschool series is the bundled data's (bulletins 2021-2024, baseline 85.2 in
2020); its trend is the least-squares line by hand: x̄ = 2022, ȳ = 89.22, Sxy = 16.6,
Sxx = 10, slope 1.66, at 2025 89.22 + 3 x 1.66 = 94.2. The others are made up.
"""

from __future__ import annotations

import math

from tracker.charts.inputs import Better, ChartFigure, ChartGoal, ChartInput, ChartTrend, Scale
from tracker.models import Kind

INF = math.inf


def exact(year: int, value: float) -> ChartFigure:
    return ChartFigure(year, value, value, value)


NATIONAL_PRESCHOOL = ChartInput(
    indicator="学前教育毛入园率",
    unit="%",
    scale=Scale.PERCENT,
    kind=Kind.LEVEL,
    figures=(exact(2021, 88.1), exact(2022, 89.7), exact(2023, 91.1), exact(2024, 92.0)),
    goal=ChartGoal(">=", 90, 2025, "2025年≥90%"),
    as_of=2025,
    period_start=2021,
    baseline=(2020, 85.2),
    trend=ChartTrend(2020, 1.66, 94.2),
)

NATIONAL_PRESCHOOL_EN = ChartInput(
    indicator="Preschool gross enrolment rate",
    unit="%",
    scale=Scale.PERCENT,
    kind=Kind.LEVEL,
    figures=NATIONAL_PRESCHOOL.figures,
    goal=ChartGoal(">=", 90, 2025, "≥90% by 2025"),
    as_of=2025,
    period_start=2021,
    baseline=(2020, 85.2),
    trend=ChartTrend(2020, 1.66, 94.2),
    lang="en",
)

# A county: figures only for 2022 (超88%), 2023 (two reports that disagree: 86.5 and 91)
# and 2024 (近90%: [81, 90)); no 2021 figure. Evaluated in 2024, before the 2025 deadline.
COUNTY_QUALIFIED = ChartInput(
    indicator="学前教育毛入园率",
    unit="%",
    scale=Scale.PERCENT,
    kind=Kind.LEVEL,
    figures=(
        ChartFigure(2022, 88, 88, INF, ">", "超88%", lo_open=True),
        ChartFigure(2023, 91, 91, 86.5, conflict=True),
        ChartFigure(2024, 90, 81, 90, "near", "近90%", hi_open=True),
    ),
    goal=ChartGoal(">=", 95, 2025, "2025年≥95%"),
    as_of=2024,
    period_start=2021,
    baseline=(2020, 80.0),
)

# Evaluated early (2022): the one figure is far below a goal three years off.
EARLY_FAR_GOAL = ChartInput(
    indicator="高中阶段教育毛入学率",
    unit="%",
    scale=Scale.PERCENT,
    kind=Kind.LEVEL,
    figures=(exact(2021, 82.0), exact(2022, 83.5)),
    goal=ChartGoal(">=", 95, 2025, "2025年≥95%"),
    as_of=2022,
    period_start=2021,
    baseline=(2020, 81.0),
    trend=ChartTrend(2020, 1.25, 87.33),
)

# A count to bring down (大班额 classes), with a gap in 2022 and 约 figures.
LARGE_CLASSES = ChartInput(
    indicator="56人以上大班额班级数",
    unit="个",
    scale=Scale.AMOUNT,
    kind=Kind.LEVEL,
    figures=(exact(2021, 96), ChartFigure(2023, 40, 35, 45, "~", "约40个"), exact(2024, 22)),
    goal=ChartGoal("<=", 10, 2025, "2025年≤10个"),
    as_of=2024,
    period_start=2021,
    baseline=(2020, 120.0),
    better=Better.LOWER,
)

# New kindergarten places to build, 6,000 over 2021-2025: yearly flows, a 2023-2024 span
# and a 1.5千余 figure ((1500, 1600)); the chart shows running totals from 0 in 2020.
NEW_PLACES = ChartInput(
    indicator="新增公办幼儿园学位",
    unit="个",
    scale=Scale.AMOUNT,
    kind=Kind.CUMULATIVE,
    figures=(
        exact(2021, 1200),
        ChartFigure(2022, 1500, 1500, 1600, "plus", "1500余个", lo_open=True, hi_open=True),
        ChartFigure(2024, 2500, 2500, 2500, year_start=2023),
    ),
    goal=ChartGoal(">=", 6000, 2025, "2021-2025年累计≥6,000个"),
    as_of=2024,
    period_start=2021,
    trend=ChartTrend(2020, 1311.43, 6460.0),
)

# Keep the consolidation rate at or above 95% every year.
MAINTAIN_RATE = ChartInput(
    indicator="九年义务教育巩固率",
    unit="%",
    scale=Scale.PERCENT,
    kind=Kind.MAINTAIN,
    figures=(exact(2021, 96.0), exact(2022, 95.5), exact(2023, 94.8), exact(2024, 95.2)),
    goal=ChartGoal(">=", 95, 2025, "保持≥95%"),
    as_of=2024,
    period_start=2021,
)

# Bring myopia down 5 points from 52.7% (2020): the goal sits at 47.7%.
MYOPIA_CHANGE = ChartInput(
    indicator="儿童青少年总体近视率",
    unit="%",
    scale=Scale.PERCENT,
    kind=Kind.CHANGE,
    figures=(exact(2021, 52.6), exact(2022, 51.9), exact(2024, 50.1)),
    goal=ChartGoal("<=", -5, 2025, "2025年较2020年下降5个百分点"),
    as_of=2024,
    period_start=2021,
    baseline=(2020, 52.7),
    better=Better.LOWER,
)

SAMPLES: dict[str, ChartInput] = {
    "national-preschool": NATIONAL_PRESCHOOL,
    "national-preschool-en": NATIONAL_PRESCHOOL_EN,
    "county-qualified": COUNTY_QUALIFIED,
    "early-far-goal": EARLY_FAR_GOAL,
    "large-classes": LARGE_CLASSES,
    "new-places": NEW_PLACES,
    "maintain-rate": MAINTAIN_RATE,
    "myopia-change": MYOPIA_CHANGE,
}

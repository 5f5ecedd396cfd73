"""Data sets built in memory, for the engine tests: no YAML or CSV file is written.

    data = Data().plan({"id": "t", "indicator": P, "target": ">= 100", "baseline": {"year": 2020, "value": 80}})
    data.rows(("示例县", P, 2022, 87.6), ("示例县", P, 2023, "约88"))
    evaluation = data.evaluate(2023)

A plan's targets are written as in a plan file (a dict per target, the plan's defaults for
what a target leaves out) and made into what the plan reader makes of a valid plan
(`TargetSpec`: the target parsed by `plans.parse_target`, the indicator read by the catalog);
a kind registered while the process runs (`tracker.kinds.register`) may be named too. The
figures are CSV text in memory, read by the actuals reader itself (`csvfiles.read_csv_bytes`,
`actuals.rows_of`, `actuals.merge_actuals`), so qualifiers, spans, region codes and conflicts
are read exactly as from a file. The data set is put together by `dataroot.data_set`, as a
data root's is; errors raise TrackerError, as `load_data_root` does.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from helpers import HEADER, INDICATORS

from tracker import kinds
from tracker.actuals import merge_actuals, rows_of
from tracker.csvfiles import read_csv_bytes
from tracker.dataroot import DataSet, data_set, indicator_lookup, other_names
from tracker.engine import evaluate
from tracker.errors import Problem, TrackerError
from tracker.models import Catalog, Plan
from tracker.plans import IndicatorIndex, PlanSpec, TargetSpec, parse_target
from tracker.results import Evaluation, TargetResult

ACTUALS_LABEL = "actuals/data.csv"


class Data:
    """A catalog, plans and figures, gathered in memory (see the module)."""

    def __init__(self, indicators: dict[str, dict[str, Any]] | None = None) -> None:
        self.index = IndicatorIndex(Catalog.model_validate({"indicators": indicators or INDICATORS}))
        self.plans: list[PlanSpec] = []
        self.figures: list[tuple[Any, ...]] = []

    def plan(
        self,
        *targets: dict[str, Any],
        id: str = "demo",
        region: str = "示例县",
        region_code: str | None = "999999",
        period: tuple[int, int] = (2021, 2025),
        **header: Any,
    ) -> Data:
        """Add a plan of `targets` (the test county's by default, 2021-2025)."""
        fields = {"id": id, "title": header.pop("title", f"{region}规划"), "region": region, "region_code": region_code}
        model = Plan.model_validate({**fields, "period": {"start": period[0], "end": period[1]}, **header})
        specs = tuple(self._spec(model, line, target) for line, target in enumerate(targets, start=1))
        self.plans.append(PlanSpec(model, f"plans/{id}.yaml", specs, target_count=len(specs)))
        return self

    def _spec(self, plan: Plan, line: int, target: dict[str, Any]) -> TargetSpec:
        """What the plan reader makes of a valid target (its line: its position in the plan)."""
        kind = target.get("kind", "level")
        kinds.rule(kind)  # a kind that is not registered is a mistake in the test
        indicator = self.index.resolve_usable(target["indicator"])
        assert indicator is not None, f"unknown indicator {target['indicator']}"
        better = self.index[indicator].better
        written = target.get("target")
        op = value = step = None
        if written is not None:
            parsed = parse_target(written, better)
            assert parsed is not None, f"not a target: {written!r}"
            op, value, step = parsed
        baseline = target.get("baseline") or {}
        return TargetSpec(
            plan_id=plan.id,
            id=target["id"],
            indicator=indicator,
            kind=kind,
            op=op,
            value=value,
            step=step,
            text="" if written is None else str(written),
            by=target.get("by", plan.period.end),
            baseline_year=baseline.get("year"),
            baseline_value=baseline.get("value"),
            binding=target.get("binding", False),
            quote=target.get("quote", ""),
            line=line,
            better=better,
        )

    def rows(self, *rows: tuple[Any, ...]) -> Data:
        """Add figures: (region, indicator, year, value[, qualifier[, source[, quote[, note]]]])."""
        self.figures += rows
        return self

    def dataset(self) -> DataSet:
        """The data set, read as a data root's is; TrackerError on any error."""
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows([*row, *[""] * (len(HEADER) - len(row))] for row in self.figures)
        cells, problems = read_csv_bytes(text.getvalue().encode("utf-8"), ACTUALS_LABEL)
        read, found = rows_of([cells] if len(cells) else [], indicator_lookup(self.index))
        actuals, merged = merge_actuals(read, other_names(self.plans))
        dataset, joined = data_set(Path("memory"), self.index, self.plans, actuals)
        dataset.problems = sorted([*problems, *found, *merged, *joined])
        errors: list[Problem] = [p for p in dataset.problems if p.is_error]
        if errors:
            raise TrackerError(errors)
        return dataset

    def evaluate(self, as_of: int) -> Evaluation:
        return evaluate(self.dataset(), as_of)

    def result(self, as_of: int) -> TargetResult:
        """The result of the one target there is."""
        (found,) = self.evaluate(as_of).targets
        return found

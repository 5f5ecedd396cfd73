"""`tracker validate`: read a whole data root and list every problem, sorted, with a count.

The same loader as every other command (`read_data_root`), so `validate` finds exactly
what `status`, `report` and `check` would refuse - but all of it in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.errors import Problem
from tracker.exitcodes import ExitCode


@dataclass(frozen=True)
class Validation:
    """Every problem of a data root, and what was read."""

    problems: list[Problem]
    plans: int
    targets: int
    rows: int
    empty: int = 0  # rows of collection forms and cells of wide tables without a figure

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.is_warning for p in self.problems)

    def exit_code(self, strict: bool) -> ExitCode:
        """BAD_INPUT with errors, WARNINGS with warnings under --strict, else OK; notes
        (warnings the data acknowledges) never change it."""
        if self.errors:
            return ExitCode.BAD_INPUT
        return ExitCode.WARNINGS if strict and self.warnings else ExitCode.OK

    def summary(self) -> str:
        """The count line printed after the problems."""
        from tracker.dataroot import problem_count_line

        read = f"{self.plans} plan{'s' * (self.plans != 1)}, {self.targets} target{'s' * (self.targets != 1)}"
        read += f", {self.rows} actual row{'s' * (self.rows != 1)}"
        if self.empty:
            read += f", {self.empty} left empty"
        return f"{read}: {problem_count_line(self.problems)}"


def validate_root(root: Path) -> Validation:
    """Read `root` and collect every problem, sorted by file, line and column."""
    from tracker.dataroot import read_data_root

    dataset, problems = read_data_root(root)
    if dataset is None:
        return Validation(sorted(problems), 0, 0, 0)
    targets = sum(plan.target_count for plan in dataset.plans)
    return Validation(sorted(problems), len(dataset.plans), targets, len(dataset.actuals), dataset.actuals.empty)

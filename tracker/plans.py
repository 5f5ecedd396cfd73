"""Loading the indicator catalog and plan files: shape via pydantic, then the rules
that span fields and files. Every problem comes back with its file and line."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tracker.errors import Problem, TrackerError, problem, suggestion
from tracker.models import Catalog, Indicator, Kind, Plan
from tracker.numbers import ValueGrammarError, parse_value
from tracker.textfiles import read_text
from tracker.yamlsource import YamlDocument, load_yaml

_TARGET = re.compile(r"^\s*(>=|<=|==|>|<|~|≥|≤|=)?\s*(.+?)\s*$")
_OPERATORS = {"≥": ">=", "≤": "<=", "=": "=="}
NEEDS_BASELINE = {Kind.LEVEL, Kind.CHANGE}


@dataclass(frozen=True)
class TargetSpec:
    """A target ready for the engine: its operator and number read, its deadline filled."""

    plan_id: str
    id: str
    indicator: str
    kind: Kind
    op: str | None
    value: float | None
    step: float | None
    text: str
    by: int
    baseline_year: int | None
    baseline_value: float | None
    binding: bool
    quote: str
    line: int

    @property
    def key(self) -> str:
        return f"{self.plan_id}/{self.id}"


@dataclass(frozen=True)
class PlanSpec:
    """A loaded plan: the model as written, its file, and its targets ready for the engine."""

    model: Plan
    file: str
    targets: tuple[TargetSpec, ...]

    @property
    def id(self) -> str:
        return self.model.id


class IndicatorIndex:
    """The catalog with lookups by id, Chinese name and alias."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_name: dict[str, str] = {}
        for indicator_id, entry in catalog.indicators.items():
            for name in (entry.name, *entry.aliases):
                self.by_name.setdefault(name, indicator_id)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.catalog.indicators[indicator_id]

    def resolve(self, name: str) -> str | None:
        """The indicator id for an id, a name or an alias; None when unknown."""
        if name in self.catalog.indicators:
            return name
        return self.by_name.get(name)

    def suggest(self, name: str) -> str:
        return suggestion(name, [*self.catalog.indicators, *self.by_name])


def validated(model: type[BaseModel], doc: YamlDocument) -> Any:
    """Validate a YAML document against a model; map pydantic's errors to catalog problems."""
    if not isinstance(doc.data, dict):
        got = "list" if isinstance(doc.data, list) else type(doc.data).__name__
        raise TrackerError([problem("TRK109", doc.file, 1, got=got)])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise TrackerError([_problem_of(error, doc, model) for error in exc.errors()]) from None


def _problem_of(error: Any, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    path = tuple(part for part in error["loc"] if not _is_union_tag(part))
    field = ".".join(str(part) for part in path) or "document"
    line = doc.line_of(path)
    kind = error["type"]
    if kind == "missing":
        return problem("TRK107", doc.file, doc.line_of(path[:-1]), field=field)
    if kind == "extra_forbidden":
        known = _known_keys(model, path[:-1])
        return problem("TRK106", doc.file, line, field=field, suggestion=suggestion(str(path[-1]), known))
    if path in doc.boolean_words:
        return problem("TRK104", doc.file, line, field=field, word=doc.boolean_words[path])
    if kind.endswith("_type") or kind in {"literal_error", "enum", "int_from_float", "bool_parsing"}:
        expected = error["msg"].removeprefix("Input should be ")
        got = type(error["input"]).__name__ if "input" in error else "nothing"
        return problem("TRK105", doc.file, line, field=field, expected=expected, got=got)
    return problem("TRK111", doc.file, line, field=field, reason=error["msg"])


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"str", "float", "int"})


def _known_keys(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The field names of the (sub)model at `path`, for 'did you mean' suggestions."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current is not None and hasattr(current, "model_fields") else []


def _model_in(annotation: Any) -> Any:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        inner = _model_in(candidate) if getattr(candidate, "__args__", None) else None
        if inner is not None:
            return inner
    return None


def load_catalog(path: Path, label: str) -> tuple[IndicatorIndex, list[Problem]]:
    """Read indicators.yaml; raise TrackerError when it cannot be used at all."""
    doc = load_yaml(read_text(path, label), label)
    catalog: Catalog = validated(Catalog, doc)
    index = IndicatorIndex(catalog)
    problems = []
    owner: dict[str, str] = {}
    for indicator_id, entry in catalog.indicators.items():
        for alias in dict.fromkeys((entry.name, *entry.aliases)):
            first = owner.setdefault(alias, indicator_id)
            if first != indicator_id:
                line = doc.line_of(("indicators", indicator_id))
                problems.append(problem("TRK211", label, line, alias=alias, first=first, second=indicator_id))
    return index, problems


def load_plan(path: Path, label: str, indicators: IndicatorIndex) -> tuple[PlanSpec | None, list[Problem]]:
    """Read one plan file: the PlanSpec (None if unusable) and every problem in it."""
    try:
        doc = load_yaml(read_text(path, label), label)
        plan: Plan = validated(Plan, doc)
    except TrackerError as exc:
        return None, exc.problems
    problems: list[Problem] = []
    if plan.id != path.stem:
        problems.append(problem("TRK212", label, doc.line_of(("id",)), plan=plan.id, stem=path.stem))
    seen: set[str] = set()
    specs = []
    for i, target in enumerate(plan.targets):
        line = doc.line_of(("targets", i))
        found = _check_target(plan, i, doc, indicators)
        if target.id in seen:
            found.append(problem("TRK202", label, line, target=target.id, plan=plan.id))
        seen.add(target.id)
        problems.extend(found)
        if not any(p.is_error for p in found):
            specs.append(_spec(plan, i, line, indicators))
    return PlanSpec(plan, label, tuple(specs)), problems


def _check_target(plan: Plan, i: int, doc: YamlDocument, indicators: IndicatorIndex) -> list[Problem]:
    target = plan.targets[i]
    file = doc.file

    def at(key: str) -> int:
        return doc.line_of(("targets", i, key))

    problems = []
    indicator_id = indicators.resolve(target.indicator)
    if indicator_id is None:
        problems.append(
            problem(
                "TRK203",
                file,
                at("indicator"),
                indicator=target.indicator,
                suggestion=indicators.suggest(target.indicator),
            )
        )
    elif target.unit is not None and target.unit != indicators[indicator_id].unit:
        problems.append(
            problem(
                "TRK209",
                file,
                at("unit"),
                unit=target.unit,
                indicator=indicator_id,
                expected=indicators[indicator_id].unit,
            )
        )
    if target.kind is Kind.MILESTONE:
        if target.target is not None:
            problems.append(problem("TRK208", file, at("target"), text=target.target))
    elif target.target is None:
        problems.append(problem("TRK210", file, at("id"), kind=target.kind.value))
    elif parse_target(target.target, "higher") is None:
        problems.append(problem("TRK204", file, at("target"), text=target.target))
    by = target.by if target.by is not None else plan.period.end
    if not plan.period.start <= by <= plan.period.end:
        problems.append(problem("TRK205", file, at("by"), by=by, start=plan.period.start, end=plan.period.end))
    if target.baseline is None and target.kind in NEEDS_BASELINE:
        problems.append(problem("TRK207", file, at("id"), kind=target.kind.value))
    if target.baseline is not None and target.baseline.year >= by:
        problems.append(
            problem("TRK206", file, doc.line_of(("targets", i, "baseline")), year=target.baseline.year, by=by)
        )
    return problems


@functools.lru_cache(maxsize=4096, typed=True)  # plans repeat target texts; typed: 95 and 95.0 differ
def parse_target(text: str | float, better: str) -> tuple[str, float, float] | None:
    """Operator, number and step of a target such as '>= 95', '~ 10.8' or a bare 95."""
    match = _TARGET.match(str(text))
    if match is None:
        return None
    op_text, number_text = match.groups()
    try:
        parsed = parse_value(number_text)
    except ValueGrammarError:
        return None
    if parsed.qualifier is not None:
        return None
    op = _OPERATORS.get(op_text, op_text) if op_text else (">=" if better == "higher" else "<=")
    return op, parsed.value, parsed.step


def _spec(plan: Plan, i: int, line: int, indicators: IndicatorIndex) -> TargetSpec:
    target = plan.targets[i]
    indicator_id = indicators.resolve(target.indicator)
    assert indicator_id is not None
    op = value = step = None
    if target.target is not None:
        parsed = parse_target(target.target, indicators[indicator_id].better)
        assert parsed is not None
        op, value, step = parsed
    baseline = target.baseline
    return TargetSpec(
        plan_id=plan.id,
        id=target.id,
        indicator=indicator_id,
        kind=target.kind,
        op=op,
        value=value,
        step=step,
        text="" if target.target is None else str(target.target),
        by=target.by if target.by is not None else plan.period.end,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        binding=target.binding,
        quote=target.quote or "",
        line=line,
    )


def duplicate_plan_ids(plans: Iterable[PlanSpec]) -> list[Problem]:
    """TRK201 for every plan whose id an earlier file already used."""
    first: dict[str, PlanSpec] = {}
    problems = []
    for spec in plans:
        other = first.setdefault(spec.id, spec)
        if other is not spec:
            problems.append(problem("TRK201", spec.file, 1, plan=spec.id, other=other.file))
    return problems

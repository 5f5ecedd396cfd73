"""Loading the indicator catalog and plan files: shape via pydantic, then the rules
that span fields and files. Every problem comes back with its file and line."""

from __future__ import annotations

import functools
import math
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ValidationError

from tracker import kinds
from tracker.errors import Problem, TrackerError, clip, fail, problem, suggestion
from tracker.identifiers import changed_meaningfully, identifier, shown
from tracker.limits import MAX_NUMBER_DIGITS, MAX_TARGETS_PER_PLAN, MAX_YAML_BYTES
from tracker.models import (
    INDICATOR_ID_PATTERN,
    PLAN_ID_PATTERN,
    YEAR_RANGE,
    Catalog,
    Indicator,
    Plan,
    Target,
)
from tracker.numbers import ValueGrammarError, canonical_number, parse_value, too_many_digits
from tracker.textfiles import read_text
from tracker.yamlsource import YamlDocument, load_yaml

_TARGET = re.compile(r"^\s*(>=|<=|==|>|<|~|≥|≤|=)?\s*(.+?)\s*$")
_OPERATORS = {"≥": ">=", "≤": "<=", "=": "=="}
OPS = ("", ">=", ">", "<=", "<", "==", "~")  # a target's comparison, as TargetColumns codes it ("": none)
_OP_CODE = {op: i for i, op in enumerate(OPS)} | {None: 0}


class TargetSpec(NamedTuple):
    """A target read and checked: its operator and number read, its deadline filled.

    What the engine judges (as a plan's `TargetColumns`) and a result tells about its target.
    A named tuple, not a model: a national plan set holds one per target, and the plan cache
    (`tracker.plancache`) pickles them all.
    """

    plan_id: str
    id: str
    indicator: str
    kind: str  # the kind's id (a `Kind`, or a kind registered while the process runs: `tracker.kinds`)
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
    better: str = "higher"  # the indicator's direction: how `~` reads (a floor, a ceiling, or both ends)

    @property
    def key(self) -> str:
        return f"{self.plan_id}/{self.id}"


# The numbers of a target the engine reads, in the order of TargetColumns.numbers's columns.
TARGET_NUMBERS = ("kind", "op", "value", "step", "by", "baseline_year", "baseline_value", "binding", "direction")
# `direction` codes the indicator's `better`: +1 higher, -1 lower, 0 none.
DIRECTIONS = {"higher": 1, "lower": -1, "none": 0}
# How `~ v` (about v) reads, by direction: a floor of v minus half a step where higher is
# better, a ceiling of v plus half a step where lower is better, both only without a
# direction (README, "Formats"): the one home of this rule, for the engine and the messages.
ABOUT_READS_AS = {1: ">=", -1: "<=", 0: "~"}


def reads_as(op: str | None, better: str) -> str | None:
    """The comparison a target's operator makes: `~` by the indicator's direction, others as written."""
    return ABOUT_READS_AS[DIRECTIONS[better]] if op == "~" else op


@dataclass(frozen=True)
class TargetColumns:
    """A plan's targets as arrays: what the engine reads of them.

    Built when the plan is loaded, so that the engine joins every plan's targets by
    concatenating the plans' arrays instead of reading one record per target.
    `numbers` has a row per target and a column per TARGET_NUMBERS field: kind and op as
    positions in `tracker.kinds.ids()` and OPS, binding as 1 or 0, direction as in DIRECTIONS, NaN for none
    (a milestone's value, a baseline without a year or value).
    """

    indicator: np.ndarray  # indicator ids (objects)
    numbers: np.ndarray

    @classmethod
    def of(cls, targets: tuple[TargetSpec, ...]) -> TargetColumns:
        kind_code = kinds.codes()
        numbers = [
            (
                kind_code[t.kind],
                _OP_CODE[t.op],
                t.value,
                t.step,
                t.by,
                t.baseline_year,
                t.baseline_value,
                t.binding,
                DIRECTIONS[t.better],
            )
            for t in targets
        ]
        return cls(
            indicator=np.array([t.indicator for t in targets], dtype=object),
            numbers=np.array(numbers, dtype=np.float64).reshape(len(targets), len(TARGET_NUMBERS)),  # None: NaN
        )


@dataclass(frozen=True)
class PlanSpec:
    """A loaded plan: the model as written, its file, and its targets ready for the engine.

    `model` is the plan's header without its targets (`model.targets` is empty): they are
    `targets`, read and checked. Keeping a pydantic model per target as well would add an
    object per target that nothing uses, and the plan cache (`tracker.plancache`) would
    spend most of its time rebuilding them. `target_count` is how many targets the file
    lists, those left out for their errors too.
    """

    model: Plan
    file: str
    targets: tuple[TargetSpec, ...]
    id_line: int = 1
    region_code_line: int = 1
    aliases_line: int = 1
    target_count: int = 0
    parent_line: int = 1
    difference_lines: tuple[int, ...] = ()  # the line of each `parent_differences` entry's indicator
    columns: TargetColumns = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", TargetColumns.of(self.targets))

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def identity(self) -> PlanIdentity:
        model = self.model
        return PlanIdentity(
            model.id,
            self.file,
            self.id_line,
            model.region,
            model.region_code,
            self.region_code_line,
            tuple(model.region_aliases),
            self.aliases_line,
        )


@dataclass(frozen=True)
class PlanIdentity:
    """What a plan is checked against the other plans by: its id and region keys, with their lines.

    Read also from a plan whose shape is wrong, so that a typo in one target does not hide
    that two files use the same plan id.
    """

    id: str
    file: str
    id_line: int
    region: str | None = None
    region_code: str | None = None
    region_code_line: int = 1
    region_aliases: tuple[str, ...] = ()
    aliases_line: int = 1


@dataclass(frozen=True)
class PlanFile:
    """One plan file read: the PlanSpec (None if unusable), its problems, and its identity
    (None when not even its id can be read)."""

    spec: PlanSpec | None
    problems: list[Problem]
    identity: PlanIdentity | None


class IndicatorIndex:
    """The catalog with lookups by id, Chinese name and alias.

    `unusable` maps the ids, names and aliases of entries the catalog lists but that have
    errors (reported by read_catalog) to their id: plans and rows naming them are not
    'unknown indicator' on top of the catalog's own error.
    """

    def __init__(self, catalog: Catalog, unusable: dict[str, str] | None = None) -> None:
        self.catalog = catalog
        self.by_name: dict[str, str] = {}  # names and aliases as the identifier rule reads them
        for indicator_id, entry in catalog.indicators.items():
            for name in (entry.name, *entry.aliases):
                self.by_name.setdefault(identifier(name), indicator_id)
        self.unusable: dict[str, str] = {identifier(name): i for name, i in (unusable or {}).items()}

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.catalog.indicators[indicator_id]

    def resolve(self, name: str) -> str | None:
        """The indicator id for an id, a name or an alias the catalog lists; None when unknown.

        The id may be that of an entry with errors, which is not in `catalog` (then the
        data root has an error and no command uses it): `resolve_usable` says which.
        """
        return self.resolve_usable(name) or self.unusable.get(identifier(name))

    def resolve_usable(self, name: str) -> str | None:
        """The id for an id, a name or an alias of a valid entry (read by the identifier rule); None otherwise."""
        if name in self.catalog.indicators:
            return name
        return self.by_name.get(identifier(name))

    def suggest(self, name: str) -> str:
        return suggestion(name, [*self.catalog.indicators, *self.by_name])


def validated(model: type[BaseModel], doc: YamlDocument) -> Any:
    """Validate a YAML document against a model; map pydantic's errors to catalog problems.

    Booleans where the model wants text or a number are refused first: pydantic would
    quietly read `target: yes` as 1.0 and `title: on` is surely not meant as True.
    """
    if not isinstance(doc.data, dict):
        raise TrackerError([problem("TRK109", doc.file, 1, got=_kind_of(doc.data))])
    problems = _misread_booleans(model, doc) + _misread_numbers(model, doc)
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        found = [_problem_of(error, doc, model) for error in _merged_union_errors(exc.errors())]
        problems.extend(p for p in found if p is not None)
        if not problems:  # pragma: no cover - every error dropped above has a TRK113 of its own
            problems.append(problem("TRK111", doc.file, 1, field="document", reason=clip(str(exc))))
    if problems:
        raise TrackerError(list(dict.fromkeys(problems)))
    return result


def _merged_union_errors(errors: list[Any]) -> list[Any]:
    """One error per place: `target: [1, 2]` fails both `str` and `float`; say 'text or a number' once."""
    merged: dict[tuple[Any, ...], Any] = {}
    for error in errors:
        path = tuple(part for part in error["loc"] if not _is_union_tag(part))
        first = merged.get(path)
        if first is None:
            merged[path] = dict(error)
        elif first["type"].endswith("_type") and error["type"].endswith("_type"):
            first["msg"] = f"{first['msg']} or {error['msg'].removeprefix('Input should be ')}"
    return list(merged.values())


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind_of(value: Any) -> str:
    """A user's word for the YAML type of a value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "nothing" if value is None else type(value).__name__


def _misread_booleans(model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    """TRK104/TRK105 for every boolean whose field does not take a boolean."""
    problems = []
    for path, _ in _boolean_leaves(doc.data):
        annotation = _annotation_at(model, _shape(path))
        if annotation is _UNKNOWN or _accepts_bool(annotation):
            continue  # unknown keys are reported by pydantic
        field = _field(path)
        line = doc.line_of(path)
        if path in doc.boolean_words:
            problems.append(problem("TRK104", doc.file, line, field=field, word=doc.boolean_words[path]))
        else:
            expected = _describe(annotation)
            problems.append(problem("TRK105", doc.file, line, field=field, expected=expected, got="boolean"))
    return problems


def _misread_numbers(model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    """TRK113 for every number only YAML 1.1 reads so (`region_code: 0123` is 83, `value: 070` is 56)."""
    problems = []
    for path, (text, number) in doc.yaml11_numbers.items():
        if _annotation_at(model, _shape(path)) is _UNKNOWN:
            continue  # pydantic reports the unknown key
        field = _field(path)
        shown = canonical_number(number)
        problems.append(problem("TRK113", doc.file, doc.line_of(path), field=field, text=clip(text), number=shown))
    return problems


def _boolean_leaves(data: Any) -> Iterable[tuple[tuple[Any, ...], bool]]:
    """Every boolean leaf and its path (a plan has hundreds of leaves and a few booleans)."""
    if isinstance(data, bool):
        yield (), data
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, container = stack.pop()
        items: Iterable[tuple[Any, Any]]
        if isinstance(container, dict):
            items = container.items()
        elif isinstance(container, list):
            items = enumerate(container)
        else:
            continue
        for key, value in items:
            if value is True or value is False:
                yield path + (key,), value
            elif isinstance(value, (dict, list)):
                stack.append((path + (key,), value))


_UNKNOWN = object()


def _shape(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The path with list positions as 0: the annotation at a path does not depend on them."""
    return tuple(0 if type(part) is int else part for part in path)


@functools.lru_cache(maxsize=1024)
def _annotation_at(model: type[BaseModel], path: tuple[Any, ...]) -> Any:
    """The type annotation the model declares at `path`, or _UNKNOWN."""
    current: Any = model
    for part in path:
        current = _step_into(current, part)
        if current is _UNKNOWN:
            return _UNKNOWN
    return current


def _step_into(annotation: Any, part: Any) -> Any:
    for candidate in _alternatives(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(part) if isinstance(part, str) else None
            if field is not None:
                return field.annotation
        origin, args = typing.get_origin(candidate), typing.get_args(candidate)
        if origin is list and isinstance(part, int) and args:
            return args[0]
        if origin is dict and len(args) == 2:
            return args[1]
        if candidate is Any:
            return Any
    return _UNKNOWN


def _alternatives(annotation: Any) -> list[Any]:
    """The members of a union (X | None) and the base of an Annotated type, flattened."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _alternatives(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(annotation) for alt in _alternatives(arg)]
    return [annotation]


def _accepts_bool(annotation: Any) -> bool:
    return any(alt is bool or alt is Any for alt in _alternatives(annotation))


def _describe(annotation: Any) -> str:
    names = {str: "text", int: "a whole number", float: "a number", type(None): "empty"}
    words: list[str] = []
    for alt in _alternatives(annotation):
        if alt in names:
            words.append(names[alt])
        elif typing.get_origin(alt) is Literal:
            words.append("one of " + ", ".join(map(repr, typing.get_args(alt))))
        else:
            words.append(str(getattr(alt, "__name__", alt)))
    return " or ".join(dict.fromkeys(words))


_WRONG_TYPE_KINDS = {"literal_error", "enum", "int_from_float", "bool_parsing", "int_parsing", "float_parsing"}


def _problem_of(error: Any, doc: YamlDocument, model: type[BaseModel]) -> Problem | None:
    """The catalog problem for one pydantic error; None when another check already said it."""
    path = tuple(part for part in error["loc"] if not _is_union_tag(part))
    if path in doc.yaml11_numbers and error["type"] != "extra_forbidden":
        return None  # TRK113 says what is wrong: `region_code: 0123` is not the number 83
    field = _field(path) or "document"
    line = doc.line_of(path)
    kind = error["type"]
    if kind == "missing":
        return problem("TRK107", doc.file, doc.line_of(path[:-1]), field=field)
    if kind == "extra_forbidden" and path:
        known = _known_keys(model, path[:-1])
        return problem("TRK106", doc.file, line, field=field, suggestion=suggestion(str(path[-1]), known))
    if path in doc.boolean_words:
        return problem("TRK104", doc.file, line, field=field, word=doc.boolean_words[path])
    if kind.endswith("_type") or kind in _WRONG_TYPE_KINDS:
        expected = _plain_words(re.split(r", (?:unable|got) ", error["msg"].removeprefix("Input should be "))[0])
        value = error.get("input")
        got = f"{_kind_of(value)} {_short(value)}" if value is not None else "nothing (the value is empty)"
        return problem("TRK105", doc.file, line, field=field, expected=expected, got=got)
    return problem("TRK111", doc.file, line, field=field, reason=_reason(error))


def _field(path: tuple[Any, ...]) -> str:
    """A place in the document as a message names it: `targets.0.baseline.value`, clipped."""
    return clip(".".join(str(part) for part in path))


# What the id patterns of tracker.models mean, in words.
_PATTERN_WORDS = {
    PLAN_ID_PATTERN: "lowercase letters, digits and single dashes, like jian-education-2021-2025",
    INDICATOR_ID_PATTERN: "lower_snake_case like preschool_gross_enrolment_rate",
}


def _reason(error: Any) -> str:
    """pydantic's message for a value of the right type that is not allowed, in plain words."""
    kind, value, context = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and context.get("pattern") in _PATTERN_WORDS:
        what = "the id " if error["loc"][-1:] == ("[key]",) else ""
        return f"{what}'{clip(str(value))}' should be {_PATTERN_WORDS[context['pattern']]}"
    if kind in ("greater_than_equal", "less_than_equal") and isinstance(value, int):
        return f"{value} is not a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}"
    return clip(str(error["msg"]), 200)


_PLAIN_WORDS = (
    (re.compile(r"a valid dictionary or instance of \w+|a valid dictionary"), "a mapping (key: value lines)"),
    (re.compile(r"a valid string"), "text"),
    (re.compile(r"a valid integer"), "a whole number"),
    (re.compile(r"a valid number"), "a number"),
    (re.compile(r"a valid list"), "a list"),
    (re.compile(r"a valid boolean"), "true or false"),
)


def _plain_words(text: str) -> str:
    for pattern, words in _PLAIN_WORDS:
        text = pattern.sub(words, text)
    return text


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"str", "float", "int"})


def _known_keys(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The field names of the (sub)model at `path`, for 'did you mean' suggestions."""
    annotation = _annotation_at(model, path)
    for candidate in _alternatives(annotation) if annotation is not _UNKNOWN else []:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return list(candidate.model_fields)
    return []


def read_catalog(path: Path, label: str) -> tuple[IndicatorIndex | None, list[Problem]]:
    """Read indicators.yaml: the index of its valid entries and every problem in it.

    An entry with errors (`better: hgiher`) is left out of the index, which still serves
    the plans and actuals, so one run lists their problems too; ids and names of such
    entries are in `IndicatorIndex.unusable`. The index is None when the catalog cannot be
    used at all: unreadable, not YAML, or no `indicators:` mapping. Never raises for what
    the file holds (the rule for `read_` in docs/architecture.md).
    """
    try:
        doc = load_yaml(read_text(path, label, MAX_YAML_BYTES), label)
    except TrackerError as exc:
        return None, exc.problems
    try:
        catalog: Catalog = validated(Catalog, doc)
    except TrackerError as exc:
        index = _valid_entries(doc)
        if index is None:
            return None, exc.problems
        problems = exc.problems
    else:
        index = IndicatorIndex(catalog)
        problems = []
    catalog = index.catalog
    owner: dict[str, str] = {}
    for indicator_id, entry in catalog.indicators.items():
        for position, written in enumerate((entry.name, *entry.aliases)):
            key: tuple[str | int, ...] = ("indicators", indicator_id, "name" if position == 0 else "aliases")
            alias = identifier(written)
            if changed_meaningfully(written, alias):
                where = key if position == 0 else (*key, position - 1)
                field = ".".join(str(part) for part in where[2:])
                problems.append(
                    problem(
                        "TRK116",
                        label,
                        doc.line_of(where),
                        field=field,
                        written=shown(written),
                        read=shown(alias),
                        rows="",
                    )
                )
            first = owner.setdefault(alias, indicator_id)
            if first != indicator_id:
                problems.append(
                    problem(
                        "TRK211",
                        label,
                        doc.line_of(key),
                        alias=clip(alias),
                        first=clip(first),
                        second=clip(indicator_id),
                    )
                )
    return index, problems


def _valid_entries(doc: YamlDocument) -> IndicatorIndex | None:
    """The index of the catalog's valid entries, when it has an `indicators:` mapping at all."""
    raw = doc.data.get("indicators") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        return None
    flagged = {path[1] for path in (*doc.boolean_words, *doc.yaml11_numbers) if path[:1] == ("indicators",)}
    valid: dict[str, Any] = {}
    unusable: dict[str, str] = {}
    for indicator_id, entry in raw.items():
        try:
            Catalog.model_validate({"indicators": {indicator_id: entry}})
            usable = indicator_id not in flagged
        except ValidationError:
            usable = False
        if usable:
            valid[indicator_id] = entry
            continue
        names = [indicator_id]
        if isinstance(entry, dict):
            names.append(entry.get("name"))
            aliases = entry.get("aliases")
            names.extend(aliases if isinstance(aliases, list) else [])
        for name in names:
            if isinstance(name, str):
                unusable.setdefault(name, indicator_id)
    return IndicatorIndex(Catalog.model_validate({"indicators": valid}), unusable)


def read_plan(path: Path, label: str, indicators: IndicatorIndex, raw: bytes | None = None) -> PlanFile:
    """Read one plan file: its PlanSpec, every problem in it, and its identity for the
    rules across plans (`cross_plan_problems`), which a malformed plan has too.

    `raw`: the file's bytes when the caller has read them (the cache files the result under
    their digest, so it must be made from exactly these bytes)."""
    try:
        doc = load_yaml(read_text(path, label, MAX_YAML_BYTES, raw), label)
        _within_target_limit(doc)
    except TrackerError as exc:
        return PlanFile(None, exc.problems, None)
    try:
        written: Plan = validated(Plan, doc)
    except TrackerError as exc:
        problems = exc.problems + _rules_beside_shape_errors(doc, path.stem, indicators)
        return PlanFile(None, problems, _identity_as_written(doc))
    plan, renamed = _with_identifiers(written, doc)
    by_target = _target_rules(plan, list(enumerate(plan.targets)), doc, indicators)
    problems = renamed + _plan_rules(plan, doc, path.stem) + [p for found in by_target.values() for p in found]
    specs = [
        target
        for i in range(len(plan.targets))
        if not any(p.is_error for p in by_target[i]) and (target := _spec(plan, i, doc, indicators)) is not None
    ]
    header = plan.model_copy(update={"targets": []})
    lines = doc.line_of(("id",)), doc.line_of(("region_code",)), doc.line_of(("region_aliases",))
    spec = PlanSpec(
        header,
        label,
        tuple(specs),
        *lines,
        target_count=len(plan.targets),
        parent_line=doc.line_of(("parent",)),
        difference_lines=tuple(
            doc.line_of(("parent_differences", i, "indicator")) for i in range(len(plan.parent_differences))
        ),
    )
    return PlanFile(spec, problems, spec.identity)


def _with_identifiers(plan: Plan, doc: YamlDocument) -> tuple[Plan, list[Problem]]:
    """The plan with its region keys and indicator names read by the identifier rule, and a
    TRK116 for each one that rule changed (`tracker.identifiers`)."""
    problems: list[Problem] = []

    def read(text: str, path: tuple[Any, ...]) -> str:
        name = identifier(text)
        if changed_meaningfully(text, name):
            field = ".".join(str(part) for part in path)
            line = doc.line_of(path)
            problems.append(
                problem("TRK116", doc.file, line, field=field, written=shown(text), read=shown(name), rows="")
            )
        return name

    update: dict[str, Any] = {"region": read(plan.region, ("region",))}
    if plan.region_code is not None:
        update["region_code"] = read(plan.region_code, ("region_code",))
    update["region_aliases"] = [read(alias, ("region_aliases", i)) for i, alias in enumerate(plan.region_aliases)]
    targets = []
    for i, target in enumerate(plan.targets):
        name = read(target.indicator, ("targets", i, "indicator"))
        targets.append(target if name == target.indicator else target.model_copy(update={"indicator": name}))
    update["targets"] = targets
    return plan.model_copy(update=update), problems


def _within_target_limit(doc: YamlDocument) -> None:
    """TRK217 for a plan with more than MAX_TARGETS_PER_PLAN targets (before validating them all)."""
    targets = doc.data.get("targets") if isinstance(doc.data, dict) else None
    if isinstance(targets, list) and len(targets) > MAX_TARGETS_PER_PLAN:
        line = doc.line_of(("targets",))
        raise fail("TRK217", doc.file, line, count=f"{len(targets):,}", limit=f"{MAX_TARGETS_PER_PLAN:,}")


def _identity_as_written(doc: YamlDocument) -> PlanIdentity | None:
    """The id and region keys of a plan that failed validation, where they are text."""
    data = doc.data
    plan_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(plan_id, str) or not plan_id:
        return None
    assert isinstance(data, dict)
    region, code, aliases = data.get("region"), data.get("region_code"), data.get("region_aliases")
    return PlanIdentity(
        plan_id,
        doc.file,
        doc.line_of(("id",)),
        identifier(region) if isinstance(region, str) else None,
        identifier(code) if isinstance(code, str) and code else None,
        doc.line_of(("region_code",)),
        tuple(identifier(a) for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else (),
        doc.line_of(("region_aliases",)),
    )


def _plan_rules(plan: Plan, doc: YamlDocument, stem: str) -> list[Problem]:
    """The rules of the plan as a whole: its id is its file name, its period runs forwards."""
    problems = []
    if plan.id != stem:
        problems.append(problem("TRK212", doc.file, doc.line_of(("id",)), plan=plan.id, stem=stem))
    start, end = plan.period.start, plan.period.end
    if start > end:
        reason = f"it runs backwards (start {start}, end {end}); start is the first year of the plan, end the last"
        problems.append(problem("TRK111", doc.file, doc.line_of(("period",)), field="period", reason=reason))
    return problems


def _target_rules(
    plan: Plan, targets: list[tuple[int, Target]], doc: YamlDocument, indicators: IndicatorIndex
) -> dict[int, list[Problem]]:
    """The problems of each target (by index) that need more than its own shape, duplicates included."""
    by_target: dict[int, list[Problem]] = {}
    seen: set[str] = set()
    for i, target in targets:
        found = _check_target(plan, i, doc, indicators, target)
        if target.id in seen:
            line = doc.line_of(("targets", i))
            found.append(problem("TRK202", doc.file, line, target=clip(target.id), plan=clip(plan.id)))
        seen.add(target.id)
        by_target[i] = found
    return by_target


def _rules_beside_shape_errors(doc: YamlDocument, stem: str, indicators: IndicatorIndex) -> list[Problem]:
    """The rule checks of the well-formed targets when others (or the plan) are malformed.

    So one run lists both a typo in one target and an unknown indicator in another.
    """
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("targets"), list):
        return []
    try:
        bare = Plan.model_validate({**data, "targets": []})
    except ValidationError:
        return []
    targets = []
    for i, raw in enumerate(data["targets"]):
        try:
            targets.append((i, Target.model_validate(raw)))
        except ValidationError:
            continue
    by_target = _target_rules(bare, targets, doc, indicators)
    return _plan_rules(bare, doc, stem) + [p for found in by_target.values() for p in found]


def _check_target(
    plan: Plan, i: int, doc: YamlDocument, indicators: IndicatorIndex, target: Target | None = None
) -> list[Problem]:
    """Problems of target i that need more than its own shape: indicator, deadline, baseline..."""
    target = target if target is not None else plan.targets[i]
    file = doc.file

    def at(key: str) -> int:
        return doc.line_of(("targets", i, key))

    problems = []
    indicator_id = indicators.resolve_usable(target.indicator)
    if indicator_id is None:
        if indicators.resolve(target.indicator) is None:  # else the catalog's entry has the error
            problems.append(
                problem(
                    "TRK203",
                    file,
                    at("indicator"),
                    indicator=clip(target.indicator),
                    suggestion=indicators.suggest(target.indicator),
                )
            )
    elif target.unit is not None and target.unit != indicators[indicator_id].unit:
        problems.append(
            problem(
                "TRK209",
                file,
                at("unit"),
                unit=clip(target.unit),
                indicator=indicator_id,
                expected=indicators[indicator_id].unit,
            )
        )
    rule = kinds.rule(target.kind)
    if not rule.has_goal_value:
        if target.target is not None:
            problems.append(problem("TRK208", file, at("target"), text=clip(_as_written(doc, i, target))))
    elif target.target is None:
        problems.append(problem("TRK210", file, at("id"), kind=target.kind.value))
    elif (digits := too_many_digits(str(target.target))) is not None:
        reason = f"the number has {digits:,} digits, more than the {MAX_NUMBER_DIGITS} a number may have"
        problems.append(problem("TRK111", file, at("target"), field=f"targets.{i}.target", reason=reason))
    elif parse_target(target.target, "higher") is None:
        problems.append(problem("TRK204", file, at("target"), text=clip(_as_written(doc, i, target))))
    elif indicator_id is not None and parse_target(target.target, indicators[indicator_id].better) is None:
        text = clip(_as_written(doc, i, target))
        problems.append(problem("TRK214", file, at("target"), text=text, indicator=indicator_id))
    by = target.by if target.by is not None else plan.period.end
    backwards = plan.period.start > plan.period.end  # then the default deadline is unknown (TRK111 says so)
    if not backwards and not plan.period.start <= by <= plan.period.end:
        problems.append(problem("TRK205", file, at("by"), by=by, start=plan.period.start, end=plan.period.end))
    if target.baseline is None and rule.needs_baseline:
        problems.append(problem("TRK207", file, at("id"), kind=target.kind.value))
    if target.baseline is not None and target.baseline.value is not None and not math.isfinite(target.baseline.value):
        line = doc.line_of(("targets", i, "baseline", "value"))
        field = f"targets.{i}.baseline.value"
        problems.append(problem("TRK111", file, line, field=field, reason="should be a finite number"))
    if target.baseline is not None and target.baseline.year >= by and not (backwards and target.by is None):
        problems.append(
            problem("TRK206", file, doc.line_of(("targets", i, "baseline")), year=target.baseline.year, by=by)
        )
    return problems


def _as_written(doc: YamlDocument, i: int, target: Target) -> str:
    """The target's `target:` as the file has it: `1`, not the 1.0 the model holds."""
    return doc.written.get(("targets", i, "target")) or str(target.target)


@functools.lru_cache(maxsize=4096, typed=True)  # plans repeat target texts; typed: 95 and 95.0 differ
def parse_target(text: str | float, better: str) -> tuple[str, float, float] | None:
    """Operator, number and step of a target such as '>= 95', '~ 10.8' or a bare 95.

    A bare number is `>=` for an indicator whose `better` is higher and `<=` for lower; for
    one without a direction (`better: none`) it means neither, and None is returned.
    """
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
    if op_text:
        op = _OPERATORS.get(op_text, op_text)
    elif better in _BARE:
        op = _BARE[better]
    else:
        return None
    return op, parsed.value, parsed.step


_BARE = {"higher": ">=", "lower": "<="}  # what a bare number means, by the indicator's `better`


def _spec(plan: Plan, i: int, doc: YamlDocument, indicators: IndicatorIndex) -> TargetSpec | None:
    """Target i ready for the engine; None when its indicator's catalog entry has errors."""
    target = plan.targets[i]
    indicator_id = indicators.resolve_usable(target.indicator)
    if indicator_id is None:
        return None
    line = doc.line_of(("targets", i))
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
        text="" if target.target is None else _as_written(doc, i, target),
        by=target.by if target.by is not None else plan.period.end,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        binding=target.binding,
        quote=target.quote or "",
        line=line,
        better=indicators[indicator_id].better,
    )


def cross_plan_problems(plans: Iterable[PlanSpec | PlanIdentity]) -> list[Problem]:
    """Every rule across plan files: duplicate ids (TRK201), one region code for two regions (TRK213),
    a region alias that names another region (TRK215).

    Give it the identities of every plan file read (`PlanFile.identity`), malformed ones too.
    """
    identities = [_identity(plan) for plan in plans]
    return duplicate_plan_ids(identities) + shared_region_codes(identities) + region_alias_clashes(identities)


def _identity(plan: PlanSpec | PlanIdentity) -> PlanIdentity:
    return plan.identity if isinstance(plan, PlanSpec) else plan


def duplicate_plan_ids(plans: Iterable[PlanSpec | PlanIdentity]) -> list[Problem]:
    """TRK201 for every plan whose id an earlier file already used."""
    first: dict[str, PlanIdentity] = {}
    problems = []
    for plan in plans:
        identity = _identity(plan)
        other = first.setdefault(identity.id, identity)
        if other is not identity:
            problems.append(
                problem("TRK201", identity.file, identity.id_line, plan=clip(identity.id), other=other.file)
            )
    return problems


def shared_region_codes(plans: Iterable[PlanSpec | PlanIdentity]) -> list[Problem]:
    """TRK213 for every plan whose region_code an earlier file gave to another region.

    Actuals rows name a region or its code; a code of two regions would send all its rows
    to one of them, silently.
    """
    first: dict[str, PlanIdentity] = {}
    problems = []
    for plan in plans:
        identity = _identity(plan)
        if identity.region_code is None or identity.region is None:
            continue
        other = first.setdefault(identity.region_code, identity)
        if other.region != identity.region:
            problems.append(
                problem(
                    "TRK213",
                    identity.file,
                    identity.region_code_line,
                    region_code=clip(identity.region_code),
                    plan=clip(identity.id),
                    region=clip(identity.region),
                    other=clip(other.id),
                    other_file=other.file,
                    other_region=clip(str(other.region)),
                )
            )
    return problems


def region_alias_clashes(plans: Iterable[PlanSpec | PlanIdentity]) -> list[Problem]:
    """TRK215 for every region alias that is another region's name, code or alias.

    Plans of the same region (two periods of one county) may share aliases; an alias of two
    regions would send the rows under it to one of them, silently.
    """
    identities = [_identity(plan) for plan in plans]
    names: dict[str, tuple[PlanIdentity, str]] = {}  # region names and codes first: they win
    for identity in identities:
        if identity.region is not None:
            names.setdefault(identity.region, (identity, "the region"))
            if identity.region_code is not None:
                names.setdefault(identity.region_code, (identity, "the region code"))
    problems = []
    for identity in identities:
        for alias in identity.region_aliases:
            other, what = names.setdefault(alias, (identity, "a region alias"))
            if other.region == identity.region:
                continue
            problems.append(
                problem(
                    "TRK215",
                    identity.file,
                    identity.aliases_line,
                    alias=clip(alias),
                    plan=clip(identity.id),
                    region=clip(str(identity.region)),
                    what=what,
                    other=clip(other.id),
                    other_file=other.file,
                )
            )
    return problems

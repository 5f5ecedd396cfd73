"""The error catalog: every problem the tool reports about input, with a stable code.

Codes are a public contract (users grep for them, CI logs quote them): never renumber
or reuse one. Add new entries at the end of their block. `docs/errors.md` is generated
from `CATALOG` by `python -m tracker.errors` and a test keeps it in step.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from tracker.escaping import clean, excerpt
from tracker.limits import EXCERPT_CHARS, MESSAGE_FIELD_CHARS


class Severity(enum.Enum):
    """How bad a problem is: errors stop every command, warnings are printed only."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ErrorType:
    """One entry of the catalog: a code, a short title and a message template."""

    code: str
    title: str
    template: str
    severity: Severity = Severity.ERROR
    hint: str = ""


_E = Severity.ERROR
_W = Severity.WARNING

_ENTRIES = [
    # TRK1xx: files and YAML syntax
    ErrorType("TRK100", "File cannot be read", "cannot read the file: {reason}"),
    ErrorType(
        "TRK101",
        "Not UTF-8 or GB18030",
        "the file is neither UTF-8 nor GB18030 (first bad byte at offset {offset}); {advice}",
    ),
    ErrorType("TRK102", "YAML syntax error", "YAML syntax error: {reason}"),
    ErrorType(
        "TRK103",
        "Duplicate key",
        "key '{key}' appears twice in the same mapping (first at line {first_line})",
        hint="YAML would silently keep only the last one; remove one",
    ),
    ErrorType(
        "TRK104",
        "YAML 1.1 boolean where text was meant",
        "'{field}' is the word {word}, which YAML reads as a boolean; quote it: \"{word}\"",
    ),
    ErrorType("TRK105", "Wrong type", "'{field}' should be {expected}, got {got}"),
    ErrorType("TRK106", "Unknown key", "unknown key '{field}'{suggestion}"),
    ErrorType("TRK107", "Missing required key", "required key '{field}' is missing"),
    ErrorType("TRK108", "Empty file", "the file is empty"),
    ErrorType(
        "TRK109",
        "Document is not a mapping",
        "the document is a {got}; it should be a mapping of keys to values",
    ),
    ErrorType(
        "TRK110",
        "Alias expansion too large",
        "YAML aliases repeat {copied} nodes, more than the {limit} allowed; refusing the file",
        hint="write the repeated values out, or repeat fewer of them",
    ),
    ErrorType("TRK111", "Invalid value", "'{field}': {reason}"),
    ErrorType(
        "TRK112",
        "Unsupported YAML feature",
        "{feature} is not supported here",
        hint="write plain keys and values: text, numbers, lists and mappings",
    ),
    ErrorType(
        "TRK113",
        "Number only YAML 1.1 reads",
        "'{field}' is {text}, which YAML 1.1 reads as the number {number}; quote it: \"{text}\"",
        hint="or, if a number is meant, write it without leading zeros, '_' or ':'",
    ),
    ErrorType(
        "TRK117",
        "File too large",
        "the file has more than {limit} bytes, the most a YAML file may have; refusing it",
        hint="split a plan this large into several plan files",
    ),
    ErrorType(
        "TRK118",
        "Alias expansion too long",
        "YAML aliases repeat {copied} characters of text, more than the {limit} allowed; refusing the file",
        hint="write the repeated text once, or repeat less of it",
    ),
    ErrorType(
        "TRK119",
        "NUL byte in a text file",
        "the file holds a NUL byte (offset {offset}): it is not plain text, or it is damaged",
        hint="tracker reads plain text: plans as YAML and actuals as CSV, saved as UTF-8",
    ),
    # TRK2xx: plans and the indicator catalog
    ErrorType(
        "TRK201",
        "Duplicate plan id",
        "plan id '{plan}' is also used by {other}",
    ),
    ErrorType("TRK202", "Duplicate target id", "target id '{target}' appears twice in plan '{plan}'"),
    ErrorType("TRK203", "Unknown indicator", "unknown indicator '{indicator}'{suggestion}"),
    ErrorType(
        "TRK204",
        "Unreadable target",
        "target '{text}' is not an operator (>=, >, <=, <, ==, ~) followed by a number",
    ),
    ErrorType(
        "TRK205",
        "Deadline outside the period",
        "'by: {by}' is outside the plan period {start}-{end}",
    ),
    ErrorType(
        "TRK206",
        "Baseline after the deadline",
        "baseline year {year} is not before the deadline {by}",
    ),
    ErrorType(
        "TRK207",
        "Baseline missing",
        "a '{kind}' target needs a baseline: add baseline: {{year: ..., value: ...}}",
    ),
    ErrorType(
        "TRK208",
        "Milestone with a numeric target",
        "a milestone is done (1) or not (0); remove 'target: {text}'",
    ),
    ErrorType(
        "TRK209",
        "Unit differs from the indicator's",
        "unit '{unit}' differs from indicator '{indicator}' unit '{expected}'",
    ),
    ErrorType(
        "TRK210",
        "Target missing",
        "a '{kind}' target needs 'target:' (an operator and a number)",
    ),
    ErrorType(
        "TRK211",
        "Duplicate indicator alias",
        "alias '{alias}' names both '{first}' and '{second}'",
    ),
    ErrorType(
        "TRK212",
        "Plan id differs from file name",
        "plan id '{plan}' differs from the file name '{stem}'",
        severity=_W,
    ),
    ErrorType(
        "TRK213",
        "One region code for two regions",
        "region_code '{region_code}' of plan '{plan}' (region '{region}') is also the code of plan '{other}'"
        " ({other_file}) for region '{other_region}'; actuals rows with this code would all go to one of them",
        hint="one code is one region: correct the code or the region of one plan",
    ),
    ErrorType(
        "TRK217",
        "Too many targets in a plan",
        "the plan has {count} targets, more than the {limit} a plan file may have",
        hint="split it into several plan files",
    ),
    # TRK3xx: actuals CSV files
    ErrorType(
        "TRK301",
        "Missing required column",
        "missing column '{column}'; the header has: {columns}",
    ),
    ErrorType(
        "TRK302",
        "Wrong number of fields",
        "row has {got} fields, the header has {expected}",
        hint='a comma inside a cell, as in 1,030, needs the cell in double quotes: "1,030"',
    ),
    ErrorType("TRK303", "Unreadable year", "year '{text}' is not YYYY or YYYY-YYYY with start <= end"),
    ErrorType("TRK304", "Unreadable value", "value '{text}' is not a number: {reason}"),
    ErrorType(
        "TRK305",
        "Unknown qualifier",
        "qualifier '{text}' is unknown; use =, >=, >, <=, <, ~, near, plus or the Chinese words",
    ),
    ErrorType("TRK306", "Unknown indicator in actuals", "unknown indicator '{indicator}'{suggestion}"),
    ErrorType(
        "TRK307",
        "Duplicate row",
        "same region, indicator, year and value as line {other_line}",
        severity=_W,
    ),
    ErrorType(
        "TRK308",
        "Conflicting figures",
        "{region}/{indicator}/{year}: {first} ({first_source}) conflicts with {second} ({second_source})",
        severity=_W,
    ),
    ErrorType(
        "TRK309",
        "Percentage over 100",
        "{indicator} = {value} is over 100%",
        severity=_W,
        hint="gross enrolment rates may exceed 100; say so in the note column",
    ),
    ErrorType(
        "TRK310",
        "Qualifier contradicts the value",
        "the value '{text}' says '{word}' but the qualifier column says '{column}'",
    ),
    ErrorType("TRK311", "Empty CSV", "the CSV file is empty (not even a header)"),
    ErrorType("TRK312", "Header only", "the CSV file has a header but no rows", severity=_W),
    ErrorType("TRK313", "Missing region", "the region is empty"),
    ErrorType("TRK314", "CSV syntax error", "cannot parse the CSV: {reason}"),
    ErrorType("TRK315", "Duplicate column", "column '{column}' appears twice in the header"),
    ErrorType("TRK316", "Unknown column", "column '{column}' is not one tracker reads; it is ignored", severity=_W),
    ErrorType(
        "TRK317",
        "Misspelled column",
        "column '{column}' looks like a misspelling of '{known}', which would be ignored; rename it",
    ),
    ErrorType(
        "TRK318",
        "Region of a plan in other characters",
        "region '{region}' is no plan's region or code, but is '{close}' in other characters ({rows} rows)",
        severity=_W,
        hint="rows of other regions are kept for comparison; if these belong to that plan, write its region",
    ),
    ErrorType(
        "TRK319",
        "Yes/no figure other than 1 or 0",
        "{indicator} is done (1) or not done (0), not {figure}",
        hint="a yes/no indicator takes 1 or 0; a count belongs to an indicator of unit count",
    ),
    ErrorType(
        "TRK320",
        "Near a number that is not positive",
        "近 (near) {figure} is no interval: near a number means from 90% of it up to it",
        hint="for a figure about zero write it plainly, or with 约 (about) or 以下 (at most)",
    ),
    ErrorType(
        "TRK329",
        "Too many columns",
        "the header has {count} columns, more than the {limit} a CSV file may have",
        hint="keep the columns tracker reads and few others",
    ),
    ErrorType(
        "TRK330",
        "Not separated by commas",
        "the header is separated by {separator}, not by commas",
        hint="save the file as comma-separated CSV (in Excel: 'CSV UTF-8 (Comma delimited)')",
    ),
    # TRK4xx: the data root and command usage
    ErrorType(
        "TRK401",
        "No plans folder",
        "no plans/ folder in {root}",
        hint="run from a data root, pass --data DIR, or create one with 'tracker init DIR'",
    ),
    ErrorType("TRK402", "Missing indicator catalog", "no indicators.yaml in {root}"),
    ErrorType("TRK403", "Unknown plan", "no plan with id '{plan}'{suggestion}"),
    ErrorType("TRK404", "Unknown target", "no target '{target}' in plan '{plan}'{suggestion}"),
    ErrorType("TRK405", "Bad option", "{reason}"),
    ErrorType(
        "TRK406",
        "Draft would overwrite a file",
        "refusing to overwrite an existing file",
        hint="choose another --out folder or move the file away",
    ),
    ErrorType(
        "TRK407",
        "Unusable previous report",
        "cannot compare with {path}: {reason}",
        hint="--since takes the JSON of an earlier 'tracker report --format json' or 'tracker status --json'",
    ),
    ErrorType("TRK408", "Output path refused", "refusing to write here: {reason}"),
    ErrorType("TRK409", "File exists", "the file already exists; 'tracker init' never overwrites files"),
    ErrorType(
        "TRK410",
        "File not read",
        "this file is not read: {reason}",
        hint="plans are read from plans/*.yaml and actuals from actuals/*.csv",
    ),
    ErrorType("TRK411", "Cannot write output", "cannot write output: {reason}"),
    ErrorType(
        "TRK412",
        "Step summary not written",
        "cannot append the job summary: {reason}; the check's result stands",
        severity=_W,
    ),
    ErrorType(
        "TRK413",
        "Link out of the data root",
        "this is a link to {what} outside the data root (or into its .git/); tracker does not follow it",
        hint="copy the file into the data root instead of linking to it",
    ),
]

CATALOG: dict[str, ErrorType] = {entry.code: entry for entry in _ENTRIES}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the input, with where it is."""

    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """`file:line[:col]: CODE message` - the one format every command prints."""
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.col:
                place += f":{self.col}"
        line = f"{place}: {self.code} {self.message}" if place else f"{self.code} {self.message}"
        return clean(line)  # a file name may hold a line break or an escape sequence


# Fields whose text tracker composes (a reason, a list, a path given on the command line);
# they may hold excerpts of a file, each already clipped. Every other text field is an
# excerpt of a data file itself.
_COMPOSED_FIELDS = frozenset(
    {"reason", "feature", "suggestion", "got", "columns", "other_line", "path", "other", "other_file"}
)


def _bounded(name: str, value: Any) -> Any:
    """A field's value as a message may show it: text from a file is a short, clean excerpt."""
    if not isinstance(value, str):
        return value
    return excerpt(value, MESSAGE_FIELD_CHARS if name in _COMPOSED_FIELDS else EXCERPT_CHARS)


def problem(code: str, file: str = "", line: int = 0, col: int = 0, **fields: Any) -> Problem:
    """Build a Problem from a catalog code and the fields of its template.

    Text fields are bounded here, whatever the caller passed: at most EXCERPT_CHARS of a
    data file's text (MESSAGE_FIELD_CHARS for the fields tracker composes), on one line,
    with control characters escaped.
    """
    entry = CATALOG[code]
    message = entry.template.format(**{name: _bounded(name, value) for name, value in fields.items()})
    if entry.hint:
        message += f" ({entry.hint})"
    return Problem(file, line, col, code, message, entry.severity)


class TrackerError(Exception):
    """Input the tool refuses: carries every problem found, for exit code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def fail(code: str, file: str = "", line: int = 0, col: int = 0, **fields: Any) -> TrackerError:
    """Shorthand for raising a single catalogued problem."""
    return TrackerError([problem(code, file, line, col, **fields)])


def clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Text from a data file, cut short for a message: one clean line, at most `limit` characters."""
    return excerpt(str(text), limit)


def suggestion(word: str, choices: list[str]) -> str:
    """A ' (did you mean X?)' suffix naming the closest choice, or ''."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def catalog_markdown() -> str:
    """The error catalog as a Markdown table, for docs/errors.md."""
    lines = [
        "# Error catalog",
        "",
        "Generated from `tracker/errors.py` by `python -m tracker.errors > docs/errors.md`;",
        "a test fails when this file is out of step.",
        "",
        "| code | severity | title | message |",
        "|---|---|---|---|",
    ]
    for entry in _ENTRIES:
        message = f"`{entry.template}`".replace("|", "\\|")
        if entry.hint:
            message += f" ({entry.hint})"
        lines.append(f"| {entry.code} | {entry.severity.value} | {entry.title} | {message} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(catalog_markdown(), end="")

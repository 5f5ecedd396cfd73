"""The error catalog: every problem the tool reports about input, with a stable code.

Codes are a public contract (users grep for them, CI logs quote them): never renumber
or reuse one. Add new entries at the end of their block. `docs/errors.md` is generated
from `CATALOG` by `python -m tracker.errors` and a test keeps it in step.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from tracker.escaping import clean, excerpt
from tracker.limits import EXCERPT_CHARS, MESSAGE_FIELD_CHARS


class Severity(enum.Enum):
    """How bad a problem is: errors stop every command, warnings are printed only (and fail
    `validate --strict`); a note is a warning the data acknowledges, with its reason: `validate`
    prints it and counts it apart, and nothing fails on it."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


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
        "TRK114",
        "Encoding was a close call",
        "the bytes read as UTF-8 and as GB18030; read as {chosen}: {why}",
        severity=_W,
        hint="save the file as UTF-8 with a BOM (in Excel: 'CSV UTF-8') so that no guess is needed",
    ),
    ErrorType("TRK115", "Workbook cannot be read", "cannot read the workbook: {reason}"),
    ErrorType(
        "TRK116",
        "Name read without invisible characters",
        "{field} '{written}' is read as '{read}'{rows}: invisible characters (zero-width, soft hyphen,"
        " direction marks) removed and full-width forms folded",
        severity=_W,
        hint="names are compared after this; retype the name to be sure it is the one meant",
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
        "TRK214",
        "Target without an operator on an indicator without a direction",
        "'target: {text}' has no operator, and indicator '{indicator}' has better: none, so a bare number"
        " means neither at least nor at most",
        hint="write the operator: ~ (about), ==, >= or <=",
    ),
    ErrorType(
        "TRK215",
        "Region alias of another region",
        "region alias '{alias}' of plan '{plan}' (region '{region}') is also {what} of plan '{other}'"
        " ({other_file}); actuals rows under it would all go to one of them",
        hint="an alias names one region only: remove it from one plan",
    ),
    ErrorType(
        "TRK216",
        "Baseline without a value or a figure",
        "no {year} figure for {region}/{indicator}: add a row, or write the value in the plan"
        " (baseline: {{year: {year}, value: ...}}); without it the target has no task share",
        severity=_W,
    ),
    ErrorType(
        "TRK217",
        "Too many targets in a plan",
        "the plan has {count} targets, more than the {limit} a plan file may have",
        hint="split it into several plan files",
    ),
    ErrorType(
        "TRK218",
        "Unknown parent plan",
        "parent plan '{parent}' is not the id of any plan in plans/{suggestion}",
        hint="parent: names the plan this one carries out, by the id: of its file",
    ),
    ErrorType(
        "TRK219",
        "Parent links in a circle",
        "the parent links go round in a circle: {cycle}; a plan cannot carry out itself",
        hint="remove or correct one of these parent: lines",
    ),
    ErrorType(
        "TRK220",
        "Less ambitious than the plan above",
        "target '{target}' aims at {goal} by {by}: less ambitious than the plan above, '{parent}',"
        " which sets {parent_goal} by {parent_by} at {parent_place}{via}",
        severity=_W,
        hint="carry out the plan above; or, if the difference is deliberate, list the indicator under"
        " parent_differences: with the reason, and validate prints this as a note",
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
    ErrorType(
        "TRK316", "Unknown column", "column '{column}' is not one tracker reads; it is ignored{nearest}", severity=_W
    ),
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
        hint="rows of other regions are kept for comparison; if these belong to that plan, write its region"
        " or list the name in its region_aliases",
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
        "TRK321",
        "Formula without a value",
        "the cell holds the formula {formula} but no value computed from it (or its value is an error)",
        hint="open the workbook in Excel or WPS and save it, so that the values are stored; or type the number",
    ),
    ErrorType(
        "TRK322",
        "Date where a number was meant",
        "the cell is the date {date}; the {column} column needs {what}",
        hint="type the year (2023) or the number in a cell formatted as General, Number or Text",
    ),
    ErrorType(
        "TRK323",
        "Year in a date-formatted cell",
        "the cell holds {year} but is formatted as a date (it shows {shown}); read as the year {year}",
        severity=_W,
        hint="format the column as General or Number so that it shows the year",
    ),
    ErrorType(
        "TRK324",
        "Hidden sheet not read",
        "sheet '{name}' is hidden, so it is not read",
        severity=_W,
        hint="unhide it to read its figures, or delete it if it holds none",
    ),
    ErrorType(
        "TRK325",
        "No table in a sheet",
        "no header row in the first {rows} rows of the sheet; the first row with text has: {cells}",
        hint="a header names the indicator (指标) and the value (数值) or one column per year (2021, 2022年);"
        " hide sheets that hold no figures",
    ),
    ErrorType(
        "TRK326",
        "Figures after the notes",
        "this row has figures but comes after the notes that begin on row {notes_row}; it is not read as data",
        hint="move the notes below the last row of figures",
    ),
    ErrorType(
        "TRK327",
        "Year columns beside a year or value column",
        "the header has year columns (the first is {year}) and a '{column}' column; a table has either one"
        " column per year or year and value columns",
    ),
    ErrorType(
        "TRK328",
        "Region of a plan with another administrative suffix or prefix",
        "region '{region}' is no plan's region, code or alias, but differs from '{close}' ({plans}) only by"
        " an administrative suffix or a province name; rows under it are not read: {rows}",
        severity=_W,
        hint="if they are that region's, list the name in the plan's region_aliases, or write the plan's region",
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
        hint="plans are read from plans/*.yaml and actuals from actuals/*.csv and actuals/*.xlsx",
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
    ErrorType(
        "TRK414",
        "Unknown indicator",
        "no indicator '{indicator}' in indicators.yaml{suggestion}",
        hint="give an indicator's id, name or alias as indicators.yaml lists it",
    ),
]

CATALOG: dict[str, ErrorType] = {entry.code: entry for entry in _ENTRIES}


@functools.total_ordering
@dataclass(frozen=True)
class Problem:
    """One problem found in the input, with where it is: a file's line and column, or a
    workbook's sheet, row (`line`) and column. Problems sort by file, sheet, line, column."""

    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity
    sheet: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    @property
    def is_note(self) -> bool:
        return self.severity is Severity.NOTE

    @property
    def place(self) -> str:
        """`file:line[:col]`, or `file:Sheet!C7` in a workbook (`file:Sheet!7:7` for a whole row)."""
        place = self.file
        if self.sheet:
            place += f":{self.sheet}"
            if self.line:
                place += f"!{column_letters(self.col)}{self.line}" if self.col else f"!{self.line}:{self.line}"
            return place
        if self.line:
            place += f":{self.line}"
            if self.col:
                place += f":{self.col}"
        return place

    def format(self) -> str:
        """`file:line[:col]: CODE message` - the one format every command prints."""
        place = self.place
        line = f"{place}: {self.code} {self.message}" if place else f"{self.code} {self.message}"
        return clean(line)  # a file name may hold a line break or an escape sequence

    def _key(self) -> tuple[str, str, int, int, str, str]:
        return (self.file, self.sheet, self.line, self.col, self.code, self.message)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key() < other._key()


def column_letters(column: int) -> str:
    """A column number from 1 in a workbook's letters: 1 -> A, 27 -> AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# Fields whose text tracker composes (a reason, a list, a path given on the command line);
# they may hold excerpts of a file, each already clipped. Every other text field is an
# excerpt of a data file itself.
_COMPOSED_FIELDS = frozenset(
    {"reason", "feature", "suggestion", "got", "columns", "other_line", "path", "other", "other_file"}
    | {"why", "cells", "plans", "cycle", "parent_place", "via", "acknowledged"}
)


def _bounded(name: str, value: Any) -> Any:
    """A field's value as a message may show it: text from a file is a short, clean excerpt."""
    if not isinstance(value, str):
        return value
    return excerpt(value, MESSAGE_FIELD_CHARS if name in _COMPOSED_FIELDS else EXCERPT_CHARS)


def problem(
    code: str, file: str = "", line: int = 0, col: int = 0, *, sheet: str = "", acknowledged: str = "", **fields: Any
) -> Problem:
    """Build a Problem from a catalog code and the fields of its template (`sheet`: of a workbook).

    Text fields are bounded here, whatever the caller passed: at most EXCERPT_CHARS of a
    data file's text (MESSAGE_FIELD_CHARS for the fields tracker composes), on one line,
    with control characters escaped. `acknowledged`: where and why the data acknowledges
    this warning; it is then a note, with those words in place of the hint.
    """
    entry = CATALOG[code]
    message = entry.template.format(**{name: _bounded(name, value) for name, value in fields.items()})
    severity = entry.severity
    if acknowledged:
        assert severity is Severity.WARNING, f"only a warning can be acknowledged, not {code}"
        message += f" ({_bounded('acknowledged', acknowledged)})"
        severity = Severity.NOTE
    elif entry.hint:
        message += f" ({entry.hint})"
    return Problem(file, line, col, code, message, severity, sheet)


class TrackerError(Exception):
    """Input the tool refuses: carries every problem found, for exit code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def fail(code: str, file: str = "", line: int = 0, col: int = 0, *, sheet: str = "", **fields: Any) -> TrackerError:
    """Shorthand for raising a single catalogued problem."""
    return TrackerError([problem(code, file, line, col, sheet=sheet, **fields)])


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

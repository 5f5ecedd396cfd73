"""The command line: each command parses options, calls one core function, renders, exits.

Errors map to exit codes in one place (`_run`). Heavy modules (pandas, rich) are imported
inside the commands so that `tracker --help` stays fast.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    name="tracker",
    help="Track the targets of Chinese five-year plans against the figures reported later.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ExitCode(enum.IntEnum):
    """The exit codes of every command (a public contract for CI)."""

    OK = 0
    TARGETS_FAILED = 1
    BAD_INPUT = 2


class Language(enum.StrEnum):
    zh = "zh"
    en = "en"


DataOption = Annotated[Path, typer.Option("--data", help="The data root (default: this folder).")]
AsOfOption = Annotated[
    int | None, typer.Option("--as-of", help="Evaluation year (default: this year).", min=1900, max=2200)
]
LangOption = Annotated[Language, typer.Option("--lang", help="Language of labels.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks and which encoding read each file.")]
AsciiOption = Annotated[bool, typer.Option("--ascii", help="Plain ASCII table borders and bars.")]


def _run(action: Callable[[], int | None], debug: bool) -> NoReturn:
    """Run a command body; map its outcome and our errors to exit codes."""
    from tracker.errors import TrackerError

    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(message)s", stream=sys.stderr)
    try:
        code = action()
    except TrackerError as exc:
        for problem in exc.problems:
            typer.echo(problem.format(), err=True)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            raise
        typer.echo(
            f"tracker: unexpected error ({type(exc).__name__}: {exc}). This is a bug: please report it "
            "with the output of the same command run with --debug.",
            err=True,
        )
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    raise typer.Exit(code or ExitCode.OK)


def _warn(problems: list[object]) -> None:
    from tracker.errors import Problem

    warnings = [p for p in problems if isinstance(p, Problem)]
    if warnings:
        typer.echo(f"tracker: {len(warnings)} warning(s) in the data; run 'tracker validate' to list them.", err=True)


@app.command()
def status(
    data: DataOption = Path("."),
    plan: Annotated[list[str] | None, typer.Option("--plan", help="Only this plan (repeatable).")] = None,
    as_of: AsOfOption = None,
    json: Annotated[bool, typer.Option("--json", help="Print the JSON document only.")] = False,
    lang: LangOption = Language.zh,
    ascii_only: AsciiOption = False,
    debug: DebugOption = False,
) -> None:
    """Where every target stands: a table per plan (exit 0 whatever the statuses)."""

    def action() -> None:
        from tracker.core import evaluate_root

        dataset, evaluation = evaluate_root(data, as_of, plan)
        _warn(list(dataset.problems))
        if json:
            from tracker.render import json as json_format

            sys.stdout.write(json_format.render(evaluation))
            return
        from tracker.render.terminal import make_console, print_status

        print_status(make_console(), evaluation, lang.value, ascii_only)

    _run(action, debug)


@app.command()
def explain(
    target: Annotated[str, typer.Argument(help="PLAN/TARGET, e.g. jian-education-2021-2025/preschool-enrolment")],
    data: DataOption = Path("."),
    as_of: AsOfOption = None,
    lang: LangOption = Language.zh,
    debug: DebugOption = False,
) -> None:
    """The arithmetic behind one target's status."""

    def action() -> None:
        from tracker.core import explain_target
        from tracker.render.terminal import make_console, print_explanation

        evaluation, explanation = explain_target(data, target, as_of)
        print_explanation(make_console(), explanation, evaluation, lang.value)

    _run(action, debug)


def main() -> None:
    """Console-script entry point."""
    app()


@app.command()
def validate(
    data: DataOption = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    debug: DebugOption = False,
) -> None:
    """List every problem in the data, sorted by file and line (exit 0 clean, 1 warnings with --strict, 2 errors)."""

    def action() -> int:
        from tracker.validation import validate_root

        result = validate_root(data)
        for found in result.problems:
            typer.echo(found.format())
        typer.echo(result.summary())
        return result.exit_code(strict)

    _run(action, debug)


class SchemaChoice(enum.StrEnum):
    plan = "plan"
    indicators = "indicators"


@app.command()
def schema(
    name: Annotated[SchemaChoice, typer.Argument(help="Which file: plan or indicators.")] = SchemaChoice.plan,
    debug: DebugOption = False,
) -> None:
    """Print the JSON Schema of plan files or of indicators.yaml (for editor completion)."""

    def action() -> None:
        from tracker.schema import SchemaName, schema_text

        sys.stdout.write(schema_text(SchemaName(name.value)))

    _run(action, debug)

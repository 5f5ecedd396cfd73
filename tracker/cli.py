"""The command line: each command parses options, calls one core function (`tracker.core`), hands
its view to a format looked up in the registry (`tracker.render.FORMATS`), and exits.

Errors map to exit codes (`tracker.exitcodes.ExitCode`) in one place (`_run`); output goes to
standard output through the escaping layer in one place (`_emit`). Heavy modules (pandas,
rich) are imported inside the commands so that `tracker --help` stays fast.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from tracker.exitcodes import ExitCode
from tracker.render import names

if TYPE_CHECKING:
    from tracker.render import Options, Renderer

app = typer.Typer(
    name="tracker",
    help="Track the targets of Chinese five-year plans against the figures reported later.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Language(enum.StrEnum):
    zh = "zh"
    en = "en"


DataOption = Annotated[Path, typer.Option("--data", help="The data root (default: this folder).")]
AsOfOption = Annotated[
    int | None, typer.Option("--as-of", help="Evaluation year (default: this year).", min=1900, max=2200)
]
LangOption = Annotated[Language, typer.Option("--lang", help="Language of labels.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks and which encoding read each file.")]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Read plans and figures afresh: neither read nor write the cache (docs/cache.md)."),
]
AsciiOption = Annotated[
    bool, typer.Option("--ascii", help="Plain ASCII: borders, bars and symbols (>= for ≥, ! for binding).")
]


def _either(words: tuple[str, ...]) -> str:
    """'markdown or json', 'markdown, json or html'."""
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else list(words))


def _run(action: Callable[[], int | None], debug: bool, no_cache: bool = False) -> NoReturn:
    """Run a command body (with the cache, unless `no_cache`); map its outcome and our errors to exit codes."""
    from tracker import cache
    from tracker.errors import TrackerError

    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(message)s", stream=sys.stderr)
    try:
        with cache.switched(not no_cache):
            code = action()
    except TrackerError as exc:
        for problem in exc.problems:
            typer.echo(problem.format(), err=True)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except BrokenPipeError:  # the reader went away (`tracker validate | head -1`): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(ExitCode.OUTPUT_CUT) from None  # not all was said: not 0, as Python's documentation advises
    except Exception as exc:
        if debug:
            raise
        from tracker.escaping import excerpt
        from tracker.limits import MESSAGE_FIELD_CHARS

        reason = excerpt(f"{type(exc).__name__}: {exc}", MESSAGE_FIELD_CHARS)  # it may quote a data file
        typer.echo(
            f"tracker: unexpected error ({reason}). This is a bug: please report it "
            "with the output of the same command run with --debug.",
            err=True,
        )
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    raise typer.Exit(code or ExitCode.OK)


def _emit(renderer: Renderer[Any], view: object, options: Options) -> None:
    """Render `view` and write it to standard output the way its format needs (`Renderer.stream`)."""
    from tracker.errors import fail
    from tracker.escaping import write_clean, write_trusted
    from tracker.render import Stream

    text = renderer.render(view, options)
    if isinstance(text, bytes):
        raise fail("TRK405", "--out", reason="this format is not text: give a file name to write it to")
    if renderer.stream is Stream.CLEAN:
        write_clean(text)  # a large document, made safe by json_text
    elif renderer.stream is Stream.TRUSTED:
        write_trusted(text)  # our workflow commands, past the line guard
    else:
        sys.stdout.write(text)


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
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Where every target stands: a table per plan (exit 0 whatever the statuses)."""

    def action() -> None:
        from tracker.core import status_view
        from tracker.render import Options, renderer

        dataset, view = status_view(data, as_of, plan)
        _warn(list(dataset.problems))
        _emit(renderer("status", "json" if json else "terminal"), view, Options(lang.value, ascii_only))

    _run(action, debug, no_cache)


@app.command()
def explain(
    target: Annotated[str, typer.Argument(help="PLAN/TARGET, e.g. jian-education-2021-2025/preschool-enrolment")],
    data: DataOption = Path("."),
    as_of: AsOfOption = None,
    lang: LangOption = Language.zh,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """The arithmetic behind one target's status."""

    def action() -> None:
        from tracker.core import explain_target
        from tracker.render import Options, renderer

        _emit(renderer("explain", "terminal"), explain_target(data, target, as_of), Options(lang.value))

    _run(action, debug, no_cache)


class Level(enum.StrEnum):
    county = "county"
    prefecture = "prefecture"
    province = "province"
    national = "national"


@app.command()
def compare(
    indicator: Annotated[str, typer.Argument(help="An indicator's id, name or alias, e.g. 学前教育毛入园率.")],
    data: DataOption = Path("."),
    as_of: AsOfOption = None,
    parent: Annotated[
        str | None, typer.Option("--parent", help="Only the plans under this plan (its children and theirs).")
    ] = None,
    level: Annotated[Level | None, typer.Option("--level", help="Only plans of this level.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print the JSON document only.")] = False,
    lang: LangOption = Language.zh,
    ascii_only: AsciiOption = False,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """One indicator across plans and regions: every target on it, worst first (exit 0 whatever the statuses)."""

    def action() -> None:
        from tracker.core import compare_indicator
        from tracker.render import Options, renderer

        dataset, view = compare_indicator(data, indicator, as_of, parent, None if level is None else level.value)
        _warn(list(dataset.problems))
        _emit(renderer("compare", "json" if json else "terminal"), view, Options(lang.value, ascii_only))

    _run(action, debug, no_cache)


if TYPE_CHECKING:

    class ReportFormat(enum.StrEnum):
        """The formats of `report` (`tracker.render.FORMATS`)."""

else:
    ReportFormat = enum.StrEnum("ReportFormat", [(name, name) for name in names("report")])
REPORT_DEFAULT = ReportFormat(names("report")[0])
FormatOption = Annotated[ReportFormat, typer.Option("--format", help=_either(names("report")) + ".")]

PlanOption = Annotated[list[str] | None, typer.Option("--plan", help="Only this plan (repeatable).")]


@app.command()
def report(
    data: DataOption = Path("."),
    as_of: AsOfOption = None,
    format: FormatOption = REPORT_DEFAULT,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="Output file, or - for standard output (default: reports/status.md, .json, .html or .xlsx).",
        ),
    ] = None,
    lang: LangOption = Language.zh,
    since: Annotated[
        Path | None, typer.Option("--since", help="JSON of an earlier report: add a 'Changes' section.")
    ] = None,
    plan: PlanOption = None,
    summary_threshold: Annotated[
        int,
        typer.Option(
            "--summary-threshold",
            help="With more plans than this, write a summary instead of a section per plan (0: always).",
            min=0,
        ),
    ] = 30,
    detail: Annotated[
        bool, typer.Option("--detail", help="With the summary, also write a page per plan to reports/plans/<id>.md.")
    ] = False,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Write the status of every plan as a Markdown report (or JSON, an HTML page, or an Excel workbook),
    atomically; a summary over many plans."""

    def action() -> None:
        from tracker.atomic import STDOUT, output_path, write_output
        from tracker.core import report_view
        from tracker.dataroot import REPORTS_DIR
        from tracker.errors import fail
        from tracker.render import Options, renderer
        from tracker.summary import Summary

        chosen = renderer("report", format.value)
        if chosen.binary and out == STDOUT:
            raise fail(
                "TRK405",
                "--out",
                reason=f"this format is not text: give a file name, e.g. --out status.{chosen.suffix}",
            )
        if since is not None and not chosen.shows_changes:
            reason = f"it adds a section to the Markdown report; drop it with --format {format.value}"
            raise fail("TRK405", "--since", reason=reason)
        summarized = format.value in names("summary")  # the JSON document is the same whatever the size
        if detail and not summarized:
            reason = f"it adds a page per plan to the summary, which --format {format.value} never writes"
            raise fail("TRK405", "--detail", reason=reason)
        default = data.resolve() / REPORTS_DIR / f"status.{chosen.suffix}"
        path = output_path(out if out is not None else str(default), data, default=out is None)
        threshold = summary_threshold if summarized else sys.maxsize
        dataset, view = report_view(data, as_of, plan, since, threshold, detail, charts=chosen.draws_charts)
        _warn(list(dataset.problems))
        options = Options(lang.value, root=data)
        if isinstance(view, Summary):
            chosen = renderer("summary", format.value)
            if detail:
                _write_detail_pages(view, options, path, data)
        elif detail:  # at or under the threshold the report itself has a section per plan
            typer.echo(
                f"tracker: --detail ignored: {len(view.evaluation.plans)} plan(s), not more than "
                f"--summary-threshold {summary_threshold}, so the report has a section per plan.",
                err=True,
            )
        if path is None:
            _emit(chosen, view, options)
        else:
            write_output(path, chosen.render(view, options))

    _run(action, debug, no_cache)


def _write_detail_pages(view: Any, options: Options, report: Any, data: Path) -> None:
    """The page of each plan, in `plans/` beside the summary (of the data root's reports/ for standard output)."""
    from tracker.atomic import OutputFile, output_path, write_outputs
    from tracker.dataroot import REPORTS_DIR
    from tracker.render.summary_markdown import detail_pages
    from tracker.summary import DETAIL_FOLDER

    folder = (data.resolve() / REPORTS_DIR) if report is None else Path(report.path).parent
    pages: list[tuple[OutputFile, str]] = []
    for plan_id, page in detail_pages(view, options.lang).items():
        path = output_path(str(folder / DETAIL_FOLDER / f"{plan_id}.md"), data, default=report is None)
        assert path is not None
        pages.append((path, page))
    write_outputs(pages)


@app.command()
def check(
    data: DataOption = Path("."),
    as_of: AsOfOption = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Statuses that fail, e.g. missed,off_track (or none); replaces the policy."),
    ] = None,
    junit: Annotated[str | None, typer.Option("--junit", help="Also write JUnit XML to this file (not '-').")] = None,
    plan: PlanOption = None,
    lang: Annotated[Language, typer.Option("--lang", help="Language of the reasons.")] = Language.en,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """The CI gate: exit 1 when a target fails the policy, 2 on bad input, 0 otherwise."""

    def action() -> int:
        import os

        from tracker.atomic import STDOUT, output_path, write_output
        from tracker.core import check_targets
        from tracker.errors import fail
        from tracker.render import Options, renderer

        if junit == STDOUT:
            raise fail(
                "TRK405",
                "--junit",
                reason="standard output carries the check's own lines; give a file name, e.g. --junit junit.xml",
            )
        junit_path = output_path(junit, data) if junit is not None else None
        dataset, outcome = check_targets(data, as_of, plan, fail_on)
        _warn(list(dataset.problems))
        options = Options(lang.value, root=data)
        _emit(renderer("check", "text"), outcome, options)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            _emit(renderer("check", "github"), outcome, options)
            summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
            if summary_file:
                summary = renderer("check", "github-summary").render(outcome, options)
                assert isinstance(summary, str)
                _append_step_summary(Path(summary_file), summary, data)
        if junit_path is not None:
            write_output(junit_path, renderer("check", "junit").render(outcome, options))
        return ExitCode.TARGETS_FAILED if outcome.failed else ExitCode.OK

    _run(action, debug, no_cache)


def _append_step_summary(path: Path, text: str, data: Path) -> None:
    """Append the job summary; one that cannot be written is a warning, not the check's result."""
    from tracker.atomic import append_step_summary
    from tracker.errors import problem

    reason = append_step_summary(path, text, data)
    if reason is not None:
        typer.echo(problem("TRK412", path.as_posix(), reason=reason).format(), err=True)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="The new data root (created if missing).")],
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            help="What the CI workflows pip-install tracker from (default: this tracker, pinned to its "
            "version or commit).",
        ),
    ] = None,
    full_catalog: Annotated[
        bool,
        typer.Option(
            "--full-catalog",
            help="Copy every bundled indicator (Chinese names and aliases for extract), not the 23 standard ones.",
        ),
    ] = False,
    lang: Annotated[Language, typer.Option("--lang", help="Language of the next steps printed.")] = Language.zh,
    debug: DebugOption = False,
) -> None:
    """Create a data root: indicators.yaml, an example plan, an example CSV, two CI workflows; print the next steps."""

    def action() -> None:
        from tracker.atomic import output_folder
        from tracker.errors import fail
        from tracker.scaffold import DISTRIBUTION, next_steps, pinned_install
        from tracker.scaffold import init as scaffold_init

        folder = output_folder(directory, Path("."))
        spec = install if install is not None else pinned_install()
        if spec is None:
            raise fail(
                "TRK405",
                "--install",
                reason="cannot tell where this tracker was installed from (a folder that is not a git clone"
                " with a remote); give the workflows a pinned spec, e.g. --install"
                f" 'git+https://github.com/ORG/tracker@COMMIT' or --install '{DISTRIBUTION}==VERSION'",
            )
        created = scaffold_init(folder, spec, full=full_catalog)
        typer.echo(next_steps(directory.as_posix(), created, spec, install is None, full_catalog, lang.value), nl=False)

    _run(action, debug)


class ExtractKind(enum.StrEnum):
    plan = "plan"
    results = "results"
    auto = "auto"


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Plain-text documents (UTF-8 or GB18030).")],
    region: Annotated[str | None, typer.Option("--region", help="Region name (default: read from the text).")] = None,
    region_code: Annotated[str | None, typer.Option("--region-code", help="Region code for the draft plan.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year of a results report.", min=1900, max=2200)] = None,
    kind: Annotated[ExtractKind, typer.Option("--kind", help="Plan, results report, or guess.")] = ExtractKind.auto,
    data: DataOption = Path("."),
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the drafts (default: a new drafts/).")] = None,
    debug: DebugOption = False,
) -> None:
    """Draft plans and actuals from the text of policy documents, for a person to review."""

    def action() -> None:
        from tracker.atomic import output_folder
        from tracker.extract import ExtractOptions
        from tracker.extract import extract as run_extract

        folder = None if out is None else output_folder(out, data)
        options = ExtractOptions(data, folder, region, region_code, year, kind.value, new_folder=out is None)

        def progress(label: str, share: float) -> None:
            typer.echo(f"extract: {label}: {share:.0%} read", err=True)

        result = run_extract(files, options, progress=progress)
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(result.summary())
        for path in result.written:
            typer.echo(f"  wrote {path.as_posix()}")

    _run(action, debug)


@app.command()
def validate(
    data: DataOption = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    no_cache: NoCacheOption = False,
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

    _run(action, debug, no_cache)


@app.command()
def template(
    plan: Annotated[str, typer.Option("--plan", help="The plan whose targets the form asks for.")],
    out: Annotated[str, typer.Option("--out", "-o", help="The form to write: FILE.xlsx or FILE.csv (or - for CSV).")],
    years: Annotated[
        str | None, typer.Option("--years", help="Years to ask for, e.g. 2021-2025 (default: the plan's period).")
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", help="Language of the header and names.")] = Language.zh,
    data: DataOption = Path("."),
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Write a collection form: one row per target and year still without a figure, to fill and drop into actuals/."""

    def action() -> None:
        from tracker.atomic import STDOUT, output_path, write_output
        from tracker.core import collection_form
        from tracker.errors import fail
        from tracker.forms import csv_form, xlsx_form, year_range

        workbook = out.lower().endswith(".xlsx")
        if not workbook and not out.lower().endswith(".csv") and out != STDOUT:
            raise fail("TRK405", "--out", reason="the form is a workbook (.xlsx) or a CSV file (.csv)")
        span = year_range(years) if years is not None else None
        path = output_path(out, data)
        dataset, rows = collection_form(data, plan, span, lang.value)
        _warn(list(dataset.problems))
        if path is None:
            sys.stdout.write(csv_form(rows, lang.value))
            return
        if workbook:
            write_output(path, xlsx_form(rows, lang.value, dataset.plan(plan).model.title))
        else:
            write_output(path, "\ufeff" + csv_form(rows, lang.value))
        typer.echo(f"wrote {out}: {len(rows)} row{'s' * (len(rows) != 1)} to fill")

    _run(action, debug, no_cache)


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


def run() -> None:
    """The command line in this process, every line written through the escaping layer's
    guard; ends with SystemExit (what tests call)."""
    from tracker.core import tune_for_large_tables
    from tracker.escaping import guarded_output

    tune_for_large_tables()
    with guarded_output():
        app()


def main() -> NoReturn:
    """Console-script entry point: `run`, then the process ends with `os._exit` once its
    output is flushed - freeing the objects of a national data root one by one (every figure
    and target) at exit is a noticeable part of a run and serves no one (mypy's
    `util.hard_exit` does the same)."""
    try:
        run()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if not isinstance(code, int):
            raise
        _hard_exit(code)
    _hard_exit(0)


def _hard_exit(code: int) -> NoReturn:
    import logging
    import os

    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: let Python end as usual
        raise SystemExit(code) from None
    os._exit(code)

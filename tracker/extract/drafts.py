"""Writing the drafts in the project's formats: a plan YAML, an actuals CSV, review.md and
proposed indicators, each written atomically (temp file + rename, with the umask's mode) and
never over a file. All or nothing: when a write fails (a full disk, no permission), the files
and folders this run made are removed again and the failure is TRK411."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tracker import kinds
from tracker.atomic import cannot_write, write_atomic
from tracker.errors import TrackerError, fail
from tracker.extract.document import DocumentDraft, DraftFigure, DraftTarget
from tracker.extract.indicators import IndicatorMatcher
from tracker.numbers import canonical_number

if TYPE_CHECKING:
    from tracker.extract import ExtractOptions

CSV_HEADER = ["region", "indicator", "year", "value", "qualifier", "source", "quote", "note"]
DEFAULT_OUT = Path("drafts")


def output_folder(requested: Path | None) -> Path:
    """The folder to write into: as requested, or else a new drafts/, drafts-2/... folder.

    A requested folder that already holds files is refused (TRK406): drafts never mix
    with the files of an earlier run. Only the default folder is numbered.
    """
    if requested is not None:
        present = sorted(requested.iterdir()) if requested.is_dir() else [requested] if requested.exists() else []
        if present:
            raise fail("TRK406", present[0].as_posix(), 0)
        return requested
    candidate, n = DEFAULT_OUT, 1
    while candidate.exists():
        n += 1
        candidate = Path(f"{DEFAULT_OUT}-{n}")
    return candidate


def write_drafts(
    documents: list[DocumentDraft], options: ExtractOptions, matcher: IndicatorMatcher
) -> tuple[Path, list[Path]]:
    """Write every draft file; refuse (TRK406) if any would replace an existing file."""
    out = output_folder(options.out)
    files: dict[Path, str] = {}
    proposals: dict[str, dict[str, Any]] = {}
    for doc in documents:
        if doc.targets:
            files[out / "plans" / f"{doc.slug}.draft.yaml"] = plan_yaml(doc, options)
        if doc.figures:
            files[out / "actuals" / f"{doc.slug}.draft.csv"] = actuals_csv(doc)
        proposals.update(catalog_entries(doc))
    files[out / "review.md"] = review_markdown(documents)
    if proposals:
        files[out / "indicators.draft.yaml"] = _yaml({"indicators": proposals})
    existing = [path for path in files if path.exists()]
    if existing:
        raise fail("TRK406", existing[0].as_posix(), 0)
    made: list[Path] = []  # folders and files this run created, in order
    try:
        for path, content in files.items():
            _make_folders(path.parent, made)
            write_atomic(path, content)
            made.append(path)
    except TrackerError:
        _remove(made)
        raise
    except OSError as exc:  # a folder that cannot be made
        _remove(made)
        raise cannot_write(out, exc) from None
    return out, list(files)


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Make `folder` and its missing parents, noting each one made."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir()
        made.append(new)


def _remove(made: list[Path]) -> None:
    """Undo a failed run: the files it wrote, then the folders it made (newest first)."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.rmdir() if path.is_dir() else path.unlink()


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def plan_yaml(doc: DocumentDraft, options: ExtractOptions) -> str:
    """The draft plan: one target per drafted target, its offset and score in `note`."""
    bys = [t.by for t in doc.targets]
    start = min([*bys, doc.period.start] if doc.period else bys)
    end = max([*bys, doc.period.end] if doc.period else bys)
    targets = []
    used: dict[str, int] = {}
    for target in doc.targets:
        base = target.indicator.replace("_", "-")
        used[base] = used.get(base, 0) + 1
        entry: dict[str, Any] = {
            "id": base if used[base] == 1 else f"{base}-{used[base]}",
            "indicator": target.indicator,
            "kind": target.kind,
        }
        if target.value is not None and kinds.rule(target.kind).has_goal_value:
            entry["target"] = target.target_text
        entry["by"] = target.by
        if target.baseline_year is not None:
            entry["baseline"] = {"year": min(target.baseline_year, start - 1 if start < target.by else target.by - 1)}
        if target.binding:
            entry["binding"] = True
        entry["quote"] = target.quote
        how = (
            "on a proposed indicator (indicators.draft.yaml)" if target.proposed else f"match score {target.score:.0f}"
        )
        said = f" {target.note}." if target.note else ""
        entry["note"] = f"offset {target.offset}; {how}.{said} Drafted by tracker extract: review."
        targets.append(entry)
    plan: dict[str, Any] = {
        "id": doc.slug,
        "title": doc.metadata.title or f"Draft from {Path(doc.label).name}",
        "region": doc.region or "unknown",
    }
    if options.region_code:
        plan["region_code"] = options.region_code
    plan["period"] = {"start": start, "end": end}
    plan["source"] = {"file": doc.label, **doc.metadata.source()}
    plan["note"] = "Drafted by tracker extract; every target needs a reviewer's check against its quote."
    plan["targets"] = targets
    return "# Draft: review every target, then rename to plans/<id>.yaml\n" + _yaml(plan)


def actuals_csv(doc: DocumentDraft) -> str:
    """The draft actuals in the project's CSV columns; the offset and match score are in `note`."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for figure in doc.figures:
        how = (
            "on a proposed indicator (indicators.draft.yaml)" if figure.proposed else f"match score {figure.score:.0f}"
        )
        note = f"offset {figure.offset}; {how}" + (f"; {figure.note}" if figure.note else "")
        writer.writerow(
            [
                figure.region or doc.region or "unknown",
                figure.indicator,
                figure.year,
                canonical_number(figure.value),
                figure.qualifier,
                doc.label,
                figure.quote,
                note,
            ]
        )
    return stream.getvalue()


def catalog_entries(doc: DocumentDraft) -> dict[str, dict[str, Any]]:
    """The proposed indicators of a document as entries of indicators.yaml."""
    return {
        proposal.id: {
            "name": proposal.name,
            "name_en": "TODO: English name",
            "unit": proposal.unit,
            "better": "higher",
            "note": (
                f"Proposed by tracker extract from {doc.label} at offset {proposal.offset}: {proposal.sentence[:80]}. "
                f"Closest catalog entry: {proposal.closest}; if it is the same measure, add the name as its alias "
                "instead. Check unit and better."
            ),
        }
        for proposal in doc.proposals.values()
    }


def review_markdown(documents: list[DocumentDraft]) -> str:
    """Every figure seen but not drafted, and every number not read as a figure, with reasons."""
    lines = [
        "# Figures left for review",
        "",
        "Each figure below was seen but not drafted, with the reason. After them, each",
        "document lists the numbers that were not read as figures at all (years, dates,",
        "ordinals, codes...). Offsets are character offsets in the source file.",
        "",
    ]
    for doc in documents:
        lines += [
            f"## {doc.label}",
            "",
            f"{doc.seen} figures seen: {len(doc.targets)} targets and {len(doc.figures)} figures drafted; "
            f"{len(doc.review)} figures left for review; {len(doc.skipped)} other numbers not read as figures.",
            "",
        ]
        for item in doc.review:
            sentence = item.sentence.replace("|", "\\|")
            lines.append(f"- offset {item.offset}: **{item.text}** ({item.reason}). > {sentence}")
        on_proposals: list[DraftTarget | DraftFigure] = [
            *(t for t in doc.targets if t.proposed),
            *(f for f in doc.figures if f.proposed),
        ]
        if on_proposals:
            lines += [
                "",
                f"### Drafted on proposed indicators ({len(on_proposals)}; merge indicators.draft.yaml first)",
                "",
            ]
            for drafted in sorted(on_proposals, key=lambda d: d.offset):
                proposal = doc.proposals[drafted.indicator]
                lines.append(
                    f"- offset {drafted.offset}: **{drafted.quote}** on `{proposal.id}` '{proposal.name}' "
                    f"({proposal.unit}; closest catalog entry: {proposal.closest})"
                )
        if doc.skipped:
            counts: dict[str, int] = {}
            for item in doc.skipped:
                counts[item.reason] = counts.get(item.reason, 0) + 1
            summary = "; ".join(f"{reason}: {n}" for reason, n in sorted(counts.items(), key=lambda c: -c[1]))
            lines += ["", f"### Numbers not read as figures ({summary})", ""]
            lines += [f"- offset {item.offset}: {item.text} ({item.reason})" for item in doc.skipped]
        lines.append("")
    return "\n".join(lines)

"""`tracker extract`: first drafts of plans and actuals from the text of policy documents.

`extract(paths, options)` is the one function the CLI calls. It reads each file (UTF-8 or
GB18030), drafts its targets and reported figures against the indicator catalog of
`options.data` and, when `options.out` (or `options.new_folder`) is set, writes the drafts
(see `tracker.extract.drafts`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import TrackerError
from tracker.extract.document import DocumentDraft, DraftFigure, DraftTarget, ReviewItem, extract_document
from tracker.extract.indicators import IndicatorMatcher
from tracker.models import Catalog

__all__ = [
    "DocumentDraft",
    "DraftFigure",
    "DraftTarget",
    "ExtractOptions",
    "ExtractionResult",
    "ReviewItem",
    "extract",
    "load_matcher",
]


@dataclass(frozen=True)
class ExtractOptions:
    """The options of `tracker extract`."""

    data: Path = Path(".")
    out: Path | None = None
    region: str | None = None
    region_code: str | None = None
    year: int | None = None
    kind: str = "auto"
    new_folder: bool = False
    """With no `out`: write into a new folder drafts/ (drafts-2/... when that exists)."""


@dataclass
class ExtractionResult:
    """The drafts of every document and the files written."""

    documents: list[DocumentDraft]
    out: Path | None = None
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def targets(self) -> int:
        return sum(len(d.targets) for d in self.documents)

    @property
    def figures(self) -> int:
        return sum(len(d.figures) for d in self.documents)

    @property
    def for_review(self) -> int:
        return sum(len(d.review) for d in self.documents)

    @property
    def seen(self) -> int:
        return sum(d.seen for d in self.documents)

    @property
    def skipped(self) -> int:
        return sum(len(d.skipped) for d in self.documents)

    @property
    def proposed(self) -> int:
        """Drafted items on indicators proposed in indicators.draft.yaml."""
        return sum(sum(t.proposed for t in d.targets) + sum(f.proposed for f in d.figures) for d in self.documents)

    def summary(self) -> str:
        """What was drafted, left for review and skipped, in one paragraph."""
        placed = self.seen - self.for_review
        if self.proposed:
            on = (
                f", {self.proposed} of them on indicators proposed in indicators.draft.yaml (merge it into the catalog)"
            )
        else:
            on = ", all on indicators of the catalog" if self.targets + self.figures else ""
        text = (
            f"{self.targets} targets and {self.figures} figures drafted from {placed} of {self.seen} figures seen"
            f"{on}; {self.for_review} figures left for review. "
            f"{self.skipped} other numbers were not read as figures (years, dates, ordinals, codes)."
        )
        if self.out is not None:
            text += f" Both lists, with the reason for each, are in {(self.out / 'review.md').as_posix()}."
        return text


def load_matcher(data: Path) -> IndicatorMatcher:
    """The indicator matcher for the catalog of a data root (an empty catalog if there is none).

    A catalog that cannot be used at all raises TrackerError; one with faulty entries gives
    the matcher its valid entries."""
    from tracker.plans import read_catalog

    path = data / "indicators.yaml"
    if not path.is_file():
        return IndicatorMatcher(Catalog(indicators={}))
    index, problems = read_catalog(path, "indicators.yaml")
    if index is None:
        raise TrackerError(problems)
    return IndicatorMatcher(index.catalog)


def slug_of(path: Path) -> str:
    """A plan id made from a file name: lower case letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "document"


SLUG_CHARS = 60


def slug_for(document: DocumentDraft, path: Path) -> str:
    """The draft's plan id: its title in pinyin (鹤源县“十四五”教育事业发展规划 ->
    heyuanxian-shisiwu-jiaoyushiyefazhanguihua), at most SLUG_CHARS long; the file name when the
    document has no title."""
    title = document.metadata.title
    if not title:
        return slug_of(path)
    from pypinyin import lazy_pinyin

    spaced = re.sub(r"(?<=[\u4e00-\u9fff][省市县区旗])(?=[\u4e00-\u9fff]{2})", " ", title)  # the place apart
    runs = re.findall(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+", spaced)
    words = ["".join(lazy_pinyin(run)).lower() if re.match(r"[\u4e00-\u9fff]", run) else run.lower() for run in runs]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words)).strip("-")
    return slug[:SLUG_CHARS].strip("-") or slug_of(path)


PROGRESS_BYTES = 200_000
"""Documents longer than this report their progress."""


def check_size(path: Path) -> None:
    """TRK100 for a file longer than MAX_EXTRACT_BYTES, before any of it is read."""
    from tracker.errors import fail
    from tracker.limits import MAX_EXTRACT_BYTES

    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it will say what is wrong
    if size > MAX_EXTRACT_BYTES:
        raise fail(
            "TRK100",
            path.as_posix(),
            reason=f"it is {size / 1e6:.1f} MB, and tracker extract reads texts of at most "
            f"{MAX_EXTRACT_BYTES / 1e6:.0f} MB (a long plan is about 0.2 MB); split it into parts",
        )


def extract(
    paths: list[Path],
    options: ExtractOptions,
    matcher: IndicatorMatcher | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> ExtractionResult:
    """Draft every document; write the drafts when `options.out` or `options.new_folder` is set.

    Files longer than MAX_EXTRACT_BYTES are refused (TRK100) before any is read. `progress`
    hears, for a document of more than PROGRESS_BYTES, its name and the share read so far.
    """
    from tracker.textfiles import read_text

    for path in paths:
        check_size(path)
    matcher = matcher or load_matcher(options.data)
    warnings = []
    if not matcher.catalog.indicators:
        warnings.append(
            f"no indicators in {(options.data / 'indicators.yaml').as_posix()} (missing or empty): "
            "no figure can be mapped, so every figure goes to review; pass --data DIR with a catalog"
        )
    documents: list[DocumentDraft] = []
    for path in paths:
        source = read_text(path, path.as_posix())
        label = path.as_posix()
        hear = None
        if progress is not None and len(source.encode("utf-8")) > PROGRESS_BYTES:
            hear = functools.partial(progress, label)
        document = extract_document(
            source, label, slug_of(path), matcher, options.kind, options.region, options.year, hear
        )
        document.slug = slug_for(document, path)
        used = {d.slug for d in documents}
        base, n = document.slug, 1
        while document.slug in used:
            n += 1
            document.slug = f"{base}-{n}"
        documents.append(document)
    result = ExtractionResult(documents, warnings=warnings)
    if options.out is not None or options.new_folder:
        from tracker.extract.drafts import write_drafts

        result.out, result.written = write_drafts(result.documents, options, matcher)
    return result

"""Extraction from one document: figures placed in sentences, mapped, dated, classified."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from tracker.extract import years
from tracker.extract.clauses import Mode, Section, clauses, sections, spans
from tracker.extract.figures import WrittenFigure, find_figures
from tracker.extract.indicators import Context, IndicatorMatcher, Match
from tracker.extract.metadata import Metadata, read_metadata
from tracker.extract.standard import stage_of, standard_count
from tracker.extract.statements import Statement, statements
from tracker.extract.tables import read_tables
from tracker.extract.text import Normalised, normalise
from tracker.numbers import canonical_number, chinese_numeral

_HAN = re.compile(r"[\u4e00-\u9fff]")
_PART_END = re.compile(r"[。!?！？\n;；]")
_FLOW = re.compile(
    r"新建|改扩建|改建|新增|累计|共计|开发|打造|培养|招聘|补充|接收|举办|开展|安装|销毁|投入|创成|获评|入选|认定|授予|"
    r"成为|评选|组织|完成|培训|制作|购置|配置|建立|获得|资助|发放|清退|关停|查处|改造|建成|创建|先后|以来|期间|五年来|共"
)
_PER_YEAR = re.compile(r"年均|每年|平均每年|年平均")
# A clause about the whole country or province (全国仅4个…, 全省有13个县…): another region.
_WIDER_REGION = re.compile(r"^[^,，;；]{0,3}?(全国|全省)")
# Units of levels, never totals over a period.
_LEVELS_ONLY = {"percent", "percentage_point", "ratio", "mbps", "year", "month", "hour"}
# Words that make a figure a total over a period: 累计达到10亿元 is a span, not a level.
_TOTAL = re.compile(
    r"累计|共计|总计|合计|五年来|近[一二三四五六七八九十两\d]{1,2}年|"
    r"共(?=[一二三四五六七八九十两\d]|投入|培养|培训|开展|建成|新建|招聘|补充|完成|创建|创成|获得|资助|发放|举办|组织)"
)
_STOCK = re.compile(r"现有|共有|截至|目前|占比|保持|拥有|容纳|连续|达到|达")
# A floor to hold rather than a level to reach: 保持在98%以上, 稳定在, 不低于95%, 不少于一半.
_MAINTAIN = re.compile(r"保持|稳定在|稳定|巩固在|不低于|不少于")
_STRONG_TARGET = re.compile(r"力争|争取|确保|保证|到((?:19|20)\d\d)年")
# Words of a goal and of a result, for deciding per clause whether a figure is a target.
_FUTURE_WORDS = re.compile(
    r"力争|争取|确保|保证|将(?![其近])|预计|拟|要(?!求|素|点)|应(?!用|急|对|届|聘|试)|目标(?:设定|确定)?(?:[:：]|是|为)"
)
_PAST_WORDS = re.compile(r"去年|上年|截至|截止|已经|已|先后|这五年|五年来|五年间|近年来|以来|期间|共有|现有")
_DEADLINE = re.compile(r"(?:到|至)((?:19|20)\d\d)年")
_RELATIVE = re.compile(r"^(?:同比|比上年)?(?:增长|下降|减少|增加|上升|降低)了?$")  # 增长0.52% after 比上年增加36所
_NOW = re.compile(r"现有|已有|截至目前|截至|截止|目前已|已经")
_MEDALS = {"金": "金牌", "银": "银牌", "铜": "铜牌"}
_RISE = re.compile(r"由$")
_RISE_TO = re.compile(r"(?:提高|提升|增加|增长|上升)(?:到|至)")
_CHANGE_BEFORE = re.compile(r"(提高|提升|增加|增长|上升|下降|降低|减少)$")
# 比上年增加36所, 比“十三五”初提高了17个百分点, 比2015年增加: a change against an earlier year.
_COMPARE = re.compile(
    r"比(上年|去年|上一年|“?[一二三四五六七八九十]{1,3}五”?(?:期间|末|初)?|(?:19|20)\d\d年)(?:同期)?"
    r"(提高|提升|增加|增长|上升|下降|降低|减少)了?$"
)
_DOWN = ("下降", "降低", "减少")
_FOOTNOTE = re.compile(r"\[\d{1,2}\]")
_SHARE = "占比例"
_COVERAGE = "覆盖率比例"
WORDED_REACH = 40  # characters before a worded figure's clause that can name what it covers


@dataclass(frozen=True)
class DraftFigure:
    """A reported figure drafted for actuals/<slug>.draft.csv."""

    indicator: str
    year: str
    value: float
    qualifier: str
    quote: str
    offset: int
    score: float
    note: str = ""
    region: str = ""  # empty: the document's region
    proposed: bool = False  # on an indicator proposed in indicators.draft.yaml
    step: float = 0.0  # the precision the figure is written with (1.5万: 1000), for derived figures


@dataclass(frozen=True)
class DraftTarget:
    """A plan target drafted for plans/<slug>.draft.yaml."""

    indicator: str
    kind: str
    op: str
    value: float | None
    by: int
    quote: str
    offset: int
    score: float
    baseline_year: int | None = None
    note: str = ""
    proposed: bool = False  # on an indicator proposed in indicators.draft.yaml
    binding: bool = False  # 约束性 in an indicator table

    @property
    def target_text(self) -> str:
        return f"{self.op} {canonical_number(self.value)}" if self.value is not None else ""


@dataclass(frozen=True)
class ReviewItem:
    """A figure seen but not placed: its text, offset, sentence and why."""

    text: str
    offset: int
    sentence: str
    reason: str
    proposal: str = ""


@dataclass
class DocumentDraft:
    """Everything drafted from one document."""

    label: str
    slug: str
    region: str
    year: int | None
    period: years.Span | None
    figures: list[DraftFigure] = field(default_factory=list)
    targets: list[DraftTarget] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    seen: int = 0
    skipped: list[ReviewItem] = field(default_factory=list)
    """Numbers that are not figures (years, dates, ordinals, codes), each with its reason."""
    province: str = ""
    """The province the text names most (for figures about 全省), or ""."""
    proposals: dict[str, Proposal] = field(default_factory=dict)
    """Indicators proposed for figures no catalog entry fits, by id; drafted items use them."""
    metadata: Metadata = field(default_factory=Metadata)
    """Title, issuing body, document number and date, as the document states them."""
    date_year: int | None = None
    """The year of the document's date line: what 今年 and 去年 count from."""
    title_year: int | None = None
    """The year a title names as its subject (山西省2018年教育事业发展统计公报)."""
    drafted_spans: list[tuple[int, int]] = field(default_factory=list)
    """Where in the source the figures behind the drafted items are (start, end offsets)."""


@dataclass(frozen=True)
class Proposal:
    """A catalog entry proposed for a figure that no entry fits (indicators.draft.yaml)."""

    id: str
    name: str
    unit: str
    offset: int
    sentence: str
    closest: str  # the best catalog candidate and its score, for a reviewer who prefers an alias


NO_UNIT = "a bare number without a unit: nothing says what it counts"
_Item = TypeVar("_Item", "DraftFigure", "DraftTarget")


@dataclass
class _Ledger:
    """Which figures were drafted, and why each of the others was not; and how far reading has got."""

    placed: set[int] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    why: dict[int, str] = field(default_factory=dict)
    progress: Callable[[float], None] | None = None
    length: int = 1
    reported: int = 0

    def reached(self, position: int) -> None:
        """Tell `progress` the share of the text read, every twentieth of it."""
        if self.progress is not None and position - self.reported >= self.length / 20:
            self.reported = position
            self.progress(position / self.length)

    def place(self, figure: WrittenFigure) -> None:
        self.placed.add(figure.start)
        self.spans.append((figure.start, figure.end))

    def miss(self, figure: WrittenFigure, reason: str) -> None:
        self.why.setdefault(figure.start, reason)


@dataclass(frozen=True)
class _Where:
    figure: WrittenFigure
    section: Section
    sentence: tuple[int, int]
    part: tuple[int, int]
    clause: tuple[int, int]
    context: Context
    extra: tuple[Context, ...] = ()
    own_left: str = ""  # the words between the previous figure of the clause (or its start) and this one


_ADMIN = re.compile("[省市县区旗州盟](?![级域])")
REGION_CHARS = 200_000
_BEFORE_PLACES = set("在对向与和及据由从于是为到赴")  # a document names its own region in its first pages
# Regions named without an administrative suffix of one character: autonomous regions and
# the country. 宁夏 is 宁夏回族自治区; a text about 全国 (a national bulletin) is about 全国.
AUTONOMOUS = {
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "西藏": "西藏自治区",
    "广西": "广西壮族自治区",
    "内蒙古": "内蒙古自治区",
}


def _wider_region(text: str, title: str, local: str) -> str:
    """An autonomous region or 全国 when the title names it, or when the text names no local place."""
    for short, full in AUTONOMOUS.items():
        if short in title or (not local and text.count(short) >= 2):
            return full
    if "全国" in title or (not local and text.count("全国") >= 2):
        return "全国"
    return local


_PLACEHOLDER = re.compile(r"(?:某+|[X×＊*]{1,3})$")
# Common words that end in an administrative suffix but name no place (城市, 社区, 示范区, 国旗...).
_NOT_PLACES = re.compile(
    r"(?:城|都|超|股|门|上|集|夜)市$|"
    r"(?:社|园|校|学|片|辖|地|山|景|郊|市|县|灾|矿|牧|林|库|老|边|特|新|城|示范|开发|实验|试验|先行|功能|保护|核心|服务|"
    r"自贸|高新|经济|试点|改革)区$|"
    r"(?:大|强|郡|示范|先进|试点)县$|(?:大|强|外)省$|(?:神|九)州$|(?:红|国|党|举|升|锦|战|团|队|彩)旗$|(?:联|结|加|同)盟$"
)
_NOT_IN_NAMES = set("的了在和与及为是将对把等全我本各该其每这那省市县区旗盟委府局厅")


def region_of(text: str, suffixes: str = "省市县区旗州盟", title: str | None = None) -> str:
    """The document's own region: the place name (a name ending in 省市县区旗州盟) it names most.

    A candidate is two to four Han characters before the suffix (or a placeholder: 某县,
    XX市), none of them a function word or an administrative character (so 市委市政府 is no
    place), and not a common word such as 社区 or 示范区. It scores the number of times its
    name occurs in the text, with or without the suffix (河阳日报, 河阳要闻), plus 5 when it
    occurs in the first line (the title) and 2 in the next four lines; a name that occurs
    mostly without its suffix is a common word (建设区 against 建设). Of the suffixes a name
    takes, the most frequent one counts. A province not in the title scores half: local
    texts name their province as context. `suffixes` limits the answer (省: the province).
    """
    text = text[:REGION_CHARS]
    suffixed: dict[str, dict[str, int]] = {}
    standing: set[str] = set()  # names that stand after punctuation or a preposition somewhere
    for found in _ADMIN.finditer(text):
        at = found.start()
        placeholder = _PLACEHOLDER.search(text, max(0, at - 3), at)
        if placeholder:
            stems = [placeholder.group()]
        else:
            stems = [text[at - k : at] for k in (2, 3, 4) if at >= k]
            stems = [s for s in stems if all("\u4e00" <= c <= "\u9fff" and c not in _NOT_IN_NAMES for c in s)]
        for stem in stems:
            if not _NOT_PLACES.search(stem + found.group()):
                by_suffix = suffixed.setdefault(stem, {})
                by_suffix[found.group()] = by_suffix.get(found.group(), 0) + 1
                before = text[at - len(stem) - 1 : at - len(stem)] if at > len(stem) else ""
                if not before or not _HAN.match(before) or before in _BEFORE_PLACES:
                    standing.add(stem)
    lines = [line.strip() for line in text[:600].split("\n") if line.strip()]
    head = "\n".join(lines[1:5])
    if title is None:
        title = lines[0] if lines else ""
    elif title and title in lines[:5]:
        head = "\n".join(line for line in lines[:5] if line != title)
    best: tuple[float, int, str] | None = None
    for stem, by_suffix in suffixed.items():
        total = text.count(stem)
        if not _PLACEHOLDER.fullmatch(stem) and total > 4 * sum(by_suffix.values()):
            continue
        if total < 2 and stem not in (title or text[:40]) and stem not in standing:
            continue  # named once inside other words (县长出席市里会议): no evidence of a place
        suffix = max(by_suffix, key=lambda s: by_suffix[s])
        if suffix not in suffixes:
            continue
        score = float(total + (5 if stem in title else 2 if stem in head else 0))
        if suffix == "省" and stem not in title:
            score /= 2  # a local text names its province as context
        key = (score, len(stem), stem + suffix)
        if best is None or key[:2] > best[:2]:
            best = key
    local = best[2] if best else ""
    return local if suffixes == "省" else _wider_region(text, title, local)


def extract_document(
    source: str,
    label: str,
    slug: str,
    matcher: IndicatorMatcher,
    kind: str = "auto",
    region: str | None = None,
    year: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> DocumentDraft:
    """Draft the targets and figures of one document's text; `progress` hears the share read."""
    norm = normalise(source)
    text = norm.text
    found, skipped = find_figures(text)
    meta = read_metadata(text)
    doc_year = year or _title_year(meta) or meta.date_year or years.report_year(text)
    period = years.plan_period(text)
    draft = DocumentDraft(label, slug, region or region_of(text, title=meta.title), doc_year, period, seen=len(found))
    draft.metadata = meta
    draft.date_year = meta.date_year or doc_year
    draft.title_year = year or _title_year(meta)
    draft.province = region_of(text, "省", title=meta.title)
    ledger = _Ledger(progress=progress, length=max(1, len(text)))
    in_tables = read_tables(norm, found, skipped, matcher, draft, ledger)
    outside = [f for f in found if f.start not in in_tables]
    starts = [f.start for f in outside]
    for section in sections(text, kind):
        low, high = bisect.bisect_left(starts, section.start), bisect.bisect_left(starts, section.end)
        _section(norm, section, outside[low:high], matcher, draft, ledger, doc_year, period)
    for figure in found:
        if figure.start not in ledger.placed:
            reason = ledger.why.get(figure.start, "no indicator matched the words around it")
            draft.review.append(_review(norm, figure.start, figure.end, reason))
    draft.skipped = [
        _review(norm, item.start, item.end, item.reason) for item in skipped if item.start not in in_tables
    ]
    draft.figures = _once(norm, draft, draft.figures, lambda f: (f.indicator, f.year, f.value, f.qualifier, f.region))
    draft.targets = _once(norm, draft, draft.targets, lambda t: (t.indicator, t.op, t.value, t.by, t.note))
    draft.review.sort(key=lambda item: item.offset)
    draft.drafted_spans = sorted({(norm.source_offset(a), norm.source_offset(b - 1) + 1) for a, b in ledger.spans})
    return draft


def _title_year(meta: Metadata) -> int | None:
    """The year a title names as its subject (山西省2018年教育事业发展统计公报), if not after its date."""
    found = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", meta.title)
    if found is None or re.match(r"\s*年?(?:以来|起|—|-|至)", meta.title[found.end() :]):
        return None
    year = int(found.group(1))
    return year if meta.date_year is None or year <= meta.date_year else None


def _once(norm: Normalised, draft: DocumentDraft, items: list[_Item], key: Callable[[_Item], object]) -> list[_Item]:
    """Each item once; a repeat (the same indicator, value and year stated twice) is listed for review."""
    first: dict[object, _Item] = {}
    kept = []
    for item in items:
        if key(item) in first:
            same = first[key(item)]
            reason = f"the same item as offset {same.offset} ({same.indicator}), drafted there once"
            start = bisect.bisect_left(norm.offsets, item.offset)
            draft.review.append(replace(_review(norm, start, start + 1, reason), text=item.quote[:40]))
            continue
        first[key(item)] = item
        kept.append(item)
    return kept


REVIEW_REACH = 2000  # characters a review item's sentence reaches either side, at most


def _review(norm: Normalised, start: int, end: int, reason: str) -> ReviewItem:
    text = norm.text
    floor, ceiling = max(0, start - REVIEW_REACH), min(len(text), end + REVIEW_REACH)
    sentence_start = max(max(text.rfind(c, floor, start) for c in "。\n!?;") + 1, floor)
    sentence_end = min([i for i in (text.find(c, end, ceiling) for c in "。\n!?;") if i >= 0] or [ceiling])
    return ReviewItem(
        norm.source_slice(start, end).strip(),
        norm.source_offset(start),
        norm.source_slice(sentence_start, sentence_end).strip(),
        reason,
    )


def _section(
    norm: Normalised,
    section: Section,
    found: list[WrittenFigure],
    matcher: IndicatorMatcher,
    draft: DocumentDraft,
    ledger: _Ledger,
    doc_year: int | None,
    period: years.Span | None,
) -> None:
    text = norm.text
    opening = text[section.start : section.start + 400]
    span: years.Span | None
    if section.mode is Mode.RESULT and draft.title_year is not None:
        span = years.Span(draft.title_year, draft.title_year)  # 2018年教育事业发展统计公报: that year
        default_by = None
        heading_year = None
    elif section.mode is Mode.RESULT:
        span = years.period_in(opening, doc_year) or (years.Span(doc_year, doc_year) if doc_year else None)
        if span and doc_year and span.end > doc_year and not years.FIVE_YEAR.search(opening):
            span = years.Span(span.start, doc_year)
        default_by = None
        heading_year = None
    else:
        span = None
        heading_year = re.search(r"((?:19|20)\d\d)年", section.heading)
        default_by = int(heading_year.group(1)) if heading_year else (period.end if period else doc_year)
    starts = [f.start for f in found]
    line_start = -1
    for sentence in spans(text, re.compile(r"[。!?！？\n]"), section.start, section.end):
        paragraph = text.rfind("\n", 0, sentence[0]) + 1
        if section.mode is Mode.RESULT and paragraph != line_start:
            line_start = paragraph
            span = _paragraph_span(text[paragraph : paragraph + 16], span, doc_year)
        low, high = bisect.bisect_left(starts, sentence[0]), bisect.bisect_left(starts, sentence[1])
        in_sentence = found[low:high]
        ledger.reached(sentence[0])
        for where in _places(text, section, sentence, in_sentence):
            _place(norm, where, matcher, draft, ledger, span, default_by, doc_year)
        worded = _Worded(
            norm, section, sentence, default_by, heading_year is not None, doc_year, span.end if span else None
        )
        for clause in clauses(text, *sentence):
            if not any(clause[0] <= f.start < clause[1] for f in in_sentence):
                for statement in statements(text, *clause, matcher):
                    _place_statement(worded, clause, statement, draft)


def _paragraph_span(opening: str, current: years.Span | None, doc_year: int | None) -> years.Span | None:
    """The period a paragraph of a results section opens with (“十三五”期间, 五年来), else the one before.

    五年来 right after a paragraph about a five-year plan continues that plan's period.
    """
    found = years.period_in(opening, doc_year)
    if found is None:
        return current
    if opening.lstrip().startswith("五年来") and current is not None and current.end - current.start == 4:
        return current
    if doc_year and found.end > doc_year and not years.FIVE_YEAR.search(opening):
        found = years.Span(found.start, doc_year)
    return found


@dataclass(frozen=True)
class _Worded:
    """What placing a statement without figures needs to know about its sentence."""

    norm: Normalised
    section: Section
    sentence: tuple[int, int]
    default_by: int | None
    heading_has_year: bool
    doc_year: int | None
    span_end: int | None = None  # the end of a results section's period


def _place_statement(where: _Worded, clause: tuple[int, int], statement: Statement, draft: DocumentDraft) -> None:
    """A milestone or a comparison as a target; a dated milestone in a results section as a figure (1)."""
    text = where.norm.text
    strong = _STRONG_TARGET.search(text[where.sentence[0] : statement.start])
    future = strong is not None and (
        strong.group(1) is None or where.doc_year is None or int(strong.group(1)) > where.doc_year
    )
    quote = where.norm.source_slice(*_trim(text, clause)).strip()
    offset = where.norm.source_offset(statement.start)
    if where.section.mode is Mode.TARGET or future:
        deadline = years.stated_year(text[where.sentence[0] : statement.start])
        if deadline is not None:
            by = deadline
        elif statement.needs_deadline and not where.heading_has_year:
            return
        elif where.default_by or where.doc_year:
            by = where.default_by or where.doc_year or 0
        else:
            return  # no year anywhere: a target without a deadline cannot be drafted
        score = statement.match.score
        kind = statement.kind
        draft.targets.append(
            DraftTarget(statement.match.indicator, kind, statement.op, statement.value, by, quote, offset, score)
        )
        return
    if statement.kind != "milestone":
        return
    dated = years.stated_year(text[clause[0] : statement.start])
    if dated is None and where.span_end is None:
        return
    note = "Milestone: 1 means reached that year"
    if dated is None:
        note = "Milestone: 1 means done by the end of the period reviewed (the text gives no year)"
    year = str(dated if dated is not None else where.span_end)
    draft.figures.append(
        DraftFigure(statement.match.indicator, year, 1.0, "", quote, offset, statement.match.score, note)
    )


def _places(text: str, section: Section, sentence: tuple[int, int], figures: list[WrittenFigure]) -> list[_Where]:
    result = []
    parts = spans(text, _PART_END, *sentence)
    previous_clauses: list[str] = []
    for clause in clauses(text, *sentence):
        inside = [f for f in figures if clause[0] <= f.start < clause[1]]
        respectively = _respectively(text, clause, inside)
        first_left = text[clause[0] : inside[0].start] if inside else ""
        for i, figure in enumerate(inside):
            next_start = inside[i + 1].start if i + 1 < len(inside) else clause[1]
            own_left = _own_left(text, inside[i - 1], figure) if i else first_left
            left = own_left
            own_words = re.sub(r"提高|提升|增加|增长|上升|下降|降低|减少|到|至|达到|为", "", own_left)
            if i and (len(_HAN.findall(own_words)) < 2 or "其中" in own_left):
                left = first_left + own_left
            noun = _noun(text, figure, next_start, sentence[1])
            medal = _MEDALS.get(figure.unit, "")
            right = medal + text[figure.end : next_start]
            head = _list_head(text, clause[0], figure.start, figures)
            composite = left + (medal or figure.unit) + noun
            segment = (first_left if i else "") + composite
            wider = [c for c in previous_clauses if not _has_figure(c, figures, text)][-2:]
            if len(_HAN.findall(composite)) < 7:
                segment = "".join(wider[-1:]) + segment
            if figure.share:
                segment += _SHARE  # 课时不少于一半: a share of the hours, 课时...比例
            if i and not own_left.strip() and len(_HAN.findall(noun)) < 2:
                segment = text[clause[0] : clause[1]]
            if figure.worded and not figure.share:
                # 全覆盖, 全员培训: the word is part of what it measures, and what it covers may be
                # named earlier in its part of the sentence (开设时事新闻课,…,逐步实现中小学全覆盖)
                part_start = next(p for p in parts if p[0] <= figure.start < p[1])[0]
                segment = text[max(part_start, clause[0] - WORDED_REACH) : clause[1]]
                if figure.percent:
                    segment += _COVERAGE  # 全员培训 is a 培训覆盖率 of 100, 消除大班额 a 大班额比例 of 0
            alt = respectively.get(i)
            context = Context(
                _FOOTNOTE.sub("", alt or composite),
                right,
                _FOOTNOTE.sub("", alt or segment),
                "" if alt else _FOOTNOTE.sub("", "".join(wider) + segment + right),
                phrase=text[figure.end : _trim(text, clause)[1]] if figure.worded and not figure.share else None,
            )
            part = next(p for p in parts if p[0] <= figure.start < p[1])
            single = len(inside) == 1 and not respectively
            extra = tuple(Context(a, "", a) for a in _expansions(head)) if single else ()
            result.append(_Where(figure, section, sentence, part, clause, context, extra, own_left))
        previous_clauses.append(text[clause[0] : clause[1]] if not inside else "")
    return result


def _has_figure(clause_text: str, figures: list[WrittenFigure], text: str) -> bool:
    return not clause_text


def _own_left(text: str, previous: WrittenFigure, figure: WrittenFigure) -> str:
    """Words between two figures, less the noun that belongs to the first (2块银牌1块铜牌)."""
    between = text[previous.end : figure.start]
    if previous.unit and between and between[0] not in "、(（,，和及与":
        cut = re.search(r"[、(（和及与]", between)
        return between[cut.start() :] if cut else ""
    return between


def _noun(text: str, figure: WrittenFigure, next_start: int, sentence_end: int) -> str:
    """The noun right after a figure's unit (28所学校 -> 学校), up to a delimiter or the next figure.

    A parenthesis right after the figure is stepped over: in 每人50学时(其中...)的培训 the noun
    is 的培训, after the closing parenthesis.
    """
    after = text[figure.end : next_start]
    if after[:1] in "(（":
        close = re.compile(r"[)）]").search(text, figure.end, min(sentence_end, figure.end + 80))
        if close is not None:
            after = text[close.end() : sentence_end]
            cut = re.search(r"[、,，;；。(（]|\d", after)
            return after[: cut.start()] if cut else after
    cut = re.search(r"[、,，;；。\s]|[(（]其中", after)
    return after[: cut.start()] if cut else after


def _list_head(text: str, clause_start: int, figure_start: int, figures: list[WrittenFigure]) -> str:
    """The words before the first figure of a clause when they list names (小学、初中净入学率)."""
    head = text[clause_start:figure_start]
    if any(clause_start <= f.start < figure_start for f in figures):
        return ""
    return head


def _expansions(words: str) -> list[str]:
    """For "A、B<noun>" the names "A<noun>" and "B<noun>": shared-suffix lists."""
    words = re.sub(r"(?:达到|达|为|均|都|分别|保持在|提高到|提高至)+$", "", words)
    if "、" not in words and "和" not in words:
        return []
    parts = [p for p in re.split(r"、|和", words) if p]
    if len(parts) < 2:
        return []
    levels = _levels(parts)
    if levels:
        return levels
    last = parts[-1]
    expanded = []
    for part in parts[:-1]:
        part = _SCOPE.sub("", part) or part
        if 0 < len(part) < len(last) - 2:
            expanded.append(part + last[len(part) :])
        else:
            expanded.append(part)
    return [*expanded, last]


def _respectively(text: str, clause: tuple[int, int], figures: list[WrittenFigure]) -> dict[int, str]:
    """分别: names listed before it paired with the figures listed after it."""
    at = text.find("分别", clause[0], clause[1])
    if at < 0:
        return {}
    after = [i for i, f in enumerate(figures) if f.start > at]
    names = re.sub(r"^(?:全市|我市|本市|使)", "", text[clause[0] : at])
    parts = [p for p in re.split(r"、|和", names) if p]
    if len(parts) != len(after) or len(parts) < 2:
        return {}
    expanded = _levels(parts) or [
        *(p + parts[-1][len(p) :] if len(p) < len(parts[-1]) - 1 else p for p in parts[:-1]),
        parts[-1],
    ]
    return dict(zip(after, expanded, strict=True))


_LEVELS = re.compile(r"^(.{1,4}?)([两二三四五六七八九十])(级|类)(.+)$")
# Words in front of the first item of a list that scope the whole list: the document's
# region, 使, and a stage (X阶段) as in "<stage>小学、初中净入学率".
_SCOPE = re.compile(r"^(?:全市|我市|本市|全县|我县|本县|全区|我区|本区|使)*(?:[\u4e00-\u9fff]{2,4}?阶段)?")


def _levels(parts: list[str]) -> list[str]:
    """省、市、县三级骨干教师: N qualifiers sharing "N级 <noun>" give "省级骨干教师", "市级骨干教师"..."""
    found = _LEVELS.match(parts[-1])
    if found is None or chinese_numeral(found.group(2)) != len(parts):
        return []
    qualifiers = [*parts[:-1], found.group(1)]
    return [q + found.group(3) + found.group(4) for q in qualifiers]


def _place(
    norm: Normalised,
    where: _Where,
    matcher: IndicatorMatcher,
    draft: DocumentDraft,
    ledger: _Ledger,
    span: years.Span | None,
    default_by: int | None,
    doc_year: int | None,
) -> None:
    text = norm.text
    figure = where.figure
    before_in_part = text[where.part[0] : figure.start]
    as_target = _is_target(text, where, draft)
    compare = _COMPARE.search(text[where.clause[0] : figure.start])
    if compare and not as_target:
        _derive(norm, where, compare, draft, ledger)
        return
    if figure.percent and not as_target and _RELATIVE.match(text[where.clause[0] : figure.start].strip()):
        ledger.miss(
            figure, "a relative change (增长…%) of the figure before it: the earlier value it implies is not exact"
        )
        return
    if not (figure.unit or figure.percent or figure.worded):
        ledger.miss(figure, NO_UNIT)
        return
    if as_target and _RISE.search(text[where.clause[0] : figure.start]) and _RISE_TO.match(text, figure.end):
        _baseline(norm, where, matcher, draft, ledger, default_by or doc_year)
        return
    matches, units, proposed = _indicators(norm, where, matcher, draft, ledger)
    if not matches:
        return
    quote = norm.source_slice(*_trim(text, where.clause)).strip()
    offset = norm.source_offset(figure.start)
    part_of = _part_of_region(text[where.clause[0] : figure.start])
    for match in matches:
        unit, better = units[match.indicator]
        if as_target:
            running = draft.period.end if draft.period and draft.period.end > (draft.date_year or 0) else None
            target = _target(
                where, match, unit, better, default_by or running or doc_year or 0, quote, offset, text, draft
            )
            if not target.by:
                ledger.miss(figure, f"matched {match.indicator}, but no deadline: the document names no year")
                continue
            ledger.place(figure)
            note = f"For {part_of} only (a part of the region)" if part_of else ""
            draft.targets.append(replace(target, proposed=proposed, note=note))
            continue
        year = _year(text, where, before_in_part, span, doc_year, unit, draft.date_year)
        if year is None:
            reason = f"matched {match.indicator}, but no year: no date in the document, none in the sentence"
            ledger.miss(figure, reason)
            continue
        ledger.place(figure)
        total = "-" not in year and _TOTAL.search(before_in_part) and unit not in _LEVELS_ONLY
        note = "A total (累计/共...) over a period the text does not name: dated at one year; check it" if total else ""
        if part_of:
            note = "; ".join(n for n in (note, f"For {part_of} only (a part of the region)") if n)
        draft.figures.append(
            DraftFigure(
                match.indicator,
                year,
                _signed(figure, text, where),
                _qualifier(figure),
                quote,
                offset,
                match.score,
                note,
                _figure_region(text[where.clause[0] : figure.start], draft),
                proposed,
                _step(figure),
            )
        )


def _step(figure: WrittenFigure) -> float:
    return figure.step


def _indicators(
    norm: Normalised, where: _Where, matcher: IndicatorMatcher, draft: DocumentDraft, ledger: _Ledger
) -> tuple[list[Match], dict[str, tuple[str, str]], bool]:
    """The indicators a figure is drafted on: a standard count, the catalog's best, the indicator of
    the figure before it when its own words name none (其中市区达到98%以上), or a proposal."""
    figure = where.figure
    text = norm.text
    standard = _standard(norm, where, matcher, draft)
    if standard is not None:
        return standard
    matches = _matches(where, matcher, _share_phrase(text, where), text)
    units = {m.indicator: (matcher.unit_of(m.indicator), matcher.better(m.indicator)) for m in matches}
    if matches:
        return matches, units, False
    previous = _elliptical(norm, where, draft)
    if previous is not None:
        return previous
    proposal = _propose(norm, where, matcher, draft)
    if isinstance(proposal, str):
        ledger.miss(figure, proposal)
        return [], {}, False
    return [Match(proposal.id, 0.0, proposal.name)], {proposal.id: (proposal.unit, "higher")}, True


def _standard(
    norm: Normalised, where: _Where, matcher: IndicatorMatcher, draft: DocumentDraft
) -> tuple[list[Match], dict[str, tuple[str, str]], bool] | None:
    """A standard count of bulletins (小学招生, 专任教师 under 二、学前教育), proposed when the catalog lacks it."""
    figure = where.figure
    if figure.percent or figure.worded or figure.unit not in {"人", "名", "所"}:
        return None
    text = norm.text
    left = text[where.clause[0] : figure.start]
    paragraph = text.rfind("\n", 0, where.sentence[0]) + 1
    context = [
        text[where.sentence[0] : where.clause[0]],
        text[paragraph : where.sentence[0]],
        _heading_before(text, paragraph),
    ]
    found = standard_count(left, figure.unit, context)
    if found is None:
        return None
    if found.id in matcher.catalog.indicators:
        entry = matcher.catalog.indicators[found.id]
        return [Match(found.id, 100.0, found.name)], {found.id: (entry.unit, entry.better)}, False
    if found.id not in draft.proposals:
        offset = norm.source_offset(figure.start)
        sentence = _review(norm, figure.start, figure.end, "").sentence
        draft.proposals[found.id] = Proposal(
            found.id, found.name, found.unit, offset, sentence, "a standard count of education statistics"
        )
    return [Match(found.id, 100.0, found.name)], {found.id: (found.unit, "higher")}, True


def _heading_before(text: str, position: int) -> str:
    """The nearest heading line before `position` (二、学前教育, 1.小学阶段教育[10], （一）学前教育。)."""
    end = position
    for _ in range(60):
        start = text.rfind("\n", 0, max(0, end - 1)) + 1
        line = text[start:end].strip()
        first = re.split(r"[。:：]", line, maxsplit=1)[0]
        if line and len(first) <= 14 and not re.search(r"\d{3}|%", first) and (len(line) <= 16 or first != line):
            return first
        if start == 0:
            return ""
        end = start - 1
    return ""


# A clause that only says something was done (截至11月已建成39所): its count is of what came before.
_DONE_ONLY = re.compile(r"截至|截止|目前|已经|已|实际|共|累计|建成|完成|新建|开工|投入使用|达到|达|\d+月|月底|年底")
_PART_OF_REGION = re.compile(r"^(?:其中)?(市区|主城区|城区|县（市）|县\(市\)|县市|城市|农村|乡村|城镇|乡镇)")


def _part_of_region(before: str) -> str:
    """A part of the document's region that a clause opens with (其中市区达到98%以上), or ""."""
    found = _PART_OF_REGION.match(before.strip())
    return found.group(1) if found else ""


def _elliptical(
    norm: Normalised, where: _Where, draft: DocumentDraft
) -> tuple[list[Match], dict[str, tuple[str, str]], bool] | None:
    """The indicator of the percent before it in the sentence, when this one's words name nothing
    but a part of the region (县（市）达到92%以上, 农村受训率达到80%以上 after 城市受训率)."""
    text = norm.text
    own = text[where.clause[0] : where.figure.start].strip()
    done = _DONE_ONLY.sub("", own)
    same_count = not where.figure.percent and where.figure.unit and len(_HAN.findall(done)) < 2
    if not same_count and (not where.figure.percent or not _PART_OF_REGION.match(own)):
        return None
    sentence_start = norm.source_offset(where.sentence[0])
    here = norm.source_offset(where.figure.start)
    earlier: list[DraftFigure | DraftTarget] = []
    for item in reversed(draft.figures):  # in text order: stop at the sentence's start
        if item.offset < sentence_start:
            break
        if item.offset < here:
            earlier.append(item)
    for target in reversed(draft.targets):
        if target.offset < sentence_start:
            break
        if target.offset < here:
            earlier.append(target)
    if not earlier:
        return None
    last = max(earlier, key=lambda item: item.offset)
    if same_count:
        if not last.quote.endswith(where.figure.unit):
            return None  # 截至11月已建成39所 counts what the 37所 before it counts, not anything else
        return (
            [Match(last.indicator, last.score, last.indicator)],
            {last.indicator: ("school", "higher")},
            last.proposed,
        )
    return [Match(last.indicator, last.score, last.indicator)], {last.indicator: ("percent", "higher")}, last.proposed


# Words around a name that are not part of it: time, the document's own region, links.
_NAME_LEAD = re.compile(
    r"^(?:(?:到|至)?(?:19|20)\d\d年(?:底|末)?|全市|全县|全区|全省|我市|我县|我区|本市|本县|其中|同时|并且|并|已经|已|"
    r"先后|累计|共计|共|力争|确保|争取|使|将|要|通过|在)+"
)
_NAME_TAIL = re.compile(
    r"(?:达到|达|为|超过|超|近|约|提高到|提高至|提升到|提升至|增加到|增长到|保持在|稳定在|保持|稳定|不低于|不少于|"
    r"降至|降低到|下降到|分别|均|都|在|有|是|的)+$"
)
_NO_PROPOSAL_UNITS = {"year", "month", "age"}
MIN_NAME_CHARS = 3
MAX_NAME_CHARS = 16


def _propose(norm: Normalised, where: _Where, matcher: IndicatorMatcher, draft: DocumentDraft) -> Proposal | str:
    """A proposed indicator for a figure no catalog entry fits, or the reason there is none.

    The name is the figure's own words in its clause (less time, own-region and linking
    words) and, for a count, the noun after its unit (建成…12个 + 共同体): 3 Han characters at
    least. Durations and ages (5年一个周期, 45岁以下) describe a target rather than name one.
    """
    figure = where.figure
    text = norm.text
    unmatched = _unmatched(where, matcher)
    unit = "percent" if figure.percent else (figure.unit_kinds[0] if figure.unit_kinds else "")
    if figure.points:
        unit = "percentage_point"
    if unit in _NO_PROPOSAL_UNITS or not unit:
        return f"{unmatched}; a duration or age, no indicator proposed"
    if figure.chinese and figure.value <= 10 and figure.unit in {"个", "类", "项", "种", "届", "次"}:
        return f"{unmatched}; a small count in words (五个方面, 四类) enumerates rather than measures"
    if "\n" not in text[: figure.start].lstrip():
        return f"{unmatched}; in the title line, no indicator proposed"
    own = re.sub(r"[(（][^()（）]*[)）]", "", where.own_left)
    own = re.split(r"[、,，;；:：]", own)[-1]
    noun = "" if figure.percent else _noun(text, figure, where.clause[1], where.sentence[1])
    name = _NAME_TAIL.sub("", _NAME_LEAD.sub("", own.strip())) + _NAME_TAIL.sub("", re.sub(r"[\d.%]+.*$", "", noun))
    name = re.sub(r"[^\u4e00-\u9fff“”《》A-Za-z]", "", name)
    han = len(_HAN.findall(name))
    if han < MIN_NAME_CHARS:
        return f"{unmatched}; too few words before it to propose an indicator"
    if han > MAX_NAME_CHARS:
        return f"{unmatched}; the words before it are a sentence, not the name of an indicator"
    pairs, singles = matcher.heads(unit)
    if name[-2:] not in pairs and name[-1:] not in singles:
        return f"{unmatched}; '{name}' does not end like a catalog name of unit {unit}, no indicator proposed"
    for proposal in draft.proposals.values():
        if proposal.name == name and proposal.unit == unit:
            return proposal
    offset = norm.source_offset(figure.start)
    slug = re.sub(r"[^a-z0-9]+", "_", draft.slug).strip("_") or "doc"
    closest = unmatched[unmatched.find("(best: ") + 7 : -1] if "(best: " in unmatched else "none"
    proposal = Proposal(
        f"proposed_{slug}_{offset}", name, unit, offset, _review(norm, figure.start, figure.end, "").sentence, closest
    )
    draft.proposals[proposal.id] = proposal
    return proposal


def _figure_region(before: str, draft: DocumentDraft) -> str:
    """The region of a figure when its clause is about the whole country or province, else ""."""
    found = _WIDER_REGION.match(before)
    if found is None:
        return ""
    return "全国" if found.group(1) == "全国" else draft.province


def _unmatched(where: _Where, matcher: IndicatorMatcher) -> str:
    """Why no indicator was chosen: none of the figure's unit, or the best scored too low."""
    units = where.figure.unit_kinds
    ranked = matcher.ranked(where.context, units)
    measured = "/".join(units) if units else "any unit"
    if not ranked:
        return f"the catalog has no indicator measured in {measured}"
    best = ", ".join(f"{m.indicator} '{m.name}' {m.score:.0f}" for m in ranked[:2])
    return f"no indicator in {measured} fits the words around it (best: {best}; all < {matcher.threshold:.0f})"


def _trim(text: str, clause: tuple[int, int]) -> tuple[int, int]:
    start, end = clause
    while end > start and text[end - 1] in "。!?！？\n;；:：,，、 ":
        end -= 1
    return start, end


def _share_phrase(text: str, where: _Where) -> str:
    """占幼儿园总数的68.08%: the share's name is the subject of the figure before it (普惠性幼儿园),
    占, the whole it is a share of, and 比例: 普惠性幼儿园占幼儿园比例."""
    left = re.sub(r"^(?:其中|并|且|分别)", "", text[where.clause[0] : where.figure.start].strip())
    if not where.figure.percent or not left.startswith("占"):
        return ""
    before = [
        c
        for c in clauses(text, where.part[0], where.clause[0])
        if re.search(r"\d", text[c[0] : c[1]]) and not text[c[0] : c[1]].lstrip().startswith("比")
    ]
    if not before:
        return ""
    subject = re.split(r"\d", text[before[-1][0] : before[-1][1]], maxsplit=1)[0]
    subject = re.sub(r"^(?:其中|全国|全省|全市|全县|全区|共有|有|另有)+", "", subject)
    subject = re.sub(r"(?:共有|共|有|达到|达|为)+$", "", subject)
    whole = re.sub(r"(?:全国|全省|全市|全县|全区)", "", left[1:])
    whole = re.sub(r"(?:总数|总量)?(?:的)?(?:比例|比重)?(?:为|达到|达)?$", "", whole)
    return f"{subject}占{whole}比例"


def _stage_contexts(text: str, where: _Where) -> list[str]:
    """Where a figure's stage of education can be named, nearest first: its clause, its sentence,
    its paragraph, the heading above it."""
    paragraph = text.rfind("\n", 0, where.sentence[0]) + 1
    return [
        text[where.clause[0] : where.figure.start],
        text[where.sentence[0] : where.clause[0]],
        text[paragraph : where.sentence[0]],
        _heading_before(text, paragraph),
    ]


def _matches(where: _Where, matcher: IndicatorMatcher, share: str = "", text: str = "") -> list[Match]:
    stage = stage_of(_stage_contexts(text, where)) if text else ""
    if share:
        found = matcher.match(Context(share, "", share, stage=stage), ("percent",))
        if found is not None:
            return [found]
    where = replace(where, context=replace(where.context, stage=stage))
    units = where.figure.unit_kinds
    if where.figure.points:
        change = _CHANGE_BEFORE.search(where.context.left) or where.section.mode is Mode.TARGET
        units = ("percentage_point", "percent") if change else ("percentage_point",)
    best = matcher.match(where.context, units)
    if where.extra:
        several = [matcher.match(c, units) for c in where.extra]
        strong = [m for m in several if m is not None and m.score >= 90]
        ids = list(dict.fromkeys(m.indicator for m in strong))
        if len(ids) >= 2:
            return [next(m for m in strong if m.indicator == i) for i in ids]
    return [best] if best else []


def _qualifier(figure: WrittenFigure) -> str:
    return "" if figure.qualifier in (None, "=") else str(figure.qualifier)


def _signed(figure: WrittenFigure, text: str, where: _Where) -> float:
    change = _CHANGE_BEFORE.search(text[where.clause[0] : figure.start])
    if figure.points and change and change.group(1) in _DOWN:
        return -figure.value
    return figure.value


def _year(
    text: str,
    where: _Where,
    before_in_part: str,
    span: years.Span | None,
    doc_year: int | None,
    unit: str,
    today: int | None = None,
) -> str | None:
    figure = where.figure
    before_clause = text[where.clause[0] : figure.start]
    # 由43%提高到62%: the first value is the start of the span, the second its end.
    if _RISE.search(before_clause[-3:] if before_clause else ""):
        return str(span.start - 1) if span else None
    if re.search(r"由[^,，;；。]{0,12}(?:提高|提升|增加|增长|上升)(?:到|至)$", before_clause) and span:
        return str(span.end)  # 由788所增加到1464所: the level at the end of the period
    explicit = years.SPAN.search(before_in_part)
    if explicit:
        return f"{explicit.group(1)}-{explicit.group(2)}"
    since = years.SINCE.search(before_in_part)
    if since:
        end = span.end if span else (doc_year or int(since["year"]))
        return f"{since['year']}-{end}"
    single = years.stated_year(before_in_part, today)
    if single is not None:
        return str(single)
    flow = _is_flow(text, where, unit)
    recent = years.recent_span(before_in_part, doc_year) if flow else None
    if recent is not None:
        return recent.text()  # 近三年累计投入…: the sentence's own span
    if span is None:
        return None
    return span.text() if flow else str(span.end)


def _is_flow(text: str, where: _Where, unit: str) -> bool:
    """A count built, recruited or trained over the period, rather than a level at its end."""
    if unit in _LEVELS_ONLY or where.figure.worded:
        return False  # a rate, or a state in words (全覆盖, 零燃气)
    before = text[where.sentence[0] : where.figure.start]
    in_part = text[where.part[0] : where.figure.start]
    if _PER_YEAR.search(in_part[-12:]):
        return False  # 年均近120场次: a yearly average, not a total over the period
    if _TOTAL.search(in_part):
        return True  # 累计达到, 共投入, 近三年: a total over the period, whatever verb follows
    flow = [m.end() for m in _FLOW.finditer(in_part)]
    stock = [m.end() for m in _STOCK.finditer(in_part)]
    if flow or stock:
        return max(flow or [-1]) > max(stock or [-1])
    return not _STOCK.search(before)


def _target(
    where: _Where,
    match: Match,
    unit: str,
    better: str,
    default_by: int,
    quote: str,
    offset: int,
    text: str,
    draft: DocumentDraft | None = None,
) -> DraftTarget:
    figure = where.figure
    before = text[where.part[0] : figure.start]
    today = draft.date_year if draft else None
    deadline = years.stated_year(before, today)
    if deadline is None:
        deadline = years.stated_year(text[where.sentence[0] : figure.start], today)
    if deadline is None and today is not None:
        after = years.stated_year(text[figure.end : where.sentence[1]], today)
        deadline = after if after is not None and after > today else None
    by = deadline if deadline is not None else default_by
    value = _signed(figure, text, where)
    change = _CHANGE_BEFORE.search(text[where.clause[0] : figure.start])
    qualifier = figure.qualifier
    if qualifier in (">=", "<=", ">", "<"):
        op = qualifier  # 超过90%: more than 90, not 90 or more
    elif qualifier == "plus":
        op = ">"  # 1.8万余: more than 18000
    elif qualifier in ("~", "near"):
        op = "~"
    elif value < 0 or (change and change.group(1) in _DOWN):
        op = "<="
    else:
        op = ">=" if better == "higher" else "<="
    if figure.points and value >= 0 and unit == "percent":
        kind = "change"
    elif _MAINTAIN.search(text[where.clause[0] : figure.end]) and unit in {"percent", "ratio"}:
        kind = "maintain"
    elif unit in {"person", "person_time", "yuan", "place", "hour"} or figure.unit in {"所", "人"} and unit == "school":
        kind = "cumulative"
    else:
        kind = "level"
    baseline = by - 1 if kind in {"level", "change"} else None
    return DraftTarget(match.indicator, kind, op, value, by, quote, offset, match.score, baseline)


def _derive(
    norm: Normalised,
    where: _Where,
    compare: re.Match[str],
    draft: DocumentDraft,
    ledger: _Ledger,
) -> None:
    """比上年增加36所, 比“十二五”期间提高7.6个百分点: the earlier value is the stated one less the change.

    The stated value is the figure drafted just before in the same sentence, of the same unit
    (a count for a count, a percent for percentage points). A relative change (增长1.07%) and a
    change more precise than a value rounded to 万 or 亿 (29.48万所, 比上年增加3117所: the
    earlier value would be off by the rounding) are listed for review instead.
    """
    text = norm.text
    figure = where.figure
    sentence_start = norm.source_offset(where.sentence[0])
    here = norm.source_offset(figure.start)
    base = None
    for drafted in reversed(draft.figures):
        if drafted.offset < sentence_start:
            break
        if drafted.offset < here and not drafted.note.startswith("Derived"):
            base = drafted
            break
    if base is None:
        ledger.miss(figure, "a change against an earlier year, but no value stated before it to derive from")
        return
    if figure.percent and not figure.points:
        ledger.miss(
            figure, "a relative change (增长…%) of the figure before it: the earlier value it implies is not exact"
        )
        return
    if figure.points != ("%" in base.quote):
        ledger.miss(figure, f"a change that is not in the unit of {base.indicator} before it")
        return
    if base.step > figure.step + 1e-9 and base.step >= 100:
        ledger.miss(
            figure, f"a change more precise than the value before it ({canonical_number(base.value)}): not derived"
        )
        return
    reference = compare.group(1)
    five = re.search(r"([一二三四五六七八九十]{1,3})五", reference)
    if reference in ("上年", "去年", "上一年"):
        if "-" in base.year:
            ledger.miss(figure, "a change against the year before a span: no single earlier year")
            return
        year = int(base.year) - 1
    elif five:
        plan = years.five_year_plan(five.group(1))
        year = plan.start - 1 if reference.rstrip("”").endswith("初") else plan.end
    else:
        year = int(reference[:4])
    sign = -1 if compare.group(2) in _DOWN else 1
    value = round(base.value - sign * figure.value, 10)
    quote = norm.source_slice(*_trim(text, (where.sentence[0], figure.end))).strip()
    quote = quote[quote.rfind(base.quote) :] if base.quote in quote else quote
    ledger.place(figure)
    draft.figures.append(
        DraftFigure(
            base.indicator,
            str(year),
            value,
            "",
            quote,
            here,
            base.score,
            f"Derived: {canonical_number(base.value)} - {canonical_number(sign * figure.value)}, "
            "the value stated beside it less the change",
            base.region,
            base.proposed,
            figure.step,
        )
    )


def _is_target(text: str, where: _Where, draft: DocumentDraft) -> bool:
    """Whether a figure states a goal or a result, decided for its own clause.

    A deadline after the document's date (到2025年), a period still running (“十四五”期间 in a
    2022 plan), 今年 (not 今年以来) and words of intent (力争, 将, 计划, 目标) make a target; a year
    or period past, 去年, 截至, 已 make a result. Otherwise the section decides (发展目标 against
    发展基础). In a plan's target sections only a year or period past makes a result.
    """
    before = text[where.part[0] : where.figure.start]
    sentence = text[where.sentence[0] : where.figure.start]
    today = draft.date_year
    deadline = _DEADLINE.findall(before) or _DEADLINE.findall(sentence)
    if deadline:
        return where.section.mode is Mode.TARGET or today is None or int(deadline[-1]) > today
    plan = years.FIVE_YEAR.search(before)
    if plan and today is not None:
        return years.five_year_plan(plan.group(1)).end > today
    stated = years.stated_year(before)
    if stated is not None and today is not None and "年" in before and not years.RELATIVE.search(before):
        if stated < today:
            return False
    clause = text[where.clause[0] : where.figure.start]
    if re.search(r"截至|截止|已经|已(?!有)", clause) and not _FUTURE_WORDS.search(clause):
        return False  # 今年任务目标设定为37所, 截至11月已建成39所: the 39 is done
    for words in (before, sentence):
        if re.search(r"去年|上年度", words):
            return False
        if re.search(r"今年(?!以来|上半年|前)|明年", words):
            return True
    if where.section.mode is Mode.TARGET:
        return not _NOW.search(before)  # 现有幼儿园201所 in a plan: the state it starts from
    for words in (before, sentence):
        if _FUTURE_WORDS.search(words) and not _PAST_WORDS.search(words):
            return True
        if _PAST_WORDS.search(words):
            return False
    return False


def _baseline(
    norm: Normalised, where: _Where, matcher: IndicatorMatcher, draft: DocumentDraft, ledger: _Ledger, by: int | None
) -> None:
    """由85%提高到90%以上 in a plan: 85 is the target's baseline, a figure of the year before the plan."""
    figure = where.figure
    matches, units, proposed = _indicators(norm, where, matcher, draft, ledger)
    if not matches:
        return
    start = draft.period.start if draft.period else by
    if start is None:
        ledger.miss(figure, "the baseline of a target (由…提高到…), but no year to date it")
        return
    stated = years.stated_year(norm.text[where.clause[0] : figure.start], draft.date_year)
    year = stated if stated is not None else start - 1
    match = matches[0]
    ledger.place(figure)
    draft.figures.append(
        DraftFigure(
            match.indicator,
            str(year),
            figure.value,
            _qualifier(figure),
            norm.source_slice(*_trim(norm.text, where.clause)).strip(),
            norm.source_offset(figure.start),
            match.score,
            "The baseline of the target stated beside it (由…提高到…)",
            "",
            proposed,
            figure.step,
        )
    )

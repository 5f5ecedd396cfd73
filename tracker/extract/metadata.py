"""What a document says about itself: its title, issuing body, document number and date.

Read from the opening lines (and, for the issuing body and the date, the signature at the
end): the title is the first line that reads as one (short, no sentence end), skipping a
scraped site's navigation line; the document number is 〔YYYY〕N号 with its prefix
(杭政函〔2005〕39号); the date is a line of its own (2005年2月1日), a labelled date
(发布日期：2019-04-25) or a news timestamp (2023-03-15 17:52:15); the issuing body is a
short line ending in 人民政府, 办公室, 教育局, 教育厅... A one-paragraph text has no title.
The date's year reads 去年, 今年 and 明年 (`date_year`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}〔(?:19|20)\d\d〕\d{1,4}号")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)(?:年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?|[-./](?P<m2>\d{1,2})(?:[-./](?P<d2>\d{1,2}))?)"
)
_ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(?:人民政府|政府办公室|办公室|办公厅|教育局|教育厅|教育委员会|教育部|委员会|统计局)$"
)
_NAVIGATION = re.compile(r"当前的?位置|首页|>|›|您现在|网站|IPv6|登录|注册|^[•·]|[:：|]$")
# Labelled fields of a government site's header: 标 题: | ... |, 发文机关: | ... |
_FIELD = re.compile(r"^(标\s*题|发文机关|成文日期|发文字号)\s*[:：]\s*\|?\s*([^|\n]+?)\s*(?:\||$)", re.M)
_SENTENCE = re.compile(r"[。;；]")
TITLE_CHARS = 60
HEAD_LINES = 8


@dataclass(frozen=True)
class Metadata:
    """The document's own description of itself; empty strings where it says nothing."""

    title: str = ""
    issuer: str = ""
    number: str = ""
    date: str = ""  # YYYY-MM-DD, YYYY-MM or YYYY as written

    @property
    def date_year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def source(self) -> dict[str, str]:
        """The fields for a draft plan's `source`, only those present."""
        found = {"title": self.title, "issuer": self.issuer, "number": self.number, "date": self.date}
        return {key: value for key, value in found.items() if value}


def _date_text(found: re.Match[str]) -> str:
    month = found["m"] or found["m2"]
    day = found["d"] or found["d2"]
    parts = [found["y"]] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def _is_title(line: str) -> bool:
    return (
        0 < len(line) <= TITLE_CHARS
        and not _SENTENCE.search(line)
        and not _NAVIGATION.search(line)
        and not _DATE.match(line)
        and len(re.findall(r"[\u4e00-\u9fff]", line)) >= 4
        and not _ISSUER.match(line)
    )


def read_metadata(text: str) -> Metadata:
    """The title, issuing body, document number and date of a normalised text."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [line for line in lines if line]
    head = filled[:HEAD_LINES]
    fields = {re.sub(r"\s", "", m.group(1)): m.group(2) for m in _FIELD.finditer("\n".join(filled[:20]))}
    title = fields.get("标题", "")
    if not title and len(filled) > 1:
        title = next((line for line in head[:4] if _is_title(line)), "")
    number_found = _NUMBER.search(fields.get("发文字号", "") or "\n".join(head))
    number = number_found.group() if number_found else ""
    date = ""
    for line in [fields["成文日期"]] if "成文日期" in fields else []:
        found = _DATE.search(line)
        date = _date_text(found) if found else ""
    for line in head + filled[-3:][::-1]:
        if date:
            break
        if line == title:
            continue
        found = _DATE.search(line)
        if found and (
            found.start() == 0
            or re.search(r"(?:日期|时间|发布|成文|印发)[^\d]{0,4}$", line[: found.start()])
            or _DATE.fullmatch(line.rstrip("日"))
        ):
            date = _date_text(found)
            break
    issuer = fields.get("发文机关", "") or next((line for line in head + filled[-3:] if _ISSUER.match(line)), "")
    if not issuer and title:
        starts = re.match(r"^([\u4e00-\u9fff]{2,12}(?:人民政府|教育局|教育厅|教育部))", title)
        issuer = starts.group(1) if starts else ""
    return Metadata(title, issuer, number, date)

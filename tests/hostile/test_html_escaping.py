"""The HTML report of a hostile data root: data never becomes markup, a script or a request.

Plan titles, quotes, sources, regions and indicator names are a stranger's text
(docs/security.md). Written into the page they must stay text: every tag and attribute in
the page is one tracker wrote, and the hostile strings are found in the page only escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html.parser import HTMLParser

import yaml
from hostile_support import Ran, Root

ATTACKS = {
    "title": '<script>alert("title")</script>',
    "title_en": "</title><script>alert(1)</script>",
    "region": '"><img src=x onerror=alert(1)>',
    "quote": "</td></tr></table><iframe src=//evil.example></iframe>\n第二行",
    "source": '<a href="javascript:alert(1)">x</a> &amp; <style>*{display:none}</style>',
    "name": "</text></svg><svg onload=alert(1)>",
    "name_en": "<![CDATA[x]]> <!-- c --> \x1b[31m red",
}
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "nav", "ol", "ul", "li", "a",
    "section", "table", "thead", "tbody", "tr", "th", "td", "span", "code", "br", "b", "figure", "figcaption",
    "footer", "div",
    # the charts
    "svg", "desc", "defs", "pattern", "marker", "path", "rect", "line", "circle", "text", "g", "polygon", "tspan",
    "polyline", "clippath", "lineargradient", "stop", "use",
}  # fmt: skip


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _spoil(root: Root) -> None:
    plan = yaml.safe_load(root.plan.read_text(encoding="utf-8"))
    plan.update(title=ATTACKS["title"], title_en=ATTACKS["title_en"], region=ATTACKS["region"])
    plan["source"] = {"title": ATTACKS["source"], "url": "javascript:alert(2)"}
    plan["targets"][0]["quote"] = ATTACKS["quote"]
    root.plan.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = yaml.safe_load((root.path / "indicators.yaml").read_text(encoding="utf-8"))
    entry = catalog["indicators"]["preschool_gross_enrolment_rate"]
    entry.update(name=ATTACKS["name"], name_en=ATTACKS["name_en"])
    (root.path / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(root.csv.read_text(encoding="utf-8"))))
    for row in rows[1:]:
        row[0] = ATTACKS["region"] if row[0] in ("示例县", "999999") else row[0]
        row[5] = ATTACKS["source"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    root.csv.write_text(out.getvalue(), encoding="utf-8")


def test_hostile_text_stays_text_in_the_html_report(hostile_root: Root, tracker: Callable[..., Ran]) -> None:
    _spoil(hostile_root)
    for lang in ("zh", "en"):
        ran = tracker("report", "--data", str(hostile_root.path), "--as-of", "2024", "--format", "html",
                      "--lang", lang, "--out", "-")  # fmt: skip
        assert ran.code == 0, ran.err
        html = ran.out
        markup = Markup()
        markup.feed(html)
        markup.close()
        tags = {tag for tag, _ in markup.tags}
        assert tags <= OUR_TAGS, tags - OUR_TAGS
        assert markup.comments == []
        for tag, attrs in markup.tags:
            for name, value in attrs:
                assert not name.startswith("on"), (tag, name, value)
                assert "javascript:" not in (value or ""), (tag, name, value)
        assert html.count("<script") == 0 and html.split("</head>")[0].count("<title>") == 1
        # Each attack is in the page, escaped: the plan title in the heading, the quote line by line.
        assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html or lang == "en"
        assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html or lang == "zh"
        assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;iframe src=//evil.example&gt;&lt;/iframe&gt;<br>第二行" in html
        assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt; &amp;amp;" in html
        assert "\x1b" not in html
        assert "\\x1b[31m red" in html or lang == "zh"  # shown as its escape (escaping.clean)
        assert "&lt;/text&gt;&lt;/svg&gt;&lt;svg onload=alert(1)&gt;" in html or lang == "en"

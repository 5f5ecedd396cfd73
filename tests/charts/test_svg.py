"""The SVG writer: well-formed, deterministic, accessible, text kept as text, readable without colour."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest
from goldens import check_golden

from charts.samples import NATIONAL_PRESCHOOL, NEW_PLACES, SAMPLES
from tracker.charts.spec import chart_spec
from tracker.charts.svg import svg_chart, text_width, wrap

NS = {"s": "http://www.w3.org/2000/svg"}


def tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def render(name: str) -> str:
    return svg_chart(chart_spec(SAMPLES[name]), name)


@pytest.mark.parametrize("name", ["national-preschool", "county-qualified"])
def test_golden_charts(name: str) -> None:
    """Review a diff of these by opening both versions in a browser (docs/charts.md, "Looking at the charts")."""
    check_golden(f"charts/{name}.svg", render(name))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_same_spec_gives_the_same_bytes_and_well_formed_xml(name: str) -> None:
    first, second = render(name), svg_chart(chart_spec(SAMPLES[name]), name)
    assert first == second
    root = tree(first)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_id_is_prefixed_so_charts_can_share_a_page(name: str) -> None:
    svg = render(name)
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith(f"{name}-") for i in ids)
    for ref in re.findall(r"url\(#([^)]+)\)", svg) + re.findall(r'aria-labelledby="([^"]+)"', svg)[0].split():
        assert ref in ids


def test_title_and_description_are_first_and_named_by_aria() -> None:
    root = tree(render("national-preschool"))
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert title.tag.endswith("title") and title.text == "学前教育毛入园率"
    assert desc.tag.endswith("desc") and desc.text == chart_spec(NATIONAL_PRESCHOOL).description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_chinese_text_stays_text() -> None:
    root = tree(render("county-qualified"))
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "学前教育毛入园率" in texts
    assert "超88%" in texts and "近90%" in texts and "冲突" in texts
    assert "仅知下限或上限（超、以上、不足）" in texts
    assert "Noto Sans CJK SC" in root.get("font-family", "")  # a CJK font first, the system's own


def test_text_from_data_is_escaped() -> None:
    data = dataclasses.replace(NATIONAL_PRESCHOOL, indicator='<script>alert("x")</script> & 率')
    svg = svg_chart(chart_spec(data), "c")
    assert "<script>" not in svg
    assert tree(svg)[0].text == '<script>alert("x")</script> & 率'


def _circles(svg: str) -> list[tuple[float, float, str]]:
    """(cx, cy, fill) of the circles of the figures (not the legend's)."""
    root = tree(svg)
    return [
        (float(c.get("cx", 0)), float(c.get("cy", 0)), c.get("fill", ""))
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if (g.get("class") or "").startswith("figure")
        for c in g.findall("s:circle", NS)
    ]


def test_years_are_spaced_by_value() -> None:
    # large classes: figures in 2021, 2023 and 2024 (2022 missing): 2021 -> 2023 is twice 2023 -> 2024
    xs = sorted({x for x, _, _ in _circles(render("large-classes"))})
    assert len(xs) == 3
    assert xs[1] - xs[0] == pytest.approx(2 * (xs[2] - xs[1]), abs=0.2)


def test_figure_kinds_differ_in_shape_not_only_colour() -> None:
    root = tree(render("county-qualified"))
    groups = {g.get("class"): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    open_end, closed, conflict = groups["figure open"], groups["figure interval"], groups["figure conflict"]
    # an open end ends in an arrowhead (a path) and has one cap; a closed range has two caps, no arrow
    assert len(open_end.findall("s:path", NS)) == 1 and len(open_end.findall("s:line", NS)) == 2
    assert len(closed.findall("s:path", NS)) == 0 and len(closed.findall("s:line", NS)) == 3
    # hollow circles for ranges, a hatched box for a conflict
    assert [c.get("fill") for c in open_end.findall("s:circle", NS)] == ["#ffffff"]
    assert conflict.find("s:rect", NS).get("fill") == "url(#county-qualified-hatch)"  # type: ignore[union-attr]
    # exact figures are filled
    assert {fill for _, _, fill in _circles(render("large-classes"))} >= {"#0072B2", "#ffffff"}


def test_the_lines_differ_in_dash_pattern() -> None:
    root = tree(render("national-preschool"))
    dashes = {
        p.get("class"): p.get("stroke-dasharray")
        for p in root.iter("{http://www.w3.org/2000/svg}path")
        if p.get("class") in ("path", "goal", "trend")
    }
    assert dashes == {"path": "7 4", "goal": None, "trend": "1.5 3.5"}


def test_an_open_end_reaches_the_edge_of_the_plot() -> None:
    root = tree(render("county-qualified"))
    group = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "figure open")
    top_of_bar = min(float(line.get("y1", 0)) for line in group.findall("s:line", NS))
    gridlines = [float(line.get("y1", 0)) for line in root.findall("s:line", NS) if line.get("stroke") == "#d9d9d9"]
    assert top_of_bar == min(gridlines)  # the 100% line, the top of the plot


def test_an_axis_not_from_zero_is_labelled_and_broken() -> None:
    svg = render("national-preschool")
    assert ">纵轴从 75% 起</text>" in svg
    assert svg.count("l3.3 -3 l3.3 3 l3.3 -3") == 2  # the zigzag
    assert "纵轴从" not in render("large-classes")


def test_long_titles_wrap_and_widths_count_cjk_as_one_em() -> None:
    assert text_width("学前", 10) == 20 and text_width("ab", 10) == 12
    assert wrap("义务教育学校（含教学点）互联网接入率和多媒体教室覆盖率达到百分之百", 15, 200) == [
        "义务教育学校（含教学点）互",  # 200 / 15: 13 characters a line
        "联网接入率和多媒体教室覆盖",
        "率达到百分之百",
    ]
    assert wrap("Share of schools connected to the internet", 15, 200) == [  # 9 px a letter: 22 a line
        "Share of schools",
        "connected to the",
        "internet",
    ]
    data = dataclasses.replace(
        NEW_PLACES, indicator="义务教育学校（含教学点）互联网接入率和多媒体教室覆盖率达到百分之百"
    )
    root = tree(svg_chart(chart_spec(data), "c"))
    assert len([t for t in root.findall("s:text", NS) if t.get("font-weight") == "bold"]) == 2


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_left_aligned_labels_end_inside_the_chart(name: str) -> None:
    root = tree(render(name))
    width = float(root.get("width", 0))
    for text in root.iter("{http://www.w3.org/2000/svg}text"):
        if text.get("text-anchor") in (None, "start"):
            size = float(text.get("font-size", 13))
            assert float(text.get("x", 0)) + text_width(text.text or "", size) <= width, text.text

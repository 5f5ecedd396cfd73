"""A page of charts in headless Chromium: every chart drawn, nothing fetched, no console error.

Skips, saying how to install it, where Debian's `chromium` is missing. Screenshots at 1400
and 390 CSS pixels wide (and the print view as PDF) are saved in the test's temporary folder
and their paths printed (`pytest -s` shows them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from charts.chromium import needs_chromium, open_page
from charts.page import chart_page
from charts.samples import SAMPLES

pytestmark = needs_chromium()

# What each chart drew, measured by the browser's layout: boxes with area, lines with length.
CHECK = """(() => [...document.querySelectorAll('svg.tracker-chart')].map(svg => {
  const box = svg.getBoundingClientRect();
  const drawn = el => { const b = el.getBBox(); return b.width > 0 || b.height > 0; };
  const figures = [...svg.querySelectorAll('g.figure')].filter(drawn).length;
  const lines = Object.fromEntries(['path', 'goal', 'trend'].map(
    c => [c, [...svg.querySelectorAll('path.' + c)].map(p => p.getTotalLength()).reduce((a, b) => a + b, 0)]));
  const texts = [...svg.querySelectorAll('text')];
  const cjk = texts.filter(t => /[\\u4e00-\\u9fff]/.test(t.textContent) && t.getComputedTextLength() > 0).length;
  return {id: svg.closest('figure').id, width: box.width, height: box.height, figures, lines, cjk,
          title: svg.querySelector('title').textContent};
}))()"""

PAGE_CHARTS = 40


def page_file(folder: Path) -> Path:
    items = list(SAMPLES.items())
    charts = [(f"{items[i % len(items)][0]}-{i}", items[i % len(items)][1]) for i in range(PAGE_CHARTS)]
    path = folder / "charts.html"
    path.write_text(chart_page(charts), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [1400, 390])
def test_every_chart_draws_with_no_error_and_no_request(tmp_path: Path, width: int) -> None:
    page = page_file(tmp_path)
    visit = open_page(page.as_uri(), width=width, script=CHECK, screenshot=True, pdf=width == 1400)
    shot = tmp_path / f"charts-{width}.png"
    shot.write_bytes(visit.screenshot)
    print(f"screenshot: {shot}")
    assert visit.errors == []
    assert visit.requests == [page.as_uri()]  # the page itself, nothing else
    charts = visit.value
    assert len(charts) == PAGE_CHARTS
    for chart in charts:
        name = chart["id"].rsplit("-", 1)[0]
        data = SAMPLES[name]
        assert chart["width"] <= width, chart  # fits the window
        assert chart["height"] > 150, chart
        assert chart["figures"] >= 1, chart
        assert chart["lines"]["goal"] > 0, chart
        assert (chart["lines"]["path"] > 0) == (data.kind.value != "maintain"), chart
        assert (chart["lines"]["trend"] > 0) == (data.trend is not None), chart
        if data.lang == "zh":
            assert chart["cjk"] >= 3, chart  # title, legend and labels laid out as text
    if width == 1400:
        assert visit.pdf.startswith(b"%PDF")
        (tmp_path / "charts-print.pdf").write_bytes(visit.pdf)
    assert shot.stat().st_size > 10_000


def test_the_check_sees_errors_and_requests(tmp_path: Path) -> None:
    """The assertions above can fail: a console error and a failed request (to a closed local port) are caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>'
        '<img src="http://127.0.0.1:9/missing.png" alt="">'
        "<script>console.error('drawn wrong')</script></body></html>",
        encoding="utf-8",
    )
    visit = open_page(page.as_uri(), script="document.title")
    assert visit.value == "x"
    assert "console: drawn wrong" in visit.errors
    assert any(e.startswith("request failed") for e in visit.errors)
    assert visit.remote_requests == ["http://127.0.0.1:9/missing.png"]

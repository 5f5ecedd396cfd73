"""The HTML report of the bundled data in headless Chromium, as a reader opens it.

`tracker report --format html` writes the page; Chromium opens it at 1400 and 390 CSS pixels
wide and prints it (A4). The test fails on any console error, failed or remote request, a
chart that did not draw (no SVG, no figure or baseline, no goal line) or a page wider than
the window. Screenshots and the PDF are saved in the test's temporary folder and their paths
printed (`pytest -s` shows them). Skips, saying how to install Chromium, where it is missing;
CI sets TRACKER_BROWSER_REQUIRED=1 so that it fails there instead (`charts.chromium`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from charts.chromium import needs_chromium, open_page
from report_support import TESTS, pinned_terminal, run

from tracker.exitcodes import ExitCode

__all__ = ["pinned_terminal"]

pytestmark = needs_chromium()

REPO = TESTS.parent

# What the page drew, measured by the browser's layout.
CHECK = """(() => {
  const drawn = el => { const b = el.getBBox(); return b.width > 0 || b.height > 0; };
  const charts = [...document.querySelectorAll('figure.chart')].map(figure => {
    const svg = figure.querySelector('svg.tracker-chart');
    if (!svg) return {id: figure.id, svg: false};
    const box = svg.getBoundingClientRect();
    return {
      id: figure.id, svg: true, width: box.width, height: box.height,
      marks: [...svg.querySelectorAll('g.figure, rect.baseline')].filter(drawn).length,
      goal: [...svg.querySelectorAll('path.goal')].map(p => p.getTotalLength()).reduce((a, b) => a + b, 0),
    };
  });
  const head = document.querySelector('table.targets thead th');
  return {
    charts, links: document.querySelectorAll('a[href^="#chart-"]').length,
    pageWidth: document.documentElement.scrollWidth, window: window.innerWidth,
    sticky: head ? getComputedStyle(head).position : null,
    cards: getComputedStyle(document.querySelector('table.targets tbody tr')).display,
  };
})()"""


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html-report")
    path = folder / "status.html"
    result = run("report", "--data", str(REPO), "--as-of", "2026", "--format", "html", "--out", str(path))
    assert result.exit_code == ExitCode.OK, result.stderr
    return path


@pytest.mark.parametrize("width", [1400, 390])
def test_the_report_page_draws_every_chart_with_no_error_and_no_request(bundled_page: Path, width: int) -> None:
    visit = open_page(bundled_page.as_uri(), width=width, script=CHECK, screenshot=True, pdf=width == 1400)
    shot = bundled_page.parent / f"report-{width}.png"
    shot.write_bytes(visit.screenshot)
    print(f"screenshot: {shot}")
    assert visit.errors == []
    assert visit.requests == [bundled_page.as_uri()]  # the page itself, nothing else
    found = visit.value
    written = bundled_page.read_text(encoding="utf-8").count('<figure class="chart"')
    # A chart per target with a figure to draw: national-county-high-school 1, national-education 4,
    # national-preschool 2, national-special-education 1 (jian's and qiqihar's have none yet).
    assert written == 8 and len(found["charts"]) == written == found["links"]
    for chart in found["charts"]:
        assert chart["svg"], chart
        assert chart["marks"] >= 1 and chart["goal"] > 0, chart  # a figure or the baseline, and the goal
        assert 150 < chart["height"] and chart["width"] <= width, chart
    assert found["pageWidth"] <= width, found  # nothing wider than the window: no sideways scrolling
    if width == 1400:
        assert found["sticky"] == "sticky" and found["cards"] == "table-row"
        assert visit.pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", visit.pdf)) >= 5  # A4 pages of 7 plans and their charts
        pdf = bundled_page.parent / "report-print.pdf"
        pdf.write_bytes(visit.pdf)
        print(f"print: {pdf}")
    else:
        assert found["cards"] == "block"  # each target a card on a phone
    assert shot.stat().st_size > 50_000


GRID = """(() => ({
  cells: [...document.querySelectorAll('table.grid td.cell')].map(td => {
    const box = td.getBoundingClientRect();
    return {width: box.width, height: box.height, colour: getComputedStyle(td).backgroundColor, sign: td.textContent};
  }),
  pageWidth: document.documentElement.scrollWidth,
}))()"""


@pytest.mark.parametrize("width", [1400, 390])
def test_the_summary_page_of_many_plans_shows_its_grid(tmp_path: Path, width: int) -> None:
    """tests/test_summary.py's 56 plans: the grid of 50 regions by 2 indicators, each target's cell coloured."""
    from test_summary import make

    root = make(tmp_path / "root")
    path = tmp_path / "summary.html"
    result = run("report", "--data", str(root), "--as-of", "2023", "--format", "html", "--out", str(path))
    assert result.exit_code == ExitCode.OK, result.stderr
    visit = open_page(path.as_uri(), width=width, script=GRID, screenshot=True, pdf=width == 1400)
    (tmp_path / f"summary-{width}.png").write_bytes(visit.screenshot)
    print(f"screenshot: {tmp_path / f'summary-{width}.png'}")
    assert visit.errors == [] and visit.requests == [path.as_uri()]
    cells = visit.value["cells"]
    assert len(cells) == 100  # 50 regions by 2 indicators
    drawn = [cell for cell in cells if cell["sign"]]
    assert len(drawn) == 51 and all(cell["width"] > 10 and cell["height"] > 10 for cell in drawn)
    assert len({cell["colour"] for cell in drawn}) == 4  # regressing, off track, on track, no data
    assert visit.value["pageWidth"] <= width
    if width == 1400:
        assert visit.pdf.startswith(b"%PDF")
        (tmp_path / "summary-print.pdf").write_bytes(visit.pdf)

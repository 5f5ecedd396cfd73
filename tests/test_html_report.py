"""`tracker report --format html`: golden pages, self-contained and deterministic, charts per target."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_support import AS_OF, REPORT_ROOT, check_golden, copy_root, pinned_terminal, run

from tracker.exitcodes import ExitCode

__all__ = ["pinned_terminal"]


def page(*args: str, root: Path = REPORT_ROOT, as_of: str = AS_OF) -> str:
    result = run("report", "--data", str(root), "--as-of", as_of, "--format", "html", "--out", "-", *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    return result.stdout


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_golden(lang: str) -> None:
    check_golden(f"report-fixture-{lang}.html", page("--lang", lang))


def test_the_page_is_deterministic_and_self_contained() -> None:
    html = page()
    assert html == page()
    tags = parsed(html)
    names = {tag for tag, _ in tags.tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    # Nothing to fetch: no URL in an attribute but the page's own anchors and the SVG namespace.
    for tag, attrs in tags.tags:
        for name, value in attrs.items():
            if name in ("href", "src", "xlink:href"):
                assert value is not None and value.startswith("#"), (tag, name, value)
    assert "url(http" not in html and "@import" not in html and "@font-face" not in html


def test_every_charted_target_has_its_chart_and_a_link_to_it() -> None:
    """alpha: preschool, senior, dropout, retention, places, complaints, satisfaction (its baseline
    and a conflicting 2023); beta: preschool, retention, teachers, dropout. Not alpha's milestone,
    nor its schooling (a baseline year without a value, and no figure: nothing to draw)."""
    html = page("--lang", "en")
    charts = re.findall(r'<figure class="chart" id="(chart-\d+-\d+)">', html)
    assert len(charts) == len(set(charts)) == 11
    for chart in charts:
        assert f'<a href="#{chart}">' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 11
    assert html.count('class="tracker-chart"') == 11


def test_statuses_sources_and_provisional_markers() -> None:
    html = page("--lang", "en")
    text = " ".join(parsed(html).text)
    # Each status in the overview header, coloured and worded; the counts add up to the targets.
    assert '<span class="status status-achieved" style="background:#b7e4c7">achieved</span>' in html
    assert "Source:" in text
    assert "no 2023 figure yet" in text or "(2022)*" in text  # beta ended in 2023 without its figure
    assert "Provisional:" in text
    assert '<thead><tr><th scope="col">Target</th>' in html  # the sticky header row of each plan table


def test_conflicting_figure_is_marked_in_its_chart() -> None:
    """alpha's satisfaction (its 9th target): 88 and 92 for 2023 from two surveys, drawn as a conflict."""
    html = page("--lang", "en")
    chart = html.split('<figure class="chart" id="chart-1-9">')[1].split("</figure>")[0]
    assert re.findall(r'<g class="figure [a-z]+"', chart) == ['<g class="figure conflict"']
    assert "Reported: conflicting reports for 2023 (88% to 92%)." in chart
    assert "The axis runs from 70% to 100%." in chart  # 80 to 92 and the goal 90 in a 20-point range


def test_default_output_is_reports_status_html(tmp_path: Path) -> None:
    root = copy_root(tmp_path)
    result = run("report", "--data", str(root), "--as-of", AS_OF, "--format", "html")
    assert result.exit_code == ExitCode.OK, result.stderr
    written = (root / "reports" / "status.html").read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>\n") and written.endswith("</html>\n")
    assert written == page(root=root)


# --- the summary of many plans (tests/test_summary.py's root: 56 plans as of 2023) -----------------


@pytest.fixture(scope="module")
def many_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_summary import make

    return make(tmp_path_factory.mktemp("many") / "root")


def summary_page(root: Path, *args: str) -> str:
    result = run("report", "--data", str(root), "--as-of", "2023", "--format", "html", "--out", "-", *args)
    assert result.exit_code == ExitCode.OK, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_summary_golden(many_root: Path, lang: str) -> None:
    check_golden(f"summary-{lang}.html", summary_page(many_root, "--lang", lang))


def test_the_summary_grid_colours_each_region_and_indicator(many_root: Path) -> None:
    """The 50 regions furthest behind of 56: R01-R10 regressing, R11-R20 off track, R21-R50 on track
    on preschool; R01's dropout has no data; the other dropout cells are empty (no target)."""
    html = summary_page(many_root, "--lang", "en")
    grid = html.split('<section id="grid">')[1].split("</section>")[0]
    assert grid.count('<tr><th scope="row">') == 50
    assert grid.count('<td class="cell status-regressing" style="background:#ffadad" title="regressing">') == 10
    assert grid.count('class="cell status-off_track"') == 10
    assert grid.count('class="cell status-on_track"') == 30
    assert grid.count('class="cell status-no_data"') == 1
    assert grid.count('<td class="cell"></td>') == 49
    first = grid.split('<tr><th scope="row">')[1]
    assert first.startswith("R01</th>") and "↓" in first and "–" in first
    # The legend names each status shown, with its sign and colour.
    assert "↓</span>regressing" in grid and "!</span>off track" in grid and "–</span>no data" in grid
    assert "<figure" not in html  # the summary has no charts: each plan's page has them (--detail)


def test_a_root_at_the_threshold_gets_the_page_of_every_plan(many_root: Path) -> None:
    html = summary_page(many_root, "--summary-threshold", "56")
    assert '<section class="plan" id="plan-56">' in html and 'id="grid"' not in html


def test_the_goal_above_is_beside_the_target_as_in_the_markdown_report() -> None:
    """The bundled jian plan's parent is the national outline, whose preschool goal (≥90% by 2025) was achieved."""
    html = page("--lang", "en", root=REPORT_ROOT.parents[2], as_of="2026")
    jian = html.split('<section class="plan" id="plan-1">')[1].split("</section>")[0]
    assert "<code>national-education-2021-2025</code>" in jian.split("</p>")[0]  # the parent, in the heading line
    row = jian.split("<code>preschool-enrolment</code>")[1].split("</tr>")[0]
    assert '<span class="above">above: ≥90% by 2025, achieved</span>' in row


def test_since_is_for_the_markdown_report(tmp_path: Path) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(
        run("report", "--data", str(REPORT_ROOT), "--as-of", AS_OF, "--format", "json", "--out", "-").stdout
    )
    result = run("report", "--data", str(REPORT_ROOT), "--format", "html", "--since", str(previous), "--out", "-")
    assert result.exit_code == ExitCode.BAD_INPUT and result.stdout == ""
    assert "TRK405" in result.stderr and "drop it with --format html" in result.stderr


def test_the_summary_grid_says_when_it_keeps_only_some_indicators(
    many_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one column allowed, preschool (56 targets) is kept and dropout (1) left out, and the page says so."""
    import tracker.summary

    monkeypatch.setattr(tracker.summary, "GRID_INDICATORS", 1)
    grid = summary_page(many_root, "--lang", "en").split('<section id="grid">')[1].split("</section>")[0]
    assert "Columns: the 1 indicators with the most targets (of 2)." in grid
    assert grid.count('class="cell status-no_data"') == 0 and grid.count('<th scope="col" class="col">') == 1

"""A plain HTML page of SVG charts, for the browser test and for looking at the charts."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.charts.inputs import ChartInput
from tracker.charts.spec import chart_spec
from tracker.charts.svg import escape, svg_chart

STYLE = """
body { font-family: 'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif; margin: 16px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
"""


def chart_page(samples: Iterable[tuple[str, ChartInput]], title: str = "charts") -> str:
    figures = "\n".join(f'<figure id="{name}">\n{svg_chart(chart_spec(data), name)}</figure>' for name, data in samples)
    return (
        f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<style>{STYLE}</style></head>\n<body>\n<div class="charts">\n{figures}\n</div>\n</body></html>\n'
    )


if __name__ == "__main__":  # python tests/charts/page.py OUT.html: the samples on one page, to look at
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from charts.samples import SAMPLES

    Path(sys.argv[1]).write_text(chart_page(SAMPLES.items(), "chart samples"), encoding="utf-8")

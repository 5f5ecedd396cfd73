"""Charts of one target over time that do not mislead: the rules, and writers for SVG and Mermaid.

`inputs` holds what a chart is drawn from (`ChartInput`, in the indicator's own units),
`spec.chart_spec` turns it into a `ChartSpec` (axes, marks, lines and legend, still in data
units: every honesty rule lives there and is tested there), `svg.svg_chart` writes a spec as
a standalone SVG element and `mermaid.mermaid_chart` as a Mermaid xychart for Markdown.
Nothing here reads files or imports a chart library; see docs/charts.md for why.
"""

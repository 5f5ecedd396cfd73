"""Names that vulture (the dead-code finder in the test command) cannot see used.

Only true false positives belong here: methods Python or a library calls by protocol,
attributes a library reads, and classes named in a string. Each line says who uses the name.
Pytest's own (fixtures, hooks, `pytestmark`) are set in pyproject.toml, [tool.vulture]. This
file is only read by vulture, never run; `_` stands for an object of a library's type.
"""

from typing import Any

from tracker.charts.inputs import Better
from tracker.cli import Level
from tracker.csvfiles import _Pieces
from tracker.escaping import GuardedStream
from tracker.models import _Strict
from tracker.render.check_text import CheckLines
from tracker.render.compare_json import CompareJson
from tracker.render.compare_terminal import CompareTable
from tracker.render.github import Annotations, StepSummary
from tracker.render.html import HtmlReport
from tracker.render.html_summary import HtmlSummary
from tracker.render.json import JsonDocument
from tracker.render.junit import JUnitXml
from tracker.render.markdown import MarkdownReport
from tracker.render.summary_markdown import SummaryMarkdown
from tracker.render.terminal import ExplainLines, StatusTables
from tracker.render.xlsx import StatusWorkbook

_: Any = None

# io's protocol: io.BufferedReader and io.TextIOWrapper call these.
_Pieces.readable
_Pieces.readinto
GuardedStream.writable

# pydantic reads a model's configuration from this class attribute.
_Strict.model_config

# A value a caller may pass (`Better("none")`, from the catalog's `better:`).
Better.NONE

# Formats named as "module:Class" in tracker.render.FORMATS, imported on demand.
(CheckLines, Annotations, StepSummary, JsonDocument, JUnitXml, MarkdownReport, ExplainLines, StatusTables)
(CompareJson, CompareTable, HtmlReport, HtmlSummary, SummaryMarkdown, StatusWorkbook)

# typer takes an option's choices from an enum's members (`compare --level prefecture`).
Level.prefecture

# html.parser.HTMLParser calls these while it reads a page (tests of the HTML report).
_.handle_starttag
_.handle_comment
_.handle_data

# Attributes openpyxl reads when it saves a workbook (tracker/forms.py, tests/bad/generate.py).
_.font  # a cell's (tracker/forms.py)
_.sheet_state  # a sheet's (tests/bad/generate.py, tests/test_workbooks.py)
_.modified  # a workbook's properties (tests/bad/generate.py)
_.creator  # a workbook's properties (tracker/render/xlsx.py)

# zipfile reads these of a ZipInfo when it writes the entry (tracker/render/xlsx.py).
_.compress_type
_.external_attr

# pickle.Pickler reads its reducers from this attribute (tracker/plancache.py).
_.dispatch_table

"""Names that vulture (the dead-code finder in the test command) cannot see used.

Only true false positives belong here: methods Python or a library calls by protocol,
attributes a library reads, and classes named in a string. Each line says who uses the name.
Pytest's own (fixtures, hooks, `pytestmark`) are set in pyproject.toml, [tool.vulture]. This
file is only read by vulture, never run; `_` stands for an object of a library's type.
"""

from typing import Any

from tracker.charts.inputs import Better
from tracker.csvfiles import _Pieces
from tracker.escaping import GuardedStream
from tracker.models import _Strict
from tracker.render.check_text import CheckLines
from tracker.render.github import Annotations, StepSummary
from tracker.render.json import JsonDocument
from tracker.render.junit import JUnitXml
from tracker.render.markdown import MarkdownReport
from tracker.render.terminal import ExplainLines, StatusTables

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

# Attributes openpyxl reads when it saves a workbook (tracker/forms.py, tests/bad/generate.py).
_.font  # a cell's (tracker/forms.py)
_.sheet_state  # a sheet's (tests/bad/generate.py, tests/test_workbooks.py)
_.modified  # a workbook's properties (tests/bad/generate.py)

# pickle.Pickler reads its reducers from this attribute (tracker/plancache.py).
_.dispatch_table

"""Renderers: each turns the results model into one output format and only reads it.

One module per format, chosen by `Format` (like pip-audit's `_format/`):
`terminal` (rich tables), `json` (the `--json` document).
"""

from __future__ import annotations

import enum


class Format(enum.StrEnum):
    """Output formats of `tracker status`/`report`."""

    TERMINAL = "terminal"
    JSON = "json"
    MARKDOWN = "markdown"

"""The exit codes of every command: a public contract for CI (like coverage.py's `cmdline` codes)."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    TARGETS_FAILED = 1  # `check`: a target fails the policy
    WARNINGS = 1  # `validate --strict`: the data has warnings
    OUTPUT_CUT = 1  # the reader of standard output went away before all was said
    BAD_INPUT = 2  # an error in the data or the command line; every message says where

"""The limits on input, in one place: what a data file may hold before tracker refuses it.

Each is far above what a real plan or report needs and low enough that a hostile file
cannot make a command crash, run out of memory or print a file it should not. Crossing
one is an error with its own code and exit 2 (the table in docs/validate.md, which a test
keeps in step with these numbers).
"""

from __future__ import annotations

# Messages: how much of a data file's text one message may quote (a value, a key, a column
# name), and how long a text tracker composes around such excerpts may grow.
EXCERPT_CHARS = 60
MESSAGE_FIELD_CHARS = 240

# A number in a plan or a CSV cell: digits in all (a million-digit number overflows the
# decimal context; values beyond 10^18 are refused by the value grammar anyway).
MAX_NUMBER_DIGITS = 40

# A YAML file (a plan or the catalog): its size in bytes, and the text YAML aliases may add
# when they are expanded (2,000 aliases of a long quote are few nodes but gigabytes of text
# that every renderer would copy). Reading YAML costs many bytes of memory per byte read,
# so the size is bounded; a plan of 40,000 targets with long quotes stays well inside it.
MAX_YAML_BYTES = 32 * 1024 * 1024
MAX_ALIAS_TEXT = 1_000_000

# Targets in one plan file: memory grows with them; real plans have tens to a few hundred.
MAX_TARGETS_PER_PLAN = 50_000

# Columns of a CSV file (the format has eight; an export may add some of its own).
MAX_CSV_COLUMNS = 1_000

# Nesting of the JSON document given to `report --since` (tracker's own is 4 deep).
MAX_JSON_DEPTH = 64

# A text given to `tracker extract`: extraction costs time per figure, and a long plan is
# about 0.2 MB; larger files are refused before any of them is read.
MAX_EXTRACT_BYTES = 4_000_000

"""JSON Schemas of the input files, generated from the pydantic models, for editors.

With the modeline `# yaml-language-server: $schema=../docs/schema/plan.schema.json` at the
top of a plan, editors that speak the YAML language server complete keys and flag typos
while the user types. The committed copies in docs/schema/ are checked by a test; update
them with `tracker schema plan > docs/schema/plan.schema.json` (and `indicators`).
"""

from __future__ import annotations

import enum
import json
from typing import Any

from pydantic import BaseModel

from tracker.models import Catalog, Plan

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class SchemaName(enum.StrEnum):
    """The files a schema exists for."""

    PLAN = "plan"
    INDICATORS = "indicators"


MODELS: dict[SchemaName, tuple[type[BaseModel], str]] = {
    SchemaName.PLAN: (Plan, "A tracker plan file: plans/<id>.yaml"),
    SchemaName.INDICATORS: (Catalog, "The tracker indicator catalog: indicators.yaml"),
}


def json_schema(name: SchemaName) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one input file."""
    model, title = MODELS[name]
    schema = model.model_json_schema()
    return {"$schema": DIALECT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(name: SchemaName) -> str:
    """The schema as the committed file holds it: indented JSON, non-ASCII kept, final newline."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"

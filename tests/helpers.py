"""Builders of test data roots and the golden-file check, shared by the tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml
from goldens import check_golden as check_golden  # golden tests elsewhere import it from here

TESTS = Path(__file__).resolve().parent

INDICATORS: dict[str, dict[str, Any]] = {
    "preschool_gross_enrolment_rate": {
        "name": "学前教育毛入园率",
        "name_en": "Preschool gross enrolment rate",
        "unit": "percent",
        "better": "higher",
        "aliases": ["学前三年毛入园率"],
    },
    "dropout_rate": {"name": "辍学率", "name_en": "Dropout rate", "unit": "percent", "better": "lower"},
    "teachers_recruited": {"name": "招聘教师", "name_en": "Teachers recruited", "unit": "person", "better": "higher"},
    "complaint_rate": {"name": "投诉率", "name_en": "Complaint rate", "unit": "percent", "better": "lower"},
    "quality_balance_passed": {
        "name": "优质均衡验收",
        "name_en": "Quality-balance review passed",
        "unit": "boolean",
        "better": "higher",
    },
    "working_age_schooling_years": {
        "name": "劳动年龄人口平均受教育年限",
        "name_en": "Working-age years of schooling",
        "unit": "year",
        "better": "higher",
    },
}

HEADER = ["region", "indicator", "year", "value", "qualifier", "source", "quote", "note"]


def write_root(
    root: Path,
    plans: list[dict[str, Any]],
    rows: list[dict[str, Any]] | list[tuple[Any, ...]],
    indicators: dict[str, dict[str, Any]] | None = None,
) -> Path:
    """Write a data root: indicators.yaml, one YAML per plan, and actuals/data.csv."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "actuals").mkdir(exist_ok=True)
    catalog = {"indicators": indicators or INDICATORS}
    (root / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    for plan in plans:
        text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
        (root / "plans" / f"{plan['id']}.yaml").write_text(text, encoding="utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        cells = [row.get(c, "") for c in HEADER] if isinstance(row, dict) else list(row)
        writer.writerow(cells + [""] * (len(HEADER) - len(cells)))
    (root / "actuals" / "data.csv").write_text(out.getvalue(), encoding="utf-8")
    return root


def plan_with(*targets: dict[str, Any], period: tuple[int, int] = (2021, 2025), **extra: Any) -> dict[str, Any]:
    """A plan of the test county (示例县, code 999999) holding `targets`."""
    plan: dict[str, Any] = {
        "id": "demo",
        "title": "示例县教育发展规划",
        "region": "示例县",
        "region_code": "999999",
        "period": {"start": period[0], "end": period[1]},
        "targets": list(targets),
    }
    plan.update(extra)
    return plan

"""JUnit XML of `tracker check`, which GitLab, Jenkins and most CI systems display.

One <testsuite> per plan, one <testcase> per target (classname = plan id, name = target
id); failing targets carry a <failure>, targets that cannot be judged yet and do not fail
(pending, no data, indeterminate) are <skipped>. Control characters from a data file are
shown as escapes (`escaping.clean`) and what XML 1.0 still forbids is removed, so the file
always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tracker.checking import CheckOutcome
from tracker.escaping import clean
from tracker.messages import Lang, message
from tracker.models import Status
from tracker.render import Options, Renderer, check_text
from tracker.render.common import reason_of

SKIPPED = (Status.PENDING, Status.NO_DATA, Status.INDETERMINATE)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text safe in XML 1.0 and in the logs that show it: `escaping.clean` (control characters
    shown as escapes), and what XML still forbids removed (ElementTree escapes the rest)."""
    return _NOT_XML.sub("", clean(value))


class JUnitXml(Renderer[CheckOutcome]):
    """The check as JUnit XML (see the module); the failures' reasons in the check's language."""

    suffix = "xml"

    def render(self, view: CheckOutcome, options: Options) -> str:
        return render(view, options.lang)


def render(outcome: CheckOutcome, lang: Lang = "en") -> str:
    """The JUnit document as text, with an XML declaration and a final newline."""
    failures = {result.key: result for result in outcome.failures}
    plans = outcome.evaluation.plans
    suites = ET.Element("testsuites", name="tracker check")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for plan in plans:
        suite = ET.SubElement(suites, "testsuite", name=xml_text(plan.id))
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for result in plan.targets:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=xml_text(plan.id),
                name=xml_text(result.target_id),
                file=xml_text(result.file),
                line=str(result.line),
            )
            counts["tests"] += 1
            failure = failures.get(result.key)
            if failure is not None:
                counts["failures"] += 1
                why = reason_of(failure, outcome.evaluation, lang)
                node = ET.SubElement(
                    case,
                    "failure",
                    type=result.status.value,
                    message=xml_text(f"{result.status.value}: {why}"),
                )
                node.text = xml_text(check_text.failure_line(failure, why))
            elif result.status in SKIPPED:
                counts["skipped"] += 1
                late = f" ({message('past_deadline', 'en')})" if result.past_deadline_without_figure else ""
                said = result.status.value + late
                ET.SubElement(case, "skipped", message=said)
            else:
                ET.SubElement(case, "system-out").text = result.status.value
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        suites.set(key, str(value))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

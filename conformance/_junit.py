"""junit.xml: one <testsuite> per implementation, one <testcase> per case.

Strategy: the element of each test case comes from its role in the run's
`Judgement`, so the file agrees with the exit status: a <failure> is exactly a case
that makes the exit status 1, an <error> one that makes it 2, everything else that did
not plainly pass is <skipped> with its reason.  A failure's text names the
requirement, the outcomes and the observed values they look at (as the terminal
summary does), not the whole observation: report.json and the evidence pages
hold that, and thousands of failures stay readable.  Class names are
``<implementation slug>.<profile>``: Jenkins and GitLab split class names on dots, so
the implementation's own dots ("http.client", "3.11.7") become underscores.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, List

from ._contract import ROLES, Judgement, Role

# XML 1.0 cannot carry these characters, not even escaped; an observed wire can hold them
# (request.injection.header-name-ctl sends a \x03)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` with each character XML 1.0 cannot carry written as a \\xNN escape."""
    return XML_INVALID.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def slug(name: str) -> str:
    """An implementation name without dots or spaces: JUnit class-name safe."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_")


def junit_xml(certs: List[Any], judgement: Judgement) -> str:
    from ._summary import describe_looked_at
    from ._verdicts import describe_expected

    suites = ET.Element("testsuites", name="httpcts certify")
    for cert in certs:
        results = sorted(cert.results, key=lambda r: r.case.id)
        roles = judgement.roles.get(cert.impl.name, {})
        elements = [ROLES[roles.get(r.case.id, Role("pass")).role] for r in results]
        suite = ET.SubElement(
            suites, "testsuite", name=cert.impl.name, tests=str(len(results)),
            failures=str(elements.count("failure")), errors=str(elements.count("error")),
            skipped=str(elements.count("skipped")),
            time=f"{sum(r.duration_s for r in results):.3f}",
        )
        for result, element in zip(results, elements):
            case = ET.SubElement(
                suite, "testcase", classname=f"{slug(cert.impl.name)}.{result.case.profile}",
                name=result.case.id, time=f"{result.duration_s:.3f}",
            )
            if element is None:
                continue
            role = roles[result.case.id]
            reason = role.reason
            if role.role == "skipped":  # what is unsupported, or which behaviour was seen
                reason = str(result.observed.get("unsupported") or result.label or "")
            message = f"{result.verdict}: {reason}" if reason else str(result.verdict)
            child = ET.SubElement(case, element, type=result.verdict,
                                  message=xml_text(message[:300]))
            if element != "skipped" or role.role in ("known", "non-strict"):
                child.text = xml_text(
                    f"requirement: {result.case.requirement}\n"
                    f"expected: {' | '.join(describe_expected(result.case))}\n"
                    f"observed: {describe_looked_at(result.case, result.observed)}"
                )
    return ET.tostring(suites, encoding="unicode")

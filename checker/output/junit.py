"""The JUnit XML format, for CI systems that show test reports.

One `<testcase classname="imrcheck" name="{path}">` per letter: it passes when the letter
has no findings, holds one `<failure type="CODE">` per finding otherwise, and an `<error>`
when the file could not be read. The suite's counts are testcase counts (a letter with
three findings is one failed test), as JUnit readers expect `tests - failures - errors` to be
the passing tests.

The counts sit on the opening tag, so the test cases are kept, already serialised, until
`end()`. ElementTree does the escaping; characters XML 1.0 cannot hold at all (most C0
controls, lone surrogates, U+FFFE/U+FFFF) are removed first, since a letter may contain them.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.models import Report
from checker.output import ErrorLedger, FileError, RunSummary
from checker.output.text import finding_lines

SUITE_NAME = "imrcheck"

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with every character XML 1.0 forbids removed."""
    return _NOT_XML.sub("", text)


def _serialise(element: ET.Element) -> str:
    # ASCII with character references: the document survives any stdout encoding.
    return ET.tostring(element, encoding="us-ascii").decode("ascii")


def _testcase(path: str) -> ET.Element:
    return ET.Element("testcase", {"classname": SUITE_NAME, "name": xml_text(path)})


class JunitFormatter:
    def __init__(self) -> None:
        self._testcases: list[str] = []
        self._failures = 0
        self._errors = ErrorLedger()

    def begin(self) -> str:
        return ""

    def report(self, report: Report) -> str:
        testcase = _testcase(report.path)
        for finding in report.findings:
            failure = ET.SubElement(
                testcase,
                "failure",
                {"message": xml_text(finding.message), "type": xml_text(finding.code)},
            )
            failure.text = xml_text("\n".join(finding_lines(report.path, finding)))
        if report.findings:
            self._failures += 1
        self._testcases.append(_serialise(testcase))
        return ""

    def error(self, error: FileError) -> str:
        self._errors.add(error)
        return ""

    def _error_testcase(self, error: FileError) -> str:
        testcase = _testcase(error.path)
        element = ET.SubElement(
            testcase, "error", {"message": xml_text(error.message), "type": "unreadable"}
        )
        element.text = xml_text(error.message)
        return _serialise(testcase)

    def end(self, summary: RunSummary) -> str:
        errors = self._errors.merged(summary)
        testcases = self._testcases + [self._error_testcase(e) for e in errors]
        attributes = {
            "name": SUITE_NAME,
            "tests": str(len(testcases)),
            "failures": str(self._failures),
            "errors": str(len(errors)),
        }
        # Serialise an empty suite and open it up, so the attribute quoting is ElementTree's.
        suite_open = _serialise(ET.Element("testsuite", attributes))[: -len(" />")] + ">"
        totals_open = '<testsuites tests="{tests}" failures="{failures}" errors="{errors}">'.format(
            **attributes
        )
        return "".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                totals_open,
                "\n",
                suite_open,
                "\n",
                *(testcase + "\n" for testcase in testcases),
                "</testsuite>\n</testsuites>\n",
            ]
        )

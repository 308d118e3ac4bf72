"""The JUnit XML report (checker/output/junit.py)."""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from tests.output.reports import FACT_FINDING, FACTS, OUTCOME_FINDING, run, span


@pytest.fixture
def junit() -> ET.Element:
    return ET.fromstring(run("junit").encode("utf-8"))


def test_junit_counts_match_the_testcases(junit):
    assert junit.tag == "testsuites"
    (suite,) = junit.findall("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("name") == "imrcheck"
    assert int(suite.get("tests")) == len(cases) == 4
    assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None) == 2
    assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None) == 1
    assert (junit.get("tests"), junit.get("failures"), junit.get("errors")) == ("4", "2", "1")


def test_junit_one_failure_per_finding_with_code_and_evidence(junit):
    case = next(c for c in junit.iter("testcase") if c.get("name") == "letters/flawed 001.txt")
    assert case.get("classname") == "imrcheck"
    failures = case.findall("failure")
    assert [f.get("type") for f in failures] == ["OUT001", "RUL001"]
    assert failures[0].get("message") == OUTCOME_FINDING.message
    assert failures[0].text.splitlines()[0] == (
        "letters/flawed 001.txt:41:5: OUT001 [error] " + OUTCOME_FINDING.message
    )
    assert '    44 | is "medically necessary" & <appropriate>' in failures[0].text
    assert "rule: mtus.manual-therapy.trial" in failures[1].text


def test_junit_clean_file_is_a_passing_testcase(junit):
    case = next(c for c in junit.iter("testcase") if c.get("name") == "letters/clean.txt")
    assert list(case) == []


def test_junit_unreadable_file_is_an_error_testcase(junit):
    case = next(c for c in junit.iter("testcase") if c.get("name") == "letters/broken.pdf")
    (error,) = case.findall("error")
    assert error.get("message") == "PDF has no text layer"


def test_junit_strips_characters_xml_cannot_hold():
    dirty = dataclasses.replace(FACTS, findings=[
        dataclasses.replace(FACT_FINDING, message="age\x00 44 \x0b& <45>",
                            evidence=[span(3, 10, "44\x01-year-old \ud800")])])
    root = ET.fromstring(run("junit", reports=[dirty], errors=[]).encode("utf-8"))
    (failure,) = root.iter("failure")
    assert failure.get("message") == "age 44 & <45>"
    assert "\ud800" not in failure.text

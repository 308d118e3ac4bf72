"""The SARIF 2.1.0 report (checker/output/sarif.py)."""
from __future__ import annotations

import dataclasses
import json

import pytest

from checker.models import Report
from tests.output.reports import CHECKS, CLEAN, FACT_FINDING, FACTS, run


@pytest.fixture
def sarif() -> dict:
    return json.loads(run("sarif"))


def test_sarif_has_the_2_1_0_envelope(sarif):
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "imrcheck"
    assert driver["version"] == "0.1.0"
    assert driver["informationUri"] == "https://github.com/imrcheck/imrcheck"


def test_sarif_describes_every_check_as_a_rule(sarif):
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["FCT001", "OUT001", "RUL001"]
    outcome = rules[1]
    assert outcome["name"] == "outcome-contradicts-conclusion"
    assert outcome["shortDescription"]["text"] == "The stated outcome contradicts the rationale's own conclusion."
    assert "Why:" in outcome["fullDescription"]["text"]
    assert "Fires:" not in outcome["fullDescription"]["text"]
    assert outcome["help"]["text"] == CHECKS[1].doc
    assert outcome["properties"]["family"] == "outcome"
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["note", "error", "warning"]


def test_sarif_results_point_at_declared_rules_with_valid_levels(sarif):
    run0 = sarif["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    results = run0["results"]
    assert len(results) == 3
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"]
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] >= 1
    assert [r["level"] for r in results] == ["error", "warning", "note"]


def test_sarif_region_quotes_the_primary_evidence_and_relates_the_rest(sarif):
    result = sarif["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "letters/flawed%20001.txt"
    assert location["region"] == {
        "startLine": 41,
        "startColumn": 5,
        "endLine": 41,
        "endColumn": 11,
        "snippet": {"text": "Upheld"},
    }
    related = result["relatedLocations"]
    assert [r["physicalLocation"]["region"]["startLine"] for r in related] == [44, 45, 46]
    assert related[0]["physicalLocation"]["region"]["snippet"]["text"] == 'is "medically necessary" & <appropriate>'


def test_sarif_rule_findings_carry_rule_and_citation(sarif):
    results = sarif["runs"][0]["results"]
    assert results[1]["properties"] == {
        "item": 2,
        "family": "rules",
        "rule": "mtus.manual-therapy.trial",
        "citation": "MTUS Chronic Pain, Manual therapy & manipulation, Page(s): 58-59",
    }
    assert "rule" not in results[0]["properties"]
    assert results[0]["properties"]["item"] == 1


def test_sarif_fingerprint_ignores_the_path_but_not_the_letter():
    def fingerprint(report: Report) -> str:
        document = json.loads(run("sarif", reports=[report], errors=[]))
        return document["runs"][0]["results"][0]["partialFingerprints"]["imrcheck/v1"]

    base = fingerprint(FACTS)
    assert len(base) == 32
    assert fingerprint(dataclasses.replace(FACTS, **{"path": "elsewhere/facts.txt"})) == base
    assert fingerprint(dataclasses.replace(FACTS, **{"content_hash": "other"})) != base


def test_sarif_fingerprints_differ_for_repeated_findings_on_one_item():
    twice = dataclasses.replace(FACTS, findings=[FACT_FINDING, dataclasses.replace(FACT_FINDING, line=12)])
    results = json.loads(run("sarif", reports=[twice], errors=[]))["runs"][0]["results"]
    prints = {r["partialFingerprints"]["imrcheck/v1"] for r in results}
    assert len(prints) == 2


def test_sarif_reports_unreadable_files_as_notifications(sarif):
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == "PDF has no text layer"
    uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "letters/broken.pdf"


def test_sarif_run_without_errors_succeeded():
    document = json.loads(run("sarif", errors=[]))
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == []


def test_sarif_empty_run_is_still_a_document():
    document = json.loads(run("sarif", reports=[CLEAN], errors=[]))
    assert document["runs"][0]["results"] == []


def test_sarif_finding_of_an_unregistered_code_has_no_rule_index():
    stray = dataclasses.replace(FACTS, **{"findings": [dataclasses.replace(FACT_FINDING, **{"code": "ZZZ999"})]})
    (result,) = json.loads(run("sarif", reports=[stray], errors=[]))["runs"][0]["results"]
    assert result["ruleId"] == "ZZZ999"
    assert "ruleIndex" not in result


def test_sarif_absolute_paths_become_file_uris():
    moved = dataclasses.replace(FACTS, **{"path": "/srv/imr/letter 1.txt"})
    (result,) = json.loads(run("sarif", reports=[moved], errors=[]))["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "file:///srv/imr/letter%201.txt"

"""A baseline's size does not make each letter cost more: a letter's findings are looked up
by key, never by copying or walking the baseline. Compared as a ratio in one run: filtering
the same letters' reports through a baseline of 2,000 entries and one of 2,000,000, both
holding the letters' own findings."""
from __future__ import annotations

import time
from collections import Counter

from checker import check_file
from checker.baseline import Baseline, finding_key
from tests.support.paths import EXAMPLES


def _other_keys(count: int) -> Counter[str]:
    """Entries of letters not in this run, in the shape finding_key writes."""
    return Counter({f"{index:016x}:1:RSN001": 1 for index in range(count)})


def _reports():
    reports = [check_file(path) for path in sorted(EXAMPLES.rglob("*.txt"))]
    assert sum(len(report.findings) for report in reports) > 20, "the examples have findings to hide"
    return reports


def _baseline(reports, others: int) -> Counter[str]:
    keys = _other_keys(others)
    for report in reports:
        for finding in report.findings:
            keys[finding_key(report, finding)] += 1
    return keys


def _filter_cost(keys: Counter[str], reports) -> float:
    """Best of several passes, each a run's baseline filtering every report once."""
    best = float("inf")
    for _ in range(7):
        baseline = Baseline(keys)
        start = time.perf_counter()
        for report in reports:
            baseline.split(report)
        best = min(best, time.perf_counter() - start)
    return best


def test_a_baseline_a_thousand_times_larger_costs_a_letter_no_more():
    reports = _reports()
    small, large = _baseline(reports, 2_000), _baseline(reports, 2_000_000)
    # A copy or a walk of the large baseline per letter makes the ratio about a thousand.
    ratio = _filter_cost(large, reports) / _filter_cost(small, reports)
    assert ratio < 5, ratio


def test_a_large_baseline_hides_the_findings_it_holds_and_only_those():
    reports = _reports()
    # A letter outside the baseline: one with findings whose text no other example shares.
    hashes = Counter(report.content_hash for report in reports)
    outside = next(report for report in reports if report.findings and hashes[report.content_hash] == 1)
    inside = [report for report in reports if report is not outside]
    baseline = Baseline(_baseline(inside, 2_000_000))
    new, known = baseline.split(outside)
    assert new.findings == outside.findings and not known
    for report in inside:
        new, known = baseline.split(report)
        assert not new.findings and known == report.findings
    assert baseline.stale == 2_000_000

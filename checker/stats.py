"""Corpus statistics: the cross-letter view of a checked corpus, counted as letters stream by.

How often each treatment (and drug class) is upheld or overturned, what each reviewer
specialty decides, outcomes by the year of the UR decision, how often each check fires, and
where the rule tensions cluster: per rule, how many denials within its limit were upheld (or
approvals beyond it overturned) out of all the items of that treatment decided that way. The
last is what shows inconsistency between reviewers: one rule, the same kind of request, two
outcomes.

Only counters are kept, so memory does not grow with the corpus. `CorpusStats.to_data()` is
the JSON document; `checker.output.stats_report` renders it as text tables or CSV.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from checker.models import Outcome, Report
from checker.profile import LetterProfile

NOT_STATED = "(not stated)"
NOT_RECOGNISED = "(not recognised)"
OUTCOMES = tuple(outcome.value for outcome in Outcome)
# The outcome each rule tension is about: a denial that stands, or an approval.
TENSIONS = {
    "RUL001": ("denial within the limit upheld", Outcome.UPHELD.value),
    "RUL002": ("approval beyond the limit", Outcome.OVERTURNED.value),
    "RUL003": ("approval of a treatment not recommended", Outcome.OVERTURNED.value),
}


@dataclass
class _OutcomeCounts:
    letters: int = 0
    items: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def to_data(self, with_letters: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"letters": self.letters} if with_letters else {}
        data["items"] = self.items
        data.update({outcome: self.outcomes[outcome] for outcome in OUTCOMES})
        decided = self.outcomes["upheld"] + self.outcomes["overturned"]
        data["overturned_rate"] = _rate(self.outcomes["overturned"], decided)
        return data


@dataclass
class _Tension:
    count: int = 0
    letters: int = 0
    subjects: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class CorpusStats:
    letters: int = 0
    unreadable: int = 0
    items: int = 0
    layouts: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    by_treatment: dict[str, _OutcomeCounts] = field(default_factory=lambda: defaultdict(_OutcomeCounts))
    by_drug_class: dict[str, _OutcomeCounts] = field(default_factory=lambda: defaultdict(_OutcomeCounts))
    by_specialty: dict[str, _OutcomeCounts] = field(default_factory=lambda: defaultdict(_OutcomeCounts))
    by_year: dict[str, _OutcomeCounts] = field(default_factory=lambda: defaultdict(_OutcomeCounts))
    findings_by_code: Counter[str] = field(default_factory=Counter)
    letters_by_code: Counter[str] = field(default_factory=Counter)
    family_of_code: dict[str, str] = field(default_factory=dict)
    tensions: dict[tuple[str, str], _Tension] = field(default_factory=lambda: defaultdict(_Tension))
    # Specialties as letters spell them vary ("Medicine & Rehabilitation", "... and ..."):
    # grouped by a normal form, shown as first spelled.
    _specialty_names: dict[str, str] = field(default_factory=dict)

    def add(self, report: Report, profile: LetterProfile | None) -> None:
        self.letters += 1
        self.items += len(report.items)
        self.layouts[report.layout.value] += 1
        specialty = self._specialty(profile.specialty if profile else None)
        year = str(profile.ur_decision_year) if profile and profile.ur_decision_year else NOT_STATED
        groups = (self.by_specialty[specialty], self.by_year[year])
        for group in groups:
            group.letters += 1
        # What each item is, for the tension rates: a drug class when it has one, so a
        # not-recommended muscle relaxant is counted against muscle relaxants, not all drugs.
        subjects: dict[int, tuple[str, str]] = {}
        for item in report.items:
            outcome = item.outcome.value
            request = item.request
            treatment = request.treatment if request and request.treatment else NOT_RECOGNISED
            drug_class = request.drug_class if request else None
            subjects[item.index] = ("drug_class", drug_class) if drug_class else ("treatment", treatment)
            self.outcomes[outcome] += 1
            counted = [self.by_treatment[treatment], *groups]
            if request and request.drug_class:
                counted.append(self.by_drug_class[request.drug_class])
            for group in counted:
                group.items += 1
                group.outcomes[outcome] += 1
        for code in {finding.code for finding in report.findings}:
            self.letters_by_code[code] += 1
        for finding in report.findings:
            self.findings_by_code[finding.code] += 1
            self.family_of_code[finding.code] = finding.family.value
        self._add_tensions(report, subjects)

    def add_unreadable(self) -> None:
        self.unreadable += 1

    def _add_tensions(self, report: Report, subjects: dict[int, tuple[str, str]]) -> None:
        seen: set[tuple[str, str]] = set()
        for finding in report.findings:
            if finding.rule is None or finding.code not in TENSIONS:
                continue
            tension = self.tensions[(finding.rule, finding.code)]
            tension.count += 1
            if finding.item is not None and finding.item in subjects:
                tension.subjects.add(subjects[finding.item])
            if (finding.rule, finding.code) not in seen:
                seen.add((finding.rule, finding.code))
                tension.letters += 1

    def _specialty(self, stated: str | None) -> str:
        if not stated:
            return NOT_STATED
        key = " ".join(stated.replace("&", " and ").casefold().split()).strip(" .,;")
        return self._specialty_names.setdefault(key, " ".join(stated.split()))

    def to_data(self) -> dict[str, Any]:
        """The statistics as JSON-ready data; every mapping sorted, so output is stable."""
        return {
            "letters": self.letters,
            "unreadable": self.unreadable,
            "items": self.items,
            "layouts": dict(sorted(self.layouts.items())),
            "outcomes": {outcome: self.outcomes[outcome] for outcome in OUTCOMES},
            "by_treatment": _groups(self.by_treatment, with_letters=False),
            "by_drug_class": _groups(self.by_drug_class, with_letters=False),
            "by_specialty": _groups(self.by_specialty, with_letters=True),
            "by_year": _groups(self.by_year, with_letters=True),
            "findings_by_code": {
                code: {"family": self.family_of_code[code], "findings": count,
                       "letters": self.letters_by_code[code],
                       "letter_rate": _rate(self.letters_by_code[code], self.letters)}
                for code, count in sorted(self.findings_by_code.items())
            },
            "findings_by_family": self._families(),
            "tensions_by_rule": self._tensions(),
        }

    def _families(self) -> dict[str, dict[str, Any]]:
        families: dict[str, Counter[str]] = defaultdict(Counter)
        for code, count in self.findings_by_code.items():
            families[self.family_of_code[code]]["findings"] += count
        return {family: {"findings": counts["findings"], "per_letter": _rate(counts["findings"], self.letters)}
                for family, counts in sorted(families.items())}

    def _tensions(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per rule and tension: how often, out of the items of its treatments (or drug classes)
        decided that way."""
        rules: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for (rule, code), tension in sorted(self.tensions.items()):
            description, outcome = TENSIONS[code]
            groups = {"drug_class": self.by_drug_class, "treatment": self.by_treatment}
            of_items = sum(groups[kind][name].outcomes[outcome] for kind, name in tension.subjects
                           if name in groups[kind])
            rules[rule][code] = {
                "tension": description, "count": tension.count, "letters": tension.letters,
                "treatments": sorted(name for _, name in tension.subjects), "outcome": outcome,
                "of_items": of_items, "rate": _rate(tension.count, of_items),
            }
        return dict(rules)


def _groups(groups: dict[str, _OutcomeCounts], with_letters: bool) -> dict[str, dict[str, Any]]:
    return {name: groups[name].to_data(with_letters) for name in sorted(groups)}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None

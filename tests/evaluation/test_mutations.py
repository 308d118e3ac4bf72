"""The mutations `imrcheck eval --mutate` makes of a labelled letter, and how a variant is
scored (checker/evaluation/mutations.py, corpus.py)."""
from __future__ import annotations

import dataclasses
import json
import shutil

from checker.cli import main
from checker.engine import check_letter, check_text, parse_text
from checker.evaluation.corpus import score_mutation
from checker.evaluation.labels import FindingPattern, Label, label_path_for
from checker.evaluation.mutations import (
    age_change,
    apply_edits,
    conclusion_flip,
    count_disagree,
    generate_mutations,
    outcome_flip,
)
from checker.models import Family
from checker.rulebase import load_rules
from tests.evaluation.labelled import AGE, CLEAN, MRI, letter_and_label


def finding_keys_of(text: str) -> set[tuple[str, int | None]]:
    return {(f.code, f.item) for f in check_text(text).findings}


def only_change(original: str, mutated: str) -> tuple[str, str]:
    """The differing middle of two texts: (what the original had, what the variant has)."""
    start = 0
    while start < min(len(original), len(mutated)) and original[start] == mutated[start]:
        start += 1
    end = 0
    while end < min(len(original), len(mutated)) - start and original[-1 - end] == mutated[-1 - end]:
        end += 1
    return original[start:len(original) - end], mutated[start:len(mutated) - end]


def test_outcome_flip_replaces_the_outcome_word_and_out001_appears():
    text, letter, label = letter_and_label(CLEAN)
    mutation = outcome_flip(text, letter, letter.items[0], label)
    assert mutation is not None and mutation.kind == "outcome-flip" and mutation.item == 1
    span = letter.items[0].outcome_span
    assert text[span.start:span.end] == "Overturned"
    assert mutation.text == text[:span.start] + "Upheld" + text[span.end:]
    assert mutation.target == FindingPattern(code="OUT001", item=1) and mutation.target_present
    assert ("OUT001", 1) in finding_keys_of(mutation.text)
    assert mutation.name("a.txt") == "a.txt#outcome-flip:item1"


def test_outcome_flip_keeps_the_case_of_the_word():
    text, letter, label = letter_and_label(CLEAN)
    span = letter.items[1].outcome_span
    shouted = text[:span.start] + "UPHELD" + text[span.end:]
    shouted_letter = parse_text(shouted)
    mutation = outcome_flip(shouted, shouted_letter, shouted_letter.items[1], label)
    assert mutation is not None
    assert mutation.text == shouted[:span.start] + "OVERTURNED" + shouted[span.start + len("UPHELD"):]


def test_outcome_flip_of_a_labelled_contradiction_expects_it_gone():
    text, letter, label = letter_and_label(MRI)
    mutation = outcome_flip(text, letter, letter.items[0], label)
    assert mutation is not None and not mutation.target_present
    # The family entry stood for the target; the rules on that item become "don't care".
    assert mutation.expected_findings(label) == []
    assert mutation.dont_care == (FindingPattern(family=Family.RULES, item=1),)
    assert ("OUT001", 1) not in finding_keys_of(mutation.text)


NOTICE_2013 = """MAXIMUS FEDERAL SERVICES, INC.
Independent Medical Review

Notice of Independent Medical Review Determination

MAXIMUS Federal Services, Inc. has completed the Independent Medical Review of the disputed
medical treatment. The determinations are:

1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #60 is not
medically necessary and appropriate.

INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE
A decision has been made for each of the treatment and/or services that were in dispute:
1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #60 is not
medically necessary and appropriate.

Case Summary:
The patient is a 50 year old male who injured his back on 1/2/2010.

1) Regarding the request for Norco 10/325mg #60:
Medical Treatment Guideline(s) Relied Upon:
The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment
Guidelines, Opioids, criteria for use, pages 76-80.
Rationale Used by Expert Reviewer:
No functional improvement from Norco is documented and no urine drug screen is in the records.
The request for Norco 10/325mg #60 is not medically necessary and appropriate.
"""
NOTICE_LABEL = Label.model_validate(
    {"layout": "notice-2013", "items": [{"heading": "Norco 10/325mg #60", "outcome": "upheld"}], "findings": []})


def test_outcome_flip_of_a_2013_determination_toggles_not_in_every_copy():
    letter = parse_text(NOTICE_2013)
    mutation = outcome_flip(NOTICE_2013, letter, letter.items[0], NOTICE_LABEL)
    assert mutation is not None and len(mutation.edits) == 2
    assert mutation.text.count("#60 is medically necessary and appropriate.") == 2
    # The rationale's own conclusion is not the determination and stays as it was.
    assert mutation.text.endswith("#60 is not medically necessary and appropriate.\n")
    assert finding_keys_of(mutation.text) == {("OUT001", 1)}


def test_conclusion_flip_negates_the_necessity_statement_and_out001_appears():
    text, letter, label = letter_and_label(CLEAN)
    mutation = conclusion_flip(text, letter.items[1], label)
    assert mutation is not None and mutation.kind == "conclusion-flip"
    assert only_change(text, mutation.text) == ("not ", "")
    assert "lumbar spine is medically necessary." in mutation.text
    assert mutation.dont_care == (FindingPattern(code="RSN001", item=2),)
    assert ("OUT001", 2) in finding_keys_of(mutation.text)


def test_conclusion_flip_adds_not_to_an_approval():
    text, letter, label = letter_and_label(CLEAN)
    mutation = conclusion_flip(text, letter.items[0], label)
    assert mutation is not None
    assert "550mg #60\nis not medically necessary." in mutation.text
    assert ("OUT001", 1) in finding_keys_of(mutation.text)


def test_count_disagree_inserts_a_count_before_the_frequency_and_qty001_appears():
    text, letter, label = letter_and_label(CLEAN)
    assert count_disagree(text, letter.items[0], label) is None  # naproxen has no frequency
    mutation = count_disagree(text, letter.items[1], label)
    assert mutation is not None
    assert only_change(text, mutation.text) == ("", "12 visits ")
    assert "Physical therapy 12 visits 2x/week x 4 weeks for the lumbar spine:  Upheld" in mutation.text
    assert mutation.target == FindingPattern(code="QTY001", item=2) and mutation.target_present
    assert ("QTY001", 2) in finding_keys_of(mutation.text)


def test_count_disagree_changes_an_existing_count():
    text, _, label = letter_and_label(CLEAN)
    text = text.replace("Physical therapy 2x/week x 4 weeks for the lumbar spine:",
                        "Physical therapy 8 visits 2x/week x 4 weeks for the lumbar spine:")
    letter = parse_text(text)
    assert ("QTY001", 2) not in finding_keys_of(text)
    mutation = count_disagree(text, letter.items[1], label)
    assert mutation is not None
    assert only_change(text, mutation.text) == ("8", "12")
    assert ("QTY001", 2) in finding_keys_of(mutation.text)


def test_age_change_raises_the_last_age_and_fct001_appears():
    text, letter, label = letter_and_label(CLEAN)
    mutation = age_change(text, letter, label)
    assert mutation is not None and mutation.item is None
    last = [m for m in letter.facts.mentions if m.fact == "age"][-1]
    assert only_change(text, mutation.text) == ("2", "3")
    assert mutation.edits[0].start >= last.span.start and mutation.edits[0].end <= last.span.end
    assert "This 53 year old patient" in mutation.text and "is a 52 year old female" in mutation.text
    assert ("FCT001", None) in finding_keys_of(mutation.text)


def test_age_change_is_not_generated_where_an_age_finding_is_already_expected():
    text, letter, label = letter_and_label(AGE)
    assert age_change(text, letter, label) is None


def test_mutations_are_generated_for_every_kind_the_letter_allows():
    text, letter, label = letter_and_label(CLEAN)
    names = [mutation.name("clean") for mutation in generate_mutations(text, letter, label)]
    assert names == ["clean#outcome-flip:item1", "clean#outcome-flip:item2", "clean#conclusion-flip:item1",
                     "clean#conclusion-flip:item2", "clean#count-disagree:item2", "clean#age-change"]


def test_eval_mutate_prints_the_mutation_table_and_writes_nothing(tmp_path, capsys):
    for path in (CLEAN, AGE):
        shutil.copy(path, tmp_path / path.name)
        shutil.copy(label_path_for(path), label_path_for(tmp_path / path.name))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["eval", "--mutate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()
            if line.split()[:1] and line.split()[0] in ("outcome-flip", "conclusion-flip", "count-disagree",
                                                         "age-change", "total")}
    # clean: 2 outcome flips, 2 conclusion flips, 1 count, 1 age; celecoxib: 1 outcome, 1 conclusion flip.
    assert rows == {"outcome-flip": ["3", "3", "3"], "conclusion-flip": ["3", "3", "3"],
                    "count-disagree": ["1", "1", "1"], "age-change": ["1", "1", "1"], "total": ["8", "8", "8"]}
    assert "Scored 2 labelled letters and 8 generated variants." in out


def test_eval_mutate_json_lists_every_variant(capsys):
    assert main(["eval", "--mutate", "--output-format", "json", str(CLEAN)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["variants"] == 6
    assert document["mutations"]["kinds"]["count-disagree"] == {"generated": 1, "caught": 1, "exact": 1}
    variant = next(v for v in document["mutations"]["variants"] if v["kind"] == "age-change")
    assert variant["name"] == f"{CLEAN}#age-change" and variant["caught"] and variant["exact"]


def test_a_variant_that_changes_more_than_its_target_is_caught_but_not_exact():
    text, letter, label = letter_and_label(CLEAN)
    rules = load_rules()
    original = check_letter(letter, rules)
    flip = outcome_flip(text, letter, letter.items[0], label)
    age = age_change(text, letter, label)
    assert flip is not None and age is not None
    _, clean_result = score_mutation(str(CLEAN), label, original, flip, rules)
    assert (clean_result.caught, clean_result.exact, clean_result.changed) == (True, True, ())
    # The same flip, with the age edit slipped in: FCT001 appears outside the don't-care set.
    sloppy = dataclasses.replace(flip, text=apply_edits(text, flip.edits + age.edits))
    score, result = score_mutation(str(CLEAN), label, original, sloppy, rules)
    assert (result.caught, result.exact, result.changed) == (True, False, ("+FCT001",))
    assert [(m.kind, m.code) for m in score.misses] == [("FP", "FCT001")]


def test_a_variant_whose_target_is_not_reported_is_not_caught():
    text, letter, label = letter_and_label(CLEAN)
    rules = load_rules()
    flip = outcome_flip(text, letter, letter.items[0], label)
    assert flip is not None
    unchanged = dataclasses.replace(flip, text=text)
    score, result = score_mutation(str(CLEAN), label, check_letter(letter, rules), unchanged, rules)
    assert (result.caught, result.exact) == (False, False)
    assert [(m.kind, m.code, m.item) for m in score.misses] == [("FN", "OUT001", 1)]

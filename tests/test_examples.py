"""The project's own labelled letters: every check scores precision and recall 1.0 on them,
with and without generated mutations, and every item is extracted as labelled."""
from __future__ import annotations

from checker.cli import main
from tests.support.paths import EXAMPLES


def test_examples_meet_perfect_precision_and_recall(capsys):
    assert main(["eval", "--min-precision", "1", "--min-recall", "1", str(EXAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "Misses: none" in out


def test_examples_with_recalled_rules_opted_in_also_meet_perfect_scores(capsys):
    # The findings resting on recalled rules are labelled with their rule: expected only then.
    assert main(["eval", "--min-confidence", "recalled", "--min-precision", "1", "--min-recall", "1",
                 str(EXAMPLES)]) == 0
    assert "Misses: none" in capsys.readouterr().out


def test_a_finding_resting_on_a_recalled_rule_is_opt_in(capsys):
    soma = str(EXAMPLES / "imr-final" / "soma-overturned.txt")
    assert main(["check", "--output-format", "json", "--select", "RUL", soma]) == 0
    by_default = capsys.readouterr().out
    assert main(["check", "--output-format", "json", "--select", "RUL", "--min-confidence", "recalled", soma]) == 1
    opted_in = capsys.readouterr().out
    assert '"RUL003"' not in by_default
    assert '"RUL003"' in opted_in and '"confidence": "recalled"' in opted_in


def test_mutations_of_the_examples_are_all_caught_exactly(capsys):
    assert main(["eval", "--mutate", "--min-precision", "1", "--min-recall", "1", str(EXAMPLES)]) == 0
    total = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("total"))
    generated, caught, exact = (int(n) for n in total.split()[1:4])
    assert generated >= 50 and generated == caught == exact

"""The README's worked rule-authoring example works as the README says."""
from __future__ import annotations

import re
import shlex
import sys

from checker.engine import check_text
from checker.rulebase import load_rules, run_rule_tests
from tests.support.cli import imrcheck
from tests.support.paths import ROOT

LETTER = ("HOW THE IMR FINAL DETERMINATION WAS MADE\nThe expert reviewer is Board Certified in Family Medicine.\n\n"
          "CLINICAL CASE SUMMARY\nThe patient is a 39 year old male.\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\n"
          "Gym membership x 6 months:  {outcome}\n\nDecision rationale: The request is {conclusion}.\n")


def test_worked_rule_example_validates_tests_and_applies(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rule_yaml = re.search(r"`local-rules/gym\.yaml`:\n\n```yaml\n(.*?)```", readme, re.DOTALL).group(1)
    (tmp_path / "gym.yaml").write_text(rule_yaml)
    rules = load_rules([tmp_path])
    results = [r for r in run_rule_tests(rules) if r.rule == "local.gym.not-recommended"]
    assert results and all(r.passed for r in results)
    approved = check_text(LETTER.format(outcome="Overturned", conclusion="medically necessary"), rules=rules)
    assert [f.rule for f in approved.findings if f.code == "RUL003"] == ["local.gym.not-recommended"]
    denied = check_text(LETTER.format(outcome="Upheld", conclusion="not medically necessary"), rules=rules)
    assert not [f for f in denied.findings if f.code == "RUL003"]


# ------------------------------------------------------------------ generated sample output

CONSOLE_BLOCK = re.compile(r"```console\n\$ (imrcheck [^\n]*)\n(.*?)```", re.DOTALL)


def _run(command: str) -> str:
    return imrcheck(*shlex.split(command)[1:], cwd=ROOT, env={"NO_COLOR": "1"}).stdout


def test_readme_sample_outputs_are_what_the_commands_print():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = CONSOLE_BLOCK.findall(readme)
    assert blocks, "the README should show at least one generated sample"
    for command, shown in blocks:
        assert _run(command) == shown, f"README sample of '{command}' is stale: python -m tests.test_readme --update"


def test_readme_install_snippets_need_nothing_unpublished():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # imrcheck is not on PyPI and has no release tags.
    assert not re.search(r"pip install imrcheck\b", readme)
    assert not re.search(r"rev:\s*v\d", readme)
    assert "--skip-non-letters" in readme and "--min-confidence" in readme


def test_the_pre_commit_hook_skips_non_letters_and_documents_its_files_default():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "imrcheck")
    assert re.search(hook["files"], "letters/a.txt") and re.search(hook["files"], "b.pdf")
    assert not re.search(hook["files"], "notes.md")
    assert "--skip-non-letters" in hook["entry"]


def _update() -> None:
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    path.write_text(CONSOLE_BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{_run(m.group(1))}```", readme),
                    encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.test_readme --update")
    _update()

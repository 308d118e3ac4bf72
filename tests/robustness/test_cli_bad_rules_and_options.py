"""Bad rule files, bad settings and bad options: one clear line naming what is wrong, exit 2,
and nothing in a rule file is ever executed."""
from __future__ import annotations

import shutil
import textwrap

import pytest

from tests.support.cli import assert_one_clean_error_line, imrcheck
from tests.support.paths import GOOD_LETTER

VALID_RULE = textwrap.dedent("""\
    rules:
      - id: custom.pt.cap
        title: A test cap on physical therapy
        applies_to: {treatments: [physical_therapy]}
        limit: {visits: 10}
        tensions: [approval_beyond_limit]
        confidence: confirmed
        fact: "1.1"
        citation:
          guideline: MTUS Chronic Pain Medical Treatment Guidelines
          topic: Physical Medicine
        message: "Approved {tally}, beyond {limit}"
    """)

# (name, file text, line the error names, words it says)
BAD_RULE_FILES = [
    ("syntax", VALID_RULE.replace("title: A test", "title: [A test"), 4, "YAML"),
    ("unknown-field", VALID_RULE.replace("    confidence:", "    confidance: confirmed\n    confidence:"), 7,
     "confidance"),
    ("wrong-type", VALID_RULE.replace("{visits: 10}", "{visits: ten}"), 5, "limit.visits"),
    ("duplicate-id", VALID_RULE + VALID_RULE.removeprefix("rules:\n"), 13, "duplicate id"),
    ("duplicate-key", VALID_RULE.replace("    fact:", "    title: again\n    fact:"), 8, "appears twice"),
    ("not-a-mapping", "- 1\n- 2\n", 1, "expected one rule mapping"),
    ("empty", "", 1, "holds no rules"),
    ("nested-deep", "rules: " + "[" * 20_000 + "]" * 20_000 + "\n", None, "nested"),
    ("nested-deep-in-a-field", VALID_RULE.replace("title: A test cap on physical therapy",
                                                  "title: " + "[" * 50_000 + "]" * 50_000), None, "nested"),
]


@pytest.mark.parametrize("name, text, line, words", BAD_RULE_FILES, ids=[case[0] for case in BAD_RULE_FILES])
def test_a_bad_rule_file_is_one_line_naming_file_and_line(tmp_path, name, text, line, words):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / f"{name}.yaml").write_text(text)
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "-j", "1", "--rules", "rules", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    where = f"rules/{name}.yaml:{line}:" if line else f"rules/{name}.yaml:"
    assert_one_clean_error_line(run, where, words)
    assert run.stdout == ""  # broken rules stop the run before any letter is read


def test_a_valid_rule_file_is_used(tmp_path):
    (tmp_path / "custom.yaml").write_text(VALID_RULE)
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "-j", "1", "--rules", "custom.yaml", "good.txt", cwd=tmp_path)
    assert run.returncode == 0, run.stderr


def test_a_python_tag_in_a_rule_file_is_refused_and_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(VALID_RULE.replace(
        "title: A test cap on physical therapy", f'title: !!python/object/apply:os.system ["touch {marker}"]'))
    (tmp_path / "evil-top.yaml").write_text(f'!!python/object/apply:os.system ["touch {marker}"]\n')
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    for rule_file in ("evil.yaml", "evil-top.yaml"):
        run = imrcheck("check", "-j", "1", "--rules", rule_file, "good.txt", cwd=tmp_path)
        assert run.returncode == 2
        assert_one_clean_error_line(run, f"{rule_file}:", "refused")
        assert not marker.exists()
    run = imrcheck("rules", "validate", "--rules", "evil.yaml", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr and not marker.exists()


def test_nested_aliases_in_a_rule_file_do_not_hang(tmp_path):
    """A "billion laughs" file: ten levels of nine aliases each would be 9**10 nodes if expanded."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    (tmp_path / "laughs.yaml").write_text("\n".join(lines) + "\n")
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "-j", "1", "--rules", "laughs.yaml", "good.txt", cwd=tmp_path, timeout=60)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "laughs.yaml")


def test_a_rules_path_that_does_not_exist_is_one_line(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "--rules", "nowhere", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "nowhere")


# (name, config text, words the error says)
BAD_CONFIGS = [
    ("syntax", "[tool.imrcheck\nselect = 1\n", "invalid TOML"),
    ("unknown-setting", "[tool.imrcheck]\nmax-itemz = 3\n", "unknown setting 'max-itemz'"),
    ("wrong-type", '[tool.imrcheck]\nmax-items = "many"\n', "max-items"),
    ("nested-deep", "[tool.imrcheck]\nselect = " + "[" * 5000 + "]" * 5000 + "\n", "invalid TOML"),
    ("not-utf8", "[tool.imrcheck]\nselect = '\udcff'\n", "cannot read config"),
]


@pytest.mark.parametrize("name, text, words", BAD_CONFIGS, ids=[case[0] for case in BAD_CONFIGS])
def test_a_bad_config_is_one_line(tmp_path, name, text, words):
    (tmp_path / "settings.toml").write_bytes(text.encode("utf-8", "surrogateescape"))
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "--config", "settings.toml", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "settings.toml", words)


def test_an_unknown_setting_in_pyproject_is_one_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.imrcheck]\nselects = ['OUT']\n")
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "pyproject.toml", "unknown setting 'selects'")


def test_a_deeply_nested_baseline_is_one_line(tmp_path):
    (tmp_path / "baseline.json").write_text("[" * 100_000 + "]" * 100_000)
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "--baseline", "baseline.json", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "baseline.json", "not a valid imrcheck baseline")


@pytest.mark.parametrize("arguments, words", [
    (["check", "--no-such-option", "good.txt"], "unrecognized arguments: --no-such-option"),
    (["check", "--max-items", "0", "good.txt"], "--max-items"),
    (["check", "--max-items", "lots", "good.txt"], "--max-items"),
    (["check", "--max-file-size", "-5", "good.txt"], "--max-file-size"),
    (["check", "--timeout", "0", "good.txt"], "--timeout"),
    (["check", "--timeout", "nan", "good.txt"], "--timeout"),
    (["check", "--timeout", "inf", "good.txt"], "--timeout"),
    (["check", "--timeout", "1e300", "good.txt"], "--timeout"),
    (["check", "--select", "NOPE999", "good.txt"], "NOPE999"),
    (["check", "--output-format", "xml", "good.txt"], "--output-format"),
    (["check"], "no PATH"),
    (["frobnicate"], "frobnicate"),
    (["explain", "ZZZ999"], "ZZZ999"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_a_bad_option_is_one_line_and_exit_2(tmp_path, arguments, words):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck(*arguments, cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, words)

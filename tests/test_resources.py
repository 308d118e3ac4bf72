"""Tests for checker/resources.py: where the data lives, and the cache that keeps it between runs."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.resources import cache_dir, cached, rules_dir
from checker.text.lexicon import lexicon


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The imrcheck cache folder, inside this test's own temporary folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("IMRCHECK_NO_CACHE", raising=False)
    return tmp_path / "imrcheck"


def counting(value: Any) -> tuple[Callable[[], Any], list[int]]:
    """A build function returning `value`, and the list its calls are counted in."""
    calls: list[int] = []

    def build() -> Any:
        calls.append(1)
        return value

    return build, calls


def test_a_cached_value_is_built_once_then_read_back(cache_home):
    build, calls = counting({"a": [1, 2]})
    assert cached("thing", ["key"], build) == {"a": [1, 2]}
    assert cached("thing", ["key"], build) == {"a": [1, 2]}
    assert len(calls) == 1
    assert (cache_home / "thing.pickle").is_file()


def test_a_changed_key_builds_afresh(cache_home):
    cached("thing", ["old"], lambda: "old value")
    assert cached("thing", ["new"], lambda: "new value") == "new value"
    assert cached("thing", ["new"], lambda: "not built again") == "new value"


def test_key_parts_are_not_merely_concatenated(cache_home):
    cached("thing", ["ab", "c"], lambda: 1)
    assert cached("thing", ["a", "bc"], lambda: 2) == 2


def test_a_damaged_cache_file_is_rebuilt(cache_home):
    cached("thing", ["key"], lambda: 1)
    path = cache_home / "thing.pickle"
    path.write_bytes(path.read_bytes()[:-3])
    assert cached("thing", ["key"], lambda: 2) == 2
    assert cached("thing", ["key"], lambda: 3) == 2


def test_unknown_inputs_are_never_cached(cache_home):
    build, calls = counting(1)
    cached("thing", None, build)
    cached("thing", None, build)
    assert len(calls) == 2
    assert not (cache_home / "thing.pickle").exists()


def test_imrcheck_no_cache_turns_the_cache_off(cache_home, monkeypatch):
    monkeypatch.setenv("IMRCHECK_NO_CACHE", "1")
    assert cache_dir() is None
    cached("thing", ["key"], lambda: 1)
    assert not cache_home.exists()


def test_a_cache_folder_others_can_write_to_is_not_used(cache_home):
    cache_home.mkdir()
    cache_home.chmod(0o777)
    assert cache_dir() is None
    build, calls = counting(1)
    cached("thing", ["key"], build)
    cached("thing", ["key"], build)
    assert len(calls) == 2
    assert not (cache_home / "thing.pickle").exists()


def test_a_lexicon_from_the_cache_equals_its_yaml(cache_home):
    raw = yaml.safe_load((rules_dir() / "lexicon" / "stance.yaml").read_text(encoding="utf-8"))
    # The undecorated function: once reading the YAML (and filling the cache), once the cache.
    read = lexicon.__wrapped__("stance")
    assert (cache_home / "lexicon-stance.pickle").is_file()
    assert lexicon.__wrapped__("stance") == read
    # Validated data keeps every entry of the file (phrase shorthands only add expansions).
    assert set(raw["predicates"]["decide_against"]) <= set(read["predicates"]["decide_against"])


def read_lexicon_written_as(text: str, name: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """lexicon(NAME) with its file's text replaced by `text`."""
    from checker.text import lexicon as lexicons

    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(lexicons, "lexicon_path", lambda name: folder / f"{name}.yaml")
    # The undecorated function, so the process's loaded lexicons are left as they are.
    return lexicon.__wrapped__(name)


def test_a_lexicon_with_a_key_written_twice_is_refused_naming_its_line(tmp_path, monkeypatch):
    from checker.yamlfile import YamlFileError

    text = (rules_dir() / "lexicon" / "numbers.yaml").read_text(encoding="utf-8")
    first_key = next(line for line in text.splitlines() if line and not line.startswith(("#", " ")))
    with pytest.raises(YamlFileError, match=r"numbers\.yaml:\d+: key .* appears twice"):
        read_lexicon_written_as(text + "\n" + first_key + "\n", "numbers", tmp_path, monkeypatch)


@pytest.mark.parametrize(("written", "refused"), [
    ("coordination: [and, or, as well as]", r"coordination\.2: .*'as well as' is not one lower-case word"),
    ("coordination: [and, Or]", r"coordination\.1: .*'Or' is not one lower-case word"),
    ("coordination: [and, or]\n  conjunctions: [and]", r"conjunctions: Extra inputs are not permitted"),
])
def test_a_malformed_function_word_list_is_refused_naming_its_place(tmp_path, monkeypatch, written, refused):
    from checker.text.lexicon_schema import LexiconError

    text = (rules_dir() / "lexicon" / "stance.yaml").read_text(encoding="utf-8")
    assert "coordination: [and, or]" in text
    with pytest.raises(LexiconError, match=r"^rules/lexicon/stance\.yaml: function_words\." + refused):
        read_lexicon_written_as(text.replace("coordination: [and, or]", written), "stance", tmp_path, monkeypatch)


def test_a_mid_clause_turn_that_is_not_a_turn_is_refused(tmp_path, monkeypatch):
    from checker.text.lexicon_schema import LexiconError

    text = (rules_dir() / "lexicon" / "stance.yaml").read_text(encoding="utf-8")
    assert "mid_clause_turns: [but]" in text
    with pytest.raises(LexiconError, match=r"mid_clause_turns: yet not among clauses\.turns"):
        read_lexicon_written_as(text.replace("mid_clause_turns: [but]", "mid_clause_turns: [but, yet]"), "stance",
                                tmp_path, monkeypatch)

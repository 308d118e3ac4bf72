"""Recursive discovery never follows a linked folder, so a folder linking to itself is walked
once, and no letter is checked twice."""
from __future__ import annotations

import itertools
import os

import pytest

from checker.discover import letter_paths


@pytest.fixture
def looped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "letters" / "2024").mkdir(parents=True)
    (tmp_path / "letters" / "a.txt").write_text("a")
    (tmp_path / "letters" / "2024" / "b.pdf").write_text("b")
    (tmp_path / "letters" / "notes.md").write_text("c")
    # Two links to the folder itself: followed, they nest without end.
    os.symlink(".", tmp_path / "letters" / "again")
    os.symlink("..", tmp_path / "letters" / "2024" / "up")
    return tmp_path


@pytest.mark.parametrize("argument", ["letters", "letters/**", "letters/**/*", "letters/*", "**/*.*"])
def test_a_folder_linking_to_itself_gives_each_letter_once(looped, argument):
    found = list(itertools.islice(letter_paths([argument]), 100))
    assert sorted(found) == ["letters/2024/b.pdf", "letters/a.txt"]


def test_a_glob_matches_as_glob_does_without_the_links(looped):
    assert list(letter_paths(["letters/**/*.pdf"])) == ["letters/2024/b.pdf"]
    assert list(letter_paths(["letters/*.txt"])) == ["letters/a.txt"]
    assert list(letter_paths([str(looped / "letters" / "*" / "*.pdf")])) == [str(looped / "letters/2024/b.pdf")]
    assert [m.message for m in letter_paths(["letters/*.doc"])] == ["letters/*.doc: no file matches this pattern"]
    assert [m.message for m in letter_paths(["letters/*.md"])] == [
        "letters/*.md: no letter file (.txt or .pdf) matches this pattern"]

"""Where the shipped rule base and lexicons live, and how YAML data is loaded from them.

The rule base sits at the top-level `rules/` of a checkout and is installed as the package
`checker.rules`; both resolve to the same files. YAML is always loaded with the safe loader
so a rule or lexicon file can never construct a Python object.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser (when PyYAML was built with it) reads the rule base several times faster
# than the pure-Python one; the constructor, and so the data, are the same safe ones.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def rules_dir() -> Path:
    spec = importlib.util.find_spec("checker.rules")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def lexicon(name: str) -> Any:
    """A lexicon file from rules/lexicon/, e.g. lexicon("outcomes")."""
    with open(rules_dir() / "lexicon" / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)

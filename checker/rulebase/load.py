"""Reading rule files: the built-in rules (kept in the user's cache between runs), then the
files a user names, which add rules or replace built-in ones by id.

Any problem is a `RuleFileError` whose message is one line naming the file, the line and
the field, so the CLI can print it and exit 2.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker import models
from checker.datafile import read_data_file
from checker.models import Confidence, confidence_at_least
from checker.resources import cached, rules_dir
from checker.rulebase.evaluate import RuleSet
from checker.rulebase.model import FieldProblem, Rule, RuleList
from checker.yamlfile import YamlFileError, child, child_of, read_yaml

RULE_FILE_SUFFIXES = (".yaml", ".yml")
# A finding resting on a limit nobody has checked against the guideline text is opt-in.
DEFAULT_CONFIDENCE: Confidence = "single_source"

# A rule and the file and line it was written at.
Placed = tuple[Rule, Path, int]


class RuleFileError(YamlFileError):
    """A rule file that cannot be used; str() is one line: `file:line: what is wrong`."""


def load_rules(paths: Iterable[str | Path] | None = None, min_confidence: Confidence = DEFAULT_CONFIDENCE) -> RuleSet:
    """The built-in rules, then each user file or directory in `paths` (later ones win by id).

    Rules less sure than `min_confidence` are left out: by default those resting only on
    recollection of the guideline, which have not been checked against its text.
    Raises RuleFileError on the first problem in any file.
    """
    merged = {rule.id: rule for rule in builtin_rules()}
    for path in paths or []:
        for rule, _, _ in _load_source(Path(path)):
            merged[rule.id] = rule
    return RuleSet(rule for rule in merged.values() if confidence_at_least(rule.confidence, min_confidence))


def validate_rules(paths: Iterable[str | Path] | None = None) -> list[str]:
    """Every problem in the built-in rules and in the given rule files or directories."""
    problems: list[str] = []
    for source in [builtin_rules_dir(), *(Path(p) for p in paths or [])]:
        problems.extend(str(error) for error in _read_source(source)[1])
    return problems


def builtin_rules_dir() -> Path:
    return rules_dir() / "mtus"


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, validated once and then kept in the user's cache between runs
    (reading and validating them costs a short run more than checking a letter)."""
    source = builtin_rules_dir()
    rules = cached("builtin-rules", _builtin_rules_key(source),
                   lambda: [rule for rule, _, _ in _load_source(source)])
    return tuple(rules)


def _builtin_rules_key(source: Path) -> list[str | bytes] | None:
    """What the cached built-in rules depend on: the rule files, and the code of the classes
    the cache holds (a checkout can change a model without a new version), or None if unknown."""
    import pydantic

    from checker.rulebase import model

    try:
        parts: list[str | bytes] = [pydantic.VERSION, Path(model.__file__).read_bytes(),
                                    Path(models.__file__).read_bytes()]
        for path in _rule_files(source):
            parts += [path.name, path.read_bytes()]
    except (OSError, TypeError):  # TypeError: a module without a file
        return None
    return parts


def _load_source(source: Path) -> list[Placed]:
    placed, errors = _read_source(source)
    if errors:
        first = errors[0]
        if len(errors) > 1:
            raise RuleFileError(first.path, first.line, f"{first.problem} (and {len(errors) - 1} more problems)")
        raise first
    return placed


def _rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in RULE_FILE_SUFFIXES and p.is_file())


def _read_source(source: Path) -> tuple[list[Placed], list[RuleFileError]]:
    """The rules of one file or directory with the file and line of each, and every problem;
    an id may appear only once in a source."""
    if source.is_dir():
        files = _rule_files(source)
        if not files:
            return [], [RuleFileError(_display(source), None, "no rule files (.yaml or .yml) in this folder")]
    elif source.is_file():
        files = [source]
    elif source.exists():
        return [], [RuleFileError(_display(source), None, "not a regular file or folder: a device, FIFO or socket "
                                                          "is never read")]
    else:
        return [], [RuleFileError(_display(source), None, "no such rule file or directory")]
    placed: list[Placed] = []
    first_at: dict[str, str] = {}
    errors: list[RuleFileError] = []
    for path in files:
        for rule, line in _read_file(path, errors):
            if rule.id in first_at:
                errors.append(RuleFileError(_display(path), line,
                                            f"rule '{rule.id}': id: duplicate id (first at {first_at[rule.id]})"))
                continue
            placed.append((rule, path, line))
            first_at[rule.id] = f"{_display(path)}:{line}"
    return placed, errors


def _read_file(path: Path, errors: list[RuleFileError]) -> list[tuple[Rule, int]]:
    """The valid rules of one file with their lines; problems go to `errors`."""
    shown = _display(path)
    try:
        text = read_data_file(path, "rule file")
    except OSError as exc:
        errors.append(RuleFileError(shown, None, f"cannot read: {exc.strerror or exc}"))
        return []
    try:
        document = read_yaml(text, shown, "a rule file")
    except YamlFileError as exc:
        errors.append(RuleFileError(exc.path, exc.line, exc.problem))
        return []
    data, root = document.data, document.root
    if root is None or data is None:
        errors.append(RuleFileError(shown, 1, "the file holds no rules"))
        return []
    if isinstance(data, dict) and "rules" in data:
        extra = sorted(str(key) for key in data if key not in RuleList.model_fields)
        if extra:
            errors.append(RuleFileError(shown, document.line_of(extra[0]), f"{extra[0]}: unknown top-level key"))
            return []
        if not isinstance(data["rules"], list):
            errors.append(RuleFileError(shown, document.line_of("rules"), "rules: should be a list of rules"))
            return []
        entries = [(entry, child(root, "rules", index)) for index, entry in enumerate(data["rules"])]
    elif isinstance(data, dict):
        entries = [(data, root)]
    else:
        errors.append(RuleFileError(shown, 1, "expected one rule mapping or a 'rules:' list"))
        return []
    found = []
    for entry, node in entries:
        rule = _validate_entry(shown, entry, node, errors)
        if rule is not None:
            found.append((rule, node.start_mark.line + 1 if node is not None else 1))
    return found


def _validate_entry(shown: str, entry: Any, node: Any, errors: list[RuleFileError]) -> Rule | None:
    line = node.start_mark.line + 1 if node is not None else 1
    if not isinstance(entry, dict):
        errors.append(RuleFileError(shown, line, "a rule should be a mapping"))
        return None
    label = f"rule '{entry['id']}'" if isinstance(entry.get("id"), str) else "rule"
    try:
        return Rule.model_validate(entry)
    except ValidationError as exc:
        seen = set()
        for error in exc.errors():
            field_path, error_line = _locate(node, list(error["loc"]), dict(error))
            cause = error.get("ctx", {}).get("error")
            message = cause.problem if isinstance(cause, FieldProblem) else error["msg"]
            if (error_line, field_path) in seen:
                continue  # a union reports once per alternative; the first one says enough
            seen.add((error_line, field_path))
            errors.append(RuleFileError(shown, error_line, f"{label}: {field_path}: {message}"))
        return None


def _locate(node: Any, loc: list[Any], error: dict[str, Any]) -> tuple[str, int]:
    """The dotted field a pydantic error is about and the line of its YAML node."""
    import yaml

    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblem) and cause.field:
        loc = loc + [cause.field]
    walked: list[str] = []
    current = node
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        found = child_of(current, part)
        if found is None:
            # A missing or misplaced key still names the field; a part below a scalar is
            # pydantic's name for a union alternative, not a field.
            if isinstance(current, yaml.MappingNode) and isinstance(part, str):
                walked.append(part)
            break
        walked.append(str(part))
        key_node, current = found
        line = (key_node or current).start_mark.line + 1
    return ".".join(walked) or "(rule)", line


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

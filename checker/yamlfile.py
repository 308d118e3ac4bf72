"""YAML that people write (rules, labels, lexicons), read with every guard in one place.

The loader is the safe one (a file can never build a Python object), a file nested deeper
than any real one is refused before the parser can overflow the stack, a key written twice
in one mapping is an error rather than PyYAML's silent last-one-wins, and every problem is a
`YamlFileError` whose text is one line naming the file and, where known, the line. The node
tree is kept beside the data so a validation error found later can be pinned to its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from checker.resources import safe_loader

# Files here nest a few levels. libyaml composes recursively in C, so a file nested tens of
# thousands deep would crash the process outright (no exception to catch): refuse it first.
MAX_NESTING = 1000


class YamlFileError(ValueError):
    """A YAML file that cannot be used; str() is one line: `file:line: what is wrong`."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = " ".join(problem.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """The data of a YAML text and its node tree (for lines); `root` is None for an empty file."""

    data: Any
    root: Any

    def line_of(self, *parts: Any) -> int:
        """The 1-based line of the node at `parts`, or of its nearest existing parent."""
        return node_line(self.root, list(parts))


def read_yaml(text: str, shown: str, what: str = "this file") -> YamlDocument:
    """Parse YAML text people wrote; YamlFileError (one line, naming `shown`) when it is unusable."""
    import yaml

    if nesting_bound(text) > MAX_NESTING:
        raise YamlFileError(shown, None, f"YAML: nested more than {MAX_NESTING} levels deep")
    try:
        try:
            root = yaml.compose(text, Loader=safe_loader())
            data = yaml.load(text, Loader=safe_loader())
        except yaml.YAMLError:
            # Read again by PyYAML's own parser, whose wording the error messages quote.
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if isinstance(error, yaml.constructor.ConstructorError):
            problem += f" ({what} is plain data: tags that build objects are refused)"
        raise YamlFileError(shown, mark.line + 1 if mark else None, f"YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise YamlFileError(shown, None, f"YAML: {error}") from None
    except ValueError as error:
        # Python refuses to turn an integer of thousands of digits into a number (a guard
        # against quadratic conversion); no value in these files is anywhere near that long.
        raise YamlFileError(shown, _line_of_long_number(text), f"YAML: a value cannot be read ({error})"[:200]) \
            from None
    except RecursionError:
        # PyYAML composes recursively: "[[[[..." thousands deep would otherwise crash the run.
        raise YamlFileError(shown, None, "YAML: nested too deeply") from None
    duplicate = first_duplicate_key(root)
    if duplicate is not None:
        key, line = duplicate
        raise YamlFileError(shown, line, f"key '{key}' appears twice in one mapping")
    return YamlDocument(data, root)


def _line_of_long_number(text: str) -> int | None:
    match = re.search(r"[0-9_]{1000}", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def nesting_bound(text: str) -> int:
    """An upper bound on how deep a YAML text nests: open flow brackets plus the indentation
    (and "- " markers) of the deepest line. Brackets inside strings only raise the bound."""
    flow = deepest = 0
    for line in text.splitlines():
        block = len(line) - len(line.lstrip(" -"))
        flow += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        deepest = max(deepest, block + max(flow, 0) + line.count("[") + line.count("{"))
    return deepest


def first_duplicate_key(root: Any) -> tuple[str, int] | None:
    """The first key written twice in one mapping, with its line.

    The walk keeps its own stack (a file nested thousands deep must not overflow Python's)
    and looks at an aliased node once: nested aliases ("billion laughs") share nodes, and
    walking every path through them would take exponential time.
    """
    import yaml

    visited: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None or id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                    if key_node.value in seen:
                        return key_node.value, key_node.start_mark.line + 1
                    seen.add(key_node.value)
            stack.extend(value_node for _, value_node in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def child_of(node: Any, part: Any) -> tuple[Any, Any] | None:
    """(key node or None, value node) of a mapping key or sequence index, or None."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def child(node: Any, *parts: Any) -> Any:
    """The node at `parts` below `node`, or None."""
    for part in parts:
        found = child_of(node, part)
        if found is None:
            return None
        node = found[1]
    return node


def node_line(node: Any, parts: list[Any]) -> int:
    """The line of the key at `parts` (or of its nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in parts:
        found = child_of(node, part)
        if found is None:
            break
        key_node, node = found
        line = (key_node or node).start_mark.line + 1
    return line

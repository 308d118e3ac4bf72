"""The pipeline of design.md in the imports: each part of `checker` imports only from its own
layer or the layers below it (reading before text, text before segmenting, ... the command
line last), so a stage never reaches back into a later one."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.support.paths import ROOT

CHECKER = ROOT / "checker"

# Lowest first. A name is a module or a subpackage of `checker`; "checker" is the package's
# own __init__ (the library API), which sits on top.
LAYERS = [
    {"models", "resources", "yamlfile", "progress", "atomic", "datafile"},
    {"reading", "serialize"},
    {"text"},
    {"segment", "grammar"},
    {"extract"},
    {"rulebase"},
    {"checks"},
    {"engine"},
    {"output", "stats", "profile", "discover", "baseline", "output_file"},
    {"runner", "workers", "cache", "config"},
    {"cli", "evaluate", "evaluation", "checker"},
]
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "checker"


def imports_of(path: Path) -> set[str]:
    """The parts of `checker` a module imports (at the top, in functions, or for types)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "checker":
            if node.module == "checker":
                # `from checker import models` names a part; `__version__` is the package's constant.
                found |= {alias.name for alias in node.names if alias.name != "__version__"}
            else:
                found.add(part_of(node.module))
        elif isinstance(node, ast.Import):
            found |= {part_of(alias.name) for alias in node.names if alias.name.split(".")[0] == "checker"}
    return found


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(CHECKER.rglob("*.py")):
        relative = path.relative_to(CHECKER.parent).with_suffix("")
        found.append((part_of(".".join(part for part in relative.parts if part != "__init__")), path))
    return found


def test_every_part_of_the_package_has_a_layer():
    assert {part for part, _ in modules()} - set(LAYER_OF) == set()


def test_no_part_imports_from_a_later_layer():
    backwards = [
        f"{path.relative_to(CHECKER.parent)} ({part}) imports {imported}"
        for part, path in modules()
        for imported in sorted(imports_of(path))
        if LAYER_OF.get(imported, -1) > LAYER_OF[part]
    ]
    assert backwards == []


def test_the_check_finds_a_backward_import(tmp_path):
    # The rule can fail: a reading module importing the engine is reported.
    module = tmp_path / "reading.py"
    module.write_text("from checker.engine import check_letter\nimport checker.segment.layout\n", encoding="utf-8")
    assert imports_of(module) == {"engine", "segment"}
    assert all(LAYER_OF[name] > LAYER_OF["reading"] for name in imports_of(module))

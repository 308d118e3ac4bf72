"""Configuration from `[tool.imrcheck]` in pyproject.toml (found upwards) or --config FILE.

Command-line flags override the file; the file overrides the defaults.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from checker.datafile import read_data_file
from checker.reading import InputError

# Setting name (as in the file, dashes or underscores) -> expected type.
SETTINGS: dict[str, type] = {
    "select": list, "ignore": list, "extend-select": list, "fail-on": str, "output-format": str,
    "rules": list, "no-recalled": bool, "baseline": str, "jobs": int, "color": str, "statistics": bool,
    "exit-zero": bool, "max-file-size": int, "max-items": int, "max-pdf-pages": int, "timeout": float,
}


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: str | None, cwd: Path) -> tuple[dict[str, Any], Path | None]:
    """The settings and the file they came from; an explicit file that is absent is an error."""
    path = Path(explicit) if explicit else find_pyproject(cwd)
    if path is None:
        return {}, None
    try:
        data = tomllib.loads(read_data_file(path, "config"))
    except FileNotFoundError:
        raise InputError(f"{path}: config file not found") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read config ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: invalid TOML ({error})") from None
    except RecursionError:
        # tomllib parses nested arrays recursively.
        raise InputError(f"{path}: invalid TOML (nested too deeply)") from None
    section = data.get("tool", {}).get("imrcheck")
    if section is None:
        if explicit and "tool" not in data:
            section = data
        else:
            return {}, None
    settings: dict[str, Any] = {}
    for raw_name, value in section.items():
        name = raw_name.replace("_", "-")
        expected = SETTINGS.get(name)
        if expected is None:
            raise InputError(f"{path}: [tool.imrcheck] unknown setting '{raw_name}'")
        if expected is list and isinstance(value, str):
            value = [value]
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise InputError(f"{path}: [tool.imrcheck] {raw_name} should be a {expected.__name__}")
        settings[name] = value
    base = path.parent
    if "rules" in settings:
        settings["rules"] = [str((base / r).resolve()) for r in settings["rules"]]
    if "baseline" in settings:
        settings["baseline"] = str((base / settings["baseline"]).resolve())
    return settings, path

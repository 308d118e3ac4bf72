"""Configuration from `[tool.imrcheck]` in pyproject.toml (found upwards) or --config FILE.

Command-line flags override the file; the file overrides the defaults.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from checker.datafile import read_data_file
from checker.models import CONFIDENCES, SEVERITIES
from checker.output import FORMATS
from checker.reading import InputError

# Setting name (as in the file, dashes or underscores) -> expected type.
SETTINGS: dict[str, type] = {
    "select": list, "ignore": list, "extend-select": list, "fail-on": str, "output-format": str,
    "rules": list, "min-confidence": str, "baseline": str, "jobs": int, "color": str, "statistics": bool,
    "exit-zero": bool, "max-file-size": int, "max-items": int, "max-pdf-pages": int, "timeout": float,
    "skip-non-letters": bool, "no-cache": bool, "cache-dir": str,
}
COLOR_CHOICES = ("auto", "always", "never")
# The settings whose value is one of a few words, as the command line's choices.
CHOICES: dict[str, tuple[str, ...]] = {
    "fail-on": SEVERITIES, "output-format": FORMATS, "color": COLOR_CHOICES, "min-confidence": CONFIDENCES,
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
    if not isinstance(section, dict):
        raise InputError(f"{path}: [tool.imrcheck] should be a table of settings")
    settings = {raw_name.replace("_", "-"): _checked(path, raw_name, value) for raw_name, value in section.items()}
    base = path.parent
    if "rules" in settings:
        settings["rules"] = [str((base / r).resolve()) for r in settings["rules"]]
    for name in ("baseline", "cache-dir"):
        if name in settings:
            settings[name] = str((base / settings[name]).resolve())
    return settings, path


def _checked(path: Path, raw_name: str, value: Any) -> Any:
    """The value of one setting; InputError naming the file and the key when it is wrong."""
    name = raw_name.replace("_", "-")
    where = f"{path}: [tool.imrcheck] {raw_name}"
    expected = SETTINGS.get(name)
    if expected is None:
        known = ", ".join(sorted(SETTINGS))
        raise InputError(f"{path}: [tool.imrcheck] unknown setting '{raw_name}' (known: {known})")
    if expected is list and isinstance(value, str):
        value = [value]
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected in (int, float) and isinstance(value, bool)):
        raise InputError(f"{where} should be a {expected.__name__}, not {value!r}")
    if isinstance(value, list) and not all(isinstance(entry, str) for entry in value):
        raise InputError(f"{where} should be a list of strings")
    choices = CHOICES.get(name)
    if choices is not None and value not in choices:
        raise InputError(f"{where}: {value!r} is not one of {', '.join(choices)}")
    return value

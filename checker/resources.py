"""Where the shipped rule base and lexicons live, how YAML data is loaded from them, and the
cache that spares a short run re-reading them.

The rule base sits at the top-level `rules/` of a checkout and is installed as the package
`checker.rules`; both resolve to the same files. YAML is always loaded with the safe loader
so a rule or lexicon file can never construct a Python object.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from checker import __version__

T = TypeVar("T")


@functools.cache
def rules_dir() -> Path:
    spec = importlib.util.find_spec("checker.rules")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def safe_loader() -> Any:
    """libyaml's safe loader when PyYAML was built with it, else PyYAML's own.

    libyaml parses several times faster; the constructor, and so the data, are the same safe
    ones. PyYAML is imported here, not with this module: a run whose data all comes from the
    cache never needs it.
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def cache_dir() -> Path | None:
    """The user's own imrcheck cache folder, or None when caching is off or the folder unsafe.

    Cache files are pickles, so they are kept only in a folder of the user's own that no one
    else can write to (never a shared temporary folder). IMRCHECK_NO_CACHE=1 turns caching off.
    """
    if os.environ.get("IMRCHECK_NO_CACHE"):
        return None
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "imrcheck"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
        return None
    return folder


def cached(name: str, key_parts: Iterable[str | bytes] | None, build: Callable[[], T]) -> T:
    """`build()`, kept in the cache folder as `name` and reused while `key_parts` are unchanged.

    The key also holds imrcheck's and Python's versions. `key_parts=None` means the inputs
    could not be known, so nothing is cached. A cache file that cannot be read or written is
    ignored: the cache only ever saves time, it never decides a result.
    """
    folder = cache_dir()
    if folder is None or key_parts is None:
        return build()
    digest = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for part in key_parts:
        data = part.encode() if isinstance(part, str) else part
        # Lengths keep ("ab", "c") and ("a", "bc") apart.
        digest.update(len(data).to_bytes(8, "little") + data)
    key = digest.hexdigest().encode() + b"\n"
    path = folder / f"{name}.pickle"
    try:
        stored = path.read_bytes()
        if stored.startswith(key):
            return pickle.loads(stored[len(key):])
    except Exception:  # noqa: BLE001  (a truncated or outdated file is rebuilt, whatever it raises)
        pass
    value = build()
    # Written aside and renamed, so a concurrent run reads the old file or the new, never half.
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    try:
        temporary.write_bytes(key + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError):
        with contextlib.suppress(OSError):
            temporary.unlink()
    return value

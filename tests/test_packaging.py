"""The wheel ships every package of the source tree (a missing entry breaks `pip install .`)."""

import tomllib

from tests.support.paths import ROOT


def test_every_checker_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "checker").rglob("__init__.py")
    }
    assert on_disk - listed == set()


def test_the_benchmark_corpus_knows_every_layout_the_models_name(monkeypatch):
    # benchmarks/generate.py runs without the package installed, so it spells the names out.
    import importlib.util
    import sys

    from checker.models import Layout

    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate", generate)  # its dataclasses look their module up
    spec.loader.exec_module(generate)
    assert set(generate.LAYOUTS) == {layout.value for layout in Layout if layout is not Layout.UNKNOWN}

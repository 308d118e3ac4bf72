"""The results cache: a second run over unchanged letters against the first, in one run.

    python benchmarks/bench_cache.py                  # 2,000 letters (the target: warm >= 5x faster)
    python benchmarks/bench_cache.py --count 10000    # the figures the README extrapolates from

Three runs of `imrcheck check DIR --output-format json` over the same generated letters, each
in a fresh process with the default workers: without the cache (`--no-cache`), a first run
that fills an empty cache, and a second run that finds every letter in it. It prints their
wall times, the ratio of first to second, the cache's size on disk, a linear extrapolation of
both to a year (150,000 letters) and ten years (1.5 million), and the machine; and checks
that the three outputs are byte-identical (it exits 1 when they are not).
"""
from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (the machine line, the imrcheck command and the corpus)

SCALES = (150_000, 1_500_000)
TARGET_RATIO = 5.0


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float  # user + system seconds of imrcheck and its workers
    output_sha256: str


def timed_run(command: list[str]) -> Timed:
    with tempfile.TemporaryFile() as output:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=output, stderr=subprocess.PIPE, cwd=bench.ROOT, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        output.seek(0)
        digest = hashlib.file_digest(output, "sha256").hexdigest()
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench_cache.py: {' '.join(command)} exited {done.returncode}: {done.stderr[-500:]!r}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timed(wall, cpu, digest)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000, help="letters (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="folder of letters (default benchmarks/out/cache-corpus-COUNT)")
    arguments = parser.parse_args(argv)
    corpus = arguments.corpus or HERE / "out" / f"cache-corpus-{arguments.count}"
    bench.ensure_corpus(corpus, arguments.count, arguments.seed, regenerate=False)
    letters = len(bench.letter_files(corpus))
    facts = bench.machine()
    print(f"machine: {facts['cpu_count']} CPUs (affinity {facts['affinity']}), {facts['platform']}, "
          f"{facts['implementation']} {facts['python']}, load {facts['load_average']}, commit {facts['commit']}, "
          f"{facts['date']}; imrcheck: {facts['imrcheck']} ({facts['bytecode']})")
    cache = Path(tempfile.mkdtemp(prefix="imrcheck-bench-cache-"))
    try:
        check = bench.imrcheck_command() + ["check", str(corpus), "--output-format", "json", "--exit-zero"]
        uncached = timed_run(check + ["--no-cache"])
        first = timed_run(check + ["--cache-dir", str(cache)])
        size = folder_bytes(cache)
        second = timed_run(check + ["--cache-dir", str(cache)])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    ratio = first.wall / second.wall
    print(f"{letters} letters, wall (CPU) seconds: no cache {uncached.wall:.2f} ({uncached.cpu:.2f}); "
          f"first run, filling the cache, {first.wall:.2f} ({first.cpu:.2f}); second run, from the cache, "
          f"{second.wall:.2f} ({second.cpu:.2f}); first/second {ratio:.1f}x wall, "
          f"{first.cpu / second.cpu:.1f}x CPU  [target >= {TARGET_RATIO:g}x]")
    print(f"cache on disk: {size / 1e6:.1f} MB ({size / letters / 1024:.1f} KiB a letter)")
    for scale in SCALES:
        factor = scale / letters
        print(f"{scale:,} letters, extrapolated linearly: first run {first.wall * factor / 60:.1f} min, "
              f"second run {second.wall * factor / 60:.1f} min, cache {size * factor / 1e9:.2f} GB")
    identical = uncached.output_sha256 == first.output_sha256 == second.output_sha256
    print("output: byte-identical without the cache, filling it and from it" if identical
          else "output: DIFFERS between the runs")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())

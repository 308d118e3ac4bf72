"""Benchmarks for imrcheck against design.md's performance targets; one run prints everything.

    python benchmarks/bench.py                       # all four parts
    python benchmarks/bench.py --only latency        # or throughput | cli | memory (comma-separated)
    python benchmarks/bench.py --count 2000 --throughput-count 1000 --json results.json

Parts (targets from design.md):
  throughput  in-process `checker.check_file` over generated letters, one core (>= 1,000 letters/s)
  cli         `imrcheck check DIR -j 1` and `-j 2` over the corpus, wall time, with a linear
              extrapolation to a year of letters (150,000 in < 2 minutes with -j 2)
  latency     `imrcheck check one.txt` start-up included, median of N runs, beside
              `imrcheck --version` and `python -c pass` (< 300 ms and < 10x the floor)
  memory      peak RSS of `imrcheck check DIR -j 1` over 1,000 vs 10,000 letters (flat: within 10%)

The corpus is made by generate.py (seed-sized letters built from examples/) when it is missing
or too small. The CLI is the `imrcheck` console script when it is on PATH, else
`python -m checker.cli` with this interpreter.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
try:
    import checker  # noqa: F401  (the interpreter's own imrcheck, as its users run it)
except ImportError:
    sys.path.insert(0, str(ROOT))  # not installed: this checkout's

import generate  # noqa: E402

PARTS = ("throughput", "cli", "latency", "memory")
YEAR_OF_LETTERS = 150_000


_COMMAND: list[str] = []


def imrcheck_command() -> list[str]:
    """The console script of this interpreter's environment, else one on PATH, else `-m`.

    The script beside sys.executable comes first: a PATH entry may be a version-manager shim
    (pyenv's is a shell script) whose own start-up would be counted as imrcheck's.
    """
    if _COMMAND:
        return list(_COMMAND)
    beside = Path(sys.executable).parent / "imrcheck"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    script = shutil.which("imrcheck")
    if script:
        return [script]
    return [sys.executable, "-m", "checker.cli"]


def machine() -> dict[str, object]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "checker"],
                               capture_output=True, text=True, check=False).stdout.strip()
        commit += "+dirty" if dirty else ""
    except OSError:
        commit = ""
    return {
        "cpu_count": os.cpu_count(), "affinity": affinity, "platform": platform.platform(),
        "python": platform.python_version(), "implementation": platform.python_implementation(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "commit": commit,
        "imrcheck": " ".join(imrcheck_command()),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "bytecode": bytecode_state(),
    }


def bytecode_state() -> str:
    """Whether the imrcheck being measured starts from compiled bytecode, which start-up depends on.

    `pip install .` compiles it; an editable checkout run with PYTHONDONTWRITEBYTECODE set
    compiles every module afresh at every start (run `python -m compileall checker` once).
    Asked of a fresh interpreter outside the checkout, so that it finds the installed package.
    """
    probe = ("import importlib.util, os, sys\n"
             "spec = importlib.util.find_spec('checker.engine')\n"
             "compiled = importlib.util.cache_from_source(spec.origin)\n"
             "fresh = os.path.exists(compiled) and os.path.getmtime(compiled) >= os.path.getmtime(spec.origin)\n"
             "print(('compiled' if fresh else 'not compiled') + ', ' + os.path.dirname(spec.origin))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd="/")
    state = done.stdout.strip() or "unknown"
    if state.startswith("not") and os.environ.get("PYTHONDONTWRITEBYTECODE"):
        state += "; PYTHONDONTWRITEBYTECODE is set"
    return state


def letter_files(folder: Path) -> list[Path]:
    found = []
    for root, folders, files in os.walk(folder):
        folders.sort()
        found.extend(Path(root) / name for name in sorted(files) if name.endswith((".txt", ".pdf")))
    return found


def ensure_corpus(corpus: Path, count: int, seed: int, regenerate: bool) -> None:
    if regenerate or not generate.shard_path(corpus, count - 1).exists():
        if regenerate and corpus.exists():
            shutil.rmtree(corpus)
        print(f"# generating {count} letters (seed {seed}) into {corpus} ...", file=sys.stderr, flush=True)
        generate.generate(count, seed, corpus)


@dataclass(frozen=True)
class Child:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and the workers it waited for
    exit_code: int
    max_rss_kib: int  # peak resident set of the child itself (its largest process)
    stderr_tail: str


def run_child(command: list[str]) -> Child:
    """Run one command with stdout to /dev/null; its own resource usage comes from wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stderr is not None
    error_text = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    tail = " | ".join(error_text.decode("utf-8", "replace").strip().splitlines()[-3:])
    return Child(wall, usage.ru_utime + usage.ru_stime, process.returncode, usage.ru_maxrss, tail)


# ------------------------------------------------------------------------------ parts


def bench_throughput(corpus: Path, count: int) -> dict[str, object]:
    import checker

    paths = letter_files(corpus)[:count + 1]
    if len(paths) < 2:
        raise SystemExit(f"bench.py: no letters under {corpus}")
    start = time.perf_counter()
    checker.check_file(paths[0])  # warm-up: imports, rule base, grammar
    warm_up = time.perf_counter() - start
    paths = paths[1:]
    errors = findings = items = size = 0
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for path in paths:
        try:
            report = checker.check_file(path)
        except checker.InputError:
            errors += 1
            continue
        findings += len(report.findings)
        items += len(report.items)
    wall = time.perf_counter() - wall_start
    cpu = time.process_time() - cpu_start
    size = sum(p.stat().st_size for p in paths)
    result = {"letters": len(paths), "mean_bytes": round(size / len(paths)), "first_letter_s": round(warm_up, 3),
              "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "letters_per_s": round(len(paths) / wall, 1),
              "letters_per_cpu_s": round(len(paths) / cpu, 1),
              "ms_per_letter": round(1000 * wall / len(paths), 3), "items": items, "findings": findings,
              "unreadable": errors}
    result["checker"] = str(Path(checker.__file__).parent)
    print(f"throughput (in-process {result['checker']}: check_file, one core): {result['letters']} letters "
          f"(mean {result['mean_bytes']} B) in {wall:.2f} s wall / {cpu:.2f} s CPU = "
          f"{result['letters_per_s']:.0f} letters/s ({result['ms_per_letter']:.2f} ms/letter; "
          f"{result['letters_per_cpu_s']:.0f} per CPU-second); "
          f"first letter incl. warm-up {warm_up * 1000:.0f} ms; {items} items, {findings} findings  "
          f"[target >= 1000/s]")
    return result


def bench_cli(corpus: Path, jobs_list: list[int]) -> dict[str, object]:
    letters = len(letter_files(corpus))
    results: dict[str, object] = {"letters": letters}
    for jobs in jobs_list:
        # --no-cache: this measures checking; the results cache is bench_cache.py's subject.
        command = imrcheck_command() + ["check", str(corpus), "-j", str(jobs), "--output-format", "json",
                                        "--exit-zero", "--no-cache"]
        child = run_child(command)
        rate = letters / child.wall
        extrapolated = YEAR_OF_LETTERS / rate
        results[f"j{jobs}"] = {"wall_s": round(child.wall, 2), "cpu_s": round(child.cpu, 2),
                               "letters_per_s": round(rate, 1), "letters_per_cpu_s": round(letters / child.cpu, 1),
                               "extrapolated_150k_s": round(extrapolated, 1), "exit_code": child.exit_code,
                               "max_rss_kib": child.max_rss_kib}
        problem = f"; stderr: {child.stderr_tail}" if child.exit_code not in (0, 1) else ""
        print(f"cli -j {jobs}: {letters} letters in {child.wall:.2f} s wall ({child.cpu:.2f} s CPU) = "
              f"{rate:.0f} letters/s; 150,000 letters extrapolated (linear): {extrapolated:.0f} s"
              f"{'  [target < 120 s]' if jobs == 2 else ''}; exit {child.exit_code}{problem}")
    return results


def _median_wall(command: list[str], runs: int) -> tuple[float, list[float]]:
    times = [run_child(command).wall for _ in range(runs)]
    return statistics.median(times), times


def bench_latency(one: Path, runs: int) -> dict[str, object]:
    floor, _ = _median_wall([sys.executable, "-c", "pass"], runs)
    version, _ = _median_wall(imrcheck_command() + ["--version"], runs)
    check, samples = _median_wall(imrcheck_command() + ["check", "--no-cache", str(one)], runs)
    result = {"runs": runs, "one_file": str(one.relative_to(ROOT) if one.is_relative_to(ROOT) else one),
              "one_file_bytes": one.stat().st_size, "python_c_pass_ms": round(floor * 1000, 1),
              "version_ms": round(version * 1000, 1), "check_one_ms": round(check * 1000, 1),
              "check_one_min_ms": round(min(samples) * 1000, 1), "check_one_max_ms": round(max(samples) * 1000, 1),
              "ratio_check_to_floor": round(check / floor, 2), "ratio_version_to_floor": round(version / floor, 2)}
    print(f"latency (median of {runs}): python -c pass {floor * 1000:.0f} ms; imrcheck --version "
          f"{version * 1000:.0f} ms ({version / floor:.1f}x); imrcheck check one.txt ({one.stat().st_size} B) "
          f"{check * 1000:.0f} ms ({check / floor:.1f}x the floor; min {min(samples) * 1000:.0f}, "
          f"max {max(samples) * 1000:.0f})  [target < 300 ms and < 10x]")
    return result


def bench_memory(small: list[Path], large: Path) -> dict[str, object]:
    measured = {}
    for name, folders in (("small", small), ("large", [large])):
        letters = sum(len(letter_files(folder)) for folder in folders)
        command = imrcheck_command() + ["check", *map(str, folders), "-j", "1", "--output-format", "json",
                                        "--exit-zero", "--no-cache"]
        child = run_child(command)
        measured[name] = {"letters": letters, "max_rss_kib": child.max_rss_kib, "wall_s": round(child.wall, 2),
                          "exit_code": child.exit_code}
    ratio = measured["large"]["max_rss_kib"] / measured["small"]["max_rss_kib"]
    result = {**measured, "ratio": round(ratio, 3)}
    print(f"memory (peak RSS, -j 1, json): {measured['small']['letters']} letters "
          f"{measured['small']['max_rss_kib'] / 1024:.1f} MiB; {measured['large']['letters']} letters "
          f"{measured['large']['max_rss_kib'] / 1024:.1f} MiB; ratio {ratio:.3f}  [target <= 1.10]")
    return result


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--corpus", type=Path, default=HERE / "out" / "corpus")
    parser.add_argument("--count", type=int, default=10000, help="letters in the corpus (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regenerate", action="store_true", help="write the corpus anew (examples changed)")
    parser.add_argument("--throughput-count", type=int, default=2000, help="letters checked in-process")
    parser.add_argument("--jobs", default="1,2", help="worker counts for the cli part (default 1,2)")
    parser.add_argument("--latency-runs", type=int, default=15)
    parser.add_argument("--one", type=Path, help="the letter for the latency part (default: the corpus's first)")
    parser.add_argument("--memory-small", type=int, default=1000,
                        help="letters in the small memory run, in whole shards of 1000 (default 1000)")
    parser.add_argument("--imrcheck", metavar="COMMAND", help="how to run imrcheck, e.g. 'python -m checker.cli' "
                        "(default: the console script of this environment, else PATH, else -m)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    arguments = parser.parse_args(argv)
    parts = [p.strip() for p in arguments.only.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")

    if arguments.imrcheck:
        _COMMAND[:] = arguments.imrcheck.split()
    corpus = arguments.corpus.resolve()
    ensure_corpus(corpus, arguments.count, arguments.seed, arguments.regenerate)
    facts = machine()
    print(f"machine: {facts['cpu_count']} CPUs (affinity {facts['affinity']}), {facts['platform']}, "
          f"{facts['implementation']} {facts['python']}, {facts['date']}, commit {facts['commit']}; "
          f"load average {facts['load_average']}; imrcheck = {facts['imrcheck']} (bytecode {facts['bytecode']})")
    results: dict[str, object] = {"machine": facts, "corpus": {"path": str(corpus), "seed": arguments.seed}}
    if "throughput" in parts:
        results["throughput"] = bench_throughput(corpus, arguments.throughput_count)
    if "cli" in parts:
        results["cli"] = bench_cli(corpus, [int(j) for j in arguments.jobs.split(",")])
    if "latency" in parts:
        one = arguments.one or generate.shard_path(corpus, 0)
        results["latency"] = bench_latency(one.resolve(), arguments.latency_runs)
    if "memory" in parts:
        # The small run checks the corpus's first shards (folders of 1,000), named one by one.
        shards = sorted(p for p in corpus.iterdir() if p.is_dir())
        small = shards[:max(1, arguments.memory_small // generate.SHARD_SIZE)]
        results["memory"] = bench_memory(small, corpus)
    if hasattr(os, "getloadavg"):
        results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        print(f"load average after: {results['load_average_after']} (other work on the machine inflates wall times)")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

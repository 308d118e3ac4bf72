"""Throughput of the request grammar on a realistic mix of request headings.

Run: python benchmarks/bench_grammar.py [--rounds N]

Prints, with the machine it ran on:
* start-up: building the grammar and loading the lexicons, paid once per process;
* uncached: a heading read from scratch, as for a heading never seen before;
* cached: `parse_request` on a heading seen before (the common case across a corpus, where
  the same drugs, strengths and frequencies recur), which still returns a fresh copy;
* sentences: `parse_quantities` on rationale sentences, as the engine calls it.
Each figure is the best of several rounds, to keep other load on the machine out of it.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADINGS = [
    "5 chiropractic treatments with physiotherapy",
    "8 physical therapy visits 2 x 4 for the lumbar spine",
    "A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE",
    "NORCO 10/325MG",
    "PHYSICAL THERAPY FOR THE LUMBAR SPINE (THREE TIMES A WEEK FOR TWO MONTHS)",
    "Acupuncture sessions 1x6 for cervical and thoracic",
    "Chiropractic sessions 1x6 for cervical and thoracic",
    "12 chiropractic manipulation treatments for the cervical, lumbar and thoracic spine",
    "Flexeril 7.5 mg #60",
    "Soma 350mg #90",
    "Xanax 0.5mg #30",
    "Lidoderm 5% patch #30",
    "Terocin lotion 120gm",
    "Butrans 10mcg/hr #4",
    "Ultram ER 150mg #30 with 2 refills",
    "Gabapentin 600mg QTY: 90",
    "Prilosec 20mg #60",
    "TENS unit 30 day rental",
    "Lumbar epidural steroid injection at L4-5",
    "MRI of the right knee",
    "Functional restoration program x 10 days / 80 hours",
    "Cognitive behavioral therapy 6 sessions",
    "Aquatic therapy 2x6",
    "Occupational therapy for the right wrist 3x4",
    "Massage therapy x 6",
    "Physical therapy 2 times a week for 3 weeks (6 visits)",
    "Twelve (12) sessions of physical therapy for the cervical spine",
    "Additional physical therapy 2x/week x 4 weeks for the left shoulder",
    "Norco 10/325 #120",
    "EMG/NCV of the bilateral upper extremities",
]

SENTENCES = [
    "MTUS Guidelines support up to 8-10 sessions of physical therapy for most chronic painful "
    "musculoskeletal conditions including the low back.",
    "There has been a prior request for 6 sessions of therapy and there is no subsequent "
    "documentation of denials, completion or benefits from this therapy.",
    "Without additional documentation, the request for an additional 8 sessions appears to "
    "significantly exceed Guideline recommendations without justification.",
    "The utilization review letter dated 11/29/12 noted that 22 chiropractic visits were "
    "authorized between 5/25/12 and 10/2/12.",
    "Therefore, a short course of treatment to reestablish and reeducate the patient on a home "
    "exercise program would be indicated; however, the requested 3 times a week for 8 weeks is "
    "considered excessive.",
]


def best_time_per_call(calls, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for call in calls:
            call()
        best = min(best, (time.perf_counter() - started) / len(calls))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50, help="passes over the mix per round")
    args = parser.parse_args()

    started = time.perf_counter()
    from checker.grammar import parse_quantities, parse_request
    from checker.grammar.request import build_request

    parse_request("Flexeril 7.5 mg #60")
    startup = time.perf_counter() - started

    headings = HEADINGS * args.repeat
    uncached = best_time_per_call([lambda h=h: build_request(h) for h in headings], args.rounds)
    cached = best_time_per_call([lambda h=h: parse_request(h) for h in headings], args.rounds)
    sentences = best_time_per_call(
        [lambda s=s: parse_quantities(s) for s in SENTENCES * args.repeat], args.rounds
    )

    import lark

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"lark {lark.__version__}")
    if hasattr(os, "getloadavg"):
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print(f"start-up (import, grammar, lexicons): {startup * 1e3:.0f} ms")
    print(f"headings, uncached: {1 / uncached:10,.0f} requests/s  {uncached * 1e6:6.1f} us each "
          f"({len(HEADINGS)} distinct headings)")
    print(f"headings, cached:   {1 / cached:10,.0f} requests/s  {cached * 1e6:6.1f} us each")
    print(f"rationale sentences: {1 / sentences:9,.0f} sentences/s {sentences * 1e6:6.1f} us each "
          f"(mean {sum(map(len, SENTENCES)) / len(SENTENCES):.0f} characters)")


if __name__ == "__main__":
    main()

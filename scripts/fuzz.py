"""Run the property-based tests (Hypothesis) for as long as asked: `make fuzz MINUTES=30`.

`make test` gives each property test a small, bounded budget. This runs the same tests
with the "long" profile (tests/conftest.py) round after round, each round with a new seed,
in parallel jobs, until the time is up; then it says how many examples each test passed.
A failure stops every job and prints what Hypothesis printed: the smallest failing input
and the `@reproduce_failure` line. Add that input to the hostile corpus in tests/hostile/.

Only whole rounds are counted: a round cut off by the deadline is stopped and left out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAT_TEST = re.compile(r"^(tests/\S+::\S+):$", re.M)
STAT_PASSING = re.compile(r"(\d+) passing, (\d+) failing")


def parse_statistics(output: str) -> Counter:
    """Passing examples per test, from pytest's --hypothesis-show-statistics output."""
    counts: Counter = Counter()
    names = list(STAT_TEST.finditer(output))
    for index, match in enumerate(names):
        end = names[index + 1].start() if index + 1 < len(names) else len(output)
        for passing in STAT_PASSING.finditer(output, match.end(), end):
            counts[match[1]] += int(passing[1])
    return counts


class Fuzz:
    def __init__(self, deadline: float, paths: list[str]):
        self.deadline, self.paths = deadline, paths
        self.totals: Counter = Counter()
        self.rounds = 0
        self.failure: str | None = None
        self.lock = threading.Lock()

    def job(self, rng: random.Random) -> None:
        while self.failure is None and time.monotonic() < self.deadline:
            seed = rng.randrange(2**32)
            output, code = self.round(seed)
            if code is None:  # cut off by the deadline
                return
            with self.lock:
                if code not in (0, 5):  # 5: nothing collected
                    self.failure = self.failure or f"seed {seed}:\n{output}"
                    return
                self.totals.update(parse_statistics(output))
                self.rounds += 1

    def round(self, seed: int) -> tuple[str, int | None]:
        # -n 0: the jobs here are the parallel runs already; pyproject's `-n auto` would
        # start a pool of workers, each collecting the whole suite, for every round.
        command = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
            "-m", "hypothesis", f"--hypothesis-seed={seed}", "--hypothesis-show-statistics",
            *self.paths,
        ]  # fmt: skip
        env = {**os.environ, "HYPOTHESIS_PROFILE": "long"}
        with subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process:
            try:
                output, _ = process.communicate(timeout=max(1.0, self.deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                return "", None
        return output, process.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--report", type=Path, help="write the counts as JSON here too")
    parser.add_argument("paths", nargs="*", default=["tests"])
    args = parser.parse_args(argv)
    began = time.monotonic()
    fuzz = Fuzz(began + args.minutes * 60, args.paths)
    seeds = random.Random()
    threads = [
        threading.Thread(target=fuzz.job, args=(random.Random(seeds.random()),))
        for _ in range(max(1, args.jobs))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    minutes = (time.monotonic() - began) / 60
    for name, count in sorted(fuzz.totals.items()):
        print(f"{count:>10,}  {name}")
    total = sum(fuzz.totals.values())
    print(
        f"{total:,} examples passed in {fuzz.rounds} whole rounds over {len(fuzz.totals)} "
        f"property tests, {minutes:.1f} minutes, {args.jobs} jobs"
    )
    if args.report:
        report = {"minutes": round(minutes, 1), "rounds": fuzz.rounds, "examples": total}
        report["tests"] = dict(sorted(fuzz.totals.items()))
        report["failure"] = fuzz.failure
        args.report.write_text(json.dumps(report, indent=1), "utf-8")
    if fuzz.failure:
        print("FAILED:", fuzz.failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

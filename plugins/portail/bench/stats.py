"""Benchmark of scripts/sanction_stats.py on a generated corpus of at least 10,000 decisions.

    python scripts/bench_stats.py [--decisions 10000] [--runs 3]

Prints the median wall time of a cold run (empty cache: every file parsed and validated) and
of a warm run (cache filled by an earlier run, the usual case for a journalist's repeated
queries), each as a whole command, interpreter start-up included.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portail.bench.corpus import generate


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-stats-"))
    try:
        content, cache = work / "content", work / "cache"
        # Every article reports one to three decisions, some already reported: about 1.2 new per article.
        generate(content, int(args.decisions / 1.15), sanction_share=1.0)
        command = [
            sys.executable,
            "-m",
            "portail.commands.stats",
            "--content",
            str(content),
            "--cache",
            str(cache),
            "--by",
            "authority",
            "--format",
            "json",
        ]
        cold, warm = [], []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            seconds, output = timed(command)
            cold.append(seconds)
            warm.append(timed(command)[0])
        count = json.loads(output)["overall"]["count"]
        print(f"sanction_stats.py --by authority --format json, {count} décisions distinctes :")
        print(f"  à froid (cache vide) : {statistics.median(cold):.2f} s (médiane de {args.runs})")
        print(f"  à chaud (cache rempli) : {statistics.median(warm):.2f} s (médiane de {args.runs})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

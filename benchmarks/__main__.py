"""Run every benchmark module in this package, each in its own process, and summarise."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import time
from pathlib import Path

import benchmarks

SKIP = {"naive_loop"}  # helpers, not benchmarks


def main() -> int:
    names = [m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name not in SKIP]
    only = sys.argv[1:]
    if only:
        names = [n for n in names if n in only]
    rows = []
    for name in sorted(names):
        print(f"\n=== benchmarks.{name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call(
            [sys.executable, "-m", f"benchmarks.{name}"], cwd=Path(benchmarks.__file__).parent.parent
        )
        rows.append((name, code, time.perf_counter() - start))
    print("\n| benchmark | exit | seconds |\n|---|---|---|")
    for name, code, seconds in rows:
        print(f"| {name} | {code} | {seconds:.1f} |")
    return max((code for _, code, _ in rows), default=0)


if __name__ == "__main__":
    sys.exit(main())

"""Synthetic-sample generation speed: events/s of `corpus.synth.generate` and of writing with uproot.

    python -m benchmarks.synth [--events 1000000] [--schema atlas-2025e]

Prints a short table and writes out/bench/synth.json. Target (issue 2): 1M events well under a minute.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synth", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--schema", default="atlas-2025e", choices=["atlas-2025e", "atlas-2020"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="out/bench/synth.json")
    args = parser.parse_args(argv)

    from corpus import synth

    start = time.perf_counter()
    events = synth.generate(args.schema, args.events, args.seed)
    generate_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.root"
        start = time.perf_counter()
        synth.write(path, args.schema, events, args.seed)
        write_s = time.perf_counter() - start
        size = path.stat().st_size
    rows = [("generate", generate_s), ("write (uproot)", write_s), ("total", generate_s + write_s)]
    print(f"synthetic {args.schema}: {args.events:,} events, file {size / 1e6:.1f} MB")
    print(f"{'stage':16s} {'seconds':>8s} {'events/s':>12s}")
    for stage, seconds in rows:
        print(f"{stage:16s} {seconds:8.2f} {args.events / seconds if seconds else float('inf'):12,.0f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "events": args.events,
                "schema": args.schema,
                "generate_s": generate_s,
                "write_s": write_s,
                "file_mb": size / 1e6,
                "under_a_minute": generate_s + write_s < 60,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

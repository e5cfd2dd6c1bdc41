"""Sandbox performance: cold kernel start, warm overhead of a trivial cell, and the cost of the
sandbox against the same kernel unsandboxed (as ratios measured in this run).

Targets (reported, not asserted): warm overhead < 50 ms, cold start < 2 s on 2 cores.
Run: python -m benchmarks.sandbox [--repeats N] [--cells N]; writes out/bench/sandbox.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WARM_TARGET_S = 0.050
COLD_TARGET_S = 2.0


def _cold_start(sandboxed: bool, repeats: int, root: Path) -> list[float]:
    from assistant.sandbox import KernelExecutor

    times = []
    for n in range(repeats):
        started = time.perf_counter()
        executor = KernelExecutor(sandboxed=sandboxed, work_dir=root / f"cold-{sandboxed}-{n}")
        times.append(time.perf_counter() - started)
        executor.close()
    return times


def _warm_cells(executor: Any, cells: int, code: str = "pass") -> list[float]:
    executor.run(code, timeout=30)  # first cell after start is not "warm"
    times = []
    for _ in range(cells):
        result = executor.run(code, timeout=30)
        if result.status != "ok":
            raise RuntimeError(f"benchmark cell failed: {result.summary()}")
        times.append(result.duration_s)
    return times


def _session_from_pool(root: Path) -> tuple[float, float]:
    """(time to get a session from a warm spare, its first analysis-imports cell)."""
    from assistant.sandbox import SessionPool

    with SessionPool(spare=1, root=root / "pool") as pool:
        pool.wait_for_spares(120)
        started = time.perf_counter()
        executor = pool.get("bench")
        got = time.perf_counter() - started
        first = executor.run(
            "import numpy, awkward, uproot, vector, matplotlib.pyplot", timeout=120
        ).duration_s
    return got, first


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sandbox", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="cold starts per backend (default 3)")
    parser.add_argument("--cells", type=int, default=50, help="warm trivial cells per backend (default 50)")
    parser.add_argument("--out", default="out/bench/sandbox.json")
    args = parser.parse_args(argv)

    from assistant.sandbox import InProcessExecutor, KernelExecutor, sandbox_available

    if not sandbox_available():
        print("bubblewrap is not installed: sandbox benchmark skipped (apt-get install -y bubblewrap)")
        return 1
    report: dict[str, Any] = {"cpus": os.cpu_count(), "repeats": args.repeats, "cells": args.cells}
    with tempfile.TemporaryDirectory(prefix="hep-repro-bench-") as tmp:
        root = Path(tmp)
        cold_sandbox = _cold_start(True, args.repeats, root)
        cold_host = _cold_start(False, args.repeats, root)
        with KernelExecutor(sandboxed=True, work_dir=root / "warm-sandbox") as executor:
            warm_sandbox = _warm_cells(executor, args.cells)
        with KernelExecutor(sandboxed=False, work_dir=root / "warm-host") as executor:
            warm_host = _warm_cells(executor, args.cells)
        warm_inprocess = _warm_cells(InProcessExecutor(), args.cells)
        pool_get, pool_first_cell = _session_from_pool(root)

    rows = [
        ("cold start, sandboxed kernel", _median_ms(cold_sandbox), COLD_TARGET_S * 1000),
        ("cold start, unsandboxed kernel", _median_ms(cold_host), None),
        ("warm trivial cell, sandboxed", _median_ms(warm_sandbox), WARM_TARGET_S * 1000),
        ("warm trivial cell, unsandboxed", _median_ms(warm_host), None),
        ("warm trivial cell, in-process", _median_ms(warm_inprocess), None),
        ("session from a pre-started spare", round(pool_get * 1000, 2), None),
        ("first analysis-imports cell in that session", round(pool_first_cell * 1000, 2), None),
    ]
    report["rows"] = [
        {"measure": name, "median_ms": value, "target_ms": target} for name, value, target in rows
    ]
    report["ratios"] = {
        "cold_sandboxed_over_unsandboxed": round(
            statistics.median(cold_sandbox) / statistics.median(cold_host), 3
        ),
        "warm_sandboxed_over_unsandboxed": round(
            statistics.median(warm_sandbox) / statistics.median(warm_host), 3
        ),
        "cold_over_target": round(statistics.median(cold_sandbox) / COLD_TARGET_S, 3),
        "warm_over_target": round(statistics.median(warm_sandbox) / WARM_TARGET_S, 3),
    }
    print(f"{'measure':<46} {'median ms':>10} {'target ms':>10}")
    for name, value, target in rows:
        print(f"{name:<46} {value:>10.1f} {'' if target is None else f'{target:.0f}':>10}")
    for name, ratio in report["ratios"].items():
        print(f"{name:<46} {ratio:>10.3f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

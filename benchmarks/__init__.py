"""Benchmarks: `python -m benchmarks` runs them all; `python -m benchmarks.<name>` runs one.

Each module exposes `main(argv=None) -> int`, prints a short table and writes
`out/bench/<name>.json`. Speed targets are ratios measured within one run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "out" / "bench"


def write_report(name: str, report: dict[str, Any]) -> Path:
    """Save one benchmark's numbers as JSON under out/bench/."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    return path

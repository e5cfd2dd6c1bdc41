"""`hep-repro compare RESULT.json --baseline BASELINE.json` and `hep-repro baseline --data FILE...`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


class CompareCommandError(ValueError):
    """Bad arguments to compare/baseline; the message says what to pass."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "compare",
        help="compare an analysis result with the baseline, event by event",
        description="Exit code 0 when identical, 1 when the results differ, 2 on bad input.",
    )
    p.add_argument("result", help="result JSON (from `hep-repro run`)")
    p.add_argument("--baseline", required=True, help="baseline result JSON (from `hep-repro baseline`)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--max-events", type=int, default=50, help="events listed per side")
    p.set_defaults(func=compare_command)

    p = subparsers.add_parser("baseline", help="run the hand-written H->ZZ*->4l baseline")
    p.add_argument("--data", nargs="+", required=True, help="ROOT files or sample names (one schema)")
    p.add_argument("--schema", default="auto", help="atlas-2025e | atlas-2020 | auto")
    p.add_argument("-o", "--output", default="baseline.json", help="where to write the result JSON")
    p.set_defaults(func=baseline_command)


def _load(path: str) -> object:
    from assistant.result import AnalysisResult

    file = Path(path)
    if not file.is_file():
        raise CompareCommandError(
            f"{path}: no such file; produce it with `hep-repro run` or `hep-repro baseline`"
        )
    try:
        return AnalysisResult.load(file)
    except (ValueError, TypeError) as err:
        raise CompareCommandError(f"{path} is not a hep-repro result JSON: {str(err)[:300]}") from err


def compare_command(args: argparse.Namespace) -> int:
    from assistant.compare import compare

    result, baseline = _load(args.result), _load(args.baseline)
    comparison = compare(result, baseline, max_listed=args.max_events)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(comparison.to_json(), indent=1))
    else:
        print(comparison.render())
    return 0 if comparison.identical else 1


def baseline_command(args: argparse.Namespace) -> int:
    from assistant.baseline import run_baseline
    from assistant.result import events_path_for
    from corpus import opendata

    files = [opendata.resolve(name) for name in args.data]
    result = run_baseline(files, schema=args.schema, events_path=events_path_for(args.output))
    result.save(args.output)
    last = result.cutflow[-1]
    print(
        f"baseline: {result.events_processed} events, {last.events} selected ({last.weighted:.4g} weighted) -> {args.output}"
    )
    for row in result.cutflow:
        print(f"  {row.step:28s} {row.events:9d} {row.weighted:12.4g}")
    return 0

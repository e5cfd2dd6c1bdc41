"""`hep-repro compile` and `hep-repro run`: from a selection to analysis code and a result."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.compile import STEP_SIZE


class AnalysisCommandError(ValueError):
    """Bad arguments to compile/run; the message says what to pass."""


def register(subparsers: argparse._SubParsersAction) -> None:
    compile_parser = subparsers.add_parser(
        "compile", help="compile a selection into standalone analysis code"
    )
    compile_parser.add_argument("selection", help="selection JSON file")
    compile_parser.add_argument(
        "--schema",
        default="auto",
        help="atlas-2025e | atlas-2020 | cms-tutorial | a schema .json file | auto (needs --data)",
    )
    compile_parser.add_argument("--data", help="a ROOT file to detect the schema from (with --schema auto)")
    compile_parser.add_argument("-o", "--output", default="analysis.py", help="where to write the analysis")
    compile_parser.add_argument("--notebook", help="also write the analysis as a Jupyter notebook")
    compile_parser.set_defaults(func=compile_command)

    run_parser = subparsers.add_parser("run", help="run a selection or compiled analysis over ROOT files")
    run_parser.add_argument("analysis", help="selection .json or compiled analysis .py")
    run_parser.add_argument("--data", nargs="+", required=True, help="ROOT files")
    run_parser.add_argument(
        "--schema",
        default="auto",
        help="schema for a selection: a known name or a schema .json file (default: detect from the first file)",
    )
    run_parser.add_argument("--sandbox", action="store_true", help="run in the bubblewrap-sandboxed kernel")
    run_parser.add_argument(
        "--scheduler", default="local", help="local | dask (a local Dask cluster) | tcp://host:port"
    )
    run_parser.add_argument(
        "--step-size", default=STEP_SIZE, help=f"chunk size (entries or e.g. '{STEP_SIZE}')"
    )
    run_parser.add_argument(
        "--workers",
        type=int,
        help="processes sharing the chunks (default: one per core on more than two cores)",
    )
    run_parser.add_argument("--no-detail", action="store_true", help="skip one-cut and N-1 counts (faster)")
    run_parser.add_argument("-o", "--output", default="result.json", help="where to write the result JSON")
    run_parser.add_argument("--plots", help="folder for PNG plots of m4l, m12, m34")
    run_parser.set_defaults(func=run_command)


def compile_command(args: argparse.Namespace) -> int:
    from assistant.compile import compile_selection
    from assistant.notebook import write_notebook
    from assistant.runner import compile_for_files
    from assistant.selection import Selection
    from corpus.schema import load

    selection = Selection.from_json(Path(args.selection).read_text())
    if args.data:  # what a run over that file compiles: its schema, its branches, its units checked
        compiled = compile_for_files(selection, [args.data], args.schema)
    elif args.schema == "auto":
        raise AnalysisCommandError(
            "--schema auto needs --data FILE to detect the schema from; or pass --schema NAME|FILE.json"
        )
    else:
        compiled = compile_selection(selection, load(args.schema))
    compiled.write(args.output)
    print(f"wrote {args.output}: {len(compiled.steps) - 1} steps for {compiled.schema}")
    for na in compiled.not_applicable:
        print(f"  not applied: {na.cut}: {na.reason}")
    for note in compiled.notes:
        print(f"  note: {note}")
    if args.notebook:
        write_notebook(compiled, selection, args.notebook)
        print(f"wrote {args.notebook}")
    return 0


def _step_size(text: str) -> str | int:
    return int(text) if text.isdigit() else text


def run_command(args: argparse.Namespace) -> int:
    from assistant.result import events_path_for
    from assistant.runner import run_analysis, save_plots

    executor = None
    if args.sandbox:
        from assistant.sandbox import get_executor

        executor = get_executor("sandbox")
    result = run_analysis(
        Path(args.analysis),
        args.data,
        schema=args.schema,
        executor=executor,
        scheduler=None if args.scheduler == "local" else args.scheduler,
        step_size=_step_size(args.step_size),
        detail=not args.no_detail,
        events_path=events_path_for(args.output),
        workers=args.workers,
    )
    if args.plots:
        save_plots(result, args.plots)
    result.save(args.output)
    width = max(len(row.step) for row in result.cutflow)
    for row in result.cutflow:
        print(f"{row.step:<{width}}  {row.events:>9}  {row.weighted:>12.4g}")
    for na in result.not_applicable:
        print(f"not applied: {na.cut}: {na.reason}")
    print(f"selected {result.n_selected} events -> {args.output} (events: {events_path_for(args.output)})")
    return 0

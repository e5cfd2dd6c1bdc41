"""`hep-repro exec FILE.py`: run a Python file in the sandboxed Jupyter kernel (or, with
--unsandboxed, in a kernel on the host) and print what it produced."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


class ExecFileError(ValueError):
    """The file given to `hep-repro exec` cannot be read."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "exec",
        help="run a Python file in the sandboxed kernel",
        description=(
            "Run FILE.py in a Jupyter kernel inside bubblewrap (no network, read-only system, rlimits). "
            "Data files given with --data are readable at /data/<name> and listed in DATA_FILES; "
            "code returns JSON with set_result(obj). Exit status 0 when the code ran without error."
        ),
    )
    parser.add_argument("file", metavar="FILE.py", help="Python source to run ('-' reads standard input)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, metavar="S", help="wall-clock limit in seconds (default 60)"
    )
    parser.add_argument("--json", action="store_true", help="print the whole result as one JSON object")
    parser.add_argument(
        "--data",
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="data files made readable to the code at /data/<name> (repeatable; put it after FILE.py)",
    )
    parser.add_argument("--save-images", metavar="DIR", help="write captured figures as PNG files into DIR")
    parser.add_argument(
        "--unsandboxed",
        action="store_true",
        help="run WITHOUT isolation on the host (trusted code only, e.g. when bubblewrap is missing)",
    )
    parser.set_defaults(func=run_exec)


def run_exec(args: argparse.Namespace) -> int:
    from assistant.sandbox import get_executor

    if args.file == "-":
        code = sys.stdin.read()
    else:
        path = Path(args.file)
        if not path.is_file():
            raise ExecFileError(f"{path} is not a file; give the path of a Python source file")
        try:
            code = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ExecFileError(f"cannot read {path} as UTF-8 text: {err}") from err
    if args.timeout <= 0:
        raise ExecFileError(f"--timeout must be positive, got {args.timeout}")
    with get_executor("unsandboxed" if args.unsandboxed else "sandbox") as executor:
        result = executor.run(code, files=args.data, timeout=args.timeout)
    saved: list[str] = []
    if args.save_images:
        folder = Path(args.save_images)
        folder.mkdir(parents=True, exist_ok=True)
        for number, image in enumerate(result.images, 1):
            target = folder / f"figure-{number}.png"
            target.write_bytes(image)
            saved.append(str(target))
    if args.json:
        data = result.to_dict()
        data["saved_images"] = saved
        print(json.dumps(data, indent=2))
    else:
        if not result.sandboxed:
            print("warning: ran UNSANDBOXED on the host", file=sys.stderr)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.result is not None:
            print(f"result: {json.dumps(result.result)}")
        if result.error:
            print(result.error.render(), file=sys.stderr)
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        if result.images and not saved:
            print(
                f"{len(result.images)} figure(s) captured (use --save-images DIR or --json)", file=sys.stderr
            )
        for saved_path in saved:
            print(f"figure saved: {saved_path}", file=sys.stderr)
        print(f"[{result.summary()}, {result.duration_s:.2f} s]", file=sys.stderr)
    return 0 if result.ok else 1

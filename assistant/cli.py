"""`hep-repro` command line: a thin dispatcher over one module per command group.

Each module in the package `assistant.commands` exposes `register(subparsers)`, adding its sub-commands with
`set_defaults(func=handler)`; a handler takes the parsed namespace and returns an exit code.
Heavy libraries are imported inside handlers so that `hep-repro --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from assistant import __version__


def command_modules() -> list[str]:
    import assistant.commands as package

    return sorted(f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hep-repro",
        description="Reproduce the event selection of a published HEP analysis: extract it with evidence, "
        "compile it, run it on Open Data and compare it event by event with a baseline.",
    )
    parser.add_argument("--version", action="version", version=f"hep-repro {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # typed errors carry their own advice
        if _is_user_error(err):
            print(f"error: {err}", file=sys.stderr)
            return 2
        raise


def _is_user_error(err: Exception) -> bool:
    """Errors of ours (any class named *Error defined in this project) are shown as messages."""
    module = type(err).__module__.split(".")[0]
    return module in ("assistant", "corpus", "index", "ui")


if __name__ == "__main__":
    sys.exit(main())

"""`hep-repro` command line: a thin dispatcher over one module per command group.

Each module in COMMAND_MODULES exposes `register(subparsers)`, adding its sub-commands with
`set_defaults(func=handler)`; a handler takes the parsed namespace and returns an exit code.
Heavy libraries are imported inside handlers so that `hep-repro --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from assistant import __version__

COMMAND_MODULES = (
    "assistant.commands.data",
    "assistant.commands.corpus",
    "assistant.commands.extract",
    "assistant.commands.analysis",
    "assistant.commands.sandbox",
    "assistant.commands.chat",
    "assistant.commands.ui",
)


class UserError(Exception):
    """An error the user can fix; printed without a traceback, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hep-repro", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"hep-repro {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue  # command group not built yet
            raise
        module.register(subparsers)
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
    except Exception as err:  # typed errors carry their own advice
        if _is_user_error(err):
            print(f"error: {err}", file=sys.stderr)
            return 2
        raise


def _is_user_error(err: Exception) -> bool:
    """Errors of ours (any class named *Error defined in this project) are shown as messages."""
    module = type(err).__module__.split(".")[0]
    return isinstance(err, UserError) or module in ("assistant", "corpus", "index", "ui")


if __name__ == "__main__":
    sys.exit(main())

"""`hep-repro ui`: the Gradio chat in a browser."""

from __future__ import annotations

import argparse
import time
from typing import Any


def register(subparsers: Any) -> None:
    ui = subparsers.add_parser("ui", help="start the Gradio chat (http://127.0.0.1:7860)")
    ui.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback only)")
    ui.add_argument("--port", type=int, default=7860)
    ui.add_argument("--llm", default="embedded", help="embedded (default), none, or an OpenAI-compatible URL")
    ui.add_argument("--model", default=None)
    ui.add_argument("--data", nargs="+", default=None, help="default data files for new sessions")
    ui.add_argument("--store", default=None, help="sessions database")
    ui.add_argument("--index", default=None, help="index folder")
    ui.set_defaults(func=ui_command)


def ui_command(args: argparse.Namespace) -> int:
    from ui.app import launch

    app, ctx = launch(
        host=args.host, port=args.port, llm=args.llm, model=args.model, data=args.data,
        store_path=args.store, index_dir=args.index, prevent_thread_lock=True,
    )  # fmt: skip
    print(f"hep-repro UI on {app.local_url} (LLM: {ctx.backend}); Ctrl-C stops it")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        app.close()
        ctx.close()
    return 0

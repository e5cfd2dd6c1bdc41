"""`hep-repro chat`, `hep-repro sessions`, `hep-repro export`: the agent in a terminal.

    hep-repro chat [--llm embedded|none|URL] [--model NAME] [--session ID]
                   [--index DIR | --index-url URL] [--paper PDF] [--data FILE...]

Interactive on a terminal; when standard input is not a terminal it reads one message per line
and ends at /quit or end of input, so conversations can be scripted:

    printf '/extract\n/run\n/compare\n' | hep-repro chat --llm none --paper p.pdf --data d.root
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any, TextIO


class ChatError(RuntimeError):
    """The chat could not start; the message says what to change."""


# The 135M embedded model answers faster and picks better from a short tool list.
EMBEDDED_TOOLS = [
    "search_corpus",
    "show_selection",
    "explain_cut",
    "update_cut",
    "run",
    "compare_with_baseline",
]


def register(subparsers: Any) -> None:
    chat = subparsers.add_parser("chat", help="talk to the assistant (tools, slash commands, saved sessions)")
    chat.add_argument(
        "--llm",
        default="embedded",
        help="embedded (default), none, or the URL of an OpenAI-compatible server",
    )
    chat.add_argument("--model", default=None, help="model name on the server (default: the first it lists)")
    chat.add_argument("--session", default=None, help="resume this session id (see `hep-repro sessions`)")
    where = chat.add_mutually_exclusive_group()
    where.add_argument("--index", default=None, help="index folder (default: the user index when it exists)")
    where.add_argument("--index-url", default=None, help="URL of a Qdrant server holding the index")
    chat.add_argument(
        "--paper", default=None, help="PDF of the paper to work on (indexed and used by /extract)"
    )
    chat.add_argument("--data", nargs="+", default=None, help="data files for /run and /compare")
    chat.add_argument(
        "--schema",
        default=None,
        help="the session's data schema: a built-in name, a schema .json file or auto (as /schema)",
    )
    chat.add_argument(
        "--store", default=None, help="sessions database (default: $HEP_REPRO_HOME/sessions.sqlite)"
    )
    chat.add_argument("--max-steps", type=int, default=8, help="tool steps per answer")
    chat.add_argument(
        "--tools",
        default=None,
        help="comma-separated tools offered to the model (default: all; with the embedded model a compact set)",
    )
    chat.set_defaults(func=chat_command)

    sessions = subparsers.add_parser("sessions", help="list saved chat sessions")
    sessions.add_argument("--store", default=None)
    sessions.set_defaults(func=sessions_command)

    export = subparsers.add_parser("export", help="write a reproducible bundle of a session")
    export.add_argument("session", help="session id")
    export.add_argument("-o", "--out", required=True, help="output folder")
    export.add_argument("--store", default=None)
    export.set_defaults(func=export_command)


def _open_index(args: argparse.Namespace) -> Any:
    """The index named on the command line, the user's default one, or None."""
    try:
        from index import Index  # type: ignore[attr-defined]
    except ImportError:
        if args.index or args.index_url or args.paper:
            print(
                "warning: the index package is not available; answers will have no evidence", file=sys.stderr
            )
        return None
    if args.index_url:
        return Index.open(url=args.index_url)
    if args.index:
        return Index.open(Path(args.index))
    from assistant import config

    if args.paper or config.default_index_dir().exists():
        return Index.open(config.default_index_dir())
    return None


def chat_command(args: argparse.Namespace) -> int:
    from assistant.agent import Agent
    from assistant.llm import open_chat_model
    from assistant.store import Store

    if args.schema:  # refused before anything starts or a session is created
        _check_schema(args.schema)
    store = Store(args.store)
    if args.session and not store.has_session(args.session):
        store.session(args.session)  # raises SessionNotFoundError listing the known sessions
    index = _open_index(args)
    if args.paper:
        paper = Path(args.paper)
        if not paper.is_file():
            raise ChatError(f"paper {args.paper!r} not found")
        if index is not None:
            index.ingest([paper], kind="paper")
    interactive = sys.stdin.isatty()
    if args.llm != "none" and interactive:
        print(f"starting the language model ({args.llm}) …", file=sys.stderr)
    llm = open_chat_model(args.llm, args.model)
    try:
        tools = [t.strip() for t in args.tools.split(",") if t.strip()] if args.tools else None
        if tools is None and args.llm == "embedded":
            tools = EMBEDDED_TOOLS
        try:
            agent = Agent(store, index=index, llm=llm, max_steps=args.max_steps, tools=tools)
        except ValueError as err:
            raise ChatError(str(err)) from err
        if args.session:
            session_id = args.session
            changes: dict[str, Any] = {}
            if args.paper:
                changes["paper"] = str(Path(args.paper).resolve())
            if args.data:
                changes["data_files"] = [str(d) for d in args.data]
            if changes:
                store.update_state(session_id, **changes)
        else:
            title = Path(args.paper).stem if args.paper else ""
            session_id = agent.new_session(
                title, paper=str(Path(args.paper).resolve()) if args.paper else None, data=args.data
            )
        if args.schema:
            _set_schema(agent, session_id, args.schema)
        return converse(agent, session_id, sys.stdin, sys.stdout, interactive=interactive)
    finally:
        if llm is not None:
            llm.close()
        store.close()


def _check_schema(ref: str) -> None:
    """`--schema` refused as `/schema` refuses it (ChatError with the typed message)."""
    from assistant.agent import schemas
    from assistant.agent.tools import ToolError

    if ref != schemas.AUTO:
        try:
            schemas.load_ref(ref)
        except ToolError as err:
            raise ChatError(err.render()) from err


def _set_schema(agent: Any, session_id: str, ref: str) -> None:
    """`--schema`: the same validated path as `/schema NAME|FILE.json|auto` (ChatError when refused)."""
    from assistant.agent import schemas
    from assistant.agent.tools import Session, ToolError

    session = Session(agent.store, session_id)
    try:
        if ref == schemas.AUTO:
            schemas.clear(session)
        else:
            _, notes = schemas.set_schema(session, ref)
            for note in notes:
                print(note, file=sys.stderr)
    except ToolError as err:
        raise ChatError(err.render()) from err


def converse(agent: Any, session_id: str, stdin: TextIO, stdout: TextIO, *, interactive: bool) -> int:
    """Read messages (a prompt per line on a terminal; plain lines otherwise) until /quit or EOF."""
    model = agent.llm.name if agent.llm is not None else "none (slash commands and evidence-only answers)"
    history = agent.history(session_id)
    if interactive:
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401 - line editing and history for input()
        print(f"hep-repro chat — session {session_id}; model: {model}. /help lists commands.", file=stdout)
        if history:
            print(f"(resumed: {len(history)} earlier messages)", file=stdout)
    else:
        print(f"# session {session_id}", file=stdout)
    while True:
        if interactive:
            try:
                line = input("you> ")
            except EOFError:
                print(file=stdout)
                break
        else:
            raw = stdin.readline()
            if not raw:
                break
            line = raw.rstrip("\n")
        if not line.strip():
            continue
        if not interactive:
            print(f"you> {line}", file=stdout)
        reply = None
        for item in agent.respond_stream(session_id, line):
            if hasattr(item, "kind"):
                if interactive and item.kind in ("tool_call", "tool_error", "run", "selection", "error"):
                    print(f"  · {item.kind}: {item.text.splitlines()[0] if item.text else ''}", file=stdout)
            else:
                reply = item
        assert reply is not None
        print(f"assistant> {reply.text}", file=stdout)
        if reply.citations and not line.startswith("/"):  # commands show their ids inline
            for ev in reply.citations:
                print(f"  [{ev.id}] {ev.title or ev.document}, p. {ev.page}", file=stdout)
        stdout.flush()
        if reply.quit:
            break
    return 0


def sessions_command(args: argparse.Namespace) -> int:
    import time

    from assistant.store import Store

    with Store(args.store) as store:
        sessions = store.sessions()
        if not sessions:
            print("no sessions yet: start one with `hep-repro chat`")
        for info in sessions:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.updated_at))
            version = f"selection v{info.selection_version}" if info.selection_version else "no selection"
            print(f"{info.id}  {when}  {info.messages:>4} messages  {version}  {info.title}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from assistant.store import Store

    with Store(args.store) as store:
        out = store.export(args.session, Path(args.out))
    print(f"wrote {out} (check with: cd {out} && sha256sum -c SHA256SUMS)")
    return 0

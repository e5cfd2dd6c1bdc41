"""Slash commands: exact control of the session, with or without a language model.

They call the same tool functions as the model (`/set` and `update_cut` share one validated
path). Grammar of `/set`:

    /set CUT-ID OP VALUE              /set electron.et > 7
    /set CUT-ID between LOW HIGH      /set z1.mass between 50 106
    /set CUT-ID is LABEL...           /set electron.id is loose
    /set CUT-ID TARGET depends VARIABLE X:Y X:Y ...
                                      /set z2.mass low depends m4l 140:12 190:50
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.agent import prompts, tools
from assistant.agent.tools import Event, Session, ToolError, ToolOutput
from assistant.selection import diff

if TYPE_CHECKING:
    from assistant.agent.core import Agent, Reply


class CommandError(ToolError):
    """A slash command was malformed; the message shows the right form."""


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CommandError(f"{what} must be a number, got {text!r}") from None


def parse_set(words: list[str]) -> dict[str, Any]:
    """`/set` words (after the command) -> update_cut arguments."""
    if len(words) < 2:
        raise CommandError("usage: /set CUT-ID OP VALUE  (e.g. /set z1.mass between 50 106); see /help")
    cut_id, rest = words[0], words[1:]
    if len(rest) >= 3 and rest[1] == "depends" and rest[0] in ("low", "high", "value"):
        target, variable, knot_words = rest[0], rest[2], rest[3:]
        if len(knot_words) < 2:
            raise CommandError("a dependence needs at least two knots X:Y, e.g. 140:12 190:50")
        knots = []
        for word in knot_words:
            if ":" not in word:
                raise CommandError(f"knot {word!r} must look like X:Y, e.g. 140:12")
            x, y = word.split(":", 1)
            knots.append([_number(x, "knot x"), _number(y, "knot threshold")])
        return {
            "cut_id": cut_id,
            "action": "set",
            "depends_on": {"variable": variable, "applies_to": target, "knots": knots},
        }
    if rest[0] == "remove":
        return {"cut_id": cut_id, "action": "remove"}
    op, values = rest[0], rest[1:]
    if op in ("between", "outside"):
        if len(values) != 2:
            raise CommandError(f"usage: /set {cut_id} {op} LOW HIGH")
        return {
            "cut_id": cut_id,
            "action": "set",
            "op": op,
            "low": _number(values[0], "low"),
            "high": _number(values[1], "high"),
        }
    if op in ("is", "any"):
        if not values:
            raise CommandError(f"usage: /set {cut_id} {op} LABEL...  (e.g. loose)")
        return {"cut_id": cut_id, "action": "set", "op": op, "labels": values}
    if op in (">", ">=", "<", "<=", "==", "!=", "closest"):
        if len(values) != 1:
            raise CommandError(f"usage: /set {cut_id} {op} VALUE")
        return {"cut_id": cut_id, "action": "set", "op": op, "value": _number(values[0], "value")}
    if len(rest) == 1:  # "/set electron.et 7": keep the operator, change the value
        return {"cut_id": cut_id, "action": "set", "value": _number(rest[0], "value")}
    raise CommandError(
        f"unknown operator {op!r}: use > >= < <= == != between outside is any closest, or 'depends'"
    )


def parse_add(words: list[str]) -> dict[str, Any]:
    """`/add OBJECT VARIABLE OP VALUE...` -> update_cut arguments (action add)."""
    if len(words) < 4:
        raise CommandError("usage: /add OBJECT VARIABLE OP VALUE...  (e.g. /add sfos_pair mass > 5)")
    obj, variable = words[0], words[1]
    spec = parse_set(["new", *words[2:]])
    cut = {k: v for k, v in spec.items() if k in ("op", "value", "low", "high", "labels")}
    cut.update({"object": obj, "variable": variable})
    from assistant.selection import VARIABLE_UNITS

    cut["unit"] = VARIABLE_UNITS.get(variable, "")
    return {"cut_id": "", "action": "add", "cut": cut}


def run_command(session: Session, line: str, *, agent: Agent) -> Iterator[Event | Reply]:
    from assistant.agent.core import Reply

    try:
        words = shlex.split(line)
    except ValueError as err:
        yield Reply(text=f"could not parse the command ({err}); see /help")
        return
    name, args = words[0].lower(), words[1:]
    handler = COMMANDS.get(name)
    if handler is None:
        yield Reply(text=f"unknown command {name}; commands: {' '.join(sorted(COMMANDS))}")
        return
    try:
        output = handler(session, args, agent)
    except ToolError as err:
        event = Event("error", err.render())
        yield event
        yield Reply(text=err.render(), events=[event])
        return
    for event in output.events:
        yield event
    reply = Reply(
        text=output.text,
        selection_version=output.selection_version,
        diff=list(output.diff),
        result_summary=output.result_summary,
        events=list(output.events),
        quit=name in ("/quit", "/exit"),
    )
    yield reply


def _help(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    model = (
        f"model: {agent.llm.name}" if agent.llm is not None else "no language model (evidence-only answers)"
    )
    return ToolOutput(text=prompts.HELP + f"\nSession {session.id}; {model}.")


def _quit(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    return ToolOutput(text=f"Session {session.id} saved; resume with: hep-repro chat --session {session.id}")


def _sessions(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    lines = []
    for info in session.store.sessions()[:20]:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.updated_at))
        version = f"selection v{info.selection_version}" if info.selection_version else "no selection"
        mark = " (this session)" if info.id == session.id else ""
        lines.append(f"{info.id}  {when}  {info.messages} messages, {version}  {info.title}{mark}")
    return ToolOutput(text="\n".join(lines) or "no sessions")


def _paper(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    if len(args) != 1:
        raise CommandError("usage: /paper PDF")
    from pathlib import Path

    path = Path(args[0]).expanduser()
    if not path.is_file():
        raise CommandError(f"paper {args[0]!r} not found")
    session.store.update_state(session.id, paper=str(path.resolve()))
    text = f"Paper set: {path.name}."
    if session.index is not None and hasattr(session.index, "ingest"):
        session.index.ingest([path], kind="paper")
        text += " Indexed for /search."
    return ToolOutput(text=text + " Next: /extract")


def _data(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    if not args:
        current = session.state.get("data_files") or []
        return ToolOutput(text="data files: " + (", ".join(current) or "none (usage: /data FILE...)"))
    files = tools.resolve_files(session, args)
    session.store.update_state(session.id, data_files=[str(f) for f in files])
    return ToolOutput(text="data files: " + ", ".join(str(f) for f in files))


def _search(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    if not args:
        raise CommandError("usage: /search QUERY")
    output = tools.search_corpus(session, {"query": " ".join(args), "k": 5})
    lines = [f"- p. {e.page} [{e.id}] {' '.join(e.text.split())[:300]}" for e in output.evidence]
    output.text = "\n".join(lines) or output.text
    return output


def _set(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    return tools.update_cut(session, parse_set(args))


def _add(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    return tools.update_cut(session, parse_add(args))


def _remove(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    if len(args) != 1:
        raise CommandError("usage: /remove CUT-ID")
    return tools.update_cut(session, {"cut_id": args[0], "action": "remove"})


def _undo(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    from assistant.store import StoreError

    before = session.selection()
    try:
        after = session.store.undo(session.id)
    except StoreError as err:
        raise CommandError(str(err)) from err
    changes = diff(before, after)
    output = ToolOutput(
        text=f"Selection v{after.version} ({after.message}):\n" + "\n".join(changes or ["(no change)"]),
        events=[Event("selection", f"selection v{after.version}: undo", {"version": after.version})],
        selection_version=after.version,
        diff=changes,
    )
    if session.store.latest_run(session.id, "compiled") is not None:
        rerun = tools.run(session, {"files": None})
        output.text += "\n\n" + rerun.text
        output.events += rerun.events
        output.result_summary = rerun.result_summary
    return output


def _code(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    selection = session.selection()
    record = session.store.latest_code(session.id, "compiled")
    if record is None or record.selection_version != selection.version:
        tools.compile_code(session, {})
        record = session.store.latest_code(session.id, "compiled")
    assert record is not None
    return ToolOutput(
        text=f"# compiled from selection v{record.selection_version}\n{record.code}",
        selection_version=selection.version,
    )


def _schema(session: Session, args: list[str], agent: Agent) -> ToolOutput:
    """/schema: show; /schema NAME|FILE.json|auto: set (validated first); /schema draft [DATA_FILE]."""
    from assistant.agent import schemas

    if not args:
        return ToolOutput(text=schemas.describe(session))
    if args[0] == "draft":
        if len(args) > 2:
            raise CommandError("usage: /schema draft [DATA_FILE]")
        drafted = schemas.draft_into_session(session, args[1] if len(args) == 2 else None)
        schema = drafted.schema
        objects = ", ".join(f"{obj} ({coll.prefix}*)" for obj, coll in schema.collections.items()) or "none"
        lines = [
            f"Drafted {drafted.path} from {drafted.source.name}: tree {schema.tree!r}, {schema.energy_unit}, "
            f"{schema.momentum}; objects: {objects}",
            schemas.summary(session),
            *(f"review: {item}" for item in drafted.review),
            *drafted.notes,
            f"Review it: edit {drafted.path.name} (edits count from the next /run; /schema {drafted.path} "
            "checks them now).",
        ]
        return ToolOutput(text="\n".join(lines), events=[Event("schema", f"schema {schema.name} drafted")])
    if len(args) != 1:
        raise CommandError("usage: /schema [NAME|FILE.json|auto]  or  /schema draft [DATA_FILE]")
    if args[0] == schemas.AUTO:
        schemas.clear(session)
        return ToolOutput(text=schemas.describe(session), events=[Event("schema", "schema auto")])
    schema, notes = schemas.set_schema(session, args[0])
    text = "\n".join([schemas.summary(session), *notes])
    return ToolOutput(text=text, events=[Event("schema", f"schema {schema.name}")])


def _files_or_none(args: list[str]) -> dict[str, Any]:
    return {"files": args or None}


COMMANDS = {
    "/help": _help,
    "/quit": _quit,
    "/exit": _quit,
    "/sessions": _sessions,
    "/paper": _paper,
    "/data": _data,
    "/search": _search,
    "/extract": lambda s, a, agent: tools.extract_selection(s, {"paper": a[0]} if a else {}),
    "/show": lambda s, a, agent: tools.show_selection(s, {}),
    "/explain": lambda s, a, agent: tools.explain_cut(s, {"cut_id": a[0] if a else ""}),
    "/set": _set,
    "/add": _add,
    "/remove": _remove,
    "/undo": _undo,
    "/code": _code,
    "/run": lambda s, a, agent: tools.run(s, _files_or_none(a)),
    "/compare": lambda s, a, agent: tools.compare_with_baseline(s, _files_or_none(a)),
    "/inspect": lambda s, a, agent: tools.inspect_data(s, {"file": a[0] if a else ""}),
    "/schema": _schema,
}

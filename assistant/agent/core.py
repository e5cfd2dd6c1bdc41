"""The conversational agent: one non-streaming tool loop of our own over any OpenAI-compatible
server (llama.cpp and vLLM alike: `tool_choice="auto"`, tool calls parsed from the reply).

    agent = Agent(Store(path), index=index, llm=open_chat_model("embedded"))
    session = agent.new_session(paper="paper.pdf", data=["data15.root"])
    reply = agent.respond(session, "what are the lepton pT thresholds?")
    reply.text, reply.citations, reply.selection_version, reply.diff, reply.result_summary
    for item in agent.respond_stream(session, "/run"):   # Event..., then the Reply
        ...

Malformed tool arguments, unknown tool names, invalid arguments and tool failures go back to
the model as typed error messages; the loop is bounded (`max_steps`) and stops when the model
repeats an identical call. Answers may cite only evidence ids handed out in this session;
others are stripped. Slash commands (`/set`, `/run`, ...) work with or without a model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.agent import commands, prompts
from assistant.agent.tools import (
    TOOL_PARAMETERS,
    TOOLS,
    Event,
    Session,
    ToolError,
    ToolOutput,
    evidence_block,
    tool_specs,
    validate_arguments,
)
from assistant.llm import ChatModel, LLMError, LLMRequestError, Usage
from assistant.store import Store
from corpus.document import Evidence

HISTORY_TURNS = 8


@dataclass
class Reply:
    """What one turn produced. `events` are the progress events of the turn, in order."""

    text: str
    citations: list[Evidence] = field(default_factory=list)
    selection_version: int | None = None
    diff: list[str] = field(default_factory=list)
    result_summary: str | None = None
    events: list[Event] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    removed_citations: list[str] = field(default_factory=list)
    quit: bool = False


def strip_unknown_citations(text: str, allowed: set[str]) -> tuple[str, list[str], list[str]]:
    """Remove citations of evidence ids not in `allowed` (index.answer's rule, shared with
    retrieval answers). Returns (text, kept ids, removed ids) in order of appearance."""
    from index.answer import find_citations, strip_unretrieved_citations

    cited = find_citations(text)
    cleaned = strip_unretrieved_citations(text, allowed)
    kept = [i for i in cited if i in allowed]
    removed = [i for i in cited if i not in allowed]
    return cleaned.strip(), kept, removed


_AGENT_LLM = "agent"


class Agent:
    """Conversations over one store; services (index, LLM, executors) shared by all sessions.

    store               sessions, messages, selection versions, code, runs (assistant.store.Store)
    index               anything with `.search(query, k=...) -> list[Evidence]` (index.Index); None:
                        no retrieval (search_corpus reports it)
    llm                 the chat model driving the tool loop; None: slash commands and
                        evidence-only answers
    executor            where model-written code (run_code) runs: a sandboxed executor
                        (assistant.sandbox), or a `SessionPool` that gives every session its own
                        kernel and work folder; None: `get_executor("sandbox")` on first use —
                        free-form code never runs outside the sandbox
    analysis_executor   where compiled selections run; None: in-process (code compiled from a
                        validated selection is trusted)
    extraction_llm      model for extract_selection: "agent" (the same llm), None (miner only) or
                        another ChatModel; the extraction model never gets tools
    tools               a subset of tool names to offer (small models do better with fewer)
    """

    def __init__(
        self,
        store: Store,
        index: Any = None,
        llm: ChatModel | None = None,
        executor: Any = None,
        *,
        max_steps: int = 8,
        max_identical_calls: int = 2,
        max_tokens: int = 1024,
        tools: list[str] | None = None,
        analysis_executor: Any = None,
        extraction_llm: Any = _AGENT_LLM,
    ) -> None:
        self.store = store
        self.index = index
        self.llm = llm
        self.executor = executor
        self.analysis_executor = analysis_executor
        self.extraction_llm = llm if extraction_llm == _AGENT_LLM else extraction_llm
        self.max_steps = max_steps
        self.max_identical_calls = max_identical_calls
        self.max_tokens = max_tokens
        unknown = sorted(set(tools or []) - set(TOOLS))
        if unknown:
            raise ValueError(f"unknown tools {unknown}; available: {', '.join(TOOLS)}")
        self.tool_names = list(tools) if tools else list(TOOLS)

    # -- sessions -------------------------------------------------------------------------
    def new_session(self, title: str = "", *, paper: str | None = None, data: list[str] | None = None) -> str:
        state: dict[str, Any] = {}
        if paper:
            state["paper"] = str(paper)
        if data:
            state["data_files"] = [str(d) for d in data]
        return self.store.new_session(title=title, state=state)

    def history(self, session_id: str) -> list[dict[str, Any]]:
        """The conversation as shown to a user: user and assistant messages with their data."""
        return [
            {"role": m.role, "content": m.content, "data": m.data, "created_at": m.created_at}
            for m in self.store.messages(session_id, roles=("user", "assistant"))
        ]

    def selection(self, session_id: str, version: int | None = None) -> Any:
        """The session's current (or a given) Selection; None before extraction."""
        return self.store.selection(session_id, version)

    def sessions(self) -> list[Any]:
        """Saved sessions, most recent first (assistant.store.SessionInfo)."""
        return self.store.sessions()

    def versions(self, session_id: str) -> list[Any]:
        """Every selection version of the session (assistant.store.SelectionVersion)."""
        return self.store.selection_versions(session_id)

    def latest_result(self, session_id: str) -> Any:
        """The AnalysisResult of the session's latest successful compiled run, or None."""
        run = self.store.latest_run(session_id, "compiled")
        return run.result if run else None

    def _session(self, session_id: str) -> Session:
        self.store.session(session_id)  # raises SessionNotFoundError with advice
        return Session(
            self.store,
            session_id,
            index=self.index,
            llm=self.llm,
            executor=self._executor_for(session_id),
            analysis_executor=self.analysis_executor,
            extraction_llm=self.extraction_llm,
        )

    def _executor_for(self, session_id: str) -> Any:
        """The session's own kernel when the executor is a per-session pool."""
        from assistant.sandbox.pool import SessionPool

        if isinstance(self.executor, SessionPool):
            return self.executor.get(_pool_session_id(session_id))
        return self.executor

    # -- turns ----------------------------------------------------------------------------
    def respond(self, session_id: str, message: str) -> Reply:
        reply = None
        for item in self.respond_stream(session_id, message):
            if isinstance(item, Reply):
                reply = item
        assert reply is not None
        return reply

    def respond_stream(self, session_id: str, message: str) -> Iterator[Event | Reply]:
        """Yield progress `Event`s as the turn runs, then the final `Reply` (already saved)."""
        session = self._session(session_id)
        message = message.strip()
        self.store.add_message(session_id, "user", message)
        if message.startswith("/"):
            turn = commands.run_command(session, message, agent=self)
        elif self.llm is None:
            turn = self._evidence_only(session, message)
        else:
            turn = self._tool_loop(session, message)
        reply: Reply | None = None
        for item in turn:
            if isinstance(item, Reply):
                reply = item
            else:
                yield item
        assert reply is not None
        allowed = set(session.known_evidence())
        reply.text, kept, removed = strip_unknown_citations(reply.text, allowed)
        reply.removed_citations = removed
        known = session.known_evidence()
        reply.citations = [known[i] for i in kept]
        if removed:
            reply.events.append(
                Event("citations_removed", f"removed unretrieved citations: {', '.join(removed)}")
            )
        if reply.selection_version is None:
            current = self.store.selection(session_id)
            reply.selection_version = current.version if current else None
        self.store.add_message(
            session_id,
            "assistant",
            reply.text,
            {
                "citations": kept,
                "removed_citations": removed,
                "selection_version": reply.selection_version,
                "diff": reply.diff,
                "result_summary": reply.result_summary,
                "events": [{"kind": e.kind, "text": e.text} for e in reply.events],
                "usage": {
                    "prompt_tokens": reply.usage.prompt_tokens,
                    "completion_tokens": reply.usage.completion_tokens,
                },
            },
        )
        yield reply

    # -- no model: evidence only ----------------------------------------------------------
    def _evidence_only(self, session: Session, message: str) -> Iterator[Event | Reply]:
        if session.index is None:
            yield Reply(text=prompts.NO_INDEX + " " + prompts.EVIDENCE_ONLY_EMPTY)
            return
        evidence = list(session.index.search(message, k=5))
        session.remember_evidence(evidence)
        event = Event("evidence", f"{len(evidence)} passages", {"ids": [e.id for e in evidence]})
        yield event
        if not evidence:
            yield Reply(text=prompts.EVIDENCE_ONLY_EMPTY, events=[event])
            return
        lines = [prompts.EVIDENCE_ONLY_HEADER]
        for item in evidence:
            snippet = " ".join(item.text.split())
            snippet = snippet if len(snippet) <= 400 else snippet[:400] + "…"
            title = item.title or item.document
            lines.append(f'- {title}, p. {item.page}: "{snippet}" [{item.id}]')
        yield Reply(text="\n".join(lines), events=[event])

    # -- the tool loop --------------------------------------------------------------------
    def _context(self, session: Session, message: str) -> list[dict[str, Any]]:
        """System prompt, the recent conversation (texts only) and the new user message."""
        messages: list[dict[str, Any]] = [{"role": "system", "content": prompts.SYSTEM_PROMPT}]
        state = session.state
        facts = []
        if state.get("paper"):
            facts.append(f"paper: {state['paper']}")
        if state.get("data_files"):
            facts.append(f"data files: {', '.join(state['data_files'])}")
        schema = state.get("schema")
        if isinstance(schema, dict) and schema.get("name"):
            facts.append(f"data schema: {schema['name']} (tree {schema.get('tree')}; set with /schema)")
        current = self.store.selection(session.id)
        if current is not None:
            facts.append(
                f"current selection: v{current.version}, {len(current.cuts)} cuts ({', '.join(c.id for c in current.cuts)})"
            )
        if facts:
            messages.append({"role": "system", "content": "Session: " + "; ".join(facts)})
        past = self.store.messages(session.id, roles=("user", "assistant"))[:-1]  # the new message is last
        for stored in past[-2 * HISTORY_TURNS :]:
            messages.append({"role": stored.role, "content": stored.content})
        messages.append({"role": "user", "content": message})
        return messages

    def _tool_loop(self, session: Session, message: str) -> Iterator[Event | Reply]:
        assert self.llm is not None
        llm = self.llm
        messages = self._context(session, message)
        specs = tool_specs(self.tool_names)
        reply = Reply(text="")
        seen: dict[str, int] = {}  # call signature -> how often the model made it this turn
        last_result = ""
        usage = Usage()
        for _step in range(self.max_steps):
            try:
                answer = llm.chat(
                    messages, tools=specs, tool_choice="auto", max_tokens=self.max_tokens, purpose="agent"
                )
            except LLMError as err:
                event = Event("error", f"LLM: {err}")
                reply.events.append(event)
                yield event
                if _step == 0 and isinstance(err, LLMRequestError) and session.index is not None:
                    # a server without tool support still answers from retrieved evidence
                    yield from self._answer_without_tools(session, message, reply)
                    return
                reply.text = prompts.LLM_FAILED.format(error=f"{type(err).__name__}: {err}")
                reply.usage = usage
                yield reply
                return
            usage = usage + answer.usage
            if not answer.tool_calls:
                reply.text = (answer.content or "").strip() or "(the model gave an empty answer)"
                reply.usage = usage
                yield reply
                return
            messages.append(answer.as_message())
            repeated_name = None
            repeats = []
            for call in answer.tool_calls:
                # the same call on another selection version is new work (run after an edit)
                version = self.store.selection_versions(session.id)[-1:]
                state = f"v{version[0].version}" if version else "v0"
                signature = "\x00".join((call.name, _normalised(call.arguments), state))
                seen[signature] = seen.get(signature, 0) + 1
                repeats.append(seen[signature] > self.max_identical_calls)
                start = Event(
                    "tool_call",
                    f"{call.name}({_short(call.arguments)})",
                    {"name": call.name, "arguments": call.arguments},
                )
                reply.events.append(start)
                yield start
                if seen[signature] > self.max_identical_calls:
                    content = prompts.REPEATED_CALL.format(name=call.name)
                    repeated_name = call.name
                    output = None
                else:
                    output, content = self._execute(session, call.name, call.arguments)
                if output is not None:
                    self._merge(reply, output)
                    for event in output.events:
                        yield event
                    last_result = content
                else:
                    event = Event("tool_error", content.split("\n", 1)[0], {"name": call.name})
                    reply.events.append(event)
                    yield event
                messages.append(
                    {"role": "tool", "tool_call_id": call.id, "name": call.name, "content": content}
                )
            if repeated_name and all(repeats):
                # the model only repeats itself: stop rather than spin until the step limit
                if seen.get("\x00loop", 0) >= 1:
                    reply.text = prompts.LOOP_STOP.format(name=repeated_name, last=_short(last_result, 1500))
                    reply.usage = usage
                    event = Event("loop_detected", f"repeated call to {repeated_name}")
                    reply.events.append(event)
                    yield event
                    yield reply
                    return
                seen["\x00loop"] = seen.get("\x00loop", 0) + 1
        reply.text = prompts.STEP_LIMIT.format(steps=self.max_steps, last=_short(last_result, 1500))
        reply.usage = usage
        yield reply

    def _answer_without_tools(self, session: Session, message: str, reply: Reply) -> Iterator[Event | Reply]:
        """Retrieval-augmented answer with no tools (index.answer's prompt: evidence as data)."""
        from index.answer import build_messages

        assert self.llm is not None
        evidence = list(session.index.search(message, k=5))
        session.remember_evidence(evidence)
        event = Event("fallback", f"the server refused tools: answering from {len(evidence)} passages")
        reply.events.append(event)
        yield event
        if not evidence:
            reply.text = prompts.EVIDENCE_ONLY_EMPTY
            yield reply
            return
        try:
            answer = self.llm.chat(
                build_messages(message, evidence), max_tokens=self.max_tokens, purpose="answer"
            )
        except LLMError as err:
            reply.text = prompts.LLM_FAILED.format(error=f"{type(err).__name__}: {err}")
            yield reply
            return
        reply.text = (answer.content or "").strip() or "(the model gave an empty answer)"
        reply.usage = answer.usage
        yield reply

    def _execute(self, session: Session, name: str, raw_arguments: str) -> tuple[ToolOutput | None, str]:
        """Run one tool call; (output, text for the model) or (None, typed error text)."""
        function = TOOLS.get(name) if name in self.tool_names else None
        if function is None:
            return None, prompts.UNKNOWN_TOOL.format(name=name, available=", ".join(self.tool_names))
        parameters = json.dumps(TOOL_PARAMETERS[name]["properties"])
        text = (raw_arguments or "").strip() or "{}"
        try:
            arguments = json.loads(text)
            if not isinstance(arguments, dict):
                raise ValueError(f"expected a JSON object, got {type(arguments).__name__}")
        except (json.JSONDecodeError, ValueError) as err:
            return None, prompts.MALFORMED_ARGUMENTS.format(error=str(err), name=name, parameters=parameters)
        try:
            validate_arguments(name, arguments)
        except ValueError as err:
            return None, prompts.INVALID_ARGUMENTS.format(error=str(err), name=name, parameters=parameters)
        try:
            output = function(session, arguments)
        except ToolError as err:
            return None, err.render()
        except Exception as err:  # a stage failed unexpectedly: tell the model, keep the chat alive
            return None, f"ToolFailedError: {name} failed: {type(err).__name__}: {err}"
        return output, output.text

    @staticmethod
    def _merge(reply: Reply, output: ToolOutput) -> None:
        reply.events.extend(output.events)
        if output.selection_version is not None:
            reply.selection_version = output.selection_version
        reply.diff.extend(output.diff)
        if output.result_summary:
            reply.result_summary = output.result_summary


def _normalised(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments or "{}"), sort_keys=True)
    except json.JSONDecodeError:
        return (arguments or "").strip()


def _short(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split()) if limit <= 200 else (text or "")
    return text if len(text) <= limit else text[:limit] + "…"


__all__ = ["Agent", "Reply", "Event", "strip_unknown_citations", "evidence_block"]


def _pool_session_id(session_id: str) -> str:
    """Store ids are safe already; keep only the characters a pool accepts."""
    return "".join(ch for ch in session_id if ch.isalnum() or ch in "_.-")[:64] or "session"

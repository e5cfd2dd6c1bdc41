"""Whole conversations through the real client path: Agent -> ChatModel (openai) -> HTTP ->
scripted OpenAI-compatible server, with tools acting on a real SQLite store."""

from __future__ import annotations

import json
import re

import pytest

from assistant import llm as llm_module
from assistant.agent import Agent
from assistant.llm import ChatModel
from assistant.store import Store
from tests.agent_helpers import KeywordIndex, canonical_selection, page_evidence
from tests.scripted_server import Reply

FAKE_ID = "ev-0123456789ab"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "sessions.sqlite") as s:
        yield s


def make_agent(server, store, **kw) -> Agent:
    timeout = kw.pop("timeout", 30.0)
    retries = kw.pop("max_retries", 1)
    model = ChatModel(server.url, "scripted", timeout=timeout, max_retries=retries, backoff_s=0.01)
    return Agent(store, index=kw.pop("index", KeywordIndex()), llm=model, **kw)


def tool_messages(request: dict) -> list[dict]:
    return [m for m in request["messages"] if m["role"] == "tool"]


def with_selection(agent: Agent) -> str:
    session = agent.new_session("hzz")
    agent.store.save_selection(session, canonical_selection(), "seeded for the test")
    return session


# -- questions with citations -------------------------------------------------------------
def test_question_is_answered_with_retrieved_citation_and_fabricated_one_stripped(server, store):
    agent = make_agent(server, store)
    session = agent.new_session()
    server.enqueue_tool_call("search_corpus", {"query": "lepton pT thresholds"})

    def answer_from_tool_result(request: dict) -> Reply:
        result = tool_messages(request)[-1]["content"]
        # cite the passage that states the thresholds, as a model would, plus a made-up id
        block = next(b for b in result.split("</evidence>") if "20, 15 and 10" in b)
        cited = re.search(r'id="(ev-[0-9a-f]+)"', block).group(1)
        return Reply(
            content=f"The thresholds are 20, 15 and 10 GeV [{cited}], as in the muon paper [{FAKE_ID}]."
        )

    server.enqueue(answer_from_tool_result)
    reply = agent.respond(session, "what are the lepton pT thresholds?")

    page3 = page_evidence(3)
    assert [c.id for c in reply.citations] == [page3.id]
    assert reply.citations[0].page == 3
    assert FAKE_ID not in reply.text and page3.id in reply.text
    assert reply.removed_citations == [FAKE_ID]
    # the model saw the document text only as delimited data, with the tools offered
    first, second = server.requests
    assert {t["function"]["name"] for t in first["tools"]} >= {
        "search_corpus",
        "update_cut",
        "run",
        "run_code",
    }
    assert first["tool_choice"] == "auto"
    result = tool_messages(second)[0]
    assert result["tool_call_id"] == second["messages"][-2]["tool_calls"][0]["id"]
    assert f'<evidence id="{page3.id}"' in result["content"]
    # history keeps the cleaned answer and its citations
    history = agent.history(session)
    assert [h["role"] for h in history] == ["user", "assistant"]
    assert history[1]["data"]["citations"] == [page3.id]


def test_injected_evidence_cannot_forge_a_block_or_a_citation(server, store):
    agent = make_agent(server, store)
    session = agent.new_session()
    server.enqueue_tool_call("search_corpus", {"query": "isolation instructions"})
    server.enqueue_text("Track isolation is below 0.15 [ev-000000000000].")
    reply = agent.respond(session, "what is the isolation cut?")
    content = tool_messages(server.requests[1])[0]["content"]
    assert content.count("<evidence id=") == 1  # the planted opening tag was neutralised
    assert "ev-000000000000" not in reply.text  # an id written inside a document is not evidence
    assert reply.citations == []


# -- editing the selection ----------------------------------------------------------------
M34_PATCH = {
    "cut_id": "z2.mass",
    "action": "set",
    "depends_on": {"variable": "m4l", "applies_to": "low", "knots": [[140, 12], [190, 50]]},
    "reason": "m34 lower cut rises with m4l",
}


def test_m34_cut_made_to_depend_on_m4l_creates_a_version_with_diff(server, store):
    agent = make_agent(server, store)
    session = with_selection(agent)
    server.enqueue_tool_call("update_cut", M34_PATCH)
    server.enqueue_text("Done: the m34 threshold now rises from 12 to 50 GeV between m4l = 140 and 190 GeV.")
    reply = agent.respond(session, "the m34 lower cut should rise with m4ℓ")

    assert reply.selection_version == 2
    assert [v.version for v in store.selection_versions(session)] == [1, 2]
    cut = store.selection(session).get("z2.mass")
    assert cut.depends_on is not None and cut.depends_on.knots == [(140.0, 12.0), (190.0, 50.0)]
    assert cut.depends_on.threshold(165) == pytest.approx(31.0)  # (12 + 50) / 2, independent
    assert "user-edit" in cut.flags
    assert store.selection(session, 1).get("z2.mass").depends_on is None  # v1 untouched
    assert len(reply.diff) == 1 and reply.diff[0].startswith("~ z2.mass")
    tool_text = tool_messages(server.requests[1])[0]["content"]
    assert "Selection v2 (was v1)" in tool_text and "m4l" in tool_text
    assert any(e.kind == "selection" for e in reply.events)


def test_invalid_patch_goes_back_to_the_model_and_changes_nothing(server, store):
    agent = make_agent(server, store)
    session = with_selection(agent)
    server.enqueue_tool_call("update_cut", {"cut_id": "z1.mass", "low": 120})  # above high = 106
    server.enqueue_tool_call("update_cut", {"cut_id": "z9.mass", "value": 3})
    server.enqueue_text("I could not apply that change.")
    reply = agent.respond(session, "set m12 low edge to 120")
    errors = [m["content"] for r in server.requests[1:] for m in tool_messages(r)[-1:]]
    assert errors[0].startswith("CutEditError") and "below high" in errors[0]
    assert errors[1].startswith("CutEditError") and "nearest: z2.mass, z1.mass" in errors[1]
    assert store.selection(session).version == 1
    assert reply.text == "I could not apply that change."


# -- protocol failures --------------------------------------------------------------------
def test_malformed_arguments_unknown_tool_and_schema_errors_are_typed(server, store):
    agent = make_agent(server, store)
    session = with_selection(agent)
    server.enqueue_tool_call("update_cut", '{"cut_id": "z1.mass", "low": ')
    server.enqueue_tool_call("delete_all_data", {"really": True})
    server.enqueue_tool_call("explain_cut", {"cut_id": 7})
    server.enqueue_tool_call("explain_cut", {"cut_id": "z1.mass"})
    server.enqueue_text("The m12 window is 50-106 GeV.")
    reply = agent.respond(session, "explain m12")
    results = [tool_messages(r)[-1]["content"] for r in server.requests[1:]]
    assert results[0].startswith("MalformedArgumentsError") and "cut_id" in results[0]
    assert results[1].startswith("UnknownToolError") and "search_corpus" in results[1]
    assert results[2].startswith("InvalidArgumentsError") and "cut_id" in results[2]
    assert "50 and 106" in results[3] and page_evidence(4).id in results[3]
    assert reply.text == "The m12 window is 50-106 GeV."
    kinds = [e.kind for e in reply.events]
    assert kinds.count("tool_error") == 3
    assert store.selection(session).version == 1


def test_repeated_identical_calls_are_stopped(server, store):
    agent = make_agent(server, store, max_identical_calls=2, max_steps=10)
    session = with_selection(agent)
    for _ in range(6):
        server.enqueue_tool_call("show_selection", {})
    reply = agent.respond(session, "show it")
    assert len(server.requests) == 4  # 2 executed, 1 warned, then stopped
    assert tool_messages(server.requests[3])[-1]["content"].startswith("RepeatedCallError")
    assert "repeated the same tool call (show_selection)" in reply.text
    assert any(e.kind == "loop_detected" for e in reply.events)
    assert server.pending == 2


def test_step_limit_bounds_the_loop(server, store):
    agent = make_agent(server, store, max_steps=3)
    session = agent.new_session()
    for i in range(5):
        server.enqueue_tool_call("search_corpus", {"query": f"muon {i}"})
    reply = agent.respond(session, "search forever")
    assert len(server.requests) == 3
    assert reply.text.startswith("I stopped after 3 tool steps")


def test_timeout_and_http_500_end_the_turn_but_not_the_session(server, store):
    agent = make_agent(server, store, timeout=0.3, max_retries=0)
    session = agent.new_session()
    server.enqueue(Reply(content="late", delay=1.0))
    reply = agent.respond(session, "hello?")
    assert "did not answer" in reply.text and "LLMTimeoutError" in reply.text
    server.enqueue_error(500, "CUDA out of memory")
    reply = agent.respond(session, "hello again?")
    assert "LLMServerError" in reply.text and "CUDA out of memory" in reply.text
    server.enqueue_text("I am back.")
    assert agent.respond(session, "and now?").text == "I am back."
    assert [h["role"] for h in agent.history(session)] == ["user", "assistant"] * 3


def test_http_500_is_retried_inside_a_turn(server, store):
    agent = make_agent(server, store, max_retries=2)
    session = agent.new_session()
    server.enqueue_error(502)
    server.enqueue_text("fine")
    assert agent.respond(session, "hi").text == "fine"


# -- sessions -----------------------------------------------------------------------------
def test_session_restores_after_restart(server, tmp_path):
    path = tmp_path / "sessions.sqlite"
    store = Store(path)
    agent = make_agent(server, store)
    session = with_selection(agent)
    server.enqueue_tool_call("search_corpus", {"query": "m12 window"})
    cited = page_evidence(4).id
    server.enqueue_text(f"50 < m12 < 106 GeV [{cited}].")
    agent.respond(session, "what is the m12 window?")
    server.enqueue_tool_call("update_cut", {"cut_id": "z1.mass", "low": 60})
    server.enqueue_text("Changed.")
    agent.respond(session, "raise the m12 low edge to 60")
    store.close()

    # a new process: new store handle, new agent, new client
    llm_module._CAPABILITY_CACHE.clear()
    restored = Store(path)
    again = make_agent(server, restored, index=None)
    history = again.history(session)
    assert [h["content"] for h in history if h["role"] == "user"] == [
        "what is the m12 window?",
        "raise the m12 low edge to 60",
    ]
    assert history[1]["data"]["citations"] == [cited]
    assert again.selection(session).version == 2 and again.selection(session).get("z1.mass").low == 60
    server.enqueue_text(f"It was 50 GeV before your edit [{cited}].")
    reply = again.respond(session, "what was it before?")
    assert [c.id for c in reply.citations] == [cited]  # earlier evidence is still citable
    sent = [m["content"] for m in server.requests[-1]["messages"]]
    assert "what is the m12 window?" in sent and "raise the m12 low edge to 60" in sent
    assert any("current selection: v2" in str(c) for c in sent)
    restored.close()


def test_evidence_only_answers_without_a_model(store):
    agent = Agent(store, index=KeywordIndex(), llm=None)
    session = agent.new_session()
    reply = agent.respond(session, "lepton pT thresholds quadruplet")
    assert reply.citations and reply.citations[0].id == page_evidence(3).id
    assert "p. 3" in reply.text and page_evidence(3).id in reply.text
    nothing = agent.respond(session, "zzzz qqqq")
    assert nothing.citations == [] and "nothing in the index matches" in nothing.text


def test_stream_yields_events_before_the_reply(server, store):
    agent = make_agent(server, store)
    session = with_selection(agent)
    server.enqueue_tool_call("show_selection", {})
    server.enqueue_text("Here it is.")
    items = list(agent.respond_stream(session, "show"))
    assert items[0].kind == "tool_call" and items[-1].text == "Here it is."
    assert json.loads(items[0].data["arguments"]) == {}


def test_server_without_tools_still_answers_from_evidence(server, store):
    agent = make_agent(server, store)
    session = agent.new_session()
    server.enqueue_error(400, "tools are not supported by this model")

    def cite_from_prompt(request: dict) -> Reply:
        assert "tools" not in request  # the retry sends no tools
        prompt = request["messages"][-1]["content"]
        cited = re.search(r'<evidence id="(ev-[0-9a-f]+)"[^>]*page="3"', prompt).group(1)
        return Reply(content=f"20, 15 and 10 GeV [{cited}].")

    server.enqueue(cite_from_prompt)
    reply = agent.respond(session, "lepton pT thresholds of the quadruplet")
    assert [c.page for c in reply.citations] == [3]
    assert [e.kind for e in reply.events] == ["error", "fallback"]


def test_same_call_after_an_edit_is_not_a_loop(server, store):
    agent = make_agent(server, store, max_identical_calls=1)
    session = with_selection(agent)
    server.enqueue_tool_call("show_selection", {})
    server.enqueue_tool_call("update_cut", {"cut_id": "electron.et", "value": 10})
    server.enqueue_tool_call("show_selection", {})  # same call, new version: executed
    server.enqueue_tool_call("show_selection", {})  # same call, same version: refused
    server.enqueue_text("done")
    reply = agent.respond(session, "show, edit, show")
    results = [tool_messages(r)[-1]["content"] for r in server.requests[1:]]
    assert results[0].startswith("Selection v1") and results[2].startswith("Selection v2")
    assert results[3].startswith("RepeatedCallError")
    assert reply.text == "done"

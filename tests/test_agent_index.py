"""The question "what are the lepton pT thresholds?" against the real index (MiniLM + BM25 over
Qdrant) of a rendered example paper: the answer cites the passage on the page the gold list
names, and a fabricated id is stripped."""

from __future__ import annotations

import re

import pytest

from assistant import llm as llm_module
from assistant.agent import Agent
from assistant.llm import ChatModel
from assistant.store import Store
from corpus.papers import gold_entries, render_all
from tests.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.slow


def test_thresholds_question_cites_the_gold_page(tmp_path):
    from index import Index

    llm_module._CAPABILITY_CACHE.clear()
    pdf = render_all(tmp_path / "papers")["hzz4l"]
    gold_page = next(e["page"] for e in gold_entries("hzz4l") if e["id"] == "quadruplet.pt.r1")
    index = Index.open(tmp_path / "index")
    index.ingest([pdf], kind="paper")
    with ScriptedServer() as server, Store(tmp_path / "s.sqlite") as store:
        agent = Agent(store, index=index, llm=ChatModel(server.url, "scripted", max_retries=0))
        session = agent.new_session("hzz4l", paper=str(pdf))
        server.enqueue_tool_call("search_corpus", {"query": "lepton pT thresholds quadruplet", "k": 5})

        def cite_the_thresholds(request):
            result = [m for m in request["messages"] if m["role"] == "tool"][-1]["content"]
            blocks = re.findall(r'<evidence id="(ev-[0-9a-f]+)"[^>]*>\n(.*?)\n</evidence>', result, re.S)
            cited = next(i for i, text in blocks if re.search(r"20 GeV.*15 GeV.*10 GeV", text, re.S))
            return Reply(content=f"They are 20, 15 and 10 GeV [{cited}] [ev-badbadbadbad].")

        server.enqueue(cite_the_thresholds)
        reply = agent.respond(session, "what are the lepton pT thresholds?")
    index.close()
    assert len(reply.citations) == 1 and reply.removed_citations == ["ev-badbadbadbad"]
    assert reply.citations[0].page == gold_page
    assert "20 GeV" in reply.citations[0].text and "ev-badbadbadbad" not in reply.text

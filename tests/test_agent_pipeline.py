"""Conversations that run the real pipeline (compile -> run -> compare with the hand-written
baseline) on the real 2015 Open Data file and on a synthetic file, driven through the scripted
OpenAI-compatible server. Counts are checked against the baseline (independent code) and
uproot, never against the agent's own output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import uproot

from assistant.agent import Agent
from assistant.baseline import run_baseline
from assistant.llm import ChatModel
from assistant.store import Store
from corpus import synth
from corpus.papers.gold import load_gold
from tests.scripted_server import ScriptedServer

M34_PATCH = {
    "cut_id": "z2.mass",
    "action": "set",
    "depends_on": {"variable": "m4l", "applies_to": "low", "knots": [[140, 12], [190, 50]]},
}


@pytest.fixture
def agent(server, tmp_path):
    store = Store(tmp_path / "s.sqlite")
    model = ChatModel(server.url, "scripted", timeout=60, max_retries=0)
    yield Agent(store, llm=model)
    store.close()


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory):
    return synth.write(tmp_path_factory.mktemp("agent") / "synth.root", "atlas-2025e", events=3000, seed=11)


def tool_results(server: ScriptedServer) -> list[str]:
    """Every tool result sent to the model, once each, in order."""
    seen: dict[str, str] = {}
    for request in server.requests:
        for message in request["messages"]:
            if message["role"] == "tool":
                seen.setdefault(message["tool_call_id"], message["content"])
    return list(seen.values())


def counts(result) -> dict[str, int]:
    return {row.step: row.events for row in result.cutflow}


def test_run_it_on_the_2015_data(agent, server, atlas_2025e):
    session = agent.new_session("hzz")
    agent.store.save_selection(session, load_gold("hzz4l"))
    server.enqueue_tool_call("run", {"files": [str(atlas_2025e)]})
    server.enqueue_text("Done: see the cutflow.")
    reply = agent.respond(session, "run it on the 2015 data")

    with uproot.open(atlas_2025e) as handle:
        entries = handle["analysis"].num_entries
    run = agent.store.latest_run(session)
    assert run is not None and run.selection_version == 1
    assert [Path(f).resolve() for f in run.files] == [atlas_2025e.resolve()]
    assert run.result.cutflow[0].events == entries
    assert counts(run.result) == counts(run_baseline([atlas_2025e]))  # the gold selection = the baseline
    text = tool_results(server)[-1]
    assert f"initial {entries:>{9 + 28 - len('initial')}}" in text or re.search(
        rf"initial\s+{entries}\b", text
    )
    assert reply.result_summary and f"of {entries} events selected" in reply.result_summary
    assert [Path(f).resolve() for f in agent.store.state(session)["data_files"]] == [atlas_2025e.resolve()]


def test_m34_edit_reruns_and_shows_the_cutflow_diff(agent, server, synthetic_file):
    session = agent.new_session("hzz")
    flat = load_gold("hzz4l").patched("z2.mass", {"depends_on": None}, message="flat m34 threshold")
    agent.store.save_selection(session, flat)
    first = agent.respond(session, f"/run {synthetic_file}")
    assert "Ran selection v1" in first.text

    server.enqueue_tool_call("update_cut", M34_PATCH)
    server.enqueue_text("The m34 threshold now rises with m4l; the cutflow changed as shown.")
    reply = agent.respond(session, "the m34 lower cut should rise with m4ℓ")

    runs = agent.store.runs(session, "compiled")
    assert [r.selection_version for r in runs] == [1, 2]
    before, after = counts(runs[0].result), counts(runs[1].result)
    baseline = counts(run_baseline([synthetic_file]))
    assert after == baseline  # the edited selection is the paper's, as the hand-written baseline says
    assert before["z2.mass"] > after["z2.mass"]  # the synthetic file has events below the rising threshold
    changed = [step for step in after if before.get(step) != after[step]]
    text = tool_results(server)[-1]
    assert "Cutflow change vs the previous run (selection v1 -> v2)" in text
    for step in changed:
        assert re.search(
            rf"{re.escape(step)}\s+{before[step]}\s+->\s+{after[step]}\s+\({after[step] - before[step]:+d}\)",
            text,
        )
    assert reply.selection_version == 2 and reply.diff[0].startswith("~ z2.mass")
    assert "z2.mass" in reply.result_summary


def test_why_does_it_disagree_with_the_baseline(agent, server, atlas_2025e):
    session = agent.new_session("hzz", data=[str(atlas_2025e)])
    wrong = load_gold("hzz4l").patched("electron.et", {"value": 25}, message="a misread threshold")
    agent.store.save_selection(session, wrong)
    server.enqueue_tool_call("compare_with_baseline", {})

    def answer(request):
        from tests.scripted_server import Reply

        result = [m for m in request["messages"] if m["role"] == "tool"][-1]["content"]
        first = re.search(r"First divergent cut: (\S+)", result).group(1)
        return Reply(content=f"It first disagrees at {first}: the paper says ET > 7 GeV.")

    server.enqueue(answer)
    reply = agent.respond(session, "why does it disagree with the baseline?")
    assert "It first disagrees at electron.et" in reply.text
    compared = tool_results(server)[-1]
    assert "First divergent cut: electron.et (electron et > 25 GeV" in compared
    # events are listed from the per-event records: the result drops them at electron.et
    assert "progress missing" not in compared and "kept by the baseline only at electron.et" in compared
    assert re.search(r"run \d+ event \d+: result fails electron.et", compared)
    assert "result:   compiled selection v1\n" in compared and wrong.title not in compared  # no paper text
    assert any(e.kind == "compare" and e.data["first_divergent"] == "electron.et" for e in reply.events)
    assert [r.kind for r in agent.store.runs(session)] == ["compiled", "baseline"]

    # fixing the cut makes the two agree event by event
    fixed = agent.respond(session, "/set electron.et > 7")
    assert fixed.selection_version == 2
    agreed = agent.respond(session, "/compare")
    assert "identical" in agreed.result_summary


@pytest.mark.slow
def test_extract_then_answer_citing_a_cut_quote(server, tmp_path):
    from corpus.papers import render_all
    from corpus.papers.render import references_dir

    pdfs = render_all(tmp_path / "papers")
    store = Store(tmp_path / "s.sqlite")
    model = ChatModel(server.url, "scripted", timeout=60, max_retries=0)
    agent = Agent(store, llm=model, extraction_llm=None)  # the deterministic miner extracts
    session = agent.new_session("hzz", paper=str(pdfs["hzz4l"]))
    store.update_state(session, references=str(references_dir(tmp_path / "papers")))
    server.enqueue_tool_call("extract_selection", {})

    def cite_m12(request):
        from tests.scripted_server import Reply

        result = [m for m in request["messages"] if m["role"] == "tool"][-1]["content"]
        line = next(row for row in result.splitlines() if row.startswith("- z1.mass:"))
        cited = re.search(r"\[(ev-[0-9a-f]+)\]", line).group(1)
        return Reply(content=f"The m12 window is 50-106 GeV [{cited}] [ev-ffffffffffff].")

    server.enqueue(cite_m12)
    reply = agent.respond(session, "extract the selection and tell me the m12 window")
    selection = store.selection(session)
    assert reply.selection_version == 1 and len(selection.cuts) == len(load_gold("hzz4l").cuts)
    quote_ids = {e.evidence_id for e in selection.get("z1.mass").evidence}
    assert [c.id for c in reply.citations] == [next(iter(quote_ids & {c.id for c in reply.citations}))]
    assert reply.removed_citations == ["ev-ffffffffffff"]
    assert reply.citations[0].page == selection.get("z1.mass").evidence[0].page
    # the extraction model got no tools: only the agent's two calls reached the server
    assert len(server.requests) == 2
    store.close()


@pytest.mark.sandbox
@pytest.mark.slow
def test_run_code_errors_go_back_and_attempts_are_bounded(server, tmp_path):
    from assistant.sandbox import get_executor

    try:
        executor = get_executor("sandbox")
    except Exception as err:  # no bubblewrap here
        pytest.skip(f"sandbox unavailable: {err}")
    store = Store(tmp_path / "s.sqlite")
    model = ChatModel(server.url, "scripted", timeout=120, max_retries=0)
    agent = Agent(store, llm=model, executor=executor, max_steps=8)
    session = agent.new_session()
    server.enqueue_tool_call("run_code", {"code": "x = 1 / 0"})
    server.enqueue_tool_call(
        "run_code", {"code": "import numpy as np\nset_result({'sum': int(np.arange(5).sum())})"}
    )
    server.enqueue_text("The sum is 10.")
    try:
        reply = agent.respond(session, "compute the sum of 0..4 in the sandbox")
        results = tool_results(server)
        assert "ZeroDivisionError" in results[0] and "attempts left" in results[0]
        assert '"sum": 10' in results[1] and "sandboxed: True" in results[1]
        assert reply.text == "The sum is 10."
        assert [r.status for r in store.runs(session, "code")] == ["error", "ok"]
        for i in range(3):
            server.enqueue_tool_call("run_code", {"code": f"raise ValueError({i})"})
        server.enqueue_tool_call("run_code", {"code": "raise ValueError(3)"})
        server.enqueue_text("I give up.")
        agent.respond(session, "try again")
        # a budget of 3 failures per turn; the 4th call is answered without running
        assert "CodeRepairLimitError" in tool_results(server)[-1]
        assert [r.status for r in store.runs(session, "code")] == ["error", "ok", "error", "error", "error"]
    finally:
        executor.close() if hasattr(executor, "close") else None
        store.close()


def test_exported_bundle_reproduces_the_run(agent, synthetic_file, tmp_path):
    import hashlib
    import json
    import subprocess
    import sys

    session = agent.new_session("hzz")
    agent.store.save_selection(session, load_gold("hzz4l"))
    agent.respond(session, f"/run {synthetic_file}")
    bundle = agent.store.export(session, tmp_path / "bundle")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert (
        manifest["data_files"][str(synthetic_file)] == hashlib.sha256(synthetic_file.read_bytes()).hexdigest()
    )
    out = tmp_path / "again.json"
    subprocess.run(
        [sys.executable, str(bundle / "analysis.py"), str(synthetic_file), "-o", str(out)],
        check=True, capture_output=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    again = {row["step"]: row["events"] for row in json.loads(out.read_text())["cutflow"]}
    assert again == counts(agent.latest_result(session))
    # the bundle's result carries its per-event records (relative to the bundle)
    [stored] = sorted((bundle / "results").glob("*.json"))
    from assistant.result import AnalysisResult

    reloaded = AnalysisResult.load(stored)
    assert reloaded.events_file is not None and Path(reloaded.events_file.path).parent == stored.parent
    assert reloaded.selected_ids() == agent.latest_result(session).selected_ids()

"""Slash commands (no model needed) and the terminal chat / sessions / export commands."""

from __future__ import annotations

import io
import json

import pytest

from assistant.agent import Agent
from assistant.agent.commands import CommandError, parse_add, parse_set
from assistant.cli import main
from assistant.commands.chat import converse
from assistant.store import Store
from tests.agent_helpers import KeywordIndex, canonical_selection, page_evidence


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        yield s


@pytest.fixture
def agent(store):
    return Agent(store, index=KeywordIndex(), llm=None)


@pytest.fixture
def session(agent):
    sid = agent.new_session("hzz")
    agent.store.save_selection(sid, canonical_selection())
    return sid


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("z1.mass between 50 106", {"op": "between", "low": 50.0, "high": 106.0}),
        ("electron.et > 7", {"op": ">", "value": 7.0}),
        ("electron.et 9", {"value": 9.0}),
        ("electron.id is loose medium", {"op": "is", "labels": ["loose", "medium"]}),
        ("muon.d0 remove", {"action": "remove"}),
        (
            "z2.mass low depends m4l 140:12 190:50",
            {"depends_on": {"variable": "m4l", "applies_to": "low", "knots": [[140.0, 12.0], [190.0, 50.0]]}},
        ),
    ],
)
def test_parse_set(words, expected):
    parsed = parse_set(words.split())
    assert parsed["cut_id"] == words.split()[0]
    for key, value in expected.items():
        assert parsed[key] == value


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("z1.mass", "usage"),
        ("z1.mass between 50", "LOW HIGH"),
        ("z1.mass > abc", "must be a number"),
        ("z1.mass ~ 5", "unknown operator"),
        ("z2.mass low depends m4l 140-12 190:50", "X:Y"),
        ("z2.mass low depends m4l 140:12", "at least two knots"),
        ("electron.et > 25 or __import__('os')", "usage"),
    ],
)
def test_parse_set_rejects_bad_input(words, message):
    with pytest.raises(CommandError, match=message):
        parse_set(words.split())


def test_parse_add():
    args = parse_add(["sfos_pair", "mass", ">", "5"])
    assert args["action"] == "add"
    assert args["cut"] == {"op": ">", "value": 5.0, "object": "sfos_pair", "variable": "mass", "unit": "GeV"}


def test_set_show_undo_round_trip(agent, session):
    reply = agent.respond(session, "/set z1.mass between 60 100")
    assert reply.selection_version == 2
    assert reply.diff == [
        "~ z1.mass: z1 mass between 50 and 106 GeV [documented] -> z1 mass between 60 and 100 GeV [documented]"
    ]
    reply = agent.respond(session, "/set z2.mass low depends m4l 140:12 190:50")
    assert reply.selection_version == 3
    assert agent.selection(session).get("z2.mass").depends_on.threshold(190) == 50
    shown = agent.respond(session, "/show").text
    assert (
        shown.startswith("Selection v3")
        and "z2.mass: z2 mass between f(m4l) and 115 GeV [m4l: 140→12, 190→50]" in shown
    )
    undone = agent.respond(session, "/undo")
    assert undone.selection_version == 4 and agent.selection(session).get("z2.mass").depends_on is None
    assert agent.selection(session).get("z1.mass").low == 60
    assert [v.version for v in agent.store.selection_versions(session)] == [1, 2, 3, 4]


def test_add_remove_and_explain(agent, session):
    agent.respond(session, "/remove sfos_pair.mass")
    assert "sfos_pair.mass" not in [c.id for c in agent.selection(session).cuts]
    added = agent.respond(session, "/add sfos_pair mass > 5")
    cut = agent.selection(session).get("sfos_pair.mass")
    assert (cut.op, cut.value, cut.status, added.diff) == (
        ">",
        5.0,
        "assumed",
        ["+ sfos_pair.mass: sfos_pair mass > 5 GeV"],
    )
    explained = agent.respond(session, "/explain z1.mass")
    assert page_evidence(4).id in explained.text and "50 < m12 < 106 GeV" in explained.text


def test_bad_commands_answer_with_advice(agent, session):
    assert "unknown command /frobnicate" in agent.respond(session, "/frobnicate").text
    bad = agent.respond(session, "/set z1.mass between 120 100")
    assert bad.text.startswith("CutEditError") and "below high" in bad.text
    assert agent.selection(session).version == 1
    assert "injection" not in agent.respond(session, "/set electron.et > '25 or __import__(\"os\")'").text
    assert agent.selection(session).version == 1
    assert agent.respond(session, "/run").text.startswith("NoDataError")
    empty = agent.new_session()
    assert agent.respond(empty, "/show").text.startswith("NoSelectionError")
    assert "nothing to undo" in agent.respond(session, "/undo").text


def test_help_sessions_and_search(agent, session):
    assert "/set CUT-ID OP VALUE" in agent.respond(session, "/help").text
    assert session in agent.respond(session, "/sessions").text
    found = agent.respond(session, "/search lepton thresholds quadruplet")
    assert page_evidence(3).id in found.text


def test_scripted_chat_reads_lines_until_quit(agent, session):
    stdin = io.StringIO("/show\n\n/set electron.et > 10\n/quit\n/set electron.et > 99\n")
    stdout = io.StringIO()
    assert converse(agent, session, stdin, stdout, interactive=False) == 0
    out = stdout.getvalue()
    assert out.count("you> ") == 3 and "Selection v2 (was v1)" in out and "resume with" in out
    assert agent.selection(session).get("electron.et").value == 10  # the line after /quit never ran


def test_chat_command_end_to_end_and_resume(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "chat.sqlite")
    monkeypatch.setattr("sys.stdin", io.StringIO("/help\nlepton thresholds\n"))
    assert main(["chat", "--llm", "none", "--store", db]) == 0
    out = capsys.readouterr().out
    session_id = out.split("# session ", 1)[1].split()[0]
    assert "no language model" in out
    with Store(db) as store:
        store.save_selection(session_id, canonical_selection())
    monkeypatch.setattr("sys.stdin", io.StringIO("/set z1.mass between 40 110\n"))
    assert main(["chat", "--llm", "none", "--store", db, "--session", session_id]) == 0
    with Store(db) as store:
        assert store.selection(session_id).get("z1.mass").low == 40
        assert len(store.messages(session_id)) == 6

    assert main(["sessions", "--store", db]) == 0
    assert session_id in capsys.readouterr().out
    assert main(["export", session_id, "-o", str(tmp_path / "bundle"), "--store", db]) == 0
    manifest = json.loads((tmp_path / "bundle" / "manifest.json").read_text())
    assert manifest["session"]["id"] == session_id and manifest["selection_version"] == 2

    assert main(["chat", "--llm", "none", "--store", db, "--session", "nope"]) == 2
    assert "no session 'nope'" in capsys.readouterr().err


def test_chat_rejects_unknown_tools(tmp_path, capsys):
    db = str(tmp_path / "chat.sqlite")
    assert main(["chat", "--llm", "none", "--store", db, "--tools", "search_corpus,launch_rockets"]) == 2
    assert "launch_rockets" in capsys.readouterr().err


def test_inspect_real_file(agent, session, atlas_2025e):
    import uproot

    with uproot.open(atlas_2025e) as handle:
        tree = handle["analysis"]
        entries, branches = tree.num_entries, set(tree.keys())
    text = agent.respond(session, f"/inspect {atlas_2025e}").text
    assert f"schema: atlas-2025e; tree: analysis; entries: {entries}" in text
    listed = {line.split(":")[0].strip() for line in text.splitlines() if line.startswith("  ")}
    assert {"lep_pt", "lep_type", "eventNumber"} <= listed <= branches
    assert agent.respond(session, "/inspect /no/such.root").text.startswith("NoDataError")


def _unbounded_strings(node, path=""):
    """Paths of string schemas without maxLength (enums are bounded by their values)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "maxLength" not in node and "enum" not in node:
            yield path
        for key, value in node.items():
            yield from _unbounded_strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _unbounded_strings(value, f"{path}/{k}")


def test_tool_arguments_a_model_fills_in_are_bounded():
    """llama.cpp's function calling builds a grammar from these schemas and generates arguments
    without the request's max_tokens: an unbounded string let a small model loop until its context
    was full (minutes). Only the code of run_code is long by nature."""
    from assistant.agent.tools import TOOL_PARAMETERS, validate_arguments

    found = [f"{name}{path}" for name, spec in TOOL_PARAMETERS.items() for path in _unbounded_strings(spec)]
    assert found == ["run_code/properties/code"]
    validate_arguments("search_corpus", {"query": "electron pT threshold"})
    with pytest.raises(ValueError, match="query"):
        validate_arguments("search_corpus", {"query": "LEM-2018.3" * 40})
    new_cut = {"object": "jet", "variable": "pt", "op": ">", "value": 30, "unit": "GeV", "rank": 1}
    validate_arguments("update_cut", {"cut_id": "jet.pt.r1", "action": "add", "cut": new_cut})
    with pytest.raises(ValueError, match="cut"):  # a field of its own is refused, not generated freely
        validate_arguments("update_cut", {"cut_id": "x", "action": "add", "cut": {**new_cut, "why": "..."}})

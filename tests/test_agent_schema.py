"""The session's data schema in the chat: `/schema` (show, set a built-in name or a user's schema file,
auto, draft), the tools compiling and running for it, its place in the store (resume, old databases)
and in the export bundle, and the advice for a file no schema matches.

Files in other layouts are written from a synthetic 2025e sample by tests/layouts.py (branches
renamed into another tree; NanoAOD-style collections); their runs are checked against the built-in
schema's run of the original file (counts from `run_analysis`, independent of the chat)."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from layouts import nanoaod_copy, read_columns, renamed_copy, renamed_schema, write_columns

from assistant.agent import Agent
from assistant.cli import main
from assistant.llm import ChatModel
from assistant.runner import run_analysis
from assistant.selection import Selection
from assistant.store import MIGRATIONS, Store
from corpus import synth
from corpus.papers.gold import load_gold

ADVICE = "draft one with /schema draft, review it, then /schema FILE.json"


def rename(branch: str) -> str:
    return "rn_" + branch.upper()


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """The synthetic original, its renamed copy with the matching schema file, its NanoAOD copy,
    and the built-in schema's cutflow of the original."""
    folder = tmp_path_factory.mktemp("chatschema")
    original = synth.write(folder / "synth.root", "atlas-2025e", 3000, seed=7)
    renamed = renamed_copy(original, "analysis", folder / "renamed.root", "events_v2", rename)
    description = renamed_schema("atlas-2025e", "my-renamed", "events_v2", rename, folder / "my.json")
    nano = nanoaod_copy(original, "analysis", folder / "nano.root")
    expected = run_analysis(load_gold("hzz4l"), [original], schema="atlas-2025e", progress=False)
    return {
        "original": original,
        "renamed": renamed,
        "schema": description,
        "nano": nano,
        "expected": expected,
    }


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        yield s


@pytest.fixture
def agent(store):
    return Agent(store, llm=None)


def new_session(agent: Agent, data) -> str:
    session = agent.new_session("hzz", data=[str(data)])
    agent.store.save_selection(session, load_gold("hzz4l"))
    return session


def rows(result) -> list[dict]:
    return [r.model_dump() for r in result.cutflow]


def event_counts(result) -> dict[str, int]:
    return {r.step: r.events for r in result.cutflow}


def test_unknown_file_gets_advice_not_a_default(agent, layouts):
    session = new_session(agent, layouts["renamed"])
    for command in ("/run", "/code", "/compare"):
        reply = agent.respond(session, command)
        assert reply.text == (
            "NoSchemaError: no known schema matches renamed.root: " + ADVICE
            + " (or: hep-repro schema draft renamed.root -o my-schema.json)"
        ), command  # fmt: skip
    runs = agent.store.runs(session)
    assert [r.status for r in runs] == ["error", "error"] and agent.store.code(
        session
    ) == []  # /run, /compare
    assert runs[0].error.startswith("NoSchemaError: no known schema matches renamed.root")
    inspected = agent.respond(session, f"/inspect {layouts['renamed']}").text
    assert "schema: unknown; tree: events_v2" in inspected and ADVICE in inspected
    assert "  rn_LEP_PT: " in inspected
    shown = agent.respond(session, "/schema").text
    assert (
        shown.startswith("session schema: auto") and "renamed.root: NoSchemaError: no known schema" in shown
    )


def test_schema_file_then_run_gives_the_builtin_cutflow(agent, layouts):
    session = new_session(agent, layouts["renamed"])
    reply = agent.respond(session, f"/schema {layouts['schema']}")
    assert reply.text == f"session schema: my-renamed (tree 'events_v2'; file {layouts['schema']})"
    shown = agent.respond(session, "/schema").text
    assert shown.splitlines()[0] == reply.text
    assert "renamed.root: my-renamed (tree 'events_v2'; the session schema)" in shown
    ran = agent.respond(session, "/run")
    assert "(my-renamed)" in ran.text.splitlines()[0]
    result = agent.latest_result(session)
    assert rows(result) == rows(layouts["expected"]) and layouts["expected"].n_selected > 0
    assert result.files[0].schema_name == "my-renamed"
    code = agent.respond(session, "/code").text
    assert "'events_v2'" in code or '"events_v2"' in code
    assert "(the session schema)" in agent.respond(session, f"/inspect {layouts['renamed']}").text
    # an edit re-runs with the same schema
    edited = agent.respond(session, "/set z1.mass between 60 100")
    assert "(my-renamed)" in edited.text and agent.store.latest_run(session).selection_version == 2


def test_schema_draft_nanoaod_then_run_gives_the_builtin_counts(agent, layouts, tmp_path):
    session = new_session(agent, layouts["nano"])
    assert agent.respond(session, "/run").text.startswith("NoSchemaError: no known schema matches nano.root")
    reply = agent.respond(session, "/schema draft")
    drafted = tmp_path / "schemas" / session / "draft-nano.json"
    assert drafted.is_file()
    lines = reply.text.splitlines()
    assert lines[0].startswith(f"Drafted {drafted} from nano.root: tree 'Events', GeV, pt_eta_phi_m")
    assert lines[1] == f"session schema: draft-nano (tree 'Events'; drafted from nano.root into {drafted})"
    assert any(line.startswith("review: Muon_: no energy branch, energy computed") for line in lines)
    assert agent.store.state(session)["schema"]["ref"] == str(drafted)
    agent.respond(session, "/run")
    result = agent.latest_result(session)
    # the draft has no luminosity yet (lumi_fb 0: to review), so only the counts are compared
    assert event_counts(result) == event_counts(layouts["expected"])
    # a second draft never overwrites the first (which the user may have edited)
    again = agent.respond(session, f"/schema draft {layouts['nano']}")
    assert (tmp_path / "schemas" / session / "draft-nano-2.json").is_file()
    assert "draft-nano-2.json" in again.text
    # back to auto: detection still finds the drafts, and the bundle carries both
    agent.respond(session, "/schema auto")
    shown = agent.respond(session, "/schema").text.splitlines()
    assert "nano.root: draft-nano-2 (tree 'Events'; detected among the session's schema files)" in shown
    bundle = agent.store.export(session, tmp_path / "bundle")
    assert sorted(p.name for p in (bundle / "schemas").iterdir()) == ["draft-nano-2.json", "draft-nano.json"]
    assert json.loads((bundle / "manifest.json").read_text())["schema"] == {"setting": "auto"}
    assert "--schema schemas/FILE.json" in (bundle / "README.md").read_text()


def test_bad_schema_file_or_name_leaves_the_session_unchanged(agent, layouts, tmp_path):
    session = new_session(agent, layouts["renamed"])
    agent.respond(session, f"/schema {layouts['schema']}")
    before = agent.store.state(session)
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x",\n "tree": }')
    inconsistent = tmp_path / "inconsistent.json"
    data = json.loads(layouts["schema"].read_text())
    data["fields"][rename("lep_")]["pt"]["branch"] = "rn_NO_SUCH"
    inconsistent.write_text(json.dumps(data))
    for ref, expected in (
        (broken, "SchemaFileError: " + str(broken) + ": not valid JSON (line 2, column 10"),
        (
            tmp_path / "missing.json",
            "SchemaFileError: " + str(tmp_path / "missing.json") + ": no such schema file",
        ),
        (inconsistent, "SchemaFileError: " + str(inconsistent) + ": inconsistent schema:"),
        ("atlas-2099", "SchemaError: unknown schema 'atlas-2099'; known schemas: atlas-2020, atlas-2025e"),
    ):
        reply = agent.respond(session, f"/schema {ref}")
        assert reply.text.startswith(expected), reply.text
        assert agent.store.state(session) == before
    assert "usage: /schema" in agent.respond(session, "/schema a b").text
    # a built-in name that does not describe the file is set, with a warning; /run then says why
    warned = agent.respond(session, "/schema atlas-2025e").text
    assert (
        "warning: it does not describe the session's data file renamed.root: it has no tree 'analysis'"
        in warned
    )
    mismatch = agent.respond(session, "/run").text
    assert mismatch.startswith(
        "SchemaMismatchError: the session schema atlas-2025e does not describe renamed.root"
    )
    assert "it looks like my-renamed" in mismatch  # the session's schema file is still tried by detection
    # auto: detection tries the session's schema files before the built-in ones
    assert agent.respond(session, "/schema auto").text.startswith("session schema: auto")
    agent.respond(session, "/run")
    assert rows(agent.latest_result(session)) == rows(layouts["expected"])


def test_resumed_session_keeps_its_schema(tmp_path, layouts):
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        agent = Agent(store)
        session = new_session(agent, layouts["renamed"])
        agent.respond(session, f"/schema {layouts['schema']}")
        shown = agent.respond(session, "/schema").text
    with Store(db) as store:  # a new process: nothing but the database
        agent = Agent(store)
        assert agent.respond(session, "/schema").text == shown
        agent.respond(session, "/run")
        assert rows(agent.latest_result(session)) == rows(layouts["expected"])


def test_chat_schema_option(tmp_path, layouts, monkeypatch, capsys):
    db = str(tmp_path / "chat.sqlite")
    monkeypatch.setattr("sys.stdin", io.StringIO("/schema\n"))
    assert main(["chat", "--llm", "none", "--store", db, "--data", str(layouts["renamed"]),
                 "--schema", str(layouts["schema"])]) == 0  # fmt: skip
    out = capsys.readouterr().out
    session = out.split("# session ", 1)[1].split()[0]
    assert f"assistant> session schema: my-renamed (tree 'events_v2'; file {layouts['schema']})" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("/schema\n"))
    assert main(["chat", "--llm", "none", "--store", db, "--session", session]) == 0  # resumed
    assert "assistant> session schema: my-renamed" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert main(["chat", "--llm", "none", "--store", db, "--session", session, "--schema", str(bad)]) == 2
    assert "SchemaFileError: " in capsys.readouterr().err
    assert main(["chat", "--llm", "none", "--store", db, "--schema", str(bad)]) == 2  # a new session
    with Store(db) as store:
        assert store.state(session)["schema"]["name"] == "my-renamed"
        assert [s.id for s in store.sessions()] == [session]  # the refused start created none


def test_old_database_opens_and_its_sessions_are_auto(tmp_path, layouts):
    """A database written before session schemas (migrations up to 0004, state without a schema)."""
    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    for name, sql in MIGRATIONS:
        raw.executescript(sql)
        raw.execute("INSERT INTO schema_migrations VALUES (?, 0)", (name,))
    state = json.dumps({"data_files": [str(layouts["original"])]})
    raw.execute("INSERT INTO sessions VALUES ('old', 't', 0, 0, ?)", (state,))
    raw.commit()
    raw.close()
    with Store(path) as store:
        agent = Agent(store)
        shown = agent.respond("old", "/schema").text
        assert (
            shown.startswith("session schema: auto")
            and "synth.root: atlas-2025e (tree 'analysis'; detected)" in shown
        )
        store.save_selection("old", load_gold("hzz4l"))
        agent.respond("old", "/run")
        assert rows(agent.latest_result("old")) == rows(layouts["expected"])


def test_export_bundle_carries_the_schema_file(agent, layouts, tmp_path):
    import hashlib

    session = new_session(agent, layouts["renamed"])
    agent.respond(session, f"/schema {layouts['schema']}")
    agent.respond(session, "/run")
    bundle = agent.store.export(session, tmp_path / "bundle")
    copied = bundle / "schemas" / "my.json"
    assert copied.read_bytes() == layouts["schema"].read_bytes()
    sums = dict(line.split("  ")[::-1] for line in (bundle / "SHA256SUMS").read_text().splitlines())
    assert sums["schemas/my.json"] == hashlib.sha256(copied.read_bytes()).hexdigest()
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["schema"] == {
        "name": "my-renamed", "tree": "events_v2", "origin": "file",
        "setting": str(layouts["schema"]), "file": "schemas/my.json",
    }  # fmt: skip
    assert "--schema schemas/my.json" in (bundle / "README.md").read_text()
    # reproducible from the bundle alone: its selection with its schema file on the data file
    selection = Selection.from_json((bundle / "selection.json").read_text())
    again = run_analysis(selection, [layouts["renamed"]], schema=str(copied), progress=False)
    assert rows(again) == rows(agent.latest_result(session))
    assert "events_v2" in (bundle / "analysis.py").read_text()


def test_help_lists_schema(agent, layouts):
    session = new_session(agent, layouts["renamed"])
    text = agent.respond(session, "/help").text
    assert "/schema NAME|FILE.json|auto" in text and "/schema draft [DATA_FILE]" in text


def test_model_relays_the_advice_then_runs_with_the_session_schema(server, tmp_path, layouts):
    """Over the scripted OpenAI-compatible server: the run tool's error for an unknown layout goes
    back to the model; after /schema, the model's run uses the session's schema."""
    store = Store(tmp_path / "s.sqlite")
    try:
        agent = Agent(store, llm=ChatModel(server.url, "scripted", timeout=60, max_retries=0))
        session = new_session(agent, layouts["renamed"])
        server.enqueue_tool_call("run", {})
        server.enqueue_text("No schema matches renamed.root: draft one with /schema draft.")
        reply = agent.respond(session, "run it on my file")
        results = [m["content"] for r in server.requests for m in r["messages"] if m["role"] == "tool"]
        assert results[-1].startswith("NoSchemaError: no known schema matches renamed.root: " + ADVICE)
        assert reply.text.startswith("No schema matches") and agent.latest_result(session) is None

        agent.respond(session, f"/schema {layouts['schema']}")
        server.enqueue_tool_call("run", {})
        server.enqueue_text("Done.")
        agent.respond(session, "run it again")
        context = server.requests[-2]["messages"]
        assert any(
            "data schema: my-renamed (tree events_v2" in m["content"]
            for m in context
            if m["role"] == "system"
        )
        results = [m["content"] for r in server.requests for m in r["messages"] if m["role"] == "tool"]
        assert results[-1].startswith("Ran selection v1 on renamed.root (my-renamed):")
        assert rows(agent.latest_result(session)) == rows(layouts["expected"])
    finally:
        store.close()


def test_empty_file_with_a_session_schema_runs_zero_events(agent, layouts, tmp_path):
    empty = tmp_path / "empty.root"
    empty.write_bytes(b"")
    session = new_session(agent, empty)
    assert agent.respond(session, "/run").text.startswith("NotRootFileError: ")  # auto: nothing to detect
    agent.respond(session, f"/schema {layouts['schema']}")
    assert "not checked against the data file" not in agent.respond(session, "/schema").text
    agent.respond(session, "/run")
    assert agent.latest_result(session).cutflow[0].events == 0


def test_the_code_stored_with_a_run_is_the_code_that_ran(agent, layouts, tmp_path):
    """A copy of the synthetic file without its jet branches: the run drops the jet cuts (not
    applicable, naming the file), and so does the code stored with the run and shown by /code;
    running that stored code gives the run's cutflow."""
    columns = read_columns(layouts["original"], "analysis")
    no_jets = write_columns(
        tmp_path / "nojets.root", "analysis", {k: v for k, v in columns.items() if not k.startswith("jet_")}
    )
    session = new_session(agent, no_jets)
    agent.respond(session, "/run")
    run = agent.store.latest_run(session)
    stored = next(c for c in agent.store.code(session) if c.id == run.code_id)
    result = agent.latest_result(session)
    assert "jet.pt" in {c.id for c in load_gold("hzz4l").cuts}
    assert "jet.pt" not in [row.step for row in result.cutflow]
    assert "'jet.pt'" not in stored.code.split("STEPS = [", 1)[1].split("]\n", 1)[0]
    shown = agent.respond(session, "/code").text  # (clipped for the screen)
    assert agent.store.latest_code(session, "compiled").id == stored.id  # shown, not compiled again
    assert stored.code.startswith(shown.split("\n", 1)[1][:4000])
    again = run_analysis(stored.code, [no_jets], progress=False)
    assert rows(again) == rows(result)

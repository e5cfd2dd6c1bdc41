"""SQLite store: migrations on a blank database, append-only selection versions, undo, resume,
and the export bundle (checksums verified independently)."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from assistant.result import AnalysisResult, CutflowRow
from assistant.selection import Cut, Selection
from assistant.store import MIGRATIONS, SessionNotFoundError, Store, StoreError


def small_selection() -> Selection:
    return Selection(
        title="test",
        cuts=[
            Cut(object="electron", variable="et", op=">", value=7, unit="GeV"),
            Cut(object="z1", variable="mass", op="between", low=50, high=106, unit="GeV"),
        ],
    )


def test_blank_database_is_migrated_in_order(tmp_path):
    path = tmp_path / "s.sqlite"
    store = Store(path)
    assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    names = [name for name, _ in MIGRATIONS]
    assert names == sorted(names) and len(set(names)) == len(names)
    store.close()
    raw = sqlite3.connect(path)
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"schema_migrations", "sessions", "messages", "selections", "code", "runs"} <= tables
    columns = {r[1] for r in raw.execute("PRAGMA table_info(sessions)")}
    assert "state" in columns
    raw.close()
    assert Store(path).migrate() == []  # reopening applies nothing


def test_partially_migrated_database_gets_the_rest(tmp_path):
    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    name, sql = MIGRATIONS[0]
    raw.executescript(sql)
    raw.execute("INSERT INTO schema_migrations VALUES (?, 0)", (name,))
    raw.execute("INSERT INTO sessions VALUES ('old', 't', 0, 0)")
    raw.commit()
    raw.close()
    store = Store(path)
    assert store.session("old").state == {}  # the added column has its default
    assert store.applied_migrations() == [n for n, _ in MIGRATIONS]


def test_selection_versions_are_append_only_and_undo_appends(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    sid = store.new_session("hzz")
    v1 = store.save_selection(sid, small_selection(), "extracted")
    v2 = store.save_selection(sid, v1.patched("electron.et", {"value": 10}), "raise et")
    v3 = store.save_selection(sid, v2.patched("z1.mass", {"low": 40}), "lower m12")
    assert [v.version for v in store.selection_versions(sid)] == [1, 2, 3]
    assert store.selection(sid, 1).get("electron.et").value == 7  # never overwritten
    undone = store.undo(sid)
    assert undone.version == 4 and undone.parent == 1
    assert undone.get("z1.mass").low == 50 and undone.get("electron.et").value == 10
    assert undone.cuts == store.selection(sid, 2).cuts
    again = store.undo(sid)  # walks further back along the parents
    assert again.version == 5 and again.get("electron.et").value == 7
    with pytest.raises(StoreError, match="nothing to undo"):
        store.undo(sid)
    assert v3.version == 3


def test_session_resumes_after_restart(tmp_path):
    path = tmp_path / "s.sqlite"
    store = Store(path)
    sid = store.new_session("t", state={"paper": "/x.pdf"})
    store.add_message(sid, "user", "hello")
    store.add_message(sid, "assistant", "hi", {"citations": ["ev-1"]})
    store.save_selection(sid, small_selection())
    store.update_state(sid, data_files=["/d.root"])
    store.close()

    again = Store(path)
    assert [(m.role, m.content) for m in again.messages(sid)] == [("user", "hello"), ("assistant", "hi")]
    assert again.messages(sid)[1].data == {"citations": ["ev-1"]}
    assert again.state(sid) == {"paper": "/x.pdf", "data_files": ["/d.root"]}
    assert again.selection(sid).version == 1
    info = again.sessions()[0]
    assert (info.id, info.messages, info.selection_version) == (sid, 2, 1)


def test_unknown_session_lists_known_ones(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    sid = store.new_session()
    with pytest.raises(SessionNotFoundError, match=sid):
        store.session("nope")
    with pytest.raises(SessionNotFoundError):
        store.add_message("nope", "user", "x")


def _result(counts: list[int]) -> AnalysisResult:
    steps = ["initial", "electron.et", "z1.mass"]
    return AnalysisResult(
        producer="compiled: test v1",
        steps=steps[1:],
        cutflow=[CutflowRow(step=s, events=n) for s, n in zip(steps, counts, strict=True)],
        selected={"runNumber": [1], "eventNumber": [7]},
    )


def test_runs_and_code_round_trip(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    sid = store.new_session()
    code_id = store.save_code(sid, "print(1)", selection_version=1)
    store.save_run(
        sid, kind="compiled", files=["a.root"], status="ok", result=_result([10, 5, 2]), code_id=code_id
    )
    store.save_run(sid, kind="compiled", files=["a.root"], status="error", error="boom")
    assert store.latest_run(sid).result.cutflow[-1].events == 2  # errors skipped
    assert store.latest_run(sid, ok_only=False).error == "boom"
    assert store.latest_code(sid).code == "print(1)"


def test_export_bundle_is_complete_and_checksummed(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    sid = store.new_session("hzz")
    data = tmp_path / "data.root"
    data.write_bytes(b"not really root")
    sel = store.save_selection(sid, small_selection())
    store.save_selection(sid, sel.patched("electron.et", {"value": 9}))
    store.save_code(sid, "def process(events):\n    return {}\n", selection_version=2)
    store.save_run(
        sid, kind="compiled", files=[str(data)], status="ok", result=_result([10, 4, 1]), selection_version=2
    )
    store.add_message(sid, "user", "run it")
    out = store.export(sid, tmp_path / "bundle")

    assert Selection.from_json((out / "selection.json").read_text()).get("electron.et").value == 9
    assert sorted(p.name for p in (out / "selection_versions").iterdir()) == ["v001.json", "v002.json"]
    assert (out / "analysis.py").read_text().startswith("def process")
    notebook = json.loads((out / "analysis.ipynb").read_text())
    assert notebook["cells"][1]["cell_type"] == "code" and "def process" in "".join(
        notebook["cells"][1]["source"]
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["data_files"][str(data)] == hashlib.sha256(b"not really root").hexdigest()
    assert manifest["environment"]["packages"]["pydantic"]
    assert len(list((out / "results").iterdir())) == 1
    assert json.loads((out / "conversation.jsonl").read_text().splitlines()[0])["content"] == "run it"
    listed = {}
    for line in (out / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert {"selection.json", "analysis.py", "analysis.ipynb", "manifest.json"} <= set(listed)


def test_concurrent_edits_both_land(tmp_path):
    import threading

    store = Store(tmp_path / "s.sqlite")
    sid = store.new_session()
    store.save_selection(sid, small_selection())

    def bump(cut_id: str, field: str) -> None:
        for _ in range(10):
            store.edit_selection(sid, lambda s: s.patched(cut_id, {field: getattr(s.get(cut_id), field) + 1}))

    threads = [threading.Thread(target=bump, args=a) for a in (("electron.et", "value"), ("z1.mass", "high"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = store.selection(sid)
    assert final.version == 21
    assert (final.get("electron.et").value, final.get("z1.mass").high) == (17, 116)  # no edit lost
    parents = [v.parent for v in store.selection_versions(sid)]
    assert parents == [None, *range(1, 21)]
    with pytest.raises(StoreError, match="no selection"):
        store.edit_selection(store.new_session(), lambda s: s)


def test_export_copies_the_session_schema_files_and_survives_a_missing_one(tmp_path):
    """The session's data schema (state "schema", "schema_files") travels in the bundle's schemas/;
    a schema file deleted since is listed as missing, never fatal; a built-in name copies nothing."""
    store = Store(tmp_path / "s.sqlite")
    mine = tmp_path / "a" / "my.json"
    mine.parent.mkdir()
    mine.write_text('{"name": "mine"}')
    other = tmp_path / "b" / "my.json"  # same file name from another folder
    sid = store.new_session(
        "x",
        state={
            "schema": {"ref": str(mine), "name": "mine", "tree": "t", "origin": "file"},
            "schema_files": [str(other), str(mine)],
        },
    )
    bundle = store.export(sid, tmp_path / "bundle")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["schema_files"] == {
        "schemas/my.json": {"source": str(other), "sha256": "missing"},
        "schemas/my-2.json": {"source": str(mine), "sha256": hashlib.sha256(mine.read_bytes()).hexdigest()},
    }
    assert manifest["schema"]["file"] == "schemas/my-2.json"
    assert (bundle / "schemas" / "my-2.json").read_text() == mine.read_text()
    assert "schemas/my-2.json" in (bundle / "SHA256SUMS").read_text()
    assert store.session_dir(sid, "schemas") == tmp_path / "schemas" / sid
    with pytest.raises(StoreError, match="cannot name a folder"):
        store.session_dir("../x", "schemas")

    builtin = store.new_session(
        "y",
        state={"schema": {"ref": "atlas-2020", "name": "atlas-2020", "tree": "mini", "origin": "built-in"}},
    )
    bundle = store.export(builtin, tmp_path / "bundle2")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["schema"] == {
        "name": "atlas-2020",
        "tree": "mini",
        "origin": "built-in",
        "setting": "atlas-2020",
    }
    assert manifest["schema_files"] == {} and not (bundle / "schemas").exists()
    assert "--schema atlas-2020" in (bundle / "README.md").read_text()
    store.close()
